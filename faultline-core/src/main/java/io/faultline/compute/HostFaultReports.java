package io.faultline.compute;

import io.faultline.host.HostId;
import io.faultline.policy.Credentials;
import java.util.List;

/**
 * Where a host-down report made through the compute API (Nova's force-down, {@code os-hosts}'
 * {@code host_down_reported}) goes so that it becomes a fault like a monitor's: the fault loop
 * implements it. Returns once the report is handled.
 */
public interface HostFaultReports {
  /**
   * Reports the host down ({@code down}) or back up on behalf of {@code reporter}, who is already
   * authorized for the form used; returns the instances the report stopped.
   */
  List<InstanceId> report(Credentials reporter, HostId host, boolean down);
}
