package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** A server size. The standard five are bootstrapped (Nova's historical m1.* defaults). */
public record Flavor(FlavorId id, String name, int vcpus, int memoryMb, int diskGb) {
  public static final List<Flavor> STANDARD =
      List.of(
          new Flavor(new FlavorId("1"), "m1.tiny", 1, 512, 1),
          new Flavor(new FlavorId("2"), "m1.small", 1, 2048, 20),
          new Flavor(new FlavorId("3"), "m1.medium", 2, 4096, 40),
          new Flavor(new FlavorId("4"), "m1.large", 4, 8192, 80),
          new Flavor(new FlavorId("5"), "m1.xlarge", 8, 16384, 160));

  public Flavor {
    requireNonNull(id, "id is null");
    requireNonNull(name, "name is null");
    if (vcpus < 1 || memoryMb < 1 || diskGb < 0) {
      throw new IllegalArgumentException("flavor " + name + " has a non-positive size");
    }
  }

  /** A standard flavor by id or by name (clients send either). */
  public static Optional<Flavor> standard(String idOrName) {
    return STANDARD.stream()
        .filter(f -> f.id().value().equals(idOrName) || f.name().equals(idOrName))
        .findFirst();
  }
}
