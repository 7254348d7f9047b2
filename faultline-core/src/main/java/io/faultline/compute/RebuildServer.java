package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/** The {@code rebuild} action: a new image, and optionally a new name, metadata and details. */
public record RebuildServer(
    String imageRef,
    Optional<String> name,
    Optional<Map<String, String>> metadata,
    Optional<String> accessIpv4,
    Optional<String> accessIpv6,
    Optional<String> diskConfig,
    boolean descriptionGiven,
    Optional<String> description) {
  public RebuildServer {
    requireNonNull(imageRef, "imageRef is null");
    requireNonNull(name, "name is null");
    metadata = requireNonNull(metadata, "metadata is null").map(ServerDetails::checkMetadata);
    requireNonNull(accessIpv4, "accessIpv4 is null");
    requireNonNull(accessIpv6, "accessIpv6 is null");
    requireNonNull(diskConfig, "diskConfig is null");
    requireNonNull(description, "description is null");
    name.ifPresent(CreateServer::checkName);
  }
}
