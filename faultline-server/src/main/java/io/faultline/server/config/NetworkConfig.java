package io.faultline.server.config;

/**
 * {@code network.*}.
 *
 * @param filterValidation an unknown list filter ({@code GET /v2.0/ports?bogus=1}) is a 400, as
 *     Neutron's {@code filter_validation} default; false ignores it ({@code
 *     network.filter-validation}, true)
 */
public record NetworkConfig(Boolean filterValidation) {
  public NetworkConfig {
    filterValidation = filterValidation == null || filterValidation;
  }

  public static NetworkConfig defaults() {
    return new NetworkConfig(null);
  }
}
