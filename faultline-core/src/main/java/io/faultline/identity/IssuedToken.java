package io.faultline.identity;

import static java.util.Objects.requireNonNull;

/** A freshly issued token: the secret for the client (never stored) and what it resolves to. */
public record IssuedToken(String secret, AuthenticatedToken token) {
  public IssuedToken {
    requireNonNull(secret, "secret is null");
    requireNonNull(token, "token is null");
  }
}
