package io.faultline.alarm.notify;

/** Persists what happened to a delivery: its new attempt count, status and next attempt time. */
public interface DeliveryJournal {
  void record(Delivery delivery, DeliveryOutcome outcome);
}
