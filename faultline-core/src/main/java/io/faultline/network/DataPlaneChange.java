package io.faultline.network;

import io.faultline.error.FaultlineException;
import java.util.Optional;

/**
 * What an update does to the data-plane status: nothing, set it ({@code data_plane_status}), or set
 * the seed's {@code dp_down} flag, which is the same field seen as a boolean.
 */
public sealed interface DataPlaneChange {
  Optional<DataPlaneStatus> applyTo(Optional<DataPlaneStatus> current);

  /** The field is not in the request. */
  record Keep() implements DataPlaneChange {
    @Override
    public Optional<DataPlaneStatus> applyTo(Optional<DataPlaneStatus> current) {
      return current;
    }
  }

  /** {@code data_plane_status}: ACTIVE, DOWN, or null (nothing reported). */
  record Set(Optional<DataPlaneStatus> status) implements DataPlaneChange {
    public Set {
      java.util.Objects.requireNonNull(status, "status is null");
    }

    @Override
    public Optional<DataPlaneStatus> applyTo(Optional<DataPlaneStatus> current) {
      return status;
    }
  }

  /**
   * {@code dp_down}: true means DOWN. False means "not down": DOWN becomes ACTIVE, while ACTIVE and
   * nothing-reported already read as {@code dp_down: false} and stay as they are, so writing the
   * value a port already shows changes nothing.
   */
  record DownFlag(boolean down) implements DataPlaneChange {
    @Override
    public Optional<DataPlaneStatus> applyTo(Optional<DataPlaneStatus> current) {
      if (down) {
        return Optional.of(DataPlaneStatus.DOWN);
      }
      return current.orElse(null) == DataPlaneStatus.DOWN
          ? Optional.of(DataPlaneStatus.ACTIVE)
          : current;
    }
  }

  static DataPlaneChange keep() {
    return new Keep();
  }

  /**
   * Combines the two spellings a request may carry. Both together must say the same thing ({@code
   * dp_down: true} with DOWN, {@code false} with ACTIVE or null), else the request is a 400.
   */
  static DataPlaneChange of(
      Optional<Optional<DataPlaneStatus>> dataPlaneStatus, Optional<Boolean> dpDown) {
    if (dataPlaneStatus.isPresent() && dpDown.isPresent()) {
      boolean statusSaysDown = dataPlaneStatus.get().orElse(null) == DataPlaneStatus.DOWN;
      if (statusSaysDown != dpDown.get()) {
        throw FaultlineException.badRequest(
            "data_plane_status "
                + dataPlaneStatus.get().map(Enum::name).orElse("null")
                + " contradicts dp_down "
                + dpDown.get()
                + ": dp_down is true exactly when data_plane_status is DOWN; send one of them");
      }
      return new Set(dataPlaneStatus.get());
    }
    if (dataPlaneStatus.isPresent()) {
      return new Set(dataPlaneStatus.get());
    }
    return dpDown.<DataPlaneChange>map(DownFlag::new).orElseGet(Keep::new);
  }
}
