package io.faultline.store;

import static io.faultline.store.JdbiTransaction.handle;
import static java.util.Objects.requireNonNull;

import io.faultline.tx.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * A list of one table's rows read a page at a time by keyset: the rows its conditions keep, in the
 * order of its key columns (an index in that order serves it), after the last row read. A page
 * costs the same wherever it starts, as it never counts or skips rows.
 */
final class KeysetQuery {
  private final String table;
  private final List<String> key;
  private final StringBuilder conditions = new StringBuilder();
  private final List<Object> arguments = new ArrayList<>();

  /** The rows of {@code table} in the order of {@code key}, text columns that identify a row. */
  KeysetQuery(String table, List<String> key) {
    this.table = requireNonNull(table, "table is null");
    this.key = List.copyOf(key);
    if (key.isEmpty()) {
      throw new IllegalArgumentException("a keyset needs a column");
    }
  }

  /** Keeps only the rows whose {@code column} is {@code value}. */
  KeysetQuery equal(String column, Object value) {
    conditions.append(" AND ").append(column).append(" = ?");
    arguments.add(value);
    return this;
  }

  /**
   * At most {@code count} of the rows kept, in key order, after the row whose key columns hold
   * {@code after} (from the first row when empty).
   */
  <T> List<T> read(Transaction tx, Optional<List<String>> after, int count, RowMapper<T> mapper) {
    if (count <= 0) {
      return List.of();
    }
    StringBuilder sql =
        new StringBuilder("SELECT * FROM ").append(table).append(" WHERE 1 = 1").append(conditions);
    List<Object> values = new ArrayList<>(arguments);
    after.ifPresent(
        last -> {
          if (last.size() != key.size()) {
            throw new IllegalArgumentException("a position in " + key + " is not " + last);
          }
          sql.append(" AND ").append(after(key));
          for (int i = 0; i < last.size() - 1; i++) {
            values.add(last.get(i));
            values.add(last.get(i));
          }
          values.add(last.get(last.size() - 1));
        });
    sql.append(" ORDER BY ").append(String.join(", ", key)).append(" LIMIT ?");
    values.add(count);
    return handle(tx).select(sql.toString(), values.toArray()).map(mapper).list();
  }

  /**
   * {@code (a > ? OR (a = ? AND (b > ? OR (b = ? AND c > ?))))} for columns a, b, c: the rows after
   * a given one in their order.
   */
  private static String after(List<String> columns) {
    String first = columns.get(0);
    if (columns.size() == 1) {
      return first + " > ?";
    }
    return "(%1$s > ? OR (%1$s = ? AND %2$s))"
        .formatted(first, after(columns.subList(1, columns.size())));
  }
}
