package io.faultline.compute;

import io.faultline.tx.Transaction;
import java.util.List;
import java.util.Optional;

/** Persistence of users' key pairs. */
public interface KeypairStore {
  /** False when the user already has a key pair of that name (nothing is written then). */
  boolean insert(Transaction tx, Keypair keypair);

  Optional<Keypair> find(Transaction tx, String userId, String name);

  /** By name. */
  List<Keypair> list(Transaction tx, String userId);

  int count(Transaction tx, String userId);

  boolean delete(Transaction tx, String userId, String name);
}
