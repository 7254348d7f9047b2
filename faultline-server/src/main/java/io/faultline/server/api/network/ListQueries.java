package io.faultline.server.api.network;

import io.faultline.error.FaultlineException;
import io.faultline.network.PortFilter;
import io.faultline.network.PortQuery;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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

  /** Neutron's limit/marker paging over an already filtered, ordered list of resources. */
  static <T> Page<T> page(
      List<T> items,
      Map<String, List<String>> parameters,
      java.util.function.Function<T, String> id) {
    int start = 0;
    List<String> marker = parameters.getOrDefault("marker", List.of());
    if (!marker.isEmpty()) {
      start = items.size();
      for (int i = 0; i < items.size(); i++) {
        if (id.apply(items.get(i)).equals(marker.get(0))) {
          start = i + 1;
          break;
        }
      }
    }
    int end = items.size();
    List<String> limit = parameters.getOrDefault("limit", List.of());
    if (!limit.isEmpty()) {
      int size;
      try {
        size = Integer.parseInt(limit.get(0));
      } catch (NumberFormatException e) {
        throw FaultlineException.badRequest("limit must be an integer, not '" + limit.get(0) + "'");
      }
      if (size < 0) {
        throw FaultlineException.badRequest("limit must be 0 or more, not " + size);
      }
      if (size > 0) {
        end = (int) Math.min(items.size(), (long) start + size);
      }
    }
    start = Math.min(start, items.size());
    return new Page<>(items.subList(start, end), end < items.size());
  }

  record Page<T>(List<T> items, boolean more) {}
}
