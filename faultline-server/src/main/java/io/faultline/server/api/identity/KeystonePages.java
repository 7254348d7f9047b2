package io.faultline.server.api.identity;

import static io.faultline.error.FaultlineException.badRequest;

import io.faultline.server.http.Exchange;
import io.faultline.server.http.PageLinks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Keystone's list limit: a list holds at most {@code limit} entries (at most, and by default, the
 * server's page size, as Keystone's {@code [DEFAULT] list_limit}), and a list cut short says so
 * with Keystone's {@code "truncated": true}. Keystone gives no way on from there; this also sets
 * {@code links.next} to the same list after the last entry ({@code marker}, an id), so that a
 * client can walk a long list page by page.
 */
final class KeystonePages {
  /** The query parameters paging takes, besides a list's own filters. */
  static final Set<String> PARAMETERS = Set.of("limit", "marker");

  private KeystonePages() {}

  /** {@code filters} and the paging parameters: what a paged list accepts. */
  static Set<String> with(Set<String> filters) {
    return Set.copyOf(Stream.concat(filters.stream(), PARAMETERS.stream()).toList());
  }

  /**
   * The body of one page of {@code items} (already filtered, in list order): the entries after the
   * marker, at most the limit of them, Keystone's {@code links}, and {@code truncated} when more
   * follow.
   */
  static <T> Map<String, Object> list(
      Exchange exchange,
      String key,
      List<T> items,
      Function<T, String> id,
      Function<T, ?> render,
      int maxPage) {
    int limit = limit(exchange.query("limit"), maxPage);
    int start = start(items, id, exchange.query("marker"));
    List<T> page = items.subList(start, Math.min(items.size(), start + limit));
    boolean truncated = start + page.size() < items.size();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(key, page.stream().map(render).toList());
    body.put(
        "links",
        new IdentityRepresentations.CollectionLinks(
            exchange.baseUrl() + exchange.path(),
            null,
            truncated ? PageLinks.href(exchange, id.apply(page.get(page.size() - 1))) : null));
    if (truncated) {
      body.put("truncated", true);
    }
    return body;
  }

  /** A positive integer, at most {@code maxPage}; absent gives {@code maxPage}. */
  static int limit(Optional<String> value, int maxPage) {
    if (value.isEmpty()) {
      return maxPage;
    }
    int limit;
    try {
      limit = Integer.parseInt(value.get().strip());
    } catch (NumberFormatException e) {
      throw badRequest("limit must be a positive integer, not '" + value.get() + "'");
    }
    if (limit < 1) {
      throw badRequest("limit must be a positive integer, not '" + value.get() + "'");
    }
    return Math.min(limit, maxPage);
  }

  private static <T> int start(List<T> items, Function<T, String> id, Optional<String> marker) {
    if (marker.isEmpty()) {
      return 0;
    }
    for (int i = 0; i < items.size(); i++) {
      if (id.apply(items.get(i)).equals(marker.get())) {
        return i + 1;
      }
    }
    throw badRequest("marker '" + marker.get() + "' is not an entry of this list");
  }
}
