package io.faultline.server.cli;

import picocli.CommandLine.Option;

/** Where the server is and whom to authenticate as (options shared by client commands). */
public final class Connection {
  @Option(
      names = "--url",
      description = "Faultline base URL (default: $FAULTLINE_URL, else http://127.0.0.1:8080).")
  String url;

  @Option(names = "--username", description = "User name (default: $OS_USERNAME, else admin).")
  String username;

  @Option(
      names = "--password",
      description = "Password (default: $FAULTLINE_PASSWORD, else $OS_PASSWORD).")
  String password;

  @Option(
      names = "--project",
      description = "Project to scope the token to (default: $OS_PROJECT_NAME, else admin).")
  String project;

  FaultlineClient client() {
    String resolvedPassword =
        firstOf(password, System.getenv("FAULTLINE_PASSWORD"), System.getenv("OS_PASSWORD"));
    if (resolvedPassword == null) {
      throw new IllegalArgumentException(
          "no password: pass --password or set FAULTLINE_PASSWORD (or OS_PASSWORD)");
    }
    return new FaultlineClient(
        firstOf(url, System.getenv("FAULTLINE_URL"), "http://127.0.0.1:8080"),
        firstOf(username, System.getenv("OS_USERNAME"), "admin"),
        resolvedPassword,
        firstOf(project, System.getenv("OS_PROJECT_NAME"), "admin"));
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
