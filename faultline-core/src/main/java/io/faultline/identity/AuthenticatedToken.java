package io.faultline.identity;

import static java.util.Objects.requireNonNull;

import io.faultline.policy.Credentials;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** A valid token resolved to its user, project and effective roles: what an API call runs as. */
public record AuthenticatedToken(
    Token token,
    User user,
    Domain userDomain,
    Optional<Project> project,
    Optional<Domain> projectDomain,
    List<Role> roles,
    Optional<ApplicationCredential> applicationCredential) {
  public AuthenticatedToken {
    requireNonNull(token, "token is null");
    requireNonNull(user, "user is null");
    requireNonNull(userDomain, "userDomain is null");
    requireNonNull(project, "project is null");
    requireNonNull(projectDomain, "projectDomain is null");
    roles = List.copyOf(roles);
    requireNonNull(applicationCredential, "applicationCredential is null");
  }

  public Credentials credentials() {
    Set<String> roleNames = roles.stream().map(Role::name).collect(Collectors.toSet());
    return new Credentials(
        user.id().value(),
        user.name(),
        user.domainId().value(),
        project.map(p -> p.id().value()),
        project.map(Project::name),
        roleNames);
  }
}
