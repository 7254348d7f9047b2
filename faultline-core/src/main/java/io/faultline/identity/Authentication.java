package io.faultline.identity;

import static java.util.Objects.requireNonNull;

import io.faultline.identity.PasswordAuthentication.ProjectScope;
import java.util.Optional;

/** How a {@code POST /v3/auth/tokens} proves who is asking: Keystone's auth methods. */
public sealed interface Authentication
    permits PasswordAuthentication,
        Authentication.TokenAuthentication,
        Authentication.ApplicationCredentialAuthentication {

  /** Method {@code token}: a valid token, exchanged for one with another scope (re-scope). */
  record TokenAuthentication(String token, Optional<ProjectScope> scope) implements Authentication {
    public TokenAuthentication {
      requireNonNull(token, "token is null");
      requireNonNull(scope, "scope is null");
    }
  }

  /**
   * Method {@code application_credential}: by id, or by name with its user (by id, or by name
   * within a domain), and the secret. The scope is the credential's own project.
   */
  record ApplicationCredentialAuthentication(
      Optional<String> id,
      Optional<String> name,
      Optional<String> userId,
      Optional<String> userName,
      Optional<String> userDomainId,
      Optional<String> userDomainName,
      String secret)
      implements Authentication {
    public ApplicationCredentialAuthentication {
      requireNonNull(secret, "secret is null");
    }
  }
}
