package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A user's named SSH public key, with Nova's MD5 fingerprint. */
public record Keypair(
    String userId,
    String name,
    String type,
    String fingerprint,
    String publicKey,
    Instant createdAt) {
  public static final String SSH = "ssh";

  public Keypair {
    requireNonNull(userId, "userId is null");
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    requireNonNull(fingerprint, "fingerprint is null");
    requireNonNull(publicKey, "publicKey is null");
    requireNonNull(createdAt, "createdAt is null");
  }
}
