package io.faultline.network;

import static java.util.Objects.requireNonNull;

/** An inclusive range of IPv4 addresses a subnet hands out. */
public record AllocationPool(String start, String end) {
  public AllocationPool {
    requireNonNull(start, "start is null");
    requireNonNull(end, "end is null");
  }
}
