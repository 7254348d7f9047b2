package io.faultline.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueTypeTest {
  @ParameterizedTest
  @CsvSource({
    "2026-11-30T18:00:00, 2026-11-30T18:00:00Z",
    "2026-11-30 18:00:00.123456, 2026-11-30T18:00:00.123456Z",
    "2026-11-30T18:00:00Z, 2026-11-30T18:00:00Z",
    "2026-11-30T18:00:00z, 2026-11-30T18:00:00Z",
    "2026-11-30T20:00:00+02:00, 2026-11-30T18:00:00Z",
    "2026-11-30T13:30:00.5-04:30, 2026-11-30T18:00:00.5Z",
    "' 2026-11-30T18:00 ', 2026-11-30T18:00:00Z",
  })
  void datetimesWithOrWithoutAnOffsetAreInstantsUtcByDefault(String text, String expected) {
    assertThat(ValueType.DATETIME.convert(text)).contains(Instant.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "noon",
        "2026-02-30T00:00:00",
        "2026-11-30",
        "2026-11-30T25:00:00",
        "2026-11-30T18:00:00+19:00",
        "2026-11-30T18:00:00 junk"
      })
  void whatIsNotAnIso8601DateAndTimeDoesNotConvert(String text) {
    assertThat(ValueType.DATETIME.convert(text)).isEmpty();
  }
}
