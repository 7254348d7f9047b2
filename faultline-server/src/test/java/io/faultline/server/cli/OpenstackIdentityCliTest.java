package io.faultline.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.server.TestServer;
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
}
