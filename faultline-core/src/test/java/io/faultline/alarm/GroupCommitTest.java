package io.faultline.alarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
  private final List<List<String>> transactions = Collections.synchronizedList(new ArrayList<>());
  private final List<String> committed = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch firstMayCommit = new CountDownLatch(1);
  private final CountDownLatch firstIsWriting = new CountDownLatch(1);
  private final ExecutorService callers = Executors.newFixedThreadPool(4);

  /** Records each transaction's items; the first blocks until released; "bad" fails its group. */
  private final GroupCommit<String> group =
      new GroupCommit<>(
          new AlarmFixtures.DirectTransactor(),
          (tx, items) -> {
            if (items.contains("first")) {
              firstIsWriting.countDown();
              await(firstMayCommit);
            }
            if (items.contains("bad")) {
              throw new IllegalArgumentException("bad item");
            }
            transactions.add(List.copyOf(items));
          },
          committed::add,
          100);

  @AfterEach
  void tearDown() {
    callers.shutdownNow();
  }

  @Test
  void writesThatArriveDuringACommitShareTheNextTransaction() throws Exception {
    Future<?> first = callers.submit(() -> group.commit("first"));
    firstIsWriting.await();
    List<Future<?>> queued = new ArrayList<>();
    for (String item : List.of("a", "b", "c")) {
      queued.add(callers.submit(() -> group.commit(item)));
    }
    awaitWaiting(3);
    firstMayCommit.countDown();
    first.get();
    for (Future<?> done : queued) {
      done.get();
    }

    assertThat(transactions).hasSize(2);
    assertThat(transactions.get(0)).containsExactly("first");
    assertThat(transactions.get(1)).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(committed).containsExactlyInAnyOrder("first", "a", "b", "c");
  }

  @Test
  void aWriteAloneCommitsAtOnceInItsOwnTransaction() {
    group.commit("a");
    group.commit("b");
    assertThat(transactions).containsExactly(List.of("a"), List.of("b"));
  }

  @Test
  void aBadWriteInAGroupFailsOnlyItsOwnCaller() throws Exception {
    Future<?> first = callers.submit(() -> group.commit("first"));
    firstIsWriting.await();
    Future<?> good = callers.submit(() -> group.commit("good"));
    awaitWaiting(1);
    Future<?> bad = callers.submit(() -> group.commit("bad"));
    awaitWaiting(2);
    Future<?> alsoGood = callers.submit(() -> group.commit("also-good"));
    awaitWaiting(3);
    firstMayCommit.countDown();
    first.get();
    good.get();
    alsoGood.get();

    assertThatThrownBy(bad::get).hasRootCauseInstanceOf(IllegalArgumentException.class);
    assertThat(committed).containsExactlyInAnyOrder("first", "good", "also-good");
    assertThat(transactions).contains(List.of("good"), List.of("also-good"));
  }

  private void awaitWaiting(int count) throws InterruptedException {
    while (group.waiting() < count) {
      Thread.sleep(1); // until the callers have queued; no assertion depends on time
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
