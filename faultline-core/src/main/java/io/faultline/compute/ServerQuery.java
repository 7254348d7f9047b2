package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import io.faultline.error.FaultlineException;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A server list request: the filter, the extra filters Nova applies, and the page. With {@code
 * changesSince}, deleted servers changed since then are listed too, as Nova does. Without {@code
 * limit} every matching server is listed; the API always gives one (its maximum page).
 */
public record ServerQuery(
    InstanceFilter filter,
    Optional<Instant> changesSince,
    Optional<String> imageId,
    Optional<String> flavorId,
    Optional<String> userId,
    Optional<InstanceId> uuid,
    OptionalInt limit,
    Optional<InstanceId> marker) {
  public ServerQuery {
    requireNonNull(filter, "filter is null");
    requireNonNull(changesSince, "changesSince is null");
    requireNonNull(imageId, "imageId is null");
    requireNonNull(flavorId, "flavorId is null");
    requireNonNull(userId, "userId is null");
    requireNonNull(uuid, "uuid is null");
    requireNonNull(limit, "limit is null");
    requireNonNull(marker, "marker is null");
    if (limit.isPresent() && limit.getAsInt() < 0) {
      throw FaultlineException.badRequest(
          "Invalid input for query parameters limit. Value: " + limit.getAsInt() + ".");
    }
  }

  public static ServerQuery of(InstanceFilter filter) {
    return new ServerQuery(
        filter,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        OptionalInt.empty(),
        Optional.empty());
  }

  public ServerQuery withFilter(InstanceFilter value) {
    return new ServerQuery(value, changesSince, imageId, flavorId, userId, uuid, limit, marker);
  }
}
