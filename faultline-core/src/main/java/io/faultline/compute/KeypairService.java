package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import io.faultline.error.FaultlineException;
import io.faultline.policy.Credentials;
import io.faultline.policy.Policy;
import io.faultline.tx.Transactor;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Nova's key pairs: a user's own, or (admin, 2.10+) another user's. Names are 1 to 255 of Nova's
 * safe characters; a duplicate is a 409; the user's key-pair quota is enforced.
 */
public final class KeypairService {
  private final KeypairStore store;
  private final QuotaService quotas;
  private final Transactor transactor;
  private final Policy policy;
  private final InstantSource clock;

  public KeypairService(
      KeypairStore store,
      QuotaService quotas,
      Transactor transactor,
      Policy policy,
      InstantSource clock) {
    this.store = requireNonNull(store, "store is null");
    this.quotas = requireNonNull(quotas, "quotas is null");
    this.transactor = requireNonNull(transactor, "transactor is null");
    this.policy = requireNonNull(policy, "policy is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** A created key pair, with the private key when the server generated it. */
  public record Created(Keypair keypair, Optional<String> privateKey) {}

  public Created create(
      Credentials credentials,
      String name,
      String type,
      Optional<String> publicKey,
      Optional<String> forUser) {
    String userId = forUser.orElse(credentials.userId());
    policy.authorize(ComputePolicies.KEYPAIRS_CREATE, credentials, target(userId));
    checkName(name);
    if (!type.equals(Keypair.SSH)) {
      throw FaultlineException.badRequest(
          "Keypair type '" + type + "' is not supported: only 'ssh' key pairs are");
    }
    Optional<SshPublicKeys.Generated> generated =
        publicKey.isEmpty() ? Optional.of(SshPublicKeys.generate(name)) : Optional.empty();
    String key = publicKey.orElseGet(() -> generated.orElseThrow().publicKey()).trim();
    Keypair keypair =
        new Keypair(
            userId,
            name,
            type,
            SshPublicKeys.fingerprint(key),
            key,
            clock.instant().truncatedTo(ChronoUnit.MICROS));
    transactor.run(
        tx -> {
          quotas.checkKeypairCreate(tx, credentials, userId);
          if (!store.insert(tx, keypair)) {
            throw FaultlineException.conflict("Key pair '" + name + "' already exists.");
          }
        });
    return new Created(keypair, generated.map(SshPublicKeys.Generated::privateKey));
  }

  public List<Keypair> list(Credentials credentials, Optional<String> forUser) {
    String userId = forUser.orElse(credentials.userId());
    policy.authorize(ComputePolicies.KEYPAIRS_INDEX, credentials, target(userId));
    return transactor.inTransaction(tx -> store.list(tx, userId));
  }

  public Keypair show(Credentials credentials, String name, Optional<String> forUser) {
    String userId = forUser.orElse(credentials.userId());
    policy.authorize(ComputePolicies.KEYPAIRS_SHOW, credentials, target(userId));
    return transactor
        .inTransaction(tx -> store.find(tx, userId, name))
        .orElseThrow(() -> notFound(userId, name));
  }

  public void delete(Credentials credentials, String name, Optional<String> forUser) {
    String userId = forUser.orElse(credentials.userId());
    policy.authorize(ComputePolicies.KEYPAIRS_DELETE, credentials, target(userId));
    if (!transactor.inTransaction(tx -> store.delete(tx, userId, name))) {
      throw notFound(userId, name);
    }
  }

  private static Map<String, String> target(String userId) {
    return Map.of("user_id", userId);
  }

  private static FaultlineException notFound(String userId, String name) {
    return FaultlineException.notFound("Keypair " + name + " not found for user " + userId + ".");
  }

  /** Nova's KeypairAPI._validate_new_key_pair. */
  static void checkName(String name) {
    if (name.isEmpty() || name.length() > 255) {
      throw FaultlineException.badRequest(
          "Keypair data is invalid: Keypair name must be string and between 1 and 255 characters"
              + " long");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean safe =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-'
              || c == ' ';
      if (!safe) {
        throw FaultlineException.badRequest(
            "Keypair data is invalid: Keypair name contains unsafe characters");
      }
    }
  }
}
