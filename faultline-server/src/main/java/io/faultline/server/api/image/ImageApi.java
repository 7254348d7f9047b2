package io.faultline.server.api.image;

import static io.faultline.error.FaultlineException.badRequest;
import static java.util.Objects.requireNonNull;

import io.faultline.compute.ComputePolicies;
import io.faultline.compute.Image;
import io.faultline.error.ErrorCode;
import io.faultline.error.FaultlineException;
import io.faultline.policy.Policy;
import io.faultline.server.http.ApiModule;
import io.faultline.server.http.Exchange;
import io.faultline.server.http.Router;
import io.faultline.server.http.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A read-only Glance v2: the bootstrapped images, list and show, and the schemas clients fetch
 * first, so that clients resolving {@code --image cirros} and python-glanceclient work unmodified.
 * Writes are refused as Glance refuses a method a resource does not allow: 405 with {@code Allow}.
 */
public final class ImageApi implements ApiModule {
  private static final Service GLANCE = Service.IMAGE;

  /** Glance's list parameters, and the base properties it filters on. */
  private static final Set<String> LIST_PARAMETERS =
      Set.of(
          "limit",
          "marker",
          "sort_key",
          "sort_dir",
          "sort",
          "name",
          "id",
          "status",
          "visibility",
          "member_status",
          "owner",
          "size_min",
          "size_max",
          "tag",
          "os_hidden",
          "protected",
          "container_format",
          "disk_format",
          "created_at",
          "updated_at");

  private final Policy policy;

  public ImageApi(Policy policy) {
    this.policy = requireNonNull(policy, "policy is null");
  }

  @Override
  public void register(Router router) {
    router.getPublic(GLANCE, "/", this::versions);
    router.getPublic(GLANCE, "/versions", e -> e.json(200, versionList(e)));
    router.get(GLANCE, "/v2/images", this::list);
    router.get(GLANCE, "/v2/images/{image_id}", this::show);
    router.get(GLANCE, "/v2/schemas/image", e -> e.json(200, GlanceSchemas.image()));
    router.get(GLANCE, "/v2/schemas/images", e -> e.json(200, GlanceSchemas.images()));
    router.post(GLANCE, "/v2/images", e -> refuse(e, "GET"));
    for (String path : List.of("/v2/images/{image_id}", "/v2/images/{image_id}/file")) {
      router.put(GLANCE, path, e -> refuse(e, "GET"));
      router.patch(GLANCE, path, e -> refuse(e, "GET"));
      router.delete(GLANCE, path, e -> refuse(e, "GET"));
    }
  }

  /** {@code GET /image/}: 300 Multiple Choices with every version, as Glance answers. */
  private void versions(Exchange exchange) {
    exchange.json(300, versionList(exchange));
  }

  private static ImageRepresentations.Versions versionList(Exchange exchange) {
    return ImageRepresentations.versions(exchange.baseUrl() + GLANCE.prefix().orElse(""));
  }

  private void list(Exchange exchange) {
    policy.authorize(ComputePolicies.IMAGES_GET, exchange.credentials(), Map.of());
    if (exchange.path().endsWith("/")) {
      // GET /v2/images/ names an image with an empty id.
      throw FaultlineException.notFound("No image found with ID ");
    }
    rejectUnknownParameters(exchange);
    List<Image> images = new ArrayList<>();
    for (Image image : Image.STANDARD) {
      if (exchange.query("name").map(image.name()::equals).orElse(true)
          && exchange.query("id").map(image.id().value()::equals).orElse(true)
          && exchange.query("status").map("active"::equals).orElse(true)
          && exchange
              .query("visibility")
              .map(v -> v.equals("public") || v.equals("all"))
              .orElse(true)) {
        images.add(image);
      }
    }
    images = page(exchange, images);
    exchange.json(200, ImageRepresentations.list(images));
  }

  private static List<Image> page(Exchange exchange, List<Image> images) {
    int from = 0;
    if (exchange.query("marker").isPresent()) {
      String marker = exchange.query("marker").get();
      from = -1;
      for (int i = 0; i < images.size(); i++) {
        if (images.get(i).id().value().equals(marker)) {
          from = i + 1;
        }
      }
      if (from < 0) {
        throw badRequest("marker " + marker + " could not be found.");
      }
    }
    int to = images.size();
    if (exchange.query("limit").isPresent()) {
      String limit = exchange.query("limit").get();
      int value;
      try {
        value = Integer.parseInt(limit);
      } catch (NumberFormatException e) {
        throw badRequest("limit param must be an integer");
      }
      if (value < 0) {
        throw badRequest("limit param must be positive");
      }
      to = Math.min(to, from + value);
    }
    return images.subList(Math.min(from, to), to);
  }

  private static void rejectUnknownParameters(Exchange exchange) {
    Set<String> unknown = new TreeSet<>(exchange.queryMap().keySet());
    unknown.removeAll(LIST_PARAMETERS);
    if (!unknown.isEmpty()) {
      throw badRequest(
          "unknown image list filter(s) "
              + String.join(", ", unknown)
              + "; valid: "
              + String.join(", ", new TreeSet<>(LIST_PARAMETERS)));
    }
  }

  private void show(Exchange exchange) {
    policy.authorize(ComputePolicies.IMAGES_GET, exchange.credentials(), Map.of());
    String id = exchange.pathParam("image_id");
    Image image =
        Image.STANDARD.stream()
            .filter(i -> i.id().value().equals(id))
            .findFirst()
            .orElseThrow(() -> FaultlineException.notFound("No image found with ID " + id));
    exchange.json(200, ImageRepresentations.image(image));
  }

  private static void refuse(Exchange exchange, String allowed) {
    exchange.header("Allow", allowed);
    throw new FaultlineException(
        ErrorCode.METHOD_NOT_ALLOWED,
        "The method "
            + exchange.method()
            + " is not allowed for this resource: images here are read-only.");
  }
}
