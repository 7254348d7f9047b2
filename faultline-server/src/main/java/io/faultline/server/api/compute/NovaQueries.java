package io.faultline.server.api.compute;

import io.faultline.error.FaultlineException;
import io.faultline.server.http.Exchange;
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
}
