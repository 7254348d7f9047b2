package io.faultline.server.api.identity;

import static io.faultline.server.http.Json.object;
import static io.faultline.server.http.Json.optionalObject;
import static io.faultline.server.http.Json.optionalString;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faultline.error.FaultlineException;
import io.faultline.identity.Authentication;
import io.faultline.identity.PasswordAuthentication;
import io.faultline.identity.PasswordAuthentication.ProjectScope;
import io.faultline.server.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Parses {@code POST /v3/auth/tokens} bodies as keystoneauth sends them. */
final class TokenRequests {
  private TokenRequests() {}

  static Authentication parse(ObjectNode body) {
    ObjectNode auth = object(body, "auth");
    ObjectNode identity = object(auth, "identity");
    JsonNode methods = identity.get("methods");
    if (methods == null || !methods.isArray() || methods.isEmpty()) {
      throw FaultlineException.badRequest("'auth.identity.methods' must be a non-empty list");
    }
    List<String> names = new ArrayList<>();
    for (JsonNode method : methods) {
      if (!method.isTextual()) {
        throw FaultlineException.badRequest(
            "'auth.identity.methods' must hold strings, not " + Json.describe(method));
      }
      names.add(method.asText());
    }
    if (names.contains("password")) {
      return password(identity, auth);
    }
    if (names.contains("application_credential")) {
      if (auth.has("scope") && !auth.get("scope").isNull()) {
        throw FaultlineException.badRequest(
            "an application credential is scoped to its own project; send no auth.scope");
      }
      return applicationCredential(object(identity, "application_credential"));
    }
    if (names.contains("token")) {
      ObjectNode token = object(identity, "token");
      return new Authentication.TokenAuthentication(
          Json.requiredString(token, "id", "auth.identity.token.id"), scope(auth));
    }
    throw FaultlineException.badRequest(
        "auth.identity.methods "
            + names
            + " names no supported method; use password, token or application_credential");
  }

  private static PasswordAuthentication password(ObjectNode identity, ObjectNode auth) {
    ObjectNode user = object(object(identity, "password"), "user");
    Optional<ObjectNode> userDomain = optionalObject(user, "domain");
    String secret = Json.requiredString(user, "password", "auth.identity.password.user.password");
    return new PasswordAuthentication(
        optionalString(user, "id", "auth.identity.password.user.id"),
        optionalString(user, "name", "auth.identity.password.user.name"),
        userDomain.flatMap(d -> optionalString(d, "id", "user.domain.id")),
        userDomain.flatMap(d -> optionalString(d, "name", "user.domain.name")),
        secret,
        scope(auth));
  }

  private static Authentication applicationCredential(ObjectNode credential) {
    String path = "auth.identity.application_credential";
    Optional<ObjectNode> user = optionalObject(credential, "user");
    Optional<ObjectNode> domain = user.flatMap(u -> optionalObject(u, "domain"));
    return new Authentication.ApplicationCredentialAuthentication(
        optionalString(credential, "id", path + ".id"),
        optionalString(credential, "name", path + ".name"),
        user.flatMap(u -> optionalString(u, "id", path + ".user.id")),
        user.flatMap(u -> optionalString(u, "name", path + ".user.name")),
        domain.flatMap(d -> optionalString(d, "id", path + ".user.domain.id")),
        domain.flatMap(d -> optionalString(d, "name", path + ".user.domain.name")),
        Json.requiredString(credential, "secret", path + ".secret"));
  }

  private static Optional<ProjectScope> scope(ObjectNode auth) {
    Optional<ObjectNode> scope = optionalObject(auth, "scope");
    if (scope.isEmpty()) {
      return Optional.empty();
    }
    Optional<ObjectNode> project = optionalObject(scope.get(), "project");
    if (project.isEmpty()) {
      if (scope.get().has("domain") || scope.get().has("system")) {
        throw FaultlineException.badRequest(
            "only project-scoped and unscoped tokens are supported; scope to a project");
      }
      throw FaultlineException.badRequest("auth.scope must name a project");
    }
    Optional<ObjectNode> domain = optionalObject(project.get(), "domain");
    return Optional.of(
        new ProjectScope(
            optionalString(project.get(), "id", "auth.scope.project.id"),
            optionalString(project.get(), "name", "auth.scope.project.name"),
            domain.flatMap(d -> optionalString(d, "id", "auth.scope.project.domain.id")),
            domain.flatMap(d -> optionalString(d, "name", "auth.scope.project.domain.name"))));
  }
}
