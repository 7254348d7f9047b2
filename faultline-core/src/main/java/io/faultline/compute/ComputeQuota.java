package io.faultline.compute;

import java.util.Arrays;
import java.util.Optional;

/**
 * Nova's quota resources with its built-in defaults. The network-proxy ones are shown before
 * microversion 2.36 only, as Nova does; Faultline counts instances, cores, ram, metadata items and
 * key pairs.
 */
public enum ComputeQuota {
  CORES("cores", 20, false),
  FIXED_IPS("fixed_ips", -1, true),
  FLOATING_IPS("floating_ips", 10, true),
  INJECTED_FILE_CONTENT_BYTES("injected_file_content_bytes", 10240, false),
  INJECTED_FILE_PATH_BYTES("injected_file_path_bytes", 255, false),
  INJECTED_FILES("injected_files", 5, false),
  INSTANCES("instances", 10, false),
  KEY_PAIRS("key_pairs", 100, false),
  METADATA_ITEMS("metadata_items", 128, false),
  RAM("ram", 51200, false),
  SECURITY_GROUP_RULES("security_group_rules", 20, true),
  SECURITY_GROUPS("security_groups", 10, true),
  SERVER_GROUP_MEMBERS("server_group_members", 10, false),
  SERVER_GROUPS("server_groups", 10, false);

  /** The microversion (2.N) from which the network-proxy resources are gone. */
  public static final int NETWORK_PROXY_REMOVED_AT = 36;

  private final String wireName;
  private final long builtInDefault;
  private final boolean networkProxy;

  ComputeQuota(String wireName, long builtInDefault, boolean networkProxy) {
    this.wireName = wireName;
    this.builtInDefault = builtInDefault;
    this.networkProxy = networkProxy;
  }

  public String wireName() {
    return wireName;
  }

  public long builtInDefault() {
    return builtInDefault;
  }

  public boolean networkProxy() {
    return networkProxy;
  }

  public static Optional<ComputeQuota> fromWire(String name) {
    return Arrays.stream(values()).filter(q -> q.wireName.equals(name)).findFirst();
  }
}
