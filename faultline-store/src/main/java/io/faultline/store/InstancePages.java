package io.faultline.store;

import static io.faultline.store.JdbiTransaction.handle;

import io.faultline.compute.Instance;
import io.faultline.compute.InstanceFilter;
import io.faultline.compute.ServerQuery;
import io.faultline.compute.VmState;
import io.faultline.tx.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jdbi.v3.core.statement.Query;

/**
 * Server lists read by keyset: {@code ORDER BY created_at DESC, id} from the position after the
 * marker, so a page costs the same on the first page and the thousandth, whatever the fleet's size.
 * Every filter but the name is SQL; Nova's name filter is a regular expression, applied here to
 * each read batch, reading on until the page is full or the list ends.
 */
final class InstancePages {
  /** Rows per read when the name filter may drop some of them. */
  private static final int BATCH = 500;

  private InstancePages() {}

  static List<Instance> read(
      Transaction tx,
      ServerQuery query,
      Optional<Instance> after,
      int count,
      Optional<Pattern> name) {
    return read(tx, query, after, count, name, BATCH);
  }

  /** As the other, reading {@code batch} rows at a time when the name filter applies. */
  static List<Instance> read(
      Transaction tx,
      ServerQuery query,
      Optional<Instance> after,
      int count,
      Optional<Pattern> name,
      int batch) {
    InstanceFilter filter = query.filter();
    if (count <= 0 || filter.vmStates().filter(Set::isEmpty).isPresent()) {
      return List.of();
    }
    Predicate<Instance> matches =
        name.<Predicate<Instance>>map(regex -> i -> regex.matcher(i.name()).find())
            .orElse(i -> true);
    int rowsPerRead = name.isPresent() ? batch : count;
    List<Instance> found = new ArrayList<>();
    Optional<Instance> cursor = after;
    while (found.size() < count) {
      List<Instance> rows = select(tx, query, cursor, rowsPerRead);
      for (Instance row : rows) {
        if (found.size() < count && matches.test(row)) {
          found.add(row);
        }
      }
      if (rows.size() < rowsPerRead) {
        break;
      }
      cursor = Optional.of(rows.get(rows.size() - 1));
    }
    return found;
  }

  private static List<Instance> select(
      Transaction tx, ServerQuery query, Optional<Instance> after, int count) {
    InstanceFilter filter = query.filter();
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(ComputeRows.INSTANCE_COLUMNS)
            .append(" FROM compute_instance WHERE ")
            .append(
                query.changesSince().isPresent() ? "updated_at >= :since" : "vm_state <> :deleted");
    filter.projectId().ifPresent(p -> sql.append(" AND project_id = :project"));
    filter.host().ifPresent(h -> sql.append(" AND host = :host"));
    filter.vmStates().ifPresent(s -> sql.append(" AND vm_state IN (<states>)"));
    query.imageId().ifPresent(i -> sql.append(" AND image_id = :image"));
    query.flavorId().ifPresent(f -> sql.append(" AND flavor_id = :flavor"));
    query.userId().ifPresent(u -> sql.append(" AND user_id = :user"));
    query.uuid().ifPresent(u -> sql.append(" AND id = :uuid"));
    after.ifPresent(
        a ->
            sql.append(
                " AND (created_at < :afterCreated OR (created_at = :afterCreated AND id > :afterId))"));
    sql.append(" ORDER BY created_at DESC, id LIMIT :count");
    Query select = handle(tx).createQuery(sql.toString()).bind("count", count);
    query
        .changesSince()
        .ifPresentOrElse(
            since -> select.bind("since", Timestamps.toDatabase(since)),
            () -> select.bind("deleted", VmState.DELETED.name()));
    filter.projectId().ifPresent(p -> select.bind("project", p));
    filter.host().ifPresent(h -> select.bind("host", h));
    filter
        .vmStates()
        .ifPresent(s -> select.bindList("states", s.stream().map(VmState::name).toList()));
    query.imageId().ifPresent(i -> select.bind("image", i));
    query.flavorId().ifPresent(f -> select.bind("flavor", f));
    query.userId().ifPresent(u -> select.bind("user", u));
    query.uuid().ifPresent(u -> select.bind("uuid", u.value()));
    after.ifPresent(
        a ->
            select
                .bind("afterCreated", Timestamps.toDatabase(a.createdAt()))
                .bind("afterId", a.id().value()));
    return select.map(ComputeRows.INSTANCE).list();
  }
}
