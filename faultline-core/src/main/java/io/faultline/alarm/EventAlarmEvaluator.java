package io.faultline.alarm;

import static java.util.Objects.requireNonNull;

import io.faultline.alarm.notify.Delivery;
import io.faultline.alarm.notify.DeliveryId;
import io.faultline.bus.Notification;
import io.faultline.bus.Subscriber;
import io.faultline.cause.FaultId;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event-driven evaluator (blueprint 2): each notification becomes an event, finds its candidate
 * alarms in the index, and each alarm that fires is applied under its lock: the index takes the new
 * state at once, and the {@link TransitionWriter} commits state, history and the deliveries of its
 * actions together before the deliveries go to the notifier. The transitions of one outbox batch
 * (one fault's state changes, say) are committed together, and the batch is acknowledged only once
 * they are durable. Deciding ({@link EventEvaluator}) is re-done under the lock on the latest
 * alarm, so concurrent events for one alarm make one transition.
 */
public final class EventAlarmEvaluator implements Subscriber {
  private static final Logger log = LoggerFactory.getLogger(EventAlarmEvaluator.class);

  private final EventDefinitions definitions;
  private final AlarmIndex index;
  private final AlarmLocks locks;
  private final TransitionWriter writer;
  private final InstantSource clock;
  private final FiringListener listener;
  private final LongAdder evaluations = new LongAdder();

  public EventAlarmEvaluator(
      EventDefinitions definitions,
      AlarmIndex index,
      AlarmLocks locks,
      TransitionWriter writer,
      InstantSource clock) {
    this(definitions, index, locks, writer, clock, FiringListener.NONE);
  }

  /**
   * @param listener told of each alarm an event caused by a fault fires, with the time of its
   *     evaluation (T5)
   */
  public EventAlarmEvaluator(
      EventDefinitions definitions,
      AlarmIndex index,
      AlarmLocks locks,
      TransitionWriter writer,
      InstantSource clock,
      FiringListener listener) {
    this.listener = requireNonNull(listener, "listener is null");
    this.definitions = requireNonNull(definitions, "definitions is null");
    this.index = requireNonNull(index, "index is null");
    this.locks = requireNonNull(locks, "locks is null");
    this.writer = requireNonNull(writer, "writer is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  @Override
  public void onNotification(Notification notification) {
    var unused = onBatch(List.of(notification));
  }

  /**
   * Evaluates one outbox batch and commits every transition it causes together (with their history
   * and deliveries); the stage completes once they are durable, so the batch may leave the outbox.
   */
  @Override
  public CompletableFuture<Void> onBatch(List<Notification> batch) {
    List<TransitionWriter.Transition> transitions = new ArrayList<>();
    for (Notification notification : batch) {
      transitions.addAll(decide(definitions.toEvent(notification)));
    }
    return transitions.isEmpty()
        ? CompletableFuture.completedFuture(null)
        : writer.submit(transitions);
  }

  /**
   * Evaluates one event against every candidate alarm and commits what fires; returns how many
   * alarms fired.
   */
  public int evaluate(Event event) {
    List<TransitionWriter.Transition> transitions = decide(event);
    if (!transitions.isEmpty()) {
      var unused = writer.submit(transitions);
    }
    return transitions.size();
  }

  private List<TransitionWriter.Transition> decide(Event event) {
    evaluations.increment();
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    List<TransitionWriter.Transition> transitions = new ArrayList<>();
    for (Alarm candidate : index.candidates(event)) {
      if (EventEvaluator.evaluate(candidate, event, now) instanceof Evaluation.Fire) {
        try {
          apply(candidate.id(), event).ifPresent(transitions::add);
        } catch (RuntimeException e) {
          log.error("could not apply event {} to alarm {}", event.messageId(), candidate.id(), e);
        }
      }
    }
    return transitions;
  }

  /** How many events have been evaluated against the alarms since start: a counter. */
  public long evaluations() {
    return evaluations.sum();
  }

  private Optional<TransitionWriter.Transition> apply(AlarmId id, Event event) {
    return locks.withLock(
        id,
        () -> {
          Alarm current = index.get(id).orElse(null);
          if (current == null) {
            return Optional.empty(); // deleted or disabled meanwhile
          }
          Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
          if (!(EventEvaluator.evaluate(current, event, now) instanceof Evaluation.Fire fire)) {
            return Optional.empty(); // e.g. another event moved it to alarm first
          }
          String reason = fire.reason();
          Alarm updated =
              current.withState(
                  fire.current(), reason, fire.transition() ? now : current.stateTimestamp());
          List<Delivery> deliveries = deliveries(updated, fire, event, now);
          // The index changes now, under the lock: the next event already sees the new state.
          index.put(updated);
          event.faultId().ifPresent(fault -> traced(fault, id));
          return Optional.of(
              new TransitionWriter.Transition(
                  current, updated, transition(updated, fire, now), deliveries));
        });
  }

  private void traced(FaultId fault, AlarmId alarm) {
    listener.fired(fault, alarm, clock.instant());
  }

  private static List<Delivery> deliveries(
      Alarm alarm, Evaluation.Fire fire, Event event, Instant now) {
    if (fire.actions().isEmpty()) {
      return List.of();
    }
    Map<String, Object> reasonData = new LinkedHashMap<>(fire.reasonData());
    event.faultId().ifPresent(faultId -> reasonData.put("fault_id", faultId.value()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("alarm_name", alarm.name());
    body.put("alarm_id", alarm.id().value());
    body.put("severity", alarm.severity().wireName());
    body.put("previous", fire.previous().wireName());
    body.put("current", fire.current().wireName());
    body.put("reason", alarm.stateReason());
    body.put("reason_data", reasonData);
    String json = AlarmJson.write(body);
    List<Delivery> deliveries = new ArrayList<>(fire.actions().size());
    for (String action : fire.actions()) {
      deliveries.add(
          Delivery.pending(
              DeliveryId.forFiring(
                  alarm.id().value(), event.messageId(), event.generated(), action),
              alarm.id(),
              alarm.projectId(),
              alarm.severity(),
              action,
              json,
              event.faultId(),
              now));
    }
    return deliveries;
  }

  private static AlarmChange transition(Alarm alarm, Evaluation.Fire fire, Instant now) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("state", fire.current().wireName());
    detail.put("transition_reason", alarm.stateReason());
    return AlarmChange.of(alarm, ChangeType.STATE_TRANSITION, AlarmJson.write(detail), "", "", now);
  }
}
