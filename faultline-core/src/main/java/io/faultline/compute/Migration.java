package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A move of an instance between hosts, as Nova's os-migrations lists it. Faultline moves instances
 * only by evacuation, which completes in its transaction: each is recorded {@code done}.
 */
public record Migration(
    long id,
    InstanceId instance,
    String sourceCompute,
    String destCompute,
    String status,
    String type,
    FlavorId oldFlavor,
    FlavorId newFlavor,
    Instant createdAt,
    Instant updatedAt) {
  public static final String EVACUATION = "evacuation";
  public static final String DONE = "done";

  public Migration {
    requireNonNull(instance, "instance is null");
    requireNonNull(sourceCompute, "sourceCompute is null");
    requireNonNull(destCompute, "destCompute is null");
    requireNonNull(status, "status is null");
    requireNonNull(type, "type is null");
    requireNonNull(oldFlavor, "oldFlavor is null");
    requireNonNull(newFlavor, "newFlavor is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(updatedAt, "updatedAt is null");
  }

  /** A finished evacuation of {@code instance} from {@code source} to its present host. */
  static Migration evacuation(Instance instance, String source, Instant now) {
    return new Migration(
        0,
        instance.id(),
        source,
        instance.host(),
        DONE,
        EVACUATION,
        instance.flavor().id(),
        instance.flavor().id(),
        now,
        now);
  }

  /**
   * Which migrations a list shows: each present part must match; {@code host} matches either end.
   */
  public record Filter(
      Optional<String> host,
      Optional<String> sourceCompute,
      Optional<String> status,
      Optional<InstanceId> instance,
      Optional<String> type) {
    public static final Filter ALL =
        new Filter(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
  }
}
