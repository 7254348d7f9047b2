package io.faultline.server.api.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.server.TestServer;
import io.faultline.server.TestServer.Account;
import io.faultline.server.TestServer.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keystone v3 behaviour beyond the basics, through the real server: status codes and bodies. */
class KeystoneCompatibilityTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String admin() {
    return server.adminToken();
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void domainLifecycleDeletesOnlyWhenDisabled() {
    String name = unique("dom");
    Reply created =
        server
            .http()
            .post(
                "/v3/domains",
                admin(),
                "{\"domain\": {\"name\": \"" + name + "\", \"description\": \"d\"}}")
            .expect(201);
    String id = created.json().at("/domain/id").asText();
    assertThat(created.json().at("/domain/enabled").asBoolean()).isTrue();
    assertThat(created.json().at("/domain/links/self").asText()).endsWith("/v3/domains/" + id);
    server
        .http()
        .post("/v3/domains", admin(), "{\"domain\": {\"name\": \"" + name + "\"}}")
        .expect(409);
    server.http().post("/v3/domains", admin(), "{\"domain\": {}}").expect(400);
    assertThat(
            server
                .http()
                .get("/v3/domains?name=" + name, admin())
                .expect(200)
                .json()
                .get("domains"))
        .hasSize(1);
    server.http().get("/v3/domains?colour=red", admin()).expect(400);
    // A project and a user in it go with the domain.
    String project =
        server
            .http()
            .post(
                "/v3/projects",
                admin(),
                "{\"project\": {\"name\": \"p\", \"domain_id\": \"" + id + "\"}}")
            .expect(201)
            .json()
            .at("/project/id")
            .asText();
    Reply refused = server.http().delete("/v3/domains/" + id, admin()).expect(403);
    assertThat(refused.json().at("/error/message").asText()).contains("disable it first");
    server.http().get("/v3/projects/" + project, admin()).expect(200);
    JsonNode disabled =
        server
            .http()
            .patch("/v3/domains/" + id, admin(), "{\"domain\": {\"enabled\": false}}")
            .expect(200)
            .json();
    assertThat(disabled.at("/domain/enabled").asBoolean()).isFalse();
    assertThat(disabled.at("/domain/description").asText()).isEqualTo("d");
    server.http().delete("/v3/domains/" + id, admin()).expect(204);
    server.http().get("/v3/domains/" + id, admin()).expect(404);
    server.http().get("/v3/projects/" + project, admin()).expect(404);
    server
        .http()
        .patch("/v3/domains/default", admin(), "{\"domain\": {\"enabled\": 1}}")
        .expect(400);
  }

  @Test
  void aDomainIsShownAsTheProjectActingAsIt() {
    String name = unique("dom");
    String id =
        server
            .http()
            .post("/v3/domains", admin(), "{\"domain\": {\"name\": \"" + name + "\"}}")
            .expect(201)
            .json()
            .at("/domain/id")
            .asText();
    for (String domain : List.of("default", id)) {
      JsonNode project =
          server.http().get("/v3/projects/" + domain, admin()).expect(200).json().get("project");
      assertThat(project.get("id").asText()).isEqualTo(domain);
      assertThat(project.get("is_domain").asBoolean()).isTrue();
      assertThat(project.get("domain_id").isNull()).isTrue();
      assertThat(project.get("parent_id").isNull()).isTrue();
    }
    assertThat(
            server
                .http()
                .get("/v3/projects/" + name, admin())
                .expect(404)
                .json()
                .at("/error/message")
                .asText())
        .contains("Could not find project");
  }

  @Test
  void authProjectsListsEveryProjectWithARoleAndUserProjectsToo() {
    Account account = server.newProjectUser("member");
    String other = unique("p");
    String otherId =
        server
            .http()
            .post("/v3/projects", admin(), "{\"project\": {\"name\": \"" + other + "\"}}")
            .expect(201)
            .json()
            .at("/project/id")
            .asText();
    String reader = roleId("reader");
    server
        .http()
        .put(
            "/v3/projects/" + otherId + "/users/" + account.userId() + "/roles/" + reader,
            admin(),
            null)
        .expect(204);
    List<String> names = names(server.http().get("/v3/auth/projects", account.token()).expect(200));
    assertThat(names).containsExactlyInAnyOrder(other, projectName(account));
    List<String> own =
        names(
            server
                .http()
                .get("/v3/users/" + account.userId() + "/projects", account.token())
                .expect(200));
    assertThat(own).containsExactlyInAnyOrder(other, projectName(account));
    // Another user's projects are not theirs to list.
    String adminId =
        server.http().get("/v3/users?name=admin", admin()).json().at("/users/0/id").asText();
    server.http().get("/v3/users/" + adminId + "/projects", account.token()).expect(403);
  }

