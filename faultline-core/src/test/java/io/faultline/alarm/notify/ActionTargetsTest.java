package io.faultline.alarm.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.error.FaultlineException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActionTargetsTest {
  private final ActionTargets targets =
      ActionTargets.of(List.of("10.0.0.0/8", "192.0.2.7", "fd00::/8", "*.example.org", "vnfm"));

  @Test
  void openByDefault() {
    assertThat(ActionTargets.open().reason("http://169.254.169.254/latest")).isEmpty();
  }

  @Test
  void networksAndHostPatternsAreAllowed() {
    assertThat(targets.reason("http://10.1.2.3:8080/hook")).isEmpty();
    assertThat(targets.reason("https://192.0.2.7/x")).isEmpty();
    assertThat(targets.reason("http://[fd00::1]:80/x")).isEmpty();
    assertThat(targets.reason("http://hooks.example.org/x")).isEmpty();
    assertThat(targets.reason("http://a.b.example.org/x")).isEmpty();
    assertThat(targets.reason("http://VNFM/x")).isEmpty();
    assertThat(targets.reason("log://")).isEmpty();
  }

  @Test
  void everythingElseIsRefused() {
    assertThat(targets.reason("http://127.0.0.1/x")).isPresent();
    assertThat(targets.reason("http://192.0.2.8/x")).isPresent();
    assertThat(targets.reason("http://11.0.0.1/x")).isPresent();
    assertThat(targets.reason("http://example.org/x")).isPresent();
    assertThat(targets.reason("http://evil.example.org.attacker.test/x")).isPresent();
    assertThatThrownBy(() -> targets.check("http://169.254.169.254/latest"))
        .isInstanceOf(FaultlineException.class)
        .hasMessageContaining("169.254.169.254");
  }

  @Test
  void invalidEntriesFailConfiguration() {
    assertThatThrownBy(() -> ActionTargets.of(List.of("10.0.0.0/33")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ActionTargets.of(List.of("http://x")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
