package io.faultline.server.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The "next" link of a paged list, as Nova ({@code common.ViewBuilder._get_next_link}) and Neutron
 * ({@code api_common.get_next_link}) build it: the request's own URL and query, every filter kept,
 * with the marker set to the last item of the page (and Neutron's {@code page_reverse} dropped).
 */
public final class PageLinks {
  private PageLinks() {}

  /** One entry of a list's {@code <collection>_links}. */
  public record Link(String href, String rel) {}

  public static Link next(Exchange exchange, String marker) {
    return new Link(href(exchange, marker), "next");
  }

  /** The list's URL with {@code marker} in place of the request's. */
  public static String href(Exchange exchange, String marker) {
    StringJoiner query = new StringJoiner("&");
    for (Map.Entry<String, List<String>> parameter : exchange.queryMap().entrySet()) {
      String name = parameter.getKey();
      if (name.equals("marker") || name.equals("page_reverse")) {
        continue;
      }
      for (String value : parameter.getValue()) {
        query.add(encode(name) + "=" + encode(value));
      }
    }
    query.add("marker=" + encode(marker));
    return exchange.baseUrl() + exchange.path() + "?" + query;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
