package io.faultline.server.api.identity;

import static io.faultline.error.FaultlineException.badRequest;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.faultline.server.api.identity.IdentityRepresentations.AssignmentRepresentation;
import io.faultline.server.api.identity.IdentityRepresentations.CollectionLinks;
import io.faultline.server.api.identity.IdentityRepresentations.ProjectRepresentation;
import io.faultline.server.api.identity.IdentityRepresentations.UserRepresentation;
import io.faultline.server.http.Exchange;
import io.faultline.server.http.PageLinks;
import java.util.List;
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
   * One page of a list, rendered: the entries after the marker, at most the limit of them, and
   * Keystone's {@code links}. {@code truncated} is {@code true} when more follow and null
   * otherwise, so that the key is absent from the last page, as Keystone leaves it out.
   */
  record Page<R>(List<R> entries, CollectionLinks links, Boolean truncated) {
    Page {
      entries = List.copyOf(entries);
      requireNonNull(links, "links is null");
      if (truncated != null && !truncated) {
        throw new IllegalArgumentException("truncated is true or absent");
      }
    }
  }

  /** Users, with Keystone's list limit. */
  record UserPage(
      List<UserRepresentation> users,
      CollectionLinks links,
      @JsonInclude(Include.NON_NULL) Boolean truncated) {
    UserPage(Page<UserRepresentation> page) {
      this(page.entries(), page.links(), page.truncated());
    }
  }

  /** Projects, with Keystone's list limit. */
  record ProjectPage(
      List<ProjectRepresentation> projects,
      CollectionLinks links,
      @JsonInclude(Include.NON_NULL) Boolean truncated) {
    ProjectPage(Page<ProjectRepresentation> page) {
      this(page.entries(), page.links(), page.truncated());
    }
  }

  /** Role assignments, with Keystone's list limit. */
  record AssignmentPage(
      @JsonProperty("role_assignments") List<AssignmentRepresentation> roleAssignments,
      CollectionLinks links,
      @JsonInclude(Include.NON_NULL) Boolean truncated) {
    AssignmentPage(Page<AssignmentRepresentation> page) {
      this(page.entries(), page.links(), page.truncated());
    }
  }

  /**
   * One page of {@code items} (already filtered, in list order), each rendered by render: for short
   * lists only, as every item is loaded to cut one page.
   */
  static <T, R> Page<R> page(
      Exchange exchange,
      List<T> items,
      Function<T, String> id,
      Function<T, R> render,
      int maxPage) {
    int limit = limit(exchange.query("limit"), maxPage);
    int start = start(items, id, exchange.query("marker"));
    List<T> page = items.subList(start, Math.min(items.size(), start + limit));
    boolean truncated = start + page.size() < items.size();
    return new Page<>(
        page.stream().map(render).toList(),
        new CollectionLinks(
            exchange.baseUrl() + exchange.path(),
            null,
            truncated ? PageLinks.href(exchange, id.apply(page.get(page.size() - 1))) : null),
        truncated ? Boolean.TRUE : null);
  }

  /**
   * A page the store read (after the marker, at most the limit, see {@link #limit}), each entry
   * rendered by render.
   */
  static <T, R> Page<R> page(
      Exchange exchange,
      io.faultline.paging.Page<T> read,
      Function<T, String> id,
      Function<T, R> render) {
    return new Page<>(
        read.items().stream().map(render).toList(),
        new CollectionLinks(
            exchange.baseUrl() + exchange.path(),
            null,
            read.more() ? PageLinks.href(exchange, id.apply(read.last())) : null),
        read.more() ? Boolean.TRUE : null);
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
