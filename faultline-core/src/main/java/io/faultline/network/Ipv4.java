package io.faultline.network;

import io.faultline.error.FaultlineException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** IPv4 addresses as numbers, and CIDRs; anything malformed is a 400 naming the field. */
final class Ipv4 {
  private static final Pattern ADDRESS =
      Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})$");

  private Ipv4() {}

  /** A parsed CIDR: the network address and prefix length. */
  record Cidr(long network, int prefix) {
    long size() {
      return 1L << (32 - prefix);
    }

    long broadcast() {
      return network + size() - 1;
    }

    boolean contains(long address) {
      return address >= network && address <= broadcast();
    }

    @Override
    public String toString() {
      return format(network) + "/" + prefix;
    }
  }

  static boolean isAddress(String value) {
    Matcher matcher = ADDRESS.matcher(value);
    if (!matcher.matches()) {
      return false;
    }
    for (int i = 1; i <= 4; i++) {
      if (Integer.parseInt(matcher.group(i)) > 255) {
        return false;
      }
    }
    return true;
  }

  static long parse(String value, String field) {
    if (!isAddress(value)) {
      throw FaultlineException.badRequest(
          "Invalid input for " + field + ". Reason: '" + value + "' is not a valid IP address.");
    }
    String[] parts = value.split("\\.", -1);
    long address = 0;
    for (String part : parts) {
      address = (address << 8) | Integer.parseInt(part);
    }
    return address;
  }

  static String format(long address) {
    return ((address >> 24) & 0xff)
        + "."
        + ((address >> 16) & 0xff)
        + "."
        + ((address >> 8) & 0xff)
        + "."
        + (address & 0xff);
  }

  /**
   * A CIDR of IPv4 addresses; host bits must be zero (Neutron normalizes them away; Faultline asks
   * for the network address instead of guessing). Prefixes /8 to /30 leave room for addresses.
   */
  static Cidr cidr(String value) {
    int slash = value.indexOf('/');
    String reason = null;
    Cidr cidr = null;
    if (slash < 0) {
      reason = "it has no prefix length";
    } else {
      long address = parse(value.substring(0, slash), "cidr");
      int prefix;
      try {
        prefix = Integer.parseInt(value.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 8 || prefix > 30) {
        reason = "the prefix length must be between 8 and 30";
      } else {
        long mask = (0xffffffffL << (32 - prefix)) & 0xffffffffL;
        if ((address & mask) != address) {
          reason = "host bits are set; the network address is " + format(address & mask);
        } else {
          cidr = new Cidr(address, prefix);
        }
      }
    }
    if (cidr == null) {
      throw FaultlineException.badRequest(
          "Invalid input for cidr. Reason: '"
              + value
              + "' is not a valid IPv4 CIDR: "
              + reason
              + ".");
    }
    return cidr;
  }
}
