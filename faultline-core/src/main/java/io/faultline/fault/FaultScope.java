package io.faultline.fault;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The fault being handled on this thread, if any. The inspector runs the state changes a fault
 * causes inside a scope, and the outbox stamps the fault id into every notification they publish,
 * so that consumers and the timeline can tie them back to the fault.
 */
public final class FaultScope {
  private static final ThreadLocal<FaultId> CURRENT = new ThreadLocal<>();

  private FaultScope() {}

  public static <T> T with(FaultId faultId, Supplier<T> work) {
    FaultId previous = CURRENT.get();
    CURRENT.set(faultId);
    try {
      return work.get();
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }

  public static Optional<FaultId> current() {
    return Optional.ofNullable(CURRENT.get());
  }
}
