package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A bootable image; Faultline boots nothing, so only the bootstrapped catalog exists. */
public record Image(ImageId id, String name, long sizeBytes, Instant createdAt) {
  /** cirros, with a fixed id so that clients and tests can refer to it across restarts. */
  public static final Image CIRROS =
      new Image(
          new ImageId("6f2a8c4e-0c3b-4c1e-9a51-5b3c0d7f1a01"),
          "cirros",
          21_430_272L,
          Instant.parse("2026-01-01T00:00:00Z"));

  public static final List<Image> STANDARD = List.of(CIRROS);

  public Image {
    requireNonNull(id, "id is null");
    requireNonNull(name, "name is null");
    requireNonNull(createdAt, "createdAt is null");
  }

  /** A bootstrapped image by id or by name. */
  public static Optional<Image> standard(String idOrName) {
    return STANDARD.stream()
        .filter(i -> i.id().value().equals(idOrName) || i.name().equals(idOrName))
        .findFirst();
  }
}
