package io.faultline.alarm.notify;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/** Identifies one delivery (one action call for one firing); stable across its retries. */
public record DeliveryId(String value) {
  public DeliveryId {
    requireNonNull(value, "value is null");
  }

  public static DeliveryId random() {
    return new DeliveryId(UUID.randomUUID().toString());
  }

  /**
   * The id of the delivery of {@code action} for the alarm's firing on one event: the same event
   * evaluated again (redelivered to another node after a crash, say) makes the same delivery, which
   * its consumer recognises and the store keeps once.
   */
  public static DeliveryId forFiring(String alarmId, String eventMessageId, String action) {
    String key = alarmId + "\n" + eventMessageId + "\n" + action;
    return new DeliveryId(
        UUID.nameUUIDFromBytes(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
  }

  @Override
  public String toString() {
    return value;
  }
}
