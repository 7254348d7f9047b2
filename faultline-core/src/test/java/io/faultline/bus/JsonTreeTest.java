package io.faultline.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.cause.Cause;
import io.faultline.cause.FaultId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTreeTest {
  private static Map<String, Object> tree() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("state", "active");
    nested.put("task", null);
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("z", 1);
    root.put("a", nested);
    root.put("ports", new ArrayList<>(Arrays.asList("p1", null, Map.of("id", "p2"))));
    return root;
  }

  @Test
  void aCopyIsDeepOrderedNullTolerantAndEqualToItsSource() {
    Map<String, Object> source = tree();

    Map<String, Object> copy = JsonTree.immutableCopy(source);

    assertThat(copy).isEqualTo(source).hasSameHashCodeAs(source);
    assertThat(copy.keySet()).containsExactly("z", "a", "ports");
    assertThat(asMap(copy.get("a"))).containsEntry("task", null).hasSize(2);
    assertThat(copy.toString()).isEqualTo(source.toString());
  }

  @Test
  void changingTheSourceLaterDoesNotChangeTheCopy() {
    Map<String, Object> source = tree();
    Map<String, Object> copy = JsonTree.immutableCopy(source);

    @SuppressWarnings("unchecked")
    Map<String, Object> nested = (Map<String, Object>) source.get("a");
    nested.put("state", "stopped");
    @SuppressWarnings("unchecked")
    List<Object> ports = (List<Object>) source.get("ports");
    ports.add("p3");
    source.put("late", true);

    assertThat(copy).doesNotContainKey("late");
    assertThat(asMap(copy.get("a"))).containsEntry("state", "active");
    assertThat((List<?>) copy.get("ports")).hasSize(3);
  }

  @Test
  void noPartOfACopyCanBeChanged() {
    Map<String, Object> copy = JsonTree.immutableCopy(tree());
    @SuppressWarnings("unchecked")
    Map<String, Object> nested = (Map<String, Object>) copy.get("a");
    @SuppressWarnings("unchecked")
    List<Object> ports = (List<Object>) copy.get("ports");

    assertThatThrownBy(() -> copy.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> copy.remove("z")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(copy::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> copy.entrySet().iterator().next().setValue(2))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> copy.keySet().remove("z"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> nested.put("state", "x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ports.add("p3")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ports.set(0, "p9")).isInstanceOf(UnsupportedOperationException.class);
    Iterator<Object> port = ports.iterator();
    port.next();
    assertThatThrownBy(port::remove).isInstanceOf(UnsupportedOperationException.class);
    assertThat(copy).isEqualTo(JsonTree.immutableCopy(tree()));
  }

  @Test
  void aCopyIsNotCopiedAgainAndANonStringKeyBecomesAString() {
    Map<String, Object> copy = JsonTree.immutableCopy(tree());

    assertThat(JsonTree.immutableCopy(copy)).isSameAs(copy);
    Map<Object, Object> outer = new HashMap<>();
    outer.put(7, copy.get("a"));
    Map<String, Object> wrapped = JsonTree.immutableCopy(castKeys(outer));
    assertThat(wrapped.get("7")).isSameAs(copy.get("a"));
  }

  @Test
  void aNotificationPassedAlongSharesItsPayload() {
    Notification original =
        Notification.info("compute.c1", "compute.instance.update", tree(), Instant.EPOCH);

    Notification caused = original.causedBy(new Cause(FaultId.random(), "doctor-inspector"));

    assertThat(caused.payload()).isSameAs(original.payload());
    assertThat(caused.cause()).isPresent();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> castKeys(Map<?, ?> map) {
    return (Map<String, ?>) map;
  }
}
