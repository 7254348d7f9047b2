package io.faultline.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the server is and whom to authenticate as (options shared by client commands). Like the
 * OpenStack CLIs, it reads the cloud named by {@code --os-cloud} or {@code $OS_CLOUD} from a {@code
 * clouds.yaml}, else the {@code OS_*} environment variables; options and {@code FAULTLINE_*}
 * variables come first.
 */
public final class Connection {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final String DEFAULT_URL = "http://127.0.0.1:8080";

  @Option(
      names = "--url",
      description =
          "Faultline base URL (default: $FAULTLINE_URL, else the cloud's auth_url or $OS_AUTH_URL"
              + " without /v3, else "
              + DEFAULT_URL
              + ").")
  String url;

  @Option(
      names = "--os-cloud",
      description =
          "Cloud to use from clouds.yaml (default: $OS_CLOUD); clouds.yaml is searched as the"
              + " OpenStack CLIs do: $OS_CLIENT_CONFIG_FILE, ./clouds.yaml,"
              + " ~/.config/openstack/clouds.yaml, /etc/openstack/clouds.yaml.")
  String cloud;

  @Option(
      names = "--username",
      description = "User name (default: the cloud's, else $OS_USERNAME, else admin).")
  String username;

  @Option(
      names = "--password",
      description = "Password (default: $FAULTLINE_PASSWORD, else the cloud's, else $OS_PASSWORD).")
  String password;

  @Option(
      names = "--project",
      description =
          "Project to scope the token to (default: the cloud's, else $OS_PROJECT_NAME, else"
              + " admin).")
  String project;

  /** Where to connect and as whom, resolved. */
  record Resolved(String url, String username, String password, String project) {}

  FaultlineClient client() {
    Resolved resolved = resolve(System.getenv(), cloudFiles(System.getenv()));
    return new FaultlineClient(
        resolved.url(), resolved.username(), resolved.password(), resolved.project());
  }

  /** The base URL this connection goes to (for messages). */
  String url() {
    return resolve(System.getenv(), cloudFiles(System.getenv()), false).url();
  }

  Resolved resolve(Map<String, String> env, List<Path> cloudFiles) {
    return resolve(env, cloudFiles, true);
  }

  private Resolved resolve(Map<String, String> env, List<Path> cloudFiles, boolean needPassword) {
    String cloudName = firstOf(cloud, env.get("OS_CLOUD"));
    JsonNode auth = YAML.createObjectNode();
    if (cloudName != null) {
      auth = cloudAuth(cloudName, cloudFiles);
    }
    String resolvedPassword =
        firstOf(
            password,
            env.get("FAULTLINE_PASSWORD"),
            text(auth, "password"),
            env.get("OS_PASSWORD"));
    if (resolvedPassword == null && needPassword) {
      throw new IllegalArgumentException(
          "no password: pass --password or set FAULTLINE_PASSWORD (or OS_PASSWORD, or a password"
              + " in the clouds.yaml cloud named by OS_CLOUD)");
    }
    String authUrl = firstOf(text(auth, "auth_url"), env.get("OS_AUTH_URL"));
    return new Resolved(
        firstOf(
            url, env.get("FAULTLINE_URL"), authUrl == null ? null : baseOf(authUrl), DEFAULT_URL),
        firstOf(username, text(auth, "username"), env.get("OS_USERNAME"), "admin"),
        resolvedPassword,
        firstOf(project, text(auth, "project_name"), env.get("OS_PROJECT_NAME"), "admin"));
  }

  /** Faultline serves Keystone at {@code /v3} of its base URL: the auth URL without it. */
  static String baseOf(String authUrl) {
    String base = authUrl.strip();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    if (base.endsWith("/v3")) {
      base = base.substring(0, base.length() - 3);
    }
    return base;
  }

  /** Where clouds.yaml is looked for, in order (as openstacksdk does). */
  static List<Path> cloudFiles(Map<String, String> env) {
    List<Path> files = new ArrayList<>();
    if (env.get("OS_CLIENT_CONFIG_FILE") != null) {
      files.add(Path.of(env.get("OS_CLIENT_CONFIG_FILE")));
    }
    files.add(Path.of("clouds.yaml"));
    String home = System.getProperty("user.home");
    if (home != null) {
      files.add(Path.of(home, ".config", "openstack", "clouds.yaml"));
    }
    files.add(Path.of("/etc/openstack/clouds.yaml"));
    return files;
  }

  /** The {@code auth} section of the named cloud in the first clouds.yaml that exists. */
  private static JsonNode cloudAuth(String name, List<Path> files) {
    for (Path file : files) {
      if (!Files.isRegularFile(file)) {
        continue;
      }
      JsonNode root;
      try {
        root = YAML.readTree(file.toFile());
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot read " + file + ": " + FaultlineClient.reason(e), e);
      }
      JsonNode entry = root == null ? null : root.path("clouds").get(name);
      if (entry == null) {
        throw new IllegalArgumentException("cloud '" + name + "' is not defined in " + file);
      }
      return entry.path("auth");
    }
    throw new IllegalArgumentException(
        "cloud '"
            + name
            + "' was asked for (OS_CLOUD or --os-cloud) but no clouds.yaml was found; looked in "
            + String.join(", ", files.stream().map(Path::toString).toList()));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static String firstOf(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }
}
