package io.faultline.identity;

import java.util.Optional;

/**
 * Password credentials as Keystone accepts them: the user by id, or by name within a domain given
 * by id or name; and the scope: a project by id, or by name within a domain, or none (unscoped).
 */
public record PasswordAuthentication(
    Optional<String> userId,
    Optional<String> userName,
    Optional<String> userDomainId,
    Optional<String> userDomainName,
    String password,
    Optional<ProjectScope> scope)
    implements Authentication {

  /** The project a token is scoped to. */
  public record ProjectScope(
      Optional<String> projectId,
      Optional<String> projectName,
      Optional<String> domainId,
      Optional<String> domainName) {}

  public PasswordAuthentication {
    if (password == null) {
      throw new IllegalArgumentException("password is null");
    }
  }
}
