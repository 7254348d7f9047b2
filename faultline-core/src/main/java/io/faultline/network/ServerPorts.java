package io.faultline.network;

import java.util.List;

/**
 * What a server shows of its ports: their fixed addresses, oldest port first, and the names of
 * their security groups.
 */
public record ServerPorts(List<ServerAddress> addresses, List<String> securityGroups) {
  public static final ServerPorts NONE = new ServerPorts(List.of(), List.of());

  public ServerPorts {
    addresses = List.copyOf(addresses);
    securityGroups = List.copyOf(securityGroups);
  }
}
