package io.faultline.alarm;

/**
 * Told, once it is durable, that an alarm was created, changed or deleted, moved to another state,
 * or that one of its deliveries had an outcome; for a live view. Must be cheap and must not block.
 */
@FunctionalInterface
public interface AlarmActivityListener {
  void changed(String projectId, AlarmId alarm);

  /** Tells nobody. */
  AlarmActivityListener NONE = (projectId, alarm) -> {};
}
