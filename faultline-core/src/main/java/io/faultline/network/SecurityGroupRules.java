package io.faultline.network;

import io.faultline.error.FaultlineException;
import io.faultline.network.SecurityGroupRule.Direction;
import io.faultline.network.SecurityGroupRule.Ethertype;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Neutron's checks of a security group rule's fields, with its messages. */
final class SecurityGroupRules {
  /** The protocol names Neutron takes, with their IP protocol numbers. */
  private static final Map<String, Integer> PROTOCOLS =
      Map.ofEntries(
          Map.entry("ah", 51),
          Map.entry("dccp", 33),
          Map.entry("egp", 8),
          Map.entry("esp", 50),
          Map.entry("gre", 47),
          Map.entry("hopopt", 0),
          Map.entry("icmp", 1),
          Map.entry("igmp", 2),
          Map.entry("ipip", 4),
          Map.entry("ipv6-encap", 41),
          Map.entry("ipv6-frag", 44),
          Map.entry("ipv6-icmp", 58),
          Map.entry("icmpv6", 58),
          Map.entry("ipv6-nonxt", 59),
          Map.entry("ipv6-opts", 60),
          Map.entry("ipv6-route", 43),
          Map.entry("ospf", 89),
          Map.entry("pgm", 113),
          Map.entry("rsvp", 46),
          Map.entry("sctp", 132),
          Map.entry("tcp", 6),
          Map.entry("udp", 17),
          Map.entry("udplite", 136),
          Map.entry("vrrp", 112));

  /** Protocols whose rules take a port range: TCP, UDP, UDP-Lite, SCTP and DCCP. */
  private static final Set<Integer> PORT_PROTOCOLS = Set.of(6, 17, 136, 132, 33);

  private static final Set<Integer> ICMP_PROTOCOLS = Set.of(1, 58);

  /** What may be an IPv6 literal; anything else is refused before the JDK could look it up. */
  private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:][0-9a-fA-F.:]*");

  private SecurityGroupRules() {}

  static Direction direction(String value) {
    return switch (value) {
      case "ingress" -> Direction.INGRESS;
      case "egress" -> Direction.EGRESS;
      default ->
          throw FaultlineException.badRequest(
              "Invalid input for direction. Reason: '"
                  + value
                  + "' is not in ['ingress', 'egress'].");
    };
  }

  static Ethertype ethertype(Optional<String> value) {
    if (value.isEmpty()) {
      return Ethertype.IPV4;
    }
    return switch (value.get().toLowerCase(Locale.ROOT)) {
      case "ipv4" -> Ethertype.IPV4;
      case "ipv6" -> Ethertype.IPV6;
      default ->
          throw FaultlineException.badRequest(
              "Invalid input for ethertype. Reason: '"
                  + value.get()
                  + "' is not in ['IPv4', 'IPv6'].");
    };
  }

  /** The protocol as stored: a lower-case name, a number 0 to 255 in text, or none for "any". */
  static Optional<String> protocol(Optional<String> value) {
    if (value.isEmpty() || value.get().equalsIgnoreCase("any")) {
      return Optional.empty();
    }
    String protocol = value.get().toLowerCase(Locale.ROOT);
    if (PROTOCOLS.containsKey(protocol)) {
      return Optional.of(protocol);
    }
    if (protocol.matches("[0-9]{1,3}") && Integer.parseInt(protocol) <= 255) {
      return Optional.of(String.valueOf(Integer.parseInt(protocol)));
    }
    throw FaultlineException.badRequest(
        "Security group rule protocol "
            + value.get()
            + " not supported. Only protocol values "
            + new java.util.TreeSet<>(PROTOCOLS.keySet())
            + " and integer representations [0 to 255] are supported.");
  }

  /** Neutron's port range checks: ports for TCP, UDP and the like; type and code for ICMP. */
  static void checkPorts(Optional<String> protocol, Optional<Integer> min, Optional<Integer> max) {
    if (min.isEmpty() && max.isEmpty()) {
      return;
    }
    if (protocol.isEmpty()) {
      throw FaultlineException.badRequest("Must also specify protocol if port range is given.");
    }
    int number = PROTOCOLS.getOrDefault(protocol.get(), -1);
    if (number < 0) {
      number = Integer.parseInt(protocol.get());
    }
    if (PORT_PROTOCOLS.contains(number)) {
      for (Optional<Integer> port : List.of(min, max)) {
        if (port.isPresent() && (port.get() < 1 || port.get() > 65535)) {
          throw FaultlineException.badRequest("Invalid value for port " + port.get() + ".");
        }
      }
      if (min.isEmpty() || max.isEmpty() || min.get() > max.get()) {
        throw FaultlineException.badRequest(
            "For TCP/UDP protocols, port_range_min must be <= port_range_max");
      }
    } else if (ICMP_PROTOCOLS.contains(number)) {
      checkIcmp(min, "type", "port_range_min");
      checkIcmp(max, "code", "port_range_max");
      if (min.isEmpty()) {
        throw FaultlineException.badRequest(
            "ICMP code (port-range-max) "
                + max.get()
                + " is provided but ICMP type (port-range-min) is missing.");
      }
    } else {
      throw FaultlineException.badRequest(
          "Invalid protocol "
              + protocol.get()
              + " for port range, only supported for TCP, UDP, UDPLITE, SCTP and DCCP protocols.");
    }
  }

  private static void checkIcmp(Optional<Integer> value, String field, String attribute) {
    if (value.isPresent() && (value.get() < 0 || value.get() > 255)) {
      throw FaultlineException.badRequest(
          "Invalid value for ICMP "
              + field
              + " ("
              + attribute
              + "): "
              + value.get()
              + ". It must be 0 to 255.");
    }
  }

  /**
   * A remote CIDR as Neutron keeps it: as given, a bare address taken as the one-address prefix; it
   * must be of the rule's IP version.
   */
  static String remoteIpPrefix(String value, Ethertype ethertype) {
    int slash = value.indexOf('/');
    String address = slash < 0 ? value : value.substring(0, slash);
    InetAddress parsed = literal(address, value);
    int bits = parsed instanceof Inet4Address ? 32 : 128;
    int prefix = bits;
    if (slash >= 0) {
      String length = value.substring(slash + 1);
      if (!length.matches("[0-9]{1,3}") || Integer.parseInt(length) > bits) {
        throw invalidCidr(value);
      }
      prefix = Integer.parseInt(length);
    }
    Ethertype version = bits == 32 ? Ethertype.IPV4 : Ethertype.IPV6;
    if (version != ethertype) {
      throw FaultlineException.badRequest(
          "Conflicting value ethertype " + ethertype.wireName() + " for CIDR " + value);
    }
    return address + "/" + prefix;
  }

  /**
   * An IPv4 address in dotted quads, or an IPv6 literal: one with a colon, which the JDK parses
   * without ever asking DNS.
   */
  private static InetAddress literal(String address, String value) {
    boolean v4 = Ipv4.isAddress(address);
    if (!v4 && !(address.indexOf(':') >= 0 && LITERAL.matcher(address).matches())) {
      throw invalidCidr(value);
    }
    try {
      InetAddress parsed = InetAddress.getByName(address);
      if (v4 != parsed instanceof Inet4Address) {
        throw invalidCidr(value); // an IPv4-mapped IPv6 address, which the JDK reads as IPv4
      }
      return parsed;
    } catch (UnknownHostException e) {
      throw invalidCidr(value);
    }
  }

  private static FaultlineException invalidCidr(String value) {
    return FaultlineException.badRequest(
        "Invalid input for remote_ip_prefix. Reason: '" + value + "' is not a valid IP subnet.");
  }
}
