package io.faultline.store;

import static io.faultline.store.JdbiTransaction.handle;

import io.faultline.compute.Keypair;
import io.faultline.compute.KeypairStore;
import io.faultline.tx.Transaction;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/** Key pairs in {@code compute_keypair}. */
public final class JdbiKeypairStore implements KeypairStore {

  private static final String COLUMNS =
      "user_id, name, key_type, fingerprint, public_key, created_at";
  private static final RowMapper<Keypair> KEYPAIR =
      (rs, ctx) ->
          new Keypair(
              rs.getString("user_id"),
              rs.getString("name"),
              rs.getString("key_type"),
              rs.getString("fingerprint"),
              rs.getString("public_key"),
              ComputeRows.instant(rs, "created_at"));

  @Override
  public boolean insert(Transaction tx, Keypair keypair) {
    // Two creates of one name may race: the primary key lets one through, and the other inserts
    // nothing instead of failing (which would abort a PostgreSQL transaction).
    return handle(tx)
            .execute(
                "INSERT INTO compute_keypair ("
                    + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                keypair.userId(),
                keypair.name(),
                keypair.type(),
                keypair.fingerprint(),
                keypair.publicKey(),
                Timestamps.toDatabase(keypair.createdAt()))
        > 0;
  }

  @Override
  public Optional<Keypair> find(Transaction tx, String userId, String name) {
    return handle(tx)
        .createQuery("SELECT " + COLUMNS + " FROM compute_keypair WHERE user_id = ? AND name = ?")
        .bind(0, userId)
        .bind(1, name)
        .map(KEYPAIR)
        .findOne();
  }

  @Override
  public List<Keypair> list(Transaction tx, String userId) {
    return handle(tx)
        .createQuery("SELECT " + COLUMNS + " FROM compute_keypair WHERE user_id = ? ORDER BY name")
        .bind(0, userId)
        .map(KEYPAIR)
        .list();
  }

  @Override
  public int count(Transaction tx, String userId) {
    return handle(tx)
        .createQuery("SELECT COUNT(*) FROM compute_keypair WHERE user_id = ?")
        .bind(0, userId)
        .mapTo(Integer.class)
        .one();
  }

  @Override
  public boolean delete(Transaction tx, String userId, String name) {
    return handle(tx)
            .execute("DELETE FROM compute_keypair WHERE user_id = ? AND name = ?", userId, name)
        > 0;
  }
}
