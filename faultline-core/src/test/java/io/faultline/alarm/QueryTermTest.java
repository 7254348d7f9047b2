package io.faultline.alarm;

import static io.faultline.alarm.AlarmFixtures.term;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.error.ErrorCode;
import io.faultline.error.FaultlineException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryTermTest {
  @ParameterizedTest(name = "{0} {1} {2} {3}")
  @CsvSource({
    "traits.count, eq, integer, five, 'value ''five'' is not a valid integer'",
    "traits.ratio, eq, float, x1, 'value ''x1'' is not a valid float'",
    "traits.flag, eq, boolean, yes, 'value ''yes'' is not a valid boolean'",
    "traits.at, eq, datetime, noon, 'value ''noon'' is not a valid datetime'",
    "payload.state, eq, string, x, 'field must be traits.<name> or event_type'",
    "traits.a b, eq, string, x, 'field is not valid'",
  })
  void badTermsAreRefusedNamingTheTerm(
      String field, String op, String type, String value, String message) {
    assertThatThrownBy(() -> term(field, op, type, value))
        .isInstanceOfSatisfying(
            FaultlineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST))
        .hasMessageContaining("field: " + field)
        .hasMessageContaining(message);
  }

  @ParameterizedTest
  @CsvSource({"like", "EQ", "''"})
  void unknownOperatorsAreRefused(String op) {
    assertThatThrownBy(() -> QueryOp.fromWire(op, "traits.x"))
        .isInstanceOf(FaultlineException.class)
        .hasMessageContaining("must be one of lt, le, eq, ne, ge, gt");
  }
}
