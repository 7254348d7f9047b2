package io.faultline.server.api.network;

import io.faultline.error.FaultlineException;
import io.faultline.network.PortFilter;
import io.faultline.network.PortQuery;
import io.faultline.paging.Page;
import io.faultline.server.http.Exchange;
import io.faultline.server.http.PageLinks;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * List query parameters, as Neutron reads them: filters (repeated = OR), {@code fields}, paging and
 * sorting. With filter validation (Neutron's default) an unknown filter is a 400.
 */
final class ListQueries {
  static final Set<String> CONTROL =
      Set.of("fields", "limit", "marker", "page_reverse", "sort_key", "sort_dir");

  private static final Map<String, PortFilter> PORT_FILTERS =
      Map.ofEntries(
          Map.entry("id", PortFilter.ID),
          Map.entry("name", PortFilter.NAME),
          Map.entry("network_id", PortFilter.NETWORK_ID),
          Map.entry("project_id", PortFilter.PROJECT_ID),
          Map.entry("tenant_id", PortFilter.PROJECT_ID),
          Map.entry("device_id", PortFilter.DEVICE_ID),
          Map.entry("device_owner", PortFilter.DEVICE_OWNER),
          Map.entry("status", PortFilter.STATUS),
          Map.entry("data_plane_status", PortFilter.DATA_PLANE_STATUS),
          Map.entry("binding:host_id", PortFilter.HOST_ID),
          Map.entry("mac_address", PortFilter.MAC_ADDRESS));

  static final Set<String> NETWORK_FILTERS =
      Set.of("id", "name", "project_id", "tenant_id", "shared", "status", "admin_state_up");

  private ListQueries() {}

  static PortQuery ports(Map<String, List<String>> parameters, boolean validate) {
    if (validate) {
      rejectUnknown(parameters, PORT_FILTERS.keySet(), "ports");
    }
    Map<PortFilter, Set<String>> filters = new EnumMap<>(PortFilter.class);
    parameters.forEach(
        (name, values) -> {
          PortFilter filter = PORT_FILTERS.get(name);
          if (filter != null) {
            Set<String> set = filters.computeIfAbsent(filter, f -> new TreeSet<>());
            for (String value : values) {
              // Neutron spells "nothing reported" as None in filters.
              boolean none =
                  filter == PortFilter.DATA_PLANE_STATUS
                      && (value.equals("None") || value.equals("null"));
              set.add(none ? "" : value);
            }
          }
        });
    return new PortQuery(filters);
  }

  static void rejectUnknown(
      Map<String, List<String>> parameters, Set<String> filters, String collection) {
    Set<String> unknown = new TreeSet<>(parameters.keySet());
    unknown.removeAll(filters);
    unknown.removeAll(CONTROL);
    if (!unknown.isEmpty()) {
      throw FaultlineException.badRequest(
          unknown
              + " is invalid attribute for filtering "
              + collection
              + "; supported filters: "
              + new TreeSet<>(filters));
    }
  }

  /**
   * Neutron's page size: {@code limit}, at most {@code maxPage} (as Neutron's {@code
   * pagination_max_limit}); absent or 0 gives {@code maxPage}. A negative or non-integer limit is a
   * 400.
   */
  static int limit(Map<String, List<String>> parameters, int maxPage) {
    List<String> limit = parameters.getOrDefault("limit", List.of());
    if (limit.isEmpty()) {
      return maxPage;
    }
    int size;
    try {
      size = Integer.parseInt(limit.get(0));
    } catch (NumberFormatException e) {
      throw FaultlineException.badRequest(
          "Limit must be an integer 0 or greater and not '" + limit.get(0) + "'");
    }
    if (size < 0) {
      throw FaultlineException.badRequest(
          "Limit must be an integer 0 or greater and not '" + limit.get(0) + "'");
    }
    return size == 0 ? maxPage : Math.min(size, maxPage);
  }

  /** The marker: the id the page starts after. */
  static Optional<String> marker(Map<String, List<String>> parameters) {
    return parameters.getOrDefault("marker", List.of()).stream().findFirst();
  }

  /**
   * Neutron's limit/marker paging over a short, already filtered list in id order (networks and
   * subnets, which do not grow with the fleet): the items whose id follows the marker.
   */
  static <T> Page<T> page(
      List<T> items, Map<String, List<String>> parameters, int maxPage, Function<T, String> id) {
    int limit = limit(parameters, maxPage);
    Optional<String> marker = marker(parameters);
    List<T> after =
        items.stream()
            .sorted(Comparator.comparing(id))
            .filter(item -> marker.map(m -> id.apply(item).compareTo(m) > 0).orElse(true))
            .limit(limit + 1L)
            .toList();
    return Page.of(after, limit);
  }

  /** The {@code <collection>_links} of a page: the next page's link, or null on the last page. */
  static <T> List<PageLinks.Link> links(Exchange exchange, Page<T> page, Function<T, String> id) {
    return page.more() ? List.of(PageLinks.next(exchange, id.apply(page.last()))) : null;
  }

  /**
   * Whether a rendered resource passes the request's filters among {@code filters}: each value as
   * rendered, a boolean in any case; repeated values of one attribute are alternatives.
   */
  static boolean matches(
      Map<String, Object> resource, Map<String, List<String>> parameters, Set<String> filters) {
    for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
      if (filters.contains(parameter.getKey())
          && !parameter.getValue().contains(String.valueOf(resource.get(parameter.getKey())))) {
        boolean booleanMatch =
            resource.get(parameter.getKey()) instanceof Boolean value
                && parameter.getValue().stream()
                    .anyMatch(v -> v.equalsIgnoreCase(value.toString()));
        if (!booleanMatch) {
          return false;
        }
      }
    }
    return true;
  }

  /** One page of a list served from memory, each item cut to the requested fields. */
  record Listing(List<Map<String, Object>> items, List<PageLinks.Link> links) {}

  /**
   * A short list served from memory (networks, subnets, security groups): with filter validation an
   * unknown filter is a 400; the request's filters are applied to the rendered attributes, the rest
   * paged in id order and cut to the requested fields, with the next page's link.
   */
  static Listing listing(
      Exchange exchange,
      List<?> representations,
      Set<String> filters,
      String collection,
      boolean validate,
      int maxPage) {
    Map<String, List<String>> parameters = exchange.queryMap();
    if (validate) {
      rejectUnknown(parameters, filters, collection);
    }
    Function<Map<String, Object>, String> id = resource -> (String) resource.get("id");
    List<Map<String, Object>> matching =
        representations.stream()
            .map(NeutronRepresentations::attributes)
            .filter(resource -> matches(resource, parameters, filters))
            .toList();
    Page<Map<String, Object>> page = page(matching, parameters, maxPage, id);
    List<String> fields = exchange.queryAll("fields");
    return new Listing(
        page.items().stream().map(item -> NeutronRepresentations.select(item, fields)).toList(),
        links(exchange, page, id));
  }
}
