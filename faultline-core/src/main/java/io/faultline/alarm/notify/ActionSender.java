package io.faultline.alarm.notify;

import java.util.concurrent.CompletableFuture;

/** Calls one kind of action (by URL scheme) without blocking the caller. */
public interface ActionSender {
  CompletableFuture<DeliveryOutcome> send(Delivery delivery);
}
