package io.faultline.server.api.identity;

import static io.faultline.server.http.Json.object;
import static io.faultline.server.http.Json.optionalObject;
import static io.faultline.server.http.Json.optionalString;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faultline.error.FaultlineException;
import io.faultline.identity.PasswordAuthentication;
import io.faultline.identity.PasswordAuthentication.ProjectScope;
import io.faultline.server.http.Json;
import java.util.Optional;

/** Parses {@code POST /v3/auth/tokens} bodies as keystoneauth sends them. */
final class TokenRequests {
  private TokenRequests() {}

  static PasswordAuthentication parse(ObjectNode body) {
    ObjectNode auth = object(body, "auth");
    ObjectNode identity = object(auth, "identity");
    JsonNode methods = identity.get("methods");
    if (methods == null || !methods.isArray()) {
      throw FaultlineException.badRequest("'auth.identity.methods' must be a list");
    }
    boolean password = false;
    for (JsonNode method : methods) {
      password |= method.isTextual() && method.asText().equals("password");
    }
    if (!password) {
      throw FaultlineException.badRequest(
          "auth.identity.methods must include \"password\", the only supported method");
    }
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
