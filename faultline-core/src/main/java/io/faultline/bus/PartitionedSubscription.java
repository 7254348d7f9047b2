package io.faultline.bus;

import java.util.Set;

/**
 * A subscription whose notifications are split among a fixed number of partitions by a key (the
 * resource a notification is about), so that notifications of one key keep their order and are
 * processed by one consumer at a time. A process consumes the partitions it holds.
 */
public interface PartitionedSubscription {
  int partitions();

  /**
   * Consumes exactly these partitions from now on: starts those not consumed yet, and stops the
   * others, returning only once what they had delivered is settled, so that the next holder of a
   * stopped partition continues where this one stopped.
   */
  void consume(Set<Integer> partitions);

  Set<Integer> consumed();

  /** The partition of a key, the same in every process: a mixed {@link String#hashCode}. */
  static int partitionOf(String key, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be positive: " + partitions);
    }
    int h = key.hashCode();
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return Math.floorMod(h, partitions);
  }

  /** One process that consumes everything through one plain subscription. */
  static PartitionedSubscription whole(int partitions) {
    Set<Integer> all = Set.copyOf(java.util.stream.IntStream.range(0, partitions).boxed().toList());
    return new PartitionedSubscription() {
      @Override
      public int partitions() {
        return partitions;
      }

      @Override
      public void consume(Set<Integer> ignored) {}

      @Override
      public Set<Integer> consumed() {
        return all;
      }
    };
  }
}
