package io.faultline.server.api.image;

import static java.util.Objects.requireNonNull;

import io.faultline.compute.ComputePolicies;
import io.faultline.compute.Image;
import io.faultline.error.FaultlineException;
import io.faultline.policy.Policy;
import io.faultline.server.http.ApiModule;
import io.faultline.server.http.Exchange;
import io.faultline.server.http.Router;
import io.faultline.server.http.Service;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal Glance v2: the bootstrapped images, list (with a {@code name} filter) and show, so that
 * clients resolving {@code --image cirros} work unmodified.
 */
public final class ImageApi implements ApiModule {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private final Policy policy;

  public ImageApi(Policy policy) {
    this.policy = requireNonNull(policy, "policy is null");
  }

  @Override
  public void register(Router router) {
    router.getPublic(Service.IMAGE, "/", this::versions);
    router.get(Service.IMAGE, "/v2/images", this::list);
    router.get(Service.IMAGE, "/v2/images/{image_id}", this::show);
  }

  private void versions(Exchange exchange) {
    String base = exchange.baseUrl() + Service.IMAGE.prefix().orElse("");
    Map<String, Object> v2 = new LinkedHashMap<>();
    v2.put("id", "v2.9");
    v2.put("status", "CURRENT");
    v2.put("links", List.of(Map.of("rel", "self", "href", base + "/v2/")));
    exchange.json(200, Map.of("versions", List.of(v2)));
  }

  private void list(Exchange exchange) {
    policy.authorize(ComputePolicies.IMAGES_GET, exchange.credentials(), Map.of());
    List<Map<String, Object>> images =
        Image.STANDARD.stream()
            .filter(i -> exchange.query("name").map(i.name()::equals).orElse(true))
            .filter(i -> exchange.query("id").map(i.id().value()::equals).orElse(true))
            .map(ImageApi::image)
            .toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("images", images);
    body.put("schema", "/v2/schemas/images");
    body.put("first", "/v2/images");
    exchange.json(200, body);
  }

  private void show(Exchange exchange) {
    policy.authorize(ComputePolicies.IMAGES_GET, exchange.credentials(), Map.of());
    String id = exchange.pathParam("image_id");
    Image image =
        Image.STANDARD.stream()
            .filter(i -> i.id().value().equals(id))
            .findFirst()
            .orElseThrow(() -> FaultlineException.notFound("No image found with ID " + id));
    exchange.json(200, image(image));
  }

  private static Map<String, Object> image(Image image) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", image.id().value());
    body.put("name", image.name());
    body.put("status", "active");
    body.put("visibility", "public");
    body.put("protected", false);
    body.put("os_hidden", false);
    body.put("container_format", "bare");
    body.put("disk_format", "qcow2");
    body.put("min_disk", 0);
    body.put("min_ram", 0);
    body.put("size", image.sizeBytes());
    body.put("virtual_size", null);
    body.put("checksum", null);
    body.put("owner", null);
    body.put("tags", List.of());
    body.put("created_at", TIME.format(image.createdAt()));
    body.put("updated_at", TIME.format(image.createdAt()));
    body.put("self", "/v2/images/" + image.id().value());
    body.put("file", "/v2/images/" + image.id().value() + "/file");
    body.put("schema", "/v2/schemas/image");
    return body;
  }
}
