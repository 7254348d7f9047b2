package io.faultline.server.api.compute;

import io.faultline.error.FaultlineException;
import io.faultline.server.http.Exchange;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Query-parameter checks shared by the Nova resources: an unknown parameter is a 400. */
final class NovaQueries {
  private NovaQueries() {}

  static void allowOnly(Exchange exchange, Set<String> allowed) {
    Set<String> unknown = new TreeSet<>(exchange.queryMap().keySet());
    unknown.removeAll(allowed);
    if (!unknown.isEmpty()) {
      throw FaultlineException.badRequest(
          "Invalid query parameters: "
              + String.join(", ", unknown)
              + (allowed.isEmpty()
                  ? ". This resource takes none."
                  : ". Supported: " + String.join(", ", new TreeSet<>(allowed))));
    }
  }

  /** A query parameter that must be an integer of at least 0; empty when absent. */
  static Optional<Long> nonNegative(Exchange exchange, String name) {
    Optional<String> value = exchange.query(name);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      long parsed = Long.parseLong(value.get());
      if (parsed >= 0) {
        return Optional.of(parsed);
      }
    } catch (NumberFormatException e) {
      // Falls through to the 400 below.
    }
    throw FaultlineException.badRequest(
        "Invalid " + name + " [" + value.get() + "]: expected an integer of at least 0");
  }
}
