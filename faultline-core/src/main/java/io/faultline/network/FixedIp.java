package io.faultline.network;

import static java.util.Objects.requireNonNull;

/** An address of a port on a subnet; either part may be empty when the caller gave only one. */
public record FixedIp(String subnetId, String ipAddress) {
  public FixedIp {
    requireNonNull(subnetId, "subnetId is null");
    requireNonNull(ipAddress, "ipAddress is null");
  }
}
