package io.faultline.alarm.notify;

/** Where a delivery is: still to be (re)tried, done, or given up. */
public enum DeliveryStatus {
  PENDING,
  SENT,
  FAILED;

  public boolean isFinal() {
    return this != PENDING;
  }
}
