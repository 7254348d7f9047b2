package io.faultline.network;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** A request to change a network; absent fields stay as they are. */
public record NetworkUpdate(
    Optional<String> name,
    Optional<String> description,
    Optional<Boolean> shared,
    Optional<Boolean> adminStateUp) {
  public NetworkUpdate {
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
    requireNonNull(shared, "shared is null");
    requireNonNull(adminStateUp, "adminStateUp is null");
    Limits.check("name", name, Limits.NAME);
    Limits.check("description", description, Limits.DESCRIPTION);
  }

  public Network applyTo(Network network) {
    return new Network(
        network.id(),
        name.orElse(network.name()),
        description.orElse(network.description()),
        network.projectId(),
        shared.orElse(network.shared()),
        adminStateUp.orElse(network.adminStateUp()),
        network.status(),
        network.revisionNumber(),
        network.createdAt(),
        network.updatedAt());
  }
}
