package io.faultline.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Instants travel to and from the database as UTC {@code TIMESTAMP WITH TIME ZONE}. */
final class Timestamps {
  private Timestamps() {}

  static OffsetDateTime toDatabase(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  static Instant fromDatabase(OffsetDateTime value) {
    return value == null ? null : value.toInstant();
  }
}
