package io.faultline.server.api.image;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.faultline.compute.Image;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Glance v2 wire shapes. */
final class ImageRepresentations {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  /** The highest minor version of the v2 API served; the list names each one down to v2.0. */
  private static final int CURRENT_MINOR = 9;

  private ImageRepresentations() {}

  record Link(String rel, String href) {}

  record Version(String id, String status, List<Link> links) {}

  record Versions(List<Version> versions) {}

  record ImageRepresentation(
      String id,
      String name,
      String status,
      String visibility,
      @JsonProperty("protected") boolean isProtected,
      @JsonProperty("os_hidden") boolean osHidden,
      @JsonProperty("container_format") String containerFormat,
      @JsonProperty("disk_format") String diskFormat,
      @JsonProperty("min_disk") int minDisk,
      @JsonProperty("min_ram") int minRam,
      long size,
      @JsonProperty("virtual_size") Long virtualSize,
      String checksum,
      @JsonProperty("os_hash_algo") String osHashAlgo,
      @JsonProperty("os_hash_value") String osHashValue,
      String owner,
      List<String> tags,
      @JsonProperty("created_at") String createdAt,
      @JsonProperty("updated_at") String updatedAt,
      String self,
      String file,
      String schema) {}

  record ImageList(List<ImageRepresentation> images, String schema, String first) {}

  static Versions versions(String baseUrl) {
    List<Version> versions = new ArrayList<>();
    for (int minor = CURRENT_MINOR; minor >= 0; minor--) {
      versions.add(
          new Version(
              "v2." + minor,
              minor == CURRENT_MINOR ? "CURRENT" : "SUPPORTED",
              List.of(new Link("self", baseUrl + "/v2/"))));
    }
    return new Versions(versions);
  }

  static ImageRepresentation image(Image image) {
    String self = "/v2/images/" + image.id().value();
    return new ImageRepresentation(
        image.id().value(),
        image.name(),
        "active",
        "public",
        false,
        false,
        "bare",
        "qcow2",
        0,
        0,
        image.sizeBytes(),
        null,
        null,
        null,
        null,
        null,
        List.of(),
        TIME.format(image.createdAt()),
        TIME.format(image.createdAt()),
        self,
        self + "/file",
        "/v2/schemas/image");
  }

  static ImageList list(List<Image> images) {
    return new ImageList(
        images.stream().map(ImageRepresentations::image).toList(),
        "/v2/schemas/images",
        "/v2/images");
  }
}
