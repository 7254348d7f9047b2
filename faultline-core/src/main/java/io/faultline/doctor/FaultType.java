package io.faultline.doctor;

import io.faultline.error.FaultlineException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The raw fault types a monitor reports, as the Doctor inspector names them. */
public enum FaultType {
  COMPUTE_HOST_DOWN("compute.host.down"),
  COMPUTE_HOST_UP("compute.host.up"),
  NETWORK_PORT_DOWN("network.port.down"),
  NETWORK_PORT_UP("network.port.up"),
  NETWORK_LINK_DOWN("network.link.down"),
  NETWORK_LINK_UP("network.link.up"),
  /** An operator put the host in maintenance: recorded, never handled. */
  HOST_MAINTENANCE_ON("host.maintenance.on"),
  /** The host's maintenance ended (by an operator or its window's end). */
  HOST_MAINTENANCE_OFF("host.maintenance.off");

  private final String wireName;

  FaultType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The report that ends this one's condition: an up for a down and the other way round. */
  public FaultType opposite() {
    return switch (this) {
      case COMPUTE_HOST_DOWN -> COMPUTE_HOST_UP;
      case COMPUTE_HOST_UP -> COMPUTE_HOST_DOWN;
      case NETWORK_PORT_DOWN -> NETWORK_PORT_UP;
      case NETWORK_PORT_UP -> NETWORK_PORT_DOWN;
      case NETWORK_LINK_DOWN -> NETWORK_LINK_UP;
      case NETWORK_LINK_UP -> NETWORK_LINK_DOWN;
      case HOST_MAINTENANCE_ON -> HOST_MAINTENANCE_OFF;
      case HOST_MAINTENANCE_OFF -> HOST_MAINTENANCE_ON;
    };
  }

  /** Whether a monitor may report it (maintenance is set through its own API). */
  public boolean reportable() {
    return this != HOST_MAINTENANCE_ON && this != HOST_MAINTENANCE_OFF;
  }

  public static FaultType fromWire(String name) {
    for (FaultType type : values()) {
      if (type.wireName.equals(name)) {
        return type;
      }
    }
    throw FaultlineException.badRequest(
        "unknown event type '"
            + name
            + "'; expected one of "
            + Arrays.stream(values()).map(FaultType::wireName).collect(Collectors.joining(", ")));
  }
}
