package io.faultline.server.api.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.compute.Image;
import io.faultline.server.TestServer;
import io.faultline.server.TestServer.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Glance v2, read-only, through the real server. */
class ImageApiTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void rootAnswers300WithTheVersions() {
    Reply root = server.http().get("/image/", null).expect(300);
    JsonNode versions = root.json().get("versions");
    assertThat(versions.get(0).get("id").asText()).isEqualTo("v2.9");
    assertThat(versions.get(0).get("status").asText()).isEqualTo("CURRENT");
    assertThat(versions.get(0).at("/links/0/href").asText())
        .isEqualTo(server.baseUrl() + "/image/v2/");
    assertThat(versions).extracting(v -> v.get("id").asText()).contains("v2.0", "v2.5");
    server.http().get("/image", null).expect(300);
  }

  @Test
  void anEmptyImageIdIs404() {
    Reply reply = server.http().get("/image/v2/images/", server.adminToken()).expect(404);
    assertThat(reply.json().at("/error/code").asInt()).isEqualTo(404);
    server.http().get("/v2/images/", server.adminToken()).expect(404);
    server.http().get("/v2/images/no-such-image", server.adminToken()).expect(404);
  }

  @Test
  void writesAre405WithTheAllowedMethods() {
    String token = server.adminToken();
    String image = "/image/v2/images/" + Image.CIRROS.id().value();
    List<Reply> refused =
        List.of(
            server.http().post("/image/v2/images", token, "{\"name\": \"x\"}"),
            server.http().patch(image, token, "[]"),
            server.http().put(image + "/file", token, "{}"),
            server.http().delete(image, token));
    for (Reply reply : refused) {
      assertThat(reply.status()).as(reply.body()).isEqualTo(405);
      assertThat(reply.header("Allow")).isEqualTo("GET");
      assertThat(reply.json().at("/error/message").asText()).contains("read-only");
    }
    // Nothing changed: the image is still there, alone.
    assertThat(server.http().get("/image/v2/images", token).expect(200).json().get("images"))
        .hasSize(1);
    server.http().get(image, token).expect(200);
  }

  @Test
  void listPagesAndRefusesUnknownFilters() {
    String token = server.adminToken();
    JsonNode page = server.http().get("/v2/images?limit=20", token).expect(200).json();
    assertThat(page.at("/images/0/name").asText()).isEqualTo("cirros");
    assertThat(page.get("schema").asText()).isEqualTo("/v2/schemas/images");
    assertThat(
            server
                .http()
                .get("/v2/images?marker=" + Image.CIRROS.id().value(), token)
                .expect(200)
                .json()
                .get("images"))
        .isEmpty();
    assertThat(server.http().get("/v2/images?name=other", token).expect(200).json().get("images"))
        .isEmpty();
    Reply unknown = server.http().get("/v2/images?colour=red", token).expect(400);
    assertThat(unknown.json().at("/error/message").asText()).contains("colour");
    server.http().get("/v2/images?limit=x", token).expect(400);
    server.http().get("/v2/images?marker=nope", token).expect(400);
  }

  @Test
  void schemasDeclareEveryPropertyAnImageHasWithItsType() {
    String token = server.adminToken();
    JsonNode schema = server.http().get("/image/v2/schemas/image", token).expect(200).json();
    assertThat(schema.get("name").asText()).isEqualTo("image");
    assertThat(schema.at("/additionalProperties/type").asText()).isEqualTo("string");
    JsonNode properties = schema.get("properties");
    JsonNode image =
        server.http().get("/v2/images/" + Image.CIRROS.id().value(), token).expect(200).json();
    List<String> undeclared = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : image.properties()) {
      JsonNode property = properties.get(field.getKey());
      if (property == null) {
        undeclared.add(field.getKey());
      } else {
        assertThat(typeAllows(property.get("type"), field.getValue()))
            .as("%s = %s against %s", field.getKey(), field.getValue(), property)
            .isTrue();
      }
    }
    assertThat(undeclared).isEmpty();
    assertThat(properties.at("/kernel_id/is_base").asBoolean(true)).isFalse();
    assertThat(properties.at("/status/enum").toString()).contains("active");

    JsonNode images = server.http().get("/image/v2/schemas/images", token).expect(200).json();
    assertThat(images.get("name").asText()).isEqualTo("images");
    assertThat(images.at("/properties/images/items/name").asText()).isEqualTo("image");
    assertThat(images.at("/links/0/rel").asText()).isEqualTo("first");
    assertThat(keys(schema)).containsExactly("additionalProperties", "links", "name", "properties");
    assertThat(keys(schema.get("additionalProperties"))).containsExactly("type");
    assertThat(keys(images)).containsExactly("links", "name", "properties");
    assertThat(keys(images.get("properties"))).containsExactly("first", "images", "next", "schema");
    assertThat(keys(images.at("/properties/first"))).containsExactly("type");
    assertThat(keys(images.at("/properties/images"))).containsExactly("type", "items");
    assertThat(images.at("/properties/images/type").asText()).isEqualTo("array");
  }

  private static List<String> keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  private static boolean typeAllows(JsonNode type, JsonNode value) {
    List<String> types = new ArrayList<>();
    if (type.isArray()) {
      type.forEach(t -> types.add(t.asText()));
    } else {
      types.add(type.asText());
    }
    String actual =
        switch (value.getNodeType()) {
          case NULL -> "null";
          case STRING -> "string";
          case BOOLEAN -> "boolean";
          case NUMBER -> value.isIntegralNumber() ? "integer" : "number";
          case ARRAY -> "array";
          default -> "object";
        };
    return types.contains(actual);
  }
}