  @Test
  void tokenMethodRescopesKeepingUserAndExpiry() {
    Account account = server.newProjectUser("member");
    Reply unscoped =
        server
            .http()
            .post(
                "/v3/auth/tokens",
                null,
                "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\":"
                    + " {\"id\": \""
                    + account.userId()
                    + "\", \"password\": \"pw\"}}}}}")
            .expect(201);
    String secret = unscoped.header("X-Subject-Token");
    Reply rescoped =
        server
            .http()
            .post(
                "/v3/auth/tokens",
                null,
                "{\"auth\": {\"identity\": {\"methods\": [\"token\"], \"token\": {\"id\": \""
                    + secret
                    + "\"}}, \"scope\": {\"project\": {\"id\": \""
                    + account.projectId()
                    + "\"}}}}")
            .expect(201);
    JsonNode token = rescoped.json().get("token");
    assertThat(token.at("/project/id").asText()).isEqualTo(account.projectId());
    assertThat(token.at("/user/id").asText()).isEqualTo(account.userId());
    assertThat(token.get("methods").toString()).contains("token", "password");
    assertThat(token.get("expires_at").asText())
        .isEqualTo(unscoped.json().at("/token/expires_at").asText());
    assertThat(token.get("roles").toString()).contains("member");
    // A project without a role, and a bad token, are both 401.
    String adminProject =
        server.http().get("/v3/projects?name=admin", admin()).json().at("/projects/0/id").asText();
    server
        .http()
        .post(
            "/v3/auth/tokens",
            null,
            "{\"auth\": {\"identity\": {\"methods\": [\"token\"], \"token\": {\"id\": \""
                + secret
                + "\"}}, \"scope\": {\"project\": {\"id\": \""
                + adminProject
                + "\"}}}}")
        .expect(401);
    server
        .http()
        .post(
            "/v3/auth/tokens",
            null,
            "{\"auth\": {\"identity\": {\"methods\": [\"token\"], \"token\": {\"id\": \"nope\"}}}}")
        .expect(401);
  }

  @Test
  void tokenTimesAreTheSameAtIssueAndValidation() {
    for (int i = 0; i < 20; i++) {
      Reply issued =
          server
              .http()
              .post(
                  "/v3/auth/tokens",
                  null,
                  "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\":"
                      + " {\"name\": \"admin\", \"domain\": {\"id\": \"default\"}, \"password\":"
                      + " \"secret\"}}}}}")
              .expect(201);
      Reply validated =
          server
              .http()
              .send(
                  "GET",
                  "/v3/auth/tokens",
                  admin(),
                  null,
                  Map.of("X-Subject-Token", issued.header("X-Subject-Token")))
              .expect(200);
      assertThat(validated.json().at("/token/issued_at").asText())
          .isEqualTo(issued.json().at("/token/issued_at").asText());
      assertThat(validated.json().at("/token/expires_at").asText())
          .isEqualTo(issued.json().at("/token/expires_at").asText());
    }
  }

  @Test
  void passwordChangeNeedsTheOriginalAndRevokesTokens() {
    Account account = server.newProjectUser("member");
    String path = "/v3/users/" + account.userId() + "/password";
    Reply wrong =
        server
            .http()
            .post(path, null, "{\"user\": {\"original_password\": \"bad\", \"password\": \"new\"}}")
            .expect(401);
    assertThat(wrong.json().at("/error/code").asInt()).isEqualTo(401);
    server.http().post(path, null, "{\"user\": {\"password\": \"new\"}}").expect(400);
    server.http().get("/v3/auth/projects", account.token()).expect(200);
    server
        .http()
        .post(path, null, "{\"user\": {\"original_password\": \"pw\", \"password\": \"new\"}}")
        .expect(204);
    server.http().get("/v3/auth/projects", account.token()).expect(401);
    server.token(account.userName(), "new", projectName(account));
  }

