package io.faultline.alarm;

import static io.faultline.alarm.AlarmFixtures.T0;
import static io.faultline.alarm.AlarmFixtures.event;
import static io.faultline.alarm.AlarmFixtures.term;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlarmIndexTest {
  private static final String TYPE = "compute.instance.update";

  private final AlarmIndex index = new AlarmIndex();

  @Test
  void anAlarmWhoseQueryNamesAnInstanceIsACandidateForThatInstanceOnly() {
    Alarm vm1 = alarm("a-vm1", term("traits.instance_id", "eq", "string", "vm-1"));
    Alarm vm2 = alarm("a-vm2", term("traits.instance_id", "eq", "", "vm-2"));
    index.put(vm1);
    index.put(vm2);

    assertThat(ids(about("vm-1"))).containsExactly("a-vm1");
    assertThat(ids(about("vm-2"))).containsExactly("a-vm2");
    assertThat(ids(about("vm-3"))).isEmpty();
  }

  @Test
  void anEventThatNamesItsResourceInSeveralTraitsFindsEachAlarmOnce() {
    index.put(alarm("a-vm1", term("traits.instance_id", "eq", "string", "vm-1")));

    Event event =
        event(TYPE, "p1", Map.of("resource_id", "vm-1", "instance_id", "vm-2", "port_id", "vm-1"));

    assertThat(ids(event)).containsExactly("a-vm1");
  }

  @Test
  void anAlarmWhoseQueryDoesNotPinAResourceIsACandidateForEveryResource() {
    index.put(alarm("a-ne", term("traits.instance_id", "ne", "string", "vm-1")));
    index.put(alarm("a-int", term("traits.instance_id", "eq", "integer", "7")));
    index.put(alarm("a-state", term("traits.state", "eq", "string", "stopped")));

    assertThat(ids(about("vm-1"))).containsExactlyInAnyOrder("a-ne", "a-int", "a-state");
    assertThat(ids(about("vm-9"))).containsExactlyInAnyOrder("a-ne", "a-int", "a-state");
  }

  @Test
  void anAlarmFiledUnderItsQueryIsRemovedAndRefiledWhenItsQueryChanges() {
    index.put(alarm("a1", term("traits.instance_id", "eq", "string", "vm-1")));
    index.put(alarm("a1", term("traits.instance_id", "eq", "string", "vm-2")));

    assertThat(ids(about("vm-1"))).isEmpty();
    assertThat(ids(about("vm-2"))).containsExactly("a1");

    index.remove(new AlarmId("a1"));
    assertThat(ids(about("vm-2"))).isEmpty();
  }

  @Test
  void anAlarmsOwnResourceIdDecidesWhereItIsFiled() {
    Alarm pinned = alarm("a1", term("traits.instance_id", "eq", "string", "vm-1"));
    index.put(
        new Alarm(
            pinned.id(),
            pinned.name(),
            pinned.description(),
            pinned.type(),
            pinned.rule(),
            true,
            pinned.state(),
            pinned.stateReason(),
            pinned.severity(),
            List.of(),
            pinned.alarmActions(),
            List.of(),
            false,
            List.of(),
            "p1",
            "u1",
            Optional.of("vm-2"),
            T0,
            T0));

    assertThat(ids(about("vm-2"))).containsExactly("a1");
    assertThat(ids(about("vm-1"))).isEmpty();
  }

  private static Alarm alarm(String id, QueryTerm term) {
    return new Alarm(
        new AlarmId(id),
        id,
        "",
        AlarmType.EVENT,
        EventRule.of(TYPE, List.of(term)),
        true,
        AlarmState.INSUFFICIENT_DATA,
        "Not evaluated yet",
        Severity.LOW,
        List.of(),
        List.of("http://127.0.0.1:9/x"),
        List.of(),
        false,
        List.of(),
        "p1",
        "u1",
        Optional.empty(),
        T0,
        T0);
  }

  private static Event about(String instance) {
    return event(TYPE, "p1", Map.of("instance_id", instance, "state", "stopped"));
  }

  private List<String> ids(Event event) {
    return index.candidates(event).stream().map(alarm -> alarm.id().value()).toList();
  }
}
