package io.faultline.server.config;

/**
 * {@code policy.*}.
 *
 * @param file a YAML or JSON file of rule overrides, {@code "rule": "check"} ({@code policy.file},
 *     env {@code FAULTLINE_POLICY_FILE}); rules it does not name keep their defaults
 */
public record PolicyConfig(String file) {
  public static PolicyConfig defaults() {
    return new PolicyConfig(null);
  }
}
