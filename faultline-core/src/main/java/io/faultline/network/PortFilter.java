package io.faultline.network;

/** The port attributes a list can be filtered on; several values of one attribute are an OR. */
public enum PortFilter {
  ID,
  NAME,
  NETWORK_ID,
  PROJECT_ID,
  DEVICE_ID,
  DEVICE_OWNER,
  STATUS,
  DATA_PLANE_STATUS,
  HOST_ID,
  MAC_ADDRESS
}
