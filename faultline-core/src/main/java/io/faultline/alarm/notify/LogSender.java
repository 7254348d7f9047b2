package io.faultline.alarm.notify;

import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code log://}: writes the notification to the log, as Aodh's log notifier does. */
public final class LogSender implements ActionSender {
  private static final Logger log = LoggerFactory.getLogger(LogSender.class);

  @Override
  public CompletableFuture<DeliveryOutcome> send(Delivery delivery) {
    log.info("alarm {} notification {}: {}", delivery.alarmId(), delivery.id(), delivery.body());
    return CompletableFuture.completedFuture(new DeliveryOutcome.Sent(0));
  }
}