  @Test
  void extraAttributesTagsAndIsDomainAreKept() {
    String name = unique("x");
    JsonNode project =
        server
            .http()
            .post(
                "/v3/projects",
                admin(),
                "{\"project\": {\"name\": \""
                    + name
                    + "\", \"tags\": [\"nfv\", \"edge\"], \"site\": \"paris\", \"rack\": {\"row\": 4}}}")
            .expect(201)
            .json()
            .get("project");
    assertThat(project.get("tags").toString()).isEqualTo("[\"nfv\",\"edge\"]");
    assertThat(project.get("site").asText()).isEqualTo("paris");
    JsonNode shown =
        server.http().get("/v3/projects/" + project.get("id").asText(), admin()).expect(200).json();
    assertThat(shown.at("/project/rack/row").asInt()).isEqualTo(4);
    assertThat(shown.at("/project/is_domain").asBoolean()).isFalse();
    JsonNode patched =
        server
            .http()
            .patch(
                "/v3/projects/" + project.get("id").asText(),
                admin(),
                "{\"project\": {\"site\": \"lyon\"}}")
            .expect(200)
            .json();
    assertThat(patched.at("/project/site").asText()).isEqualTo("lyon");
    assertThat(patched.at("/project/rack/row").asInt()).isEqualTo(4);
    server
        .http()
        .post("/v3/projects", admin(), "{\"project\": {\"name\": \"t\", \"tags\": \"nfv\"}}")
        .expect(400);

    JsonNode user =
        server
            .http()
            .post(
                "/v3/users",
                admin(),
                "{\"user\": {\"name\": \"" + unique("u") + "\", \"team\": \"noc\"}}")
            .expect(201)
            .json()
            .get("user");
    assertThat(user.get("team").asText()).isEqualTo("noc");
    assertThat(
            server
                .http()
                .get("/v3/users/" + user.get("id").asText(), admin())
                .json()
                .at("/user/team")
                .asText())
        .isEqualTo("noc");

    String domainName = unique("pd");
    JsonNode asDomain =
        server
            .http()
            .post(
                "/v3/projects",
                admin(),
                "{\"project\": {\"name\": \"" + domainName + "\", \"is_domain\": true}}")
            .expect(201)
            .json()
            .get("project");
    assertThat(asDomain.get("is_domain").asBoolean()).isTrue();
    server.http().get("/v3/domains/" + asDomain.get("id").asText(), admin()).expect(200);
    List<String> domains =
        names(server.http().get("/v3/projects?is_domain=true", admin()).expect(200));
    assertThat(domains).contains(domainName, "Default").doesNotContain(name);
    List<String> projects =
        names(server.http().get("/v3/projects?is_domain=false", admin()).expect(200));
    assertThat(projects).contains(name).doesNotContain(domainName);
    server.http().get("/v3/projects?colour=red", admin()).expect(400);
    server.http().get("/v3/users?colour=red", admin()).expect(400);
    server.http().get("/v3/roles?colour=red", admin()).expect(400);
  }

  @Test
  void impliedRolesApiAndTheLegacyMemberRole() {
    String prior = createRole(unique("prior"));
    String implied = createRole(unique("implied"));
    String rule = "/v3/roles/" + prior + "/implies/" + implied;
    JsonNode created = server.http().put(rule, admin(), null).expect(201).json();
    assertThat(created.at("/role_inference/prior_role/id").asText()).isEqualTo(prior);
    assertThat(created.at("/role_inference/implies/id").asText()).isEqualTo(implied);
    assertThat(created.at("/links/self").asText()).endsWith(rule);
    server.http().get(rule, admin()).expect(200);
    server.http().head(rule, admin()).expect(204);
    assertThat(
            server
                .http()
                .get("/v3/roles/" + prior + "/implies", admin())
                .expect(200)
                .json()
                .at("/role_inference/implies/0/id")
                .asText())
        .isEqualTo(implied);
    server.http().put("/v3/roles/" + implied + "/implies/" + prior, admin(), null).expect(400);
    server
        .http()
        .put("/v3/roles/" + prior + "/implies/" + roleId("admin"), admin(), null)
        .expect(403);
    JsonNode rules = server.http().get("/v3/role_inferences", admin()).expect(200).json();
    List<String> pairs = new ArrayList<>();
    rules
        .get("role_inferences")
        .forEach(
            r ->
                r.get("implies")
                    .forEach(
                        i ->
                            pairs.add(
                                r.at("/prior_role/name").asText() + ">" + i.get("name").asText())));
    assertThat(pairs).contains("admin>member", "member>reader", "_member_>member");
    server.http().delete(rule, admin()).expect(204);
    server.http().get(rule, admin()).expect(404);
    server.http().delete(rule, admin()).expect(404);

    // A user granted only _member_ has member and reader in the token and acts as a member.
    Account legacy = server.newProjectUser("_member_");
    JsonNode token =
        server
            .http()
            .send(
                "GET", "/v3/auth/tokens", admin(), null, Map.of("X-Subject-Token", legacy.token()))
            .expect(200)
            .json();
    List<String> roles = new ArrayList<>();
    token.at("/token/roles").forEach(r -> roles.add(r.get("name").asText()));
    assertThat(roles).containsExactlyInAnyOrder("_member_", "member", "reader");
    server
        .http()
        .post("/v2.0/networks", legacy.token(), "{\"network\": {\"name\": \"legacy-net\"}}")
        .expect(201);
    server.http().get("/v2.1/servers", legacy.token()).expect(200);
  }

