package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import io.faultline.error.FaultlineException;
import java.util.List;
import java.util.Optional;

/**
 * A request to boot a server; {@code forcedHost} is the admin's {@code nova:HOST} or 2.74 host;
 * {@code networks} the ids of the networks to give it a port on ({@code networks: [{uuid}]});
 * {@code group} the server group it joins (scheduler hint {@code group}); {@code securityGroups}
 * the names or ids of its ports' security groups (none given: the project's default group).
 */
public record CreateServer(
    String name,
    String flavorRef,
    String imageRef,
    Optional<String> forcedHost,
    List<String> networks,
    ServerDetails details,
    Optional<String> group,
    List<String> securityGroups) {
  public CreateServer(String name, String flavorRef, String imageRef, Optional<String> forcedHost) {
    this(name, flavorRef, imageRef, forcedHost, List.of());
  }

  public CreateServer(
      String name,
      String flavorRef,
      String imageRef,
      Optional<String> forcedHost,
      List<String> networks) {
    this(
        name,
        flavorRef,
        imageRef,
        forcedHost,
        networks,
        ServerDetails.NONE,
        Optional.empty(),
        List.of());
  }

  public CreateServer {
    networks = List.copyOf(requireNonNull(networks, "networks is null"));
    requireNonNull(name, "name is null");
    requireNonNull(flavorRef, "flavorRef is null");
    requireNonNull(imageRef, "imageRef is null");
    requireNonNull(forcedHost, "forcedHost is null");
    requireNonNull(details, "details is null");
    requireNonNull(group, "group is null");
    securityGroups = List.copyOf(requireNonNull(securityGroups, "securityGroups is null"));
    checkName(name);
  }

  static void checkName(String name) {
    if (name.isBlank() || name.length() > 255) {
      throw FaultlineException.badRequest("server.name must be 1 to 255 characters, not blank");
    }
  }
}
