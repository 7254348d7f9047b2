package io.faultline.alarm.notify;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends deliveries through the sender for their URL scheme and runs the retry stage: a retryable
 * outcome is tried again after an exponential backoff until the policy's attempt limit; every
 * outcome goes to the journal, which persists it (a delivery still pending at a restart is resumed
 * from the store). Sending is asynchronous, so a slow receiver delays nobody else.
 */
public final class Notifier implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Notifier.class);

  private static final Pattern SCHEME = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*):");

  private final Map<String, ActionSender> senders;
  private final DeliveryJournal journal;
  private final RetryPolicy retry;
  private final ScheduledExecutorService scheduler;
  private final InstantSource clock;
  private final int maxInFlightPerDestination;
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * The deliveries to one destination (scheme and authority): at most {@code
   * maxInFlightPerDestination} in flight, the rest waiting in order. A slow or dead receiver fills
   * its own lane only.
   */
  private static final class Lane {
    final ArrayDeque<Delivery> waiting = new ArrayDeque<>();
    int inFlight;

    /** Whether a thread is starting this lane's deliveries; the lane's monitor guards it. */
    boolean draining;
  }

  public Notifier(
      Map<String, ActionSender> senders,
      DeliveryJournal journal,
      RetryPolicy retry,
      ScheduledExecutorService scheduler,
      InstantSource clock) {
    this(senders, journal, retry, scheduler, clock, 64);
  }

  public Notifier(
      Map<String, ActionSender> senders,
      DeliveryJournal journal,
      RetryPolicy retry,
      ScheduledExecutorService scheduler,
      InstantSource clock,
      int maxInFlightPerDestination) {
    if (maxInFlightPerDestination < 1) {
      throw new IllegalArgumentException("maxInFlightPerDestination must be positive");
    }
    this.maxInFlightPerDestination = maxInFlightPerDestination;
    this.senders = Map.copyOf(requireNonNull(senders, "senders is null"));
    this.journal = requireNonNull(journal, "journal is null");
    this.retry = requireNonNull(retry, "retry is null");
    this.scheduler = requireNonNull(scheduler, "scheduler is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** Whether actions with this URL scheme can be delivered. */
  public boolean supports(String scheme) {
    return senders.containsKey(scheme.toLowerCase(Locale.ROOT));
  }

  /** Sends freshly created (already persisted) deliveries now. */
  public void submit(Collection<Delivery> deliveries) {
    deliveries.forEach(this::attempt);
  }

  /** Schedules deliveries left pending by an earlier run, each at its next attempt time. */
  public void resume(Collection<Delivery> pending) {
    Instant now = clock.instant();
    for (Delivery delivery : pending) {
      long wait = Math.max(0, Duration.between(now, delivery.nextAttemptAt()).toMillis());
      schedule(delivery, wait);
    }
  }

  private void attempt(Delivery delivery) {
    if (closed) {
      return; // stays pending in the store; resumed at the next start
    }
    Lane lane = lanes.computeIfAbsent(destination(delivery.action()), ignored -> new Lane());
    synchronized (lane) {
      lane.waiting.add(delivery);
    }
    drain(lane);
  }

  /**
   * Starts waiting deliveries while the lane has room. One thread at a time drains a lane: a call
   * while it is drained (a delivery that completed synchronously calling back on the draining
   * thread, or another thread's completion) returns at once, since the drainer re-checks the lane
   * under its lock before it stops. Stopping and clearing the flag are one step under that lock, so
   * a change made before a returning call is always seen.
   */
  private void drain(Lane lane) {
    synchronized (lane) {
      if (lane.draining) {
        return;
      }
      lane.draining = true;
    }
    try {
      startWhileRoom(lane);
    } catch (RuntimeException | Error e) {
      synchronized (lane) {
        lane.draining = false; // a later call drains again
      }
      throw e;
    }
  }

  private void startWhileRoom(Lane lane) {
    while (true) {
      Delivery next;
      synchronized (lane) {
        if (closed || lane.inFlight >= maxInFlightPerDestination || lane.waiting.isEmpty()) {
          lane.draining = false;
          return;
        }
        next = lane.waiting.poll();
        lane.inFlight++;
      }
      var unused =
          send(next)
              .whenComplete(
                  (result, error) -> {
                    synchronized (lane) {
                      lane.inFlight--;
                    }
                    handle(
                        next,
                        result != null
                            ? result
                            : new DeliveryOutcome.Retryable(String.valueOf(error)));
                    drain(lane);
                  });
    }
  }

  private CompletableFuture<DeliveryOutcome> send(Delivery delivery) {
    ActionSender sender = senders.get(scheme(delivery.action()).orElse(""));
    if (sender == null) {
      return CompletableFuture.completedFuture(
          new DeliveryOutcome.Permanent("no notifier for action " + delivery.action()));
    }
    try {
      return sender.send(delivery);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(new DeliveryOutcome.Retryable(e.toString()));
    }
  }

  /** Scheme and authority: deliveries to one receiver share a lane. */
  static String destination(String action) {
    int start = action.indexOf("://");
    if (start < 0) {
      return action;
    }
    int end = action.indexOf('/', start + 3);
    return (end < 0 ? action : action.substring(0, end)).toLowerCase(Locale.ROOT);
  }

  private void handle(Delivery delivery, DeliveryOutcome outcome) {
    int attempts = delivery.attempts() + 1;
    Instant now = clock.instant();
    try {
      switch (outcome) {
        case DeliveryOutcome.Sent sent ->
            journal.record(delivery.after(attempts, DeliveryStatus.SENT, "", now), outcome);
        case DeliveryOutcome.Permanent permanent ->
            journal.record(
                delivery.after(attempts, DeliveryStatus.FAILED, permanent.reason(), now), outcome);
        case DeliveryOutcome.Retryable retryable ->
            retryOrGiveUp(delivery, retryable, attempts, now);
      }
    } catch (RuntimeException e) {
      log.error("could not record the outcome of delivery {}", delivery.id(), e);
    }
  }

  private void retryOrGiveUp(
      Delivery delivery, DeliveryOutcome.Retryable retryable, int attempts, Instant now) {
    if (attempts >= retry.maxAttempts()) {
      String reason = "gave up after " + attempts + " attempts: " + retryable.reason();
      journal.record(delivery.after(attempts, DeliveryStatus.FAILED, reason, now), retryable);
      return;
    }
    Duration wait = retry.backoff(attempts);
    Delivery next =
        delivery.after(attempts, DeliveryStatus.PENDING, retryable.reason(), now.plus(wait));
    journal.record(next, retryable);
    schedule(next, wait.toMillis());
  }

  private void schedule(Delivery delivery, long delayMillis) {
    if (closed) {
      return;
    }
    try {
      var unused = scheduler.schedule(() -> attempt(delivery), delayMillis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      log.debug("scheduler stopped; delivery {} stays pending", delivery.id());
    }
  }

  /** The URL scheme of an action, lower-cased ({@code log://} has no authority, still valid). */
  public static Optional<String> scheme(String action) {
    Matcher matcher = SCHEME.matcher(action);
    return matcher.lookingAt()
        ? Optional.of(matcher.group(1).toLowerCase(Locale.ROOT))
        : Optional.empty();
  }

  /** Stops starting attempts; whatever has not finished stays pending in the store. */
  @Override
  public void close() {
    closed = true;
  }
}
