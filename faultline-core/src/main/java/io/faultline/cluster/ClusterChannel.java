package io.faultline.cluster;

import java.util.function.Consumer;

/**
 * Tells every other live node of a change (best effort, at most once: a node that misses one
 * catches up by reconciling with the store). A node does not hear its own messages: it has already
 * applied the change.
 */
public interface ClusterChannel {
  /** One process alone: nobody else to tell. */
  ClusterChannel ALONE =
      new ClusterChannel() {
        @Override
        public void publish(ClusterMessage message) {}

        @Override
        public void subscribe(Consumer<ClusterMessage> listener) {}
      };

  void publish(ClusterMessage message);

  /** Hears what the other nodes publish; registered once, before the node serves. */
  void subscribe(Consumer<ClusterMessage> listener);
}
