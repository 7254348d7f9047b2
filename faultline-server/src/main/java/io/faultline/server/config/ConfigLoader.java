package io.faultline.server.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads the configuration file, applies environment overrides, and validates the result. Every
 * failure is a {@link ConfigException} whose message names the key.
 */
public final class ConfigLoader {
  /** Environment variables and the key each one sets. */
  public static final Map<String, String> ENVIRONMENT_KEYS = environmentKeys();

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .registerModule(new JavaTimeModule())
          .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);

  /** Writes a configuration back as the file would hold it: kebab-case keys, ISO durations. */
  private static final ObjectMapper WRITER =
      com.fasterxml.jackson.dataformat.yaml.YAMLMapper.builder()
          .addModule(new JavaTimeModule())
          .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
          .disable(
              com.fasterxml.jackson.databind.SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .build();

  private static final String MASK = "*****";

  private ConfigLoader() {}

  /**
   * The effective configuration as a tree of the file's keys, every default filled in, with secrets
   * masked: passwords, and the credentials inside URLs.
   */
  public static ObjectNode effective(FaultlineConfig config) {
    ObjectNode tree = WRITER.valueToTree(config);
    mask(tree);
    return tree;
  }

  /** The effective configuration as YAML, secrets masked. */
  public static String effectiveYaml(FaultlineConfig config) {
    try {
      return WRITER.writeValueAsString(effective(config));
    } catch (IOException e) {
      throw new IllegalStateException("configuration is not writable", e);
    }
  }

  private static void mask(ObjectNode node) {
    node.properties()
        .forEach(
            entry -> {
              JsonNode value = entry.getValue();
              if (value instanceof ObjectNode child) {
                mask(child);
              } else if (value.isTextual()) {
                String key = entry.getKey().toLowerCase(java.util.Locale.ROOT);
                if (key.contains("password") || key.contains("secret")) {
                  entry.setValue(node.textNode(MASK));
                } else {
                  entry.setValue(node.textNode(maskUrl(value.asText())));
                }
              }
            });
  }

  /** {@code scheme://user:secret@host} and {@code ...password=secret} lose the secret. */
  static String maskUrl(String text) {
    return text.replaceAll("(://[^/@:\\s]*:)[^/@\\s]*@", "$1" + MASK + "@")
        .replaceAll("(?i)(password=)[^&;\\s]*", "$1" + MASK);
  }

  private static Map<String, String> environmentKeys() {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("FAULTLINE_HOST", "server.host");
    keys.put("FAULTLINE_PORT", "server.port");
    keys.put("FAULTLINE_PUBLIC_URL", "server.public-url");
    keys.put("FAULTLINE_DATA_DIR", "store.data-dir");
    keys.put("FAULTLINE_DB_URL", "store.url");
    keys.put("FAULTLINE_DB_USER", "store.user");
    keys.put("FAULTLINE_DB_PASSWORD", "store.password");
    keys.put("FAULTLINE_ADMIN_PASSWORD", "identity.admin-password");
    keys.put("FAULTLINE_POLICY_FILE", "policy.file");
    keys.put("FAULTLINE_BUS_URL", "bus.url");
    keys.put("FAULTLINE_NODE_ADDRESS", "cluster.address");
    return Map.copyOf(keys);
  }

  /** Failure to load or validate the configuration. */
  public static final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Loads {@code file} (when present) and then the environment: {@code FAULTLINE_CONFIG} names the
   * file when {@code file} is absent.
   */
  public static FaultlineConfig load(Optional<Path> file, Map<String, String> environment) {
    Optional<Path> path =
        file.or(() -> Optional.ofNullable(environment.get("FAULTLINE_CONFIG")).map(Path::of));
    ObjectNode tree = path.map(ConfigLoader::readTree).orElseGet(YAML::createObjectNode);
    ENVIRONMENT_KEYS.forEach(
        (variable, key) -> {
          String value = environment.get(variable);
          if (value != null) {
            set(tree, key, value);
          }
        });
    return bind(tree);
  }

  /** Validates a configuration given as a tree, as a file would give it. */
  public static FaultlineConfig bind(JsonNode tree) {
    try {
      return YAML.treeToValue(tree, FaultlineConfig.class);
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException("unknown configuration key '" + key(e) + "'", e);
    } catch (JsonMappingException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IllegalArgumentException invalid) {
        throw new ConfigException("invalid configuration: " + invalid.getMessage(), e);
      }
      throw new ConfigException(
          "invalid value for configuration key '" + key(e) + "': " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ConfigException("cannot read configuration: " + e.getMessage(), e);
    }
  }

  private static ObjectNode readTree(Path path) {
    try {
      if (!Files.isRegularFile(path)) {
        throw new ConfigException("configuration file not found: " + path, null);
      }
      JsonNode node = YAML.readTree(path.toFile());
      if (node == null || node.isMissingNode() || node.isNull()) {
        return YAML.createObjectNode();
      }
      if (!node.isObject()) {
        throw new ConfigException("configuration file must hold a mapping: " + path, null);
      }
      return (ObjectNode) node;
    } catch (IOException e) {
      throw new ConfigException(
          "cannot parse configuration file " + path + ": " + e.getMessage(), e);
    }
  }

  private static void set(ObjectNode tree, String key, String value) {
    String[] parts = key.split("\\.", -1);
    ObjectNode node = tree;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = node.get(parts[i]);
      if (!(child instanceof ObjectNode)) {
        child = node.putObject(parts[i]);
      }
      node = (ObjectNode) child;
    }
    node.put(parts[parts.length - 1], value);
  }

  private static String key(JsonMappingException e) {
    return e.getPath().stream()
        .map(
            reference ->
                reference.getFieldName() == null
                    ? "[" + reference.getIndex() + "]"
                    : reference.getFieldName())
        .collect(Collectors.joining("."));
  }
}
