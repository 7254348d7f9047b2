package io.faultline.alarm.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DeliveryIdTest {
  private static final Instant T0 = Instant.parse("2026-11-30T12:00:00.123Z");

  @Test
  void theSameFiringMakesTheSameId() {
    assertThat(DeliveryId.forFiring("a1", "e1", T0, "http://h/x"))
        .isEqualTo(DeliveryId.forFiring("a1", "e1", T0, "http://h/x"));
  }

  @Test
  void anotherAlarmEventOrActionMakesAnotherId() {
    DeliveryId id = DeliveryId.forFiring("a1", "e1", T0, "http://h/x");
    assertThat(DeliveryId.forFiring("a2", "e1", T0, "http://h/x")).isNotEqualTo(id);
    assertThat(DeliveryId.forFiring("a1", "e2", T0, "http://h/x")).isNotEqualTo(id);
    assertThat(DeliveryId.forFiring("a1", "e1", T0, "http://h/y")).isNotEqualTo(id);
  }

  @Test
  void isAVersion7UuidCarryingTheEventsTime() {
    UUID uuid = UUID.fromString(DeliveryId.forFiring("a1", "e1", T0, "http://h/x").value());
    assertThat(uuid.version()).isEqualTo(7);
    assertThat(uuid.variant()).isEqualTo(2);
    assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(T0.toEpochMilli());
  }

  @Test
  void deliveriesOfLaterEventsSortAfterEarlierOnesWhateverTheirAlarm() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      ids.add(
          DeliveryId.forFiring("alarm-" + (100 - i), "e" + i, T0.plusMillis(i), "http://h/x")
              .value());
    }
    assertThat(ids).isSorted();
  }
}
