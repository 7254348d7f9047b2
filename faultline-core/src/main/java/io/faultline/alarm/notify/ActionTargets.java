package io.faultline.alarm.notify;

import static java.util.Objects.requireNonNull;

import io.faultline.error.FaultlineException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Where alarm actions may send webhooks: networks ({@code 10.0.0.0/8}, {@code 192.0.2.7}, {@code
 * fd00::/8}) and host patterns ({@code vnfm.example.org}, {@code *.example.org}). Open — anything
 * goes, as in Aodh — when the list is empty. A host matching a pattern is allowed; any other host
 * is allowed when every address it resolves to lies in a listed network.
 */
public final class ActionTargets {
  private static final class Network {
    private final byte[] prefix;
    private final int bits;

    Network(byte[] prefix, int bits) {
      this.prefix = prefix.clone();
      this.bits = bits;
    }

    boolean contains(InetAddress address) {
      byte[] bytes = address.getAddress();
      if (bytes.length != prefix.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (bytes[i] != prefix[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (bytes[full] & mask) == (prefix[full] & mask);
    }
  }

  private final List<String> entries;
  private final List<Network> networks = new ArrayList<>();
  private final List<Pattern> hosts = new ArrayList<>();

  private ActionTargets(List<String> entries) {
    this.entries = List.copyOf(entries);
    for (String entry : this.entries) {
      parse(entry.trim());
    }
  }

  public static ActionTargets open() {
    return new ActionTargets(List.of());
  }

  /** The list as configured; an invalid entry is an {@link IllegalArgumentException}. */
  public static ActionTargets of(List<String> entries) {
    return new ActionTargets(requireNonNull(entries, "entries is null"));
  }

  public boolean isOpen() {
    return entries.isEmpty();
  }

  /** A 400 when {@code action} is a web URL whose host is outside the list. */
  public void check(String action) {
    Optional<String> refused = reason(action);
    if (refused.isPresent()) {
      throw FaultlineException.badRequest(
          "Action " + action + " is not an allowed target: " + refused.get());
    }
  }

  /** Why {@code action} may not be called, or empty when it may. */
  public Optional<String> reason(String action) {
    if (isOpen()) {
      return Optional.empty();
    }
    String lowerAction = action.toLowerCase(Locale.ROOT);
    if (!lowerAction.startsWith("http://") && !lowerAction.startsWith("https://")) {
      return Optional.empty(); // log:// and the like call nothing on the network
    }
    URI uri;
    try {
      uri = URI.create(action);
    } catch (IllegalArgumentException e) {
      return Optional.of("not a URL");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      return Optional.of("it names no host");
    }
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    String lower = bare.toLowerCase(Locale.ROOT);
    for (Pattern pattern : hosts) {
      if (pattern.matcher(lower).matches()) {
        return Optional.empty();
      }
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(bare);
    } catch (UnknownHostException e) {
      return Optional.of("host " + bare + " matches no allowed pattern and does not resolve");
    }
    for (InetAddress address : addresses) {
      if (networks.stream().noneMatch(network -> network.contains(address))) {
        return Optional.of(
            "host "
                + bare
                + " ("
                + address.getHostAddress()
                + ") is outside alarm.allowed-action-targets "
                + entries);
      }
    }
    return Optional.empty();
  }

  private void parse(String entry) {
    if (entry.isEmpty()) {
      throw new IllegalArgumentException("alarm.allowed-action-targets has an empty entry");
    }
    int slash = entry.indexOf('/');
    String address = slash < 0 ? entry : entry.substring(0, slash);
    if (isAddressLiteral(address)) {
      byte[] prefix;
      try {
        prefix = InetAddress.getByName(address).getAddress();
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("alarm.allowed-action-targets: bad address " + entry);
      }
      int bits = prefix.length * 8;
      if (slash >= 0) {
        try {
          bits = Integer.parseInt(entry.substring(slash + 1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("alarm.allowed-action-targets: bad prefix " + entry);
        }
        if (bits < 0 || bits > prefix.length * 8) {
          throw new IllegalArgumentException("alarm.allowed-action-targets: bad prefix " + entry);
        }
      }
      networks.add(new Network(prefix, bits));
      return;
    }
    if (slash >= 0 || !entry.matches("[A-Za-z0-9*.-]+")) {
      throw new IllegalArgumentException(
          "alarm.allowed-action-targets: '"
              + entry
              + "' is neither a network (10.0.0.0/8) nor a host pattern (*.example.org)");
    }
    // '*' stands for any run of host name characters, dots included.
    String pattern =
        Arrays.stream(entry.toLowerCase(Locale.ROOT).split("\\*", -1))
            .map(Pattern::quote)
            .collect(Collectors.joining("[a-z0-9.-]*"));
    hosts.add(Pattern.compile(pattern));
  }

  /** IPv4 dotted quads and IPv6 literals; never a name, so parsing one never does a lookup. */
  private static boolean isAddressLiteral(String text) {
    return text.matches("\\d{1,3}(\\.\\d{1,3}){3}")
        || (text.contains(":") && text.matches("[0-9A-Fa-f:.]+"));
  }

  @Override
  public String toString() {
    return isOpen() ? "open" : entries.toString();
  }
}
