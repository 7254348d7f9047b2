package io.faultline.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.compute.Image;
import io.faultline.server.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The unmodified {@code glance} CLI (python3-glanceclient, v2): it fetches the image schemas before
 * it lists or shows images.
 */
class GlanceCliTest {
  private static TestServer server;
  private static CliRunner cli;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    cli = new CliRunner(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void imageListAndShowThroughGlanceclient() {
    String list = cli.admin("glance", "image-list").succeeded().stdout();
    assertThat(list).contains(Image.CIRROS.id().value()).contains("cirros");
    String show = cli.admin("glance", "image-show", Image.CIRROS.id().value()).succeeded().stdout();
    assertThat(show).contains("qcow2").contains("active").contains("public");
  }

  @Test
  void writesAreRefused() {
    CliRunner.Result refused =
        cli.admin(
            "glance",
            "image-create",
            "--name",
            "new",
            "--disk-format",
            "qcow2",
            "--container-format",
            "bare");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stdout() + refused.stderr())
        .contains("The method POST is not allowed for this resource");
  }
}
