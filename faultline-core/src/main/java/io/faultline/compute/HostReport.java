package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import io.faultline.error.FaultlineException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a host's agent says about the host with its beat: its address ({@code host_ip}), when it
 * booted and its load average (as {@code uptime} prints it). Each is optional; what a beat leaves
 * out keeps its last reported value.
 */
public record HostReport(
    Optional<String> hostIp, Optional<Instant> bootedAt, Optional<String> loadAverage) {
  public static final HostReport NONE =
      new HostReport(Optional.empty(), Optional.empty(), Optional.empty());

  private static final Pattern IPV4 =
      Pattern.compile("^(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}$");
  private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]{2,45}$");
  private static final Pattern LOAD = Pattern.compile("^\\d+\\.\\d{2}(, \\d+\\.\\d{2}){2}$");

  public HostReport {
    requireNonNull(hostIp, "hostIp is null");
    requireNonNull(bootedAt, "bootedAt is null");
    requireNonNull(loadAverage, "loadAverage is null");
    hostIp = hostIp.map(HostReport::checkAddress);
    loadAverage.ifPresent(
        value -> {
          if (!LOAD.matcher(value).matches()) {
            throw FaultlineException.badRequest(
                "load_average must be three numbers like '0.20, 0.12, 0.14', not '" + value + "'");
          }
        });
  }

  /** An IPv4 or IPv6 literal, normalized; a host name is refused (monitors ping this address). */
  static String checkAddress(String value) {
    boolean literal =
        IPV4.matcher(value).matches() || (value.contains(":") && IPV6.matcher(value).matches());
    if (!literal) {
      throw invalidAddress(value);
    }
    try {
      // Only literals get here, which InetAddress parses without a name lookup.
      return InetAddress.getByName(value).getHostAddress();
    } catch (UnknownHostException e) {
      throw invalidAddress(value);
    }
  }

  private static FaultlineException invalidAddress(String value) {
    return FaultlineException.badRequest(
        "host_ip must be an IPv4 or IPv6 address, not '" + value + "'");
  }
}
