package io.faultline.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.server.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The unmodified {@code openstack} CLI drives identity. */
class OpenstackIdentityCliTest {
  private static TestServer server;
  private static CliRunner cli;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    cli = new CliRunner(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void tokenIssueAndCatalogList() throws Exception {
    JsonNode token = cli.admin("openstack", "token", "issue", "-f", "json").json();
    assertThat(token.get("id").asText()).hasSizeGreaterThan(30);
    assertThat(token.get("project_id").asText()).hasSize(32);
    JsonNode catalog = cli.admin("openstack", "catalog", "list", "-f", "json").json();
    assertThat(catalog)
        .extracting(service -> service.get("Type").asText())
        .contains("identity", "compute", "network", "alarming", "image");
  }

  @Test
  void projectUserAndRoleAssignmentThenTheNewUserWorksAndIsLimited() throws Exception {
    JsonNode project = cli.admin("openstack", "project", "create", "-f", "json", "cli-demo").json();
    assertThat(project.get("name").asText()).isEqualTo("cli-demo");
    JsonNode user =
        cli.admin(
                "openstack",
                "user",
                "create",
                "-f",
                "json",
                "--domain",
                "default",
                "--password",
                "pw",
                "cli-alice")
            .json();
    assertThat(user.get("name").asText()).isEqualTo("cli-alice");
    cli.admin("openstack", "role", "add", "--project", "cli-demo", "--user", "cli-alice", "member")
        .succeeded();
    JsonNode users = cli.admin("openstack", "user", "list", "-f", "json").json();
    assertThat(users).extracting(u -> u.get("Name").asText()).contains("admin", "cli-alice");
    JsonNode assignments =
        cli.admin(
                "openstack",
                "role",
                "assignment",
                "list",
                "--names",
                "--user",
                "cli-alice",
                "-f",
                "json")
            .json();
    assertThat(assignments.get(0).get("Role").asText()).isEqualTo("member");

    JsonNode aliceToken =
        cli.run("cli-alice", "pw", "cli-demo", "openstack", "token", "issue", "-f", "json").json();
    assertThat(aliceToken.get("user_id").asText()).isEqualTo(user.get("id").asText());
    CliRunner.Result refused =
        cli.run("cli-alice", "pw", "cli-demo", "openstack", "project", "create", "nope");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr()).contains("403");
  }

  @Test
  void domainCreateShowSetAndDelete() {
    JsonNode domain =
        cli.admin("openstack", "domain", "create", "-f", "json", "--description", "edge", "cli-dom")
            .json();
    assertThat(domain.get("name").asText()).isEqualTo("cli-dom");
    assertThat(domain.get("enabled").asBoolean()).isTrue();
    JsonNode domains = cli.admin("openstack", "domain", "list", "-f", "json").json();
    assertThat(domains).extracting(d -> d.get("Name").asText()).contains("Default", "cli-dom");
    CliRunner.Result refused = cli.admin("openstack", "domain", "delete", "cli-dom");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr()).contains("disable it first");
    cli.admin("openstack", "domain", "set", "--disable", "cli-dom").succeeded();
    cli.admin("openstack", "domain", "delete", "cli-dom").succeeded();
    assertThat(cli.admin("openstack", "domain", "show", "cli-dom").exitCode()).isNotZero();
  }

  @Test
  void applicationCredentialCreateAndAuthenticateWithIt() {
    JsonNode credential =
        cli.admin(
                "openstack",
                "application",
                "credential",
                "create",
                "-f",
                "json",
                "--role",
                "reader",
                "--description",
                "for the monitor",
                "cli-monitor")
            .json();
    String id = credential.get("id").asText();
    String secret = credential.get("secret").asText();
    assertThat(secret).hasSizeGreaterThan(30);
    JsonNode listed =
        cli.admin("openstack", "application", "credential", "list", "-f", "json").json();
    assertThat(listed).extracting(c -> c.get("Name").asText()).contains("cli-monitor");

    Map<String, String> asCredential =
        Map.of(
            "OS_AUTH_TYPE", "v3applicationcredential",
            "OS_APPLICATION_CREDENTIAL_ID", id,
            "OS_APPLICATION_CREDENTIAL_SECRET", secret);
    JsonNode token = cli.runAs(asCredential, "openstack", "token", "issue", "-f", "json").json();
    assertThat(token.get("project_id").asText()).isEqualTo(credential.get("project_id").asText());
    cli.runAs(asCredential, "openstack", "server", "list", "-f", "json").succeeded();
    CliRunner.Result readerOnly =
        cli.runAs(asCredential, "openstack", "network", "create", "by-app-credential");
    assertThat(readerOnly.exitCode()).isNotZero();

    cli.admin("openstack", "application", "credential", "delete", "cli-monitor").succeeded();
    assertThat(cli.runAs(asCredential, "openstack", "token", "issue").exitCode()).isNotZero();
  }

  @Test
  void aUserGrantedTheLegacyMemberRoleActsAsAMember() {
    cli.admin("openstack", "project", "create", "legacy").succeeded();
    cli.admin(
            "openstack", "user", "create", "--domain", "default", "--password", "pw", "legacy-user")
        .succeeded();
    cli.admin(
            "openstack", "role", "add", "--project", "legacy", "--user", "legacy-user", "_member_")
        .succeeded();
    JsonNode network =
        cli.run(
                "legacy-user",
                "pw",
                "legacy",
                "openstack",
                "network",
                "create",
                "-f",
                "json",
                "lnet")
            .json();
    assertThat(network.get("name").asText()).isEqualTo("lnet");
    cli.run("legacy-user", "pw", "legacy", "openstack", "server", "list", "-f", "json").succeeded();
    JsonNode implied = cli.admin("openstack", "implied", "role", "list", "-f", "json").json();
    assertThat(implied)
        .extracting(
            r -> r.get("Prior Role Name").asText() + ">" + r.get("Implied Role Name").asText())
        .contains("_member_>member", "admin>member", "member>reader");
  }
}
