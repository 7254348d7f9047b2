package io.faultline.network;

import io.faultline.error.FaultlineException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** MAC addresses of ports: generated under Neutron's default base {@code fa:16:3e}. */
final class MacAddresses {
  private static final Pattern MAC = Pattern.compile("([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}");

  private MacAddresses() {}

  static String generate() {
    byte[] tail = new byte[3];
    ThreadLocalRandom.current().nextBytes(tail);
    return "fa:16:3e:" + HexFormat.ofDelimiter(":").formatHex(tail);
  }

  static String normalize(String mac) {
    if (!MAC.matcher(mac).matches()) {
      throw FaultlineException.badRequest(
          "Invalid input for mac_address. Reason: '"
              + mac
              + "' is not a valid MAC address (expected six hex pairs like fa:16:3e:00:00:01).");
    }
    return mac.toLowerCase(Locale.ROOT);
  }
}