  @Test
  void applicationCredentialsAuthenticateWithTheirDelegatedRolesOnly() {
    Account account = server.newProjectUser("member");
    String base = "/v3/users/" + account.userId() + "/application_credentials";
    JsonNode created =
        server
            .http()
            .post(
                base,
                account.token(),
                "{\"application_credential\": {\"name\": \"monitor\", \"roles\": [{\"name\":"
                    + " \"reader\"}], \"site\": \"ignored\"}}")
            .expect(201)
            .json()
            .get("application_credential");
    String id = created.get("id").asText();
    String secret = created.get("secret").asText();
    assertThat(secret).hasSizeGreaterThan(30);
    assertThat(created.get("project_id").asText()).isEqualTo(account.projectId());
    assertThat(created.get("unrestricted").asBoolean()).isFalse();
    assertThat(created.at("/roles/0/name").asText()).isEqualTo("reader");
    assertThat(created.has("expires_at")).isTrue();
    server
        .http()
        .post(base, account.token(), "{\"application_credential\": {\"name\": \"monitor\"}}")
        .expect(409);
    server
        .http()
        .post(
            base,
            account.token(),
            "{\"application_credential\": {\"name\": \"x\", \"roles\": [{\"name\": \"admin\"}]}}")
        .expect(404);
    JsonNode list = server.http().get(base, account.token()).expect(200).json();
    assertThat(list.get("application_credentials")).hasSize(1);
    assertThat(list.at("/application_credentials/0").has("secret")).isFalse();
    server.http().get(base + "/" + id, account.token()).expect(200);
    server.http().get(base + "?colour=red", account.token()).expect(400);

    Reply byId =
        server
            .http()
            .post(
                "/v3/auth/tokens",
                null,
                "{\"auth\": {\"identity\": {\"methods\": [\"application_credential\"],"
                    + " \"application_credential\": {\"id\": \""
                    + id
                    + "\", \"secret\": \""
                    + secret
                    + "\"}}}}")
            .expect(201);
    JsonNode token = byId.json().get("token");
    assertThat(token.get("methods").toString()).isEqualTo("[\"application_credential\"]");
    assertThat(token.at("/project/id").asText()).isEqualTo(account.projectId());
    assertThat(token.at("/application_credential/id").asText()).isEqualTo(id);
    List<String> roles = new ArrayList<>();
    token.get("roles").forEach(r -> roles.add(r.get("name").asText()));
    assertThat(roles).containsExactly("reader");
    String appToken = byId.header("X-Subject-Token");
    // Reader only: it may read servers but not create a network, nor more credentials.
    server.http().get("/v2.1/servers", appToken).expect(200);
    server.http().post("/v2.0/networks", appToken, "{\"network\": {\"name\": \"n\"}}").expect(403);
    server
        .http()
        .post(base, appToken, "{\"application_credential\": {\"name\": \"again\"}}")
        .expect(403);

    server
        .http()
        .post(
            "/v3/auth/tokens",
            null,
            "{\"auth\": {\"identity\": {\"methods\": [\"application_credential\"],"
                + " \"application_credential\": {\"name\": \"monitor\", \"user\": {\"id\": \""
                + account.userId()
                + "\"}, \"secret\": \""
                + secret
                + "\"}}}}")
        .expect(201);
    server
        .http()
        .post(
            "/v3/auth/tokens",
            null,
            "{\"auth\": {\"identity\": {\"methods\": [\"application_credential\"],"
                + " \"application_credential\": {\"id\": \""
                + id
                + "\", \"secret\": \"wrong\"}}}}")
        .expect(401);

    server.http().delete(base + "/" + id, account.token()).expect(204);
    server.http().get("/v2.1/servers", appToken).expect(401);
    server
        .http()
        .post(
            "/v3/auth/tokens",
            null,
            "{\"auth\": {\"identity\": {\"methods\": [\"application_credential\"],"
                + " \"application_credential\": {\"id\": \""
                + id
                + "\", \"secret\": \""
                + secret
                + "\"}}}}")
        .expect(401);
  }

  private static String createRole(String name) {
    return server
        .http()
        .post("/v3/roles", admin(), "{\"role\": {\"name\": \"" + name + "\"}}")
        .expect(201)
        .json()
        .at("/role/id")
        .asText();
  }

  private static String roleId(String name) {
    return server
        .http()
        .get("/v3/roles?name=" + name, admin())
        .expect(200)
        .json()
        .at("/roles/0/id")
        .asText();
  }

  private static String projectName(Account account) {
    return server
        .http()
        .get("/v3/projects/" + account.projectId(), admin())
        .expect(200)
        .json()
        .at("/project/name")
        .asText();
  }

  private static List<String> names(Reply reply) {
    List<String> names = new ArrayList<>();
    reply.json().get("projects").forEach(p -> names.add(p.get("name").asText()));
    return names;
  }
}
