package io.faultline.tx;

/**
 * A unit of work against the store. Store adapters recognise their own implementation; callers only
 * pass it along and may register work to run once it has committed.
 */
public interface Transaction {
  /** Runs {@code action} after this transaction commits; never if it rolls back. */
  void afterCommit(Runnable action);
}
