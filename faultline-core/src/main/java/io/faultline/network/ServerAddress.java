package io.faultline.network;

import static java.util.Objects.requireNonNull;

/**
 * One fixed address of a server's port, as Nova's server body lists it under the name of the port's
 * network.
 */
public record ServerAddress(String networkName, String address, String macAddress) {
  public ServerAddress {
    requireNonNull(networkName, "networkName is null");
    requireNonNull(address, "address is null");
    requireNonNull(macAddress, "macAddress is null");
  }
}
