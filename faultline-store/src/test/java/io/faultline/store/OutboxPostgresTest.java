package io.faultline.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutboxPostgresTest extends OutboxContract {
  @Override
  Database open() {
    return TestDatabases.postgres();
  }

  @Test
  void theNotificationsAreCompressedWithLz4() {
    try (Database database = open()) {
      String compression =
          database
              .jdbi()
              .withHandle(
                  handle ->
                      handle
                          .createQuery(
                              "SELECT attcompression::text FROM pg_attribute WHERE attrelid ="
                                  + " 'outbox_batch'::regclass AND attname = 'notifications'")
                          .mapTo(String.class)
                          .one());
      assertThat(compression).isEqualTo("l");
    }
  }
}
