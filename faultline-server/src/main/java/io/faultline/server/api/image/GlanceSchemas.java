package io.faultline.server.api.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON schemas Glance v2 serves at {@code /v2/schemas/image} and {@code /v2/schemas/images}.
 * python-glanceclient fetches them before it lists or shows images and builds its models from them,
 * so every property Faultline returns is declared here with the type Glance gives it.
 */
final class GlanceSchemas {
  private static final String UUID_PATTERN =
      "^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$";
  private static final List<String> NULL_OR_STRING = List.of("null", "string");
  private static final List<String> NULL_OR_INTEGER = List.of("null", "integer");

  private GlanceSchemas() {}

  /** One property of a schema; absent keywords are left out of the document. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Property(
      Object type,
      String description,
      @JsonProperty("enum") List<String> allowed,
      Integer maxLength,
      String pattern,
      Boolean readOnly,
      @JsonProperty("is_base") Boolean isBase,
      Object items,
      List<String> required,
      Map<String, Property> properties) {
    static Property of(Object type, String description) {
      return new Property(type, description, null, null, null, null, null, null, null, null);
    }

    Property asReadOnly() {
      return new Property(
          type,
          description,
          allowed,
          maxLength,
          pattern,
          true,
          isBase,
          items,
          required,
          properties);
    }

    Property maxLength(int length) {
      return new Property(
          type,
          description,
          allowed,
          length,
          pattern,
          readOnly,
          isBase,
          items,
          required,
          properties);
    }

    Property pattern(String regex) {
      return new Property(
          type,
          description,
          allowed,
          maxLength,
          regex,
          readOnly,
          isBase,
          items,
          required,
          properties);
    }

    Property allowed(String... values) {
      return new Property(
          type,
          description,
          Arrays.asList(values),
          maxLength,
          pattern,
          readOnly,
          isBase,
          items,
          required,
          properties);
    }

    Property notBase() {
      return new Property(
          type,
          description,
          allowed,
          maxLength,
          pattern,
          readOnly,
          false,
          items,
          required,
          properties);
    }

    Property items(Object itemSchema) {
      return new Property(
          type,
          description,
          allowed,
          maxLength,
          pattern,
          readOnly,
          isBase,
          itemSchema,
          required,
          properties);
    }
  }

  /** A link template of a schema ({@code {self}} is filled in by the client). */
  record Link(String href, String rel) {}

  /** The schema of one image; properties beyond those declared are strings. */
  record ImageSchema(
      Property additionalProperties,
      List<Link> links,
      String name,
      Map<String, Property> properties) {}

  /** The schema of an image list page. */
  record ImagesSchema(List<Link> links, String name, Map<String, Property> properties) {}

  static ImageSchema image() {
    return new ImageSchema(
        Property.of("string", null),
        List.of(
            new Link("{self}", "self"),
            new Link("{file}", "enclosure"),
            new Link("{schema}", "describedby")),
        "image",
        imageProperties());
  }

  static ImagesSchema images() {
    Map<String, Property> properties = new LinkedHashMap<>();
    properties.put("first", Property.of("string", null));
    properties.put("images", Property.of("array", null).items(image()));
    properties.put("next", Property.of("string", null));
    properties.put("schema", Property.of("string", null));
    return new ImagesSchema(
        List.of(
            new Link("{first}", "first"),
            new Link("{next}", "next"),
            new Link("{schema}", "describedby")),
        "images",
        properties);
  }

  private static Map<String, Property> imageProperties() {
    Map<String, Property> p = new LinkedHashMap<>();
    p.put(
        "architecture",
        Property.of("string", "Operating system architecture of the image").notBase());
    p.put(
        "checksum",
        Property.of(NULL_OR_STRING, "md5 hash of the image contents.").maxLength(32).asReadOnly());
    p.put(
        "container_format",
        Property.of(NULL_OR_STRING, "Format of the container")
            .allowed(null, "ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed"));
    p.put("created_at", Property.of("string", "When the image was registered").asReadOnly());
    p.put(
        "direct_url",
        Property.of("string", "URL of the image file in an external store").asReadOnly());
    p.put(
        "disk_format",
        Property.of(NULL_OR_STRING, "Format of the disk")
            .allowed(
                null, "ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso",
                "ploop"));
    p.put("file", Property.of("string", "URL of the image file").asReadOnly());
    p.put("id", Property.of("string", "Identifier of the image").pattern(UUID_PATTERN));
    p.put(
        "instance_uuid",
        Property.of("string", "Instance the image is associated with (informational)").notBase());
    p.put(
        "kernel_id",
        Property.of(NULL_OR_STRING, "Image to boot as the kernel of an AMI-style image")
            .pattern(UUID_PATTERN)
            .notBase());
    Map<String, Property> location = new LinkedHashMap<>();
    location.put("metadata", Property.of("object", null));
    location.put("url", Property.of("string", null).maxLength(255));
    p.put(
        "locations",
        Property.of("array", "URLs of the image file in external stores")
            .items(
                new Property(
                    "object",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    List.of("url", "metadata"),
                    location)));
    p.put("min_disk", Property.of("integer", "Disk (GB) needed to boot the image"));
    p.put("min_ram", Property.of("integer", "Memory (MB) needed to boot the image"));
    p.put("name", Property.of(NULL_OR_STRING, "Name of the image").maxLength(255));
    p.put(
        "os_distro", Property.of("string", "Operating system distribution of the image").notBase());
    p.put(
        "os_hash_algo",
        Property.of(NULL_OR_STRING, "Algorithm of os_hash_value").maxLength(64).asReadOnly());
    p.put(
        "os_hash_value",
        Property.of(NULL_OR_STRING, "Digest of the image contents by os_hash_algo")
            .maxLength(128)
            .asReadOnly());
    p.put("os_hidden", Property.of("boolean", "Whether the default image list leaves it out"));
    p.put(
        "os_version",
        Property.of("string", "Operating system version, as the distributor names it").notBase());
    p.put("owner", Property.of(NULL_OR_STRING, "Owner of the image").maxLength(255));
    p.put("protected", Property.of("boolean", "Whether the image may not be deleted"));
    p.put(
        "ramdisk_id",
        Property.of(NULL_OR_STRING, "Image to boot as the ramdisk of an AMI-style image")
            .pattern(UUID_PATTERN)
            .notBase());
    p.put("schema", Property.of("string", "URL of the image schema").asReadOnly());
    p.put("self", Property.of("string", "URL of the image").asReadOnly());
    p.put("size", Property.of(NULL_OR_INTEGER, "Size of the image file in bytes").asReadOnly());
    p.put(
        "status",
        Property.of("string", "Status of the image")
            .allowed(
                "queued",
                "saving",
                "active",
                "killed",
                "deleted",
                "pending_delete",
                "deactivated",
                "uploading",
                "importing")
            .asReadOnly());
    p.put("stores", Property.of("string", "Stores holding the image data").asReadOnly());
    p.put(
        "tags",
        Property.of("array", "Strings related to the image")
            .items(Property.of("string", null).maxLength(255)));
    p.put("updated_at", Property.of("string", "When the image was last changed").asReadOnly());
    p.put(
        "virtual_size",
        Property.of(NULL_OR_INTEGER, "Virtual size of the image in bytes").asReadOnly());
    p.put(
        "visibility",
        Property.of("string", "Who can see the image")
            .allowed("community", "public", "private", "shared"));
    return p;
  }
}
