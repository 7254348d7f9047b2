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

  @Override
  public String toString() {
    return value;
  }
}
