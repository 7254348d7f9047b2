package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * {@code PUT /servers/{id}}: what to change; absent means unchanged. {@code description} is set
 * when {@code descriptionGiven}, to nothing when the request sent {@code null}.
 */
public record ServerUpdate(
    Optional<String> name,
    Optional<String> accessIpv4,
    Optional<String> accessIpv6,
    boolean descriptionGiven,
    Optional<String> description) {
  public ServerUpdate {
    requireNonNull(name, "name is null");
    requireNonNull(accessIpv4, "accessIpv4 is null");
    requireNonNull(accessIpv6, "accessIpv6 is null");
    requireNonNull(description, "description is null");
    name.ifPresent(CreateServer::checkName);
  }
}
