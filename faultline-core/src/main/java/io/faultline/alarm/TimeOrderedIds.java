package io.faultline.alarm;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

/**
 * Ids for alarms and their history entries: UUID strings (version 7, RFC 9562) that begin with the
 * time they were made, so ids made later sort later. Stores key their indexes on these ids; a
 * random id (version 4) lands each new row on a random index page, which an embedded store rewrites
 * at every commit, while a time-ordered id appends to the last page. Clients see an ordinary UUID,
 * as Aodh's are.
 */
final class TimeOrderedIds {
  private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

  private TimeOrderedIds() {}

  /** A new id, later in order than every id this process made before it. */
  static String next() {
    return GENERATOR.generate().toString();
  }
}
