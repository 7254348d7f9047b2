package io.faultline.compute;

import static java.util.Objects.requireNonNull;

/** How an API names the service to change: by uuid (2.53+) or by host and binary. */
public sealed interface ServiceRef {
  record ById(ServiceId id) implements ServiceRef {
    public ById {
      requireNonNull(id, "id is null");
    }
  }

  record ByHost(String host, String binary) implements ServiceRef {
    public ByHost {
      requireNonNull(host, "host is null");
      requireNonNull(binary, "binary is null");
    }
  }
}
