package io.faultline.doctor;

import io.faultline.cause.FaultId;

/**
 * A write of a fault refused because the writer no longer owns it: its node's lease ran out (it was
 * paused, say) and another node adopted the fault, which moved its owner and epoch on. The writer
 * is a zombie for this fault: it must drop the fault, neither recording it nor fencing its host.
 */
public final class FaultNotOwned extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient FaultId faultId;

  public FaultNotOwned(FaultId faultId, String message) {
    super(message);
    this.faultId = faultId;
  }

  public FaultId faultId() {
    return faultId;
  }
}
