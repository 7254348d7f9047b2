package io.faultline.alarm;

import static java.util.Objects.requireNonNull;

import io.faultline.bus.Notification;
import java.util.List;
import java.util.Map;

/**
 * A dotted path to a value of a notification, split once when the definitions are read rather than
 * for every trait of every event: {@code payload.instance_id}, {@code
 * payload.nova_object.data.uuid}, {@code publisher_id}. The first step names a field of the
 * notification ({@code payload}, {@code publisher_id}, {@code event_type}, {@code message_id}); the
 * rest are keys of nested mappings.
 */
public record FieldPath(String root, List<String> keys) {
  public FieldPath {
    requireNonNull(root, "root is null");
    keys = List.copyOf(requireNonNull(keys, "keys is null"));
  }

  static FieldPath parse(String path) {
    List<String> parts = List.of(path.split("\\.", -1));
    return new FieldPath(parts.getFirst(), parts.subList(1, parts.size()));
  }

  static List<FieldPath> parseAll(List<String> paths) {
    return paths.stream().map(FieldPath::parse).toList();
  }

  /** The value at this path, or null when the notification has none. */
  Object in(Notification notification) {
    Object current =
        switch (root) {
          case "payload" -> notification.payload();
          case "publisher_id" -> notification.publisherId();
          case "event_type" -> notification.eventType();
          case "message_id" -> notification.messageId();
          default -> null;
        };
    for (int i = 0; i < keys.size() && current != null; i++) {
      current = current instanceof Map<?, ?> map ? map.get(keys.get(i)) : null;
    }
    return current;
  }

  @Override
  public String toString() {
    return keys.isEmpty() ? root : root + "." + String.join(".", keys);
  }
}
