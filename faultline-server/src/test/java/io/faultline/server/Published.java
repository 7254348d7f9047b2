package io.faultline.server;

import io.faultline.bus.Notification;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Waits on the notifications a test captured from the bus, which delivers after a response. */
public final class Published {
  private Published() {}

  /**
   * Waits (up to 10 s) until a notification at index {@code from} or later of {@code published}
   * matches {@code wanted}; returns the index just after the first that does. The bus delivers in
   * publication order, so everything published before that one has arrived by then.
   */
  public static int after(List<Notification> published, int from, Predicate<Notification> wanted) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      List<Notification> since = List.copyOf(published.subList(from, published.size()));
      for (int i = 0; i < since.size(); i++) {
        if (wanted.test(since.get(i))) {
          return from + i + 1;
        }
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("no such notification within 10 s among " + published);
  }
}
