package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import io.faultline.error.FaultlineException;
import java.util.Map;
import java.util.TreeMap;

/** A flavor with what Nova keeps beside its size: ephemeral and swap disks, access, extra specs. */
public record FlavorSpec(
    Flavor flavor,
    int ephemeralGb,
    int swapMb,
    double rxtxFactor,
    boolean isPublic,
    Map<String, String> extraSpecs) {
  public FlavorSpec {
    requireNonNull(flavor, "flavor is null");
    if (ephemeralGb < 0 || swapMb < 0 || rxtxFactor <= 0) {
      throw FaultlineException.badRequest(
          "ephemeral and swap must not be negative, rxtx_factor must be positive");
    }
    extraSpecs = checkSpecs(requireNonNull(extraSpecs, "extraSpecs is null"));
  }

  /** A standard flavor: public, no extra disks, no extra specs. */
  public static FlavorSpec standard(Flavor flavor) {
    return new FlavorSpec(flavor, 0, 0, 1.0, true, Map.of());
  }

  public FlavorSpec withExtraSpecs(Map<String, String> specs) {
    return new FlavorSpec(flavor, ephemeralGb, swapMb, rxtxFactor, isPublic, specs);
  }

  /** Keys and values 1 to 255 characters; sorted, so that equal specs compare equal. */
  static Map<String, String> checkSpecs(Map<String, String> specs) {
    specs.forEach(
        (key, value) -> {
          if (key.isEmpty() || key.length() > 255 || value.length() > 255) {
            throw FaultlineException.badRequest(
                "extra spec keys must be 1 to 255 characters and values at most 255, not '"
                    + key
                    + "'");
          }
        });
    return java.util.Collections.unmodifiableMap(new TreeMap<>(specs));
  }
}
