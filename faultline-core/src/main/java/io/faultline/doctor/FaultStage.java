package io.faultline.doctor;

import java.util.Locale;

/**
 * The stages of the Doctor loop a fault passes, T0 to T7. The first four happen once per fault;
 * from T5 on there is one per alarm or consumer, and the stage is reached when the last of them is,
 * so that T7 means every consumer has acknowledged.
 */
public enum FaultStage {
  DETECTED("T0"),
  RECEIVED("T1"),
  FENCED("T2"),
  STATES_COMMITTED("T3"),
  NOTIFICATIONS_PUBLISHED("T4"),
  ALARMS_EVALUATED("T5"),
  WEBHOOKS_SENT("T6"),
  WEBHOOKS_ACKNOWLEDGED("T7");

  private final String label;

  FaultStage(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** Whether a later stamp of this stage replaces an earlier one (one per consumer). */
  public boolean keepsLatest() {
    return switch (this) {
      case DETECTED, RECEIVED, FENCED -> false;
      case STATES_COMMITTED,
          NOTIFICATIONS_PUBLISHED,
          ALARMS_EVALUATED,
          WEBHOOKS_SENT,
          WEBHOOKS_ACKNOWLEDGED ->
          true;
    };
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
