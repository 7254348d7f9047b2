package io.faultline.bus;

import io.faultline.cause.Cause;
import java.time.Instant;

/**
 * Told when the notifications a cause produced are committed and when they are published, so that a
 * fault's timeline can be recorded without the bus knowing about faults. Must be cheap: it runs on
 * the committing thread.
 */
public interface PublicationListener {
  /** The transaction holding the cause's notifications committed. */
  void committed(Cause cause, Instant at);

  /** The cause's notifications were handed to the bus. */
  void published(Cause cause, Instant at);

  /** Records nothing. */
  PublicationListener NONE =
      new PublicationListener() {
        @Override
        public void committed(Cause cause, Instant at) {}

        @Override
        public void published(Cause cause, Instant at) {}
      };
}
