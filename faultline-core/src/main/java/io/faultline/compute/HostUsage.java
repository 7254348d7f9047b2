package io.faultline.compute;

/** What the live instances on a host take of its capacity. */
public record HostUsage(int vcpus, long memoryMb, int instances) {
  public static final HostUsage NONE = new HostUsage(0, 0, 0);

  public boolean fits(ComputeHost host, Flavor flavor) {
    return vcpus + flavor.vcpus() <= host.vcpus()
        && memoryMb + flavor.memoryMb() <= host.memoryMb();
  }
}
