package io.faultline.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.validation.FieldLimits;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The validation layer's limits are the migrated schema's: a limit larger than its column would let
 * a value through to a 500, a smaller one would refuse what the store can hold.
 */
abstract class FieldLimitsContract {
  private Database database;

  abstract Database open();

  @BeforeEach
  void setUp() {
    database = open();
  }

  @AfterEach
  void tearDown() {
    database.close();
  }

  private int length(String table, String column) {
    return database
        .jdbi()
        .withHandle(
            handle ->
                handle
                    .createQuery(
                        "SELECT character_maximum_length FROM information_schema.columns"
                            + " WHERE LOWER(table_name) = :table AND LOWER(column_name) = :column"
                            + " AND LOWER(table_schema) = LOWER(CURRENT_SCHEMA)")
                    .bind("table", table.toLowerCase(Locale.ROOT))
                    .bind("column", column.toLowerCase(Locale.ROOT))
                    .mapTo(Integer.class)
                    .one());
  }

  @Test
  void limitsMatchTheColumns() {
    assertThat(length("identity_project", "name")).isEqualTo(FieldLimits.NAME);
    assertThat(length("identity_project", "description")).isEqualTo(FieldLimits.DESCRIPTION);
    assertThat(length("identity_user", "name")).isEqualTo(FieldLimits.NAME);
    assertThat(length("identity_user", "email")).isEqualTo(FieldLimits.NAME);
    assertThat(length("identity_user", "description")).isEqualTo(FieldLimits.DESCRIPTION);
    assertThat(length("identity_role", "name")).isEqualTo(FieldLimits.NAME);
    assertThat(length("alarm", "name")).isEqualTo(FieldLimits.NAME);
    assertThat(length("alarm", "description")).isEqualTo(FieldLimits.ALARM_DESCRIPTION);
    assertThat(length("alarm", "resource_id")).isEqualTo(FieldLimits.NAME);
    assertThat(length("alarm", "project_id")).isEqualTo(FieldLimits.ID);
    assertThat(length("alarm", "user_id")).isEqualTo(FieldLimits.ID);
    assertThat(length("alarm_delivery", "action")).isEqualTo(FieldLimits.ACTION);
    assertThat(length("fault", "hostname")).isEqualTo(FieldLimits.NAME);
    assertThat(length("fault", "monitor")).isEqualTo(FieldLimits.NAME);
    assertThat(length("fault", "monitor_event_id")).isEqualTo(FieldLimits.NAME);
    assertThat(length("fault", "port_id")).isEqualTo(FieldLimits.ID);
    assertThat(length("compute_service", "host")).isEqualTo(FieldLimits.NAME);
  }
}
