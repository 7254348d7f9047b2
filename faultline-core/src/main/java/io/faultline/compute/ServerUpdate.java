package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * {@code PUT /servers/{id}}: what to change; absent means unchanged. {@code description} is set
 * when {@code descriptionGiven}, to nothing when the request sent {@code null}. {@code diskConfig}
 * is {@code OS-DCF:diskConfig}, AUTO or MANUAL, as Nova's update schema takes it.
 */
public record ServerUpdate(
    Optional<String> name,
    Optional<String> accessIpv4,
    Optional<String> accessIpv6,
    boolean descriptionGiven,
    Optional<String> description,
    Optional<String> diskConfig) {
  public ServerUpdate {
    requireNonNull(name, "name is null");
    requireNonNull(accessIpv4, "accessIpv4 is null");
    requireNonNull(accessIpv6, "accessIpv6 is null");
    requireNonNull(description, "description is null");
    requireNonNull(diskConfig, "diskConfig is null");
    diskConfig.ifPresent(
        value -> {
          if (!value.equals(ServerDetails.MANUAL) && !value.equals(ServerDetails.AUTO)) {
            throw io.faultline.error.FaultlineException.badRequest(
                "Invalid input for field/attribute OS-DCF:diskConfig. Value: "
                    + value
                    + ". '"
                    + value
                    + "' is not one of ['AUTO', 'MANUAL']");
          }
        });
    name.ifPresent(CreateServer::checkName);
  }
}
