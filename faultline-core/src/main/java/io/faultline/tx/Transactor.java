package io.faultline.tx;

import java.util.function.Consumer;
import java.util.function.Function;

/** Runs work in one store transaction: all of it commits, or none of it does. */
public interface Transactor {
  <T> T inTransaction(Function<Transaction, T> work);

  default void run(Consumer<Transaction> work) {
    inTransaction(
        transaction -> {
          work.accept(transaction);
          return null;
        });
  }
}
