package io.faultline.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlarmIndexTest {
  private static final String UPDATE = "compute.instance.update";

  @Test
  void anAlarmOnOneInstanceByItsQueryIsACandidateOnlyForThatInstancesEvents() {
    AlarmIndex index = new AlarmIndex();
    Alarm onA =
        alarm("a", QueryTerm.of("traits.instance_id", QueryOp.EQ, ValueType.STRING, "vm-a"));
    Alarm onB =
        alarm("b", QueryTerm.of("traits.instance_id", QueryOp.EQ, ValueType.STRING, "vm-b"));
    index.put(onA);
    index.put(onB);

    assertThat(index.candidates(event(Map.of("instance_id", "vm-a")))).containsExactly(onA);
    // Found through any resource trait that names it, as an alarm with that resource_id would be.
    assertThat(index.candidates(event(Map.of("resource_id", "vm-b")))).containsExactly(onB);
    assertThat(index.candidates(event(Map.of("instance_id", "vm-c")))).isEmpty();
    assertThat(index.candidates(event(Map.of()))).isEmpty();

    index.remove(onA.id());
    assertThat(index.candidates(event(Map.of("instance_id", "vm-a")))).isEmpty();
    assertThat(index.size()).isEqualTo(1);
  }

  @Test
  void anEventNamingOneResourceInTwoTraitsFindsItsAlarmOnce() {
    AlarmIndex index = new AlarmIndex();
    Alarm onPort =
        alarm("port", QueryTerm.of("traits.port_id", QueryOp.EQ, ValueType.STRING, "port-1"));
    index.put(onPort);

    // A port's event names the port as resource_id and port_id, with its instance between them.
    assertThat(
            index.candidates(
                event(Map.of("resource_id", "port-1", "instance_id", "vm-a", "port_id", "port-1"))))
        .containsExactly(onPort);
  }

  @Test
  void otherTermsLeaveTheAlarmProjectWide() {
    AlarmIndex index = new AlarmIndex();
    Alarm notEqual =
        alarm("ne", QueryTerm.of("traits.instance_id", QueryOp.NE, ValueType.STRING, "vm-a"));
    Alarm onState = alarm("state", QueryTerm.of("traits.state", QueryOp.EQ, ValueType.STRING, "x"));
    index.put(notEqual);
    index.put(onState);

    assertThat(index.candidates(event(Map.of("instance_id", "vm-z"))))
        .containsExactlyInAnyOrder(notEqual, onState);
    assertThat(index.candidates(event(Map.of()))).containsExactlyInAnyOrder(notEqual, onState);
  }

  private static Alarm alarm(String id, QueryTerm term) {
    Alarm alarm = AlarmFixtures.alarm("p1", EventRule.of(UPDATE, List.of(term)));
    return new Alarm(
        new AlarmId(id),
        alarm.name(),
        alarm.description(),
        alarm.type(),
        alarm.rule(),
        alarm.enabled(),
        alarm.state(),
        alarm.stateReason(),
        alarm.severity(),
        alarm.okActions(),
        alarm.alarmActions(),
        alarm.insufficientDataActions(),
        alarm.repeatActions(),
        alarm.timeConstraints(),
        alarm.projectId(),
        alarm.userId(),
        Optional.empty(),
        alarm.timestamp(),
        alarm.stateTimestamp());
  }

  private static Event event(Map<String, Object> traits) {
    return AlarmFixtures.event(UPDATE, "p1", traits);
  }
}
