package io.faultline.network;

import static io.faultline.network.DataPlaneStatus.ACTIVE;
import static io.faultline.network.DataPlaneStatus.DOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.error.FaultlineException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DataPlaneChangeTest {
  private static final Optional<DataPlaneStatus> NONE = Optional.empty();

  @Test
  void dpDownTrueMeansDown() {
    DataPlaneChange change = DataPlaneChange.of(Optional.empty(), Optional.of(true));
    assertThat(change.applyTo(NONE)).contains(DOWN);
    assertThat(change.applyTo(Optional.of(ACTIVE))).contains(DOWN);
    assertThat(change.applyTo(Optional.of(DOWN))).contains(DOWN);
  }

  @Test
  void dpDownFalseLiftsDownAndLeavesTheRest() {
    DataPlaneChange change = DataPlaneChange.of(Optional.empty(), Optional.of(false));
    assertThat(change.applyTo(Optional.of(DOWN))).contains(ACTIVE);
    assertThat(change.applyTo(Optional.of(ACTIVE))).contains(ACTIVE);
    assertThat(change.applyTo(NONE)).isEmpty();
  }

  @Test
  void explicitStatusWins() {
    assertThat(DataPlaneChange.of(Optional.of(NONE), Optional.empty()).applyTo(Optional.of(DOWN)))
        .isEmpty();
    assertThat(DataPlaneChange.of(Optional.of(Optional.of(ACTIVE)), Optional.empty()).applyTo(NONE))
        .contains(ACTIVE);
  }

  @Test
  void agreeingSpellingsAreAccepted() {
    assertThat(DataPlaneChange.of(Optional.of(Optional.of(DOWN)), Optional.of(true)).applyTo(NONE))
        .contains(DOWN);
    assertThat(
            DataPlaneChange.of(Optional.of(Optional.of(ACTIVE)), Optional.of(false)).applyTo(NONE))
        .contains(ACTIVE);
  }

  @Test
  void contradictingSpellingsAreABadRequest() {
    assertThatThrownBy(
            () -> DataPlaneChange.of(Optional.of(Optional.of(ACTIVE)), Optional.of(true)))
        .isInstanceOf(FaultlineException.class)
        .hasMessageContaining("contradicts dp_down");
  }

  @Test
  void absentMeansKeep() {
    assertThat(DataPlaneChange.of(Optional.empty(), Optional.empty()))
        .isInstanceOf(DataPlaneChange.Keep.class);
  }

  @Test
  void invalidValueNamesTheAllowedOnes() {
    assertThatThrownBy(() -> DataPlaneStatus.parse("UP", "data_plane_status"))
        .hasMessageContaining("'UP'")
        .hasMessageContaining("ACTIVE")
        .hasMessageContaining("DOWN")
        .hasMessageContaining("null");
    assertThatThrownBy(() -> PortStatus.parse("GONE", "status"))
        .hasMessageContaining("[ACTIVE, DOWN, BUILD, ERROR]");
  }
}
