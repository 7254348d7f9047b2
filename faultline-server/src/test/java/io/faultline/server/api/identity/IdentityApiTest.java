package io.faultline.server.api.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.server.TestServer;
import io.faultline.server.TestServer.Account;
import io.faultline.server.TestServer.Reply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IdentityApiTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void versionDocumentsPointAtV3() {
    Reply root = server.http().get("/", null).expect(300);
    assertThat(root.json().at("/versions/values/0/id").asText()).isEqualTo("v3.14");
    assertThat(root.header("Location")).isEqualTo(server.baseUrl() + "/v3/");
    Reply v3 = server.http().get("/identity/v3", null).expect(200);
    assertThat(v3.json().at("/version/links/0/href").asText()).isEqualTo(server.baseUrl() + "/v3/");
  }

  @Test
  void projectScopedTokenCarriesWhatKeystoneauthReads() {
    String body =
        """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "admin",
          "domain": {"name": "Default"}, "password": "secret"}}},
          "scope": {"project": {"name": "admin", "domain": {"name": "Default"}}}}}
        """;
    Reply reply = server.http().post("/v3/auth/tokens", null, body).expect(201);
    assertThat(reply.header("X-Subject-Token")).hasSizeGreaterThan(30);
    JsonNode token = reply.json().get("token");
    assertThat(token.get("methods").get(0).asText()).isEqualTo("password");
    assertThat(token.at("/user/name").asText()).isEqualTo("admin");
    assertThat(token.at("/user/domain/id").asText()).isEqualTo("default");
    assertThat(token.at("/project/name").asText()).isEqualTo("admin");
    assertThat(token.at("/project/domain/name").asText()).isEqualTo("Default");
    assertThat(token.get("audit_ids")).hasSize(1);
    assertThat(token.get("expires_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*\\.\\d{6}Z");
    assertThat(token.get("issued_at").asText()).endsWith("Z");
    List<String> roles = new ArrayList<>();
    token.get("roles").forEach(role -> roles.add(role.get("name").asText()));
    assertThat(roles).contains("admin", "member", "reader");
    List<String> types = new ArrayList<>();
    token
        .get("catalog")
        .forEach(
            service -> {
              types.add(service.get("type").asText());
              assertThat(service.get("endpoints"))
                  .extracting(e -> e.get("interface").asText())
                  .containsExactlyInAnyOrder("public", "internal", "admin");
            });
    assertThat(types).contains("identity", "compute", "network", "alarming", "image");
  }

  @Test
  void unscopedTokenHasNoProjectOrCatalog() {
    String body =
        """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "admin",
          "domain": {"id": "default"}, "password": "secret"}}}}}
        """;
    JsonNode token = server.http().post("/v3/auth/tokens", null, body).expect(201).json();
    assertThat(token.at("/token/project").isMissingNode()).isTrue();
    assertThat(token.at("/token/catalog").isMissingNode()).isTrue();
  }

  @Test
  void tokenUserProjectAndRoleHaveKeystonesExactKeys() {
    String scopedBody =
        """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "admin",
          "domain": {"name": "Default"}, "password": "secret"}}},
          "scope": {"project": {"name": "admin", "domain": {"name": "Default"}}}}}
        """;
    JsonNode scoped = server.http().post("/v3/auth/tokens", null, scopedBody).expect(201).json();
    assertThat(keys(scoped.get("token")))
        .containsExactlyInAnyOrder(
            "methods",
            "user",
            "audit_ids",
            "expires_at",
            "issued_at",
            "project",
            "is_domain",
            "roles",
            "catalog");
    assertThat(keys(scoped.at("/token/user")))
        .containsExactlyInAnyOrder("domain", "id", "name", "password_expires_at");
    assertThat(scoped.at("/token/user/password_expires_at").isNull()).isTrue();
    assertThat(keys(scoped.at("/token/project"))).containsExactlyInAnyOrder("domain", "id", "name");
    assertThat(keys(scoped.at("/token/roles/0"))).containsExactlyInAnyOrder("id", "name");
    assertThat(keys(scoped.at("/token/catalog/0/endpoints/0")))
        .containsExactlyInAnyOrder("id", "interface", "region", "region_id", "url");
    String unscopedBody =
        """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "admin",
          "domain": {"id": "default"}, "password": "secret"}}}}}
        """;
    JsonNode unscoped =
        server.http().post("/v3/auth/tokens", null, unscopedBody).expect(201).json().get("token");
    assertThat(keys(unscoped))
        .containsExactlyInAnyOrder("methods", "user", "audit_ids", "expires_at", "issued_at");

    String admin = server.adminToken();
    JsonNode user =
        server
            .http()
            .post("/v3/users", admin, "{\"user\": {\"name\": \"shape-user\", \"team\": \"noc\"}}")
            .expect(201)
            .json()
            .get("user");
    // No email, description or default project: those keys are absent, not null.
    assertThat(keys(user))
        .containsExactlyInAnyOrder(
            "id",
            "name",
            "domain_id",
            "enabled",
            "password_expires_at",
            "options",
            "links",
            "team");
    JsonNode project =
        server
            .http()
            .post("/v3/projects", admin, "{\"project\": {\"name\": \"shape-project\"}}")
            .expect(201)
            .json()
            .get("project");
    assertThat(keys(project))
        .containsExactlyInAnyOrder(
            "id",
            "name",
            "domain_id",
            "description",
            "enabled",
            "is_domain",
            "parent_id",
            "tags",
            "options",
            "links");
    JsonNode role = server.http().get("/v3/roles", admin).expect(200).json().at("/roles/0");
    assertThat(keys(role))
        .containsExactlyInAnyOrder("id", "name", "domain_id", "description", "options", "links");
    assertThat(role.get("domain_id").isNull()).isTrue();
    JsonNode links = server.http().get("/v3/roles", admin).expect(200).json().get("links");
    assertThat(keys(links)).containsExactly("self", "previous", "next");
  }

  private static List<String> keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  @Test
  void wrongPasswordUnknownUserAndUnknownProjectAreAll401() {
    for (String[] attempt :
        new String[][] {
          {"admin", "nope", "admin"}, {"ghost", "secret", "admin"}, {"admin", "secret", "ghost"}
        }) {
      String body =
          """
          {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "%s",
            "domain": {"id": "default"}, "password": "%s"}}},
            "scope": {"project": {"name": "%s", "domain": {"id": "default"}}}}}
          """
              .formatted((Object[]) attempt);
      Reply reply = server.http().post("/v3/auth/tokens", null, body).expect(401);
      assertThat(reply.json().at("/error/code").asInt()).isEqualTo(401);
      assertThat(reply.json().at("/error/title").asText()).isEqualTo("Unauthorized");
    }
  }

  @Test
  void validateCheckAndRevoke() {
    Account alice = server.newProjectUser("member");
    String admin = server.adminToken();
    Reply validated =
        server
            .http()
            .send(
                "GET",
                "/v3/auth/tokens",
                admin,
                null,
                java.util.Map.of("X-Subject-Token", alice.token()))
            .expect(200);
    assertThat(validated.json().at("/token/user/id").asText()).isEqualTo(alice.userId());
    assertThat(validated.header("X-Subject-Token")).isEqualTo(alice.token());
    server
        .http()
        .send(
            "HEAD",
            "/v3/auth/tokens",
            admin,
            null,
            java.util.Map.of("X-Subject-Token", alice.token()))
        .expect(200);
    server
        .http()
        .send(
            "DELETE",
            "/v3/auth/tokens",
            admin,
            null,
            java.util.Map.of("X-Subject-Token", alice.token()))
        .expect(204);
    server
        .http()
        .send(
            "GET",
            "/v3/auth/tokens",
            admin,
            null,
            java.util.Map.of("X-Subject-Token", alice.token()))
        .expect(404);
    server.http().get("/v3/projects/" + alice.projectId(), alice.token()).expect(401);
  }

  @Test
  void noTokenOrABadTokenIs401() {
    Reply none = server.http().get("/v3/projects", null).expect(401);
    assertThat(none.header("WWW-Authenticate")).startsWith("Keystone uri=");
    server.http().get("/v3/projects", "not-a-token").expect(401);
  }

  @Test
  void memberIsRefusedAdminOperationsAndNothingChanges() {
    Account member = server.newProjectUser("member");
    Reply denied =
        server
            .http()
            .post("/v3/projects", member.token(), "{\"project\": {\"name\": \"sneaky\"}}")
            .expect(403);
    assertThat(denied.json().at("/error/message").asText()).contains("identity:create_project");
    JsonNode projects =
        server.http().get("/v3/projects?name=sneaky", server.adminToken()).expect(200).json();
    assertThat(projects.get("projects")).isEmpty();
    server.http().get("/v3/users", member.token()).expect(403);
    // A member reads its own project, not another one.
    server.http().get("/v3/projects/" + member.projectId(), member.token()).expect(200);
    Account other = server.newProjectUser("member");
    server.http().get("/v3/projects/" + other.projectId(), member.token()).expect(403);
  }

  @Test
  void roleGrantsDecideTheTokenRoles() {
    Account reader = server.newProjectUser("reader");
    JsonNode token =
        server
            .http()
            .send(
                "GET",
                "/v3/auth/tokens",
                server.adminToken(),
                null,
                java.util.Map.of("X-Subject-Token", reader.token()))
            .expect(200)
            .json();
    assertThat(token.at("/token/roles"))
        .extracting(role -> role.get("name").asText())
        .containsExactly("reader");
    JsonNode assignments =
        server
            .http()
            .get(
                "/v3/role_assignments?user.id=" + reader.userId() + "&include_names",
                server.adminToken())
            .expect(200)
            .json();
    assertThat(assignments.at("/role_assignments/0/role/name").asText()).isEqualTo("reader");
    assertThat(assignments.at("/role_assignments/0/user/name").asText())
        .isEqualTo(reader.userName());
  }

  @Test
  void projectLifecycleAndDuplicates() {
    String admin = server.adminToken();
    JsonNode created =
        server
            .http()
            .post(
                "/v3/projects",
                admin,
                "{\"project\": {\"name\": \"life\", \"description\": \"d\"}}")
            .expect(201)
            .json();
    String id = created.at("/project/id").asText();
    server.http().post("/v3/projects", admin, "{\"project\": {\"name\": \"life\"}}").expect(409);
    server
        .http()
        .patch("/v3/projects/" + id, admin, "{\"project\": {\"enabled\": false}}")
        .expect(200);
    assertThat(
            server
                .http()
                .get("/v3/projects/" + id, admin)
                .expect(200)
                .json()
                .at("/project/enabled")
                .asBoolean())
        .isFalse();
    server.http().delete("/v3/projects/" + id, admin).expect(204);
    server.http().get("/v3/projects/" + id, admin).expect(404);
  }

  @Test
  void badBodiesAre400WithAMessageNamingTheProblem() {
    String admin = server.adminToken();
    Reply malformed = server.http().post("/v3/projects", admin, "{\"project\": ").expect(400);
    assertThat(malformed.json().at("/error/message").asText()).contains("malformed JSON");
    Reply wrongType =
        server.http().post("/v3/projects", admin, "{\"project\": {\"name\": 42}}").expect(400);
    assertThat(wrongType.json().at("/error/message").asText()).contains("project.name");
    Reply missing = server.http().post("/v3/projects", admin, "{\"project\": {}}").expect(400);
    assertThat(missing.json().at("/error/message").asText()).contains("project.name");
    server.http().post("/v3/projects", admin, "[1, 2]").expect(400);
    server.http().post("/v3/auth/tokens", null, "{\"auth\": {\"identity\": {}}}").expect(400);
  }
}
