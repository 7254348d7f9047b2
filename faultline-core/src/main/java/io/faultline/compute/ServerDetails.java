package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import io.faultline.error.FaultlineException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a server carries beyond its size, image and states: access addresses, disk config, the
 * description (2.19), the key pair's name and the user's metadata. Validated as Nova's schemas do.
 */
public record ServerDetails(
    String accessIpv4,
    String accessIpv6,
    String diskConfig,
    Optional<String> description,
    Optional<String> keyName,
    Map<String, String> metadata) {
  public static final String MANUAL = "MANUAL";
  public static final String AUTO = "AUTO";
  public static final ServerDetails NONE =
      new ServerDetails("", "", MANUAL, Optional.empty(), Optional.empty(), Map.of());

  public ServerDetails {
    requireNonNull(accessIpv4, "accessIpv4 is null");
    requireNonNull(accessIpv6, "accessIpv6 is null");
    requireNonNull(diskConfig, "diskConfig is null");
    requireNonNull(description, "description is null");
    requireNonNull(keyName, "keyName is null");
    metadata = checkMetadata(requireNonNull(metadata, "metadata is null"));
    if (!diskConfig.equals(MANUAL) && !diskConfig.equals(AUTO)) {
      throw FaultlineException.badRequest(
          "OS-DCF:diskConfig must be 'AUTO' or 'MANUAL', not '" + diskConfig + "'");
    }
    if (description.isPresent() && description.get().length() > 255) {
      throw FaultlineException.badRequest("description is longer than 255 characters");
    }
  }

  /** Keys 1 to 255 characters, values up to 255; kept sorted so that equal maps compare equal. */
  public static Map<String, String> checkMetadata(Map<String, String> metadata) {
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      requireNonNull(entry.getValue(), "metadata value is null");
      if (entry.getKey().isEmpty() || entry.getKey().length() > 255) {
        throw FaultlineException.badRequest(
            "metadata key must be 1 to 255 characters, not '" + entry.getKey() + "'");
      }
      if (entry.getValue().length() > 255) {
        throw FaultlineException.badRequest(
            "metadata value of '" + entry.getKey() + "' is longer than 255 characters");
      }
    }
    return java.util.Collections.unmodifiableMap(new TreeMap<>(metadata));
  }

  public ServerDetails withMetadata(Map<String, String> value) {
    return new ServerDetails(accessIpv4, accessIpv6, diskConfig, description, keyName, value);
  }

  public ServerDetails withAccess(String ipv4, String ipv6) {
    return new ServerDetails(ipv4, ipv6, diskConfig, description, keyName, metadata);
  }

  public ServerDetails withDescription(Optional<String> value) {
    return new ServerDetails(accessIpv4, accessIpv6, diskConfig, value, keyName, metadata);
  }

  public ServerDetails withDiskConfig(String value) {
    return new ServerDetails(accessIpv4, accessIpv6, value, description, keyName, metadata);
  }
}
