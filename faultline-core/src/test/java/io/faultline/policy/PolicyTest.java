package io.faultline.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.error.ErrorCode;
import io.faultline.error.FaultlineException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyTest {
  private static Credentials caller(String project, String... roles) {
    return new Credentials(
        "u1", "user", "default", Optional.of(project), Optional.of("p"), Set.of(roles));
  }

  private static Policy policy(Map<String, String> overrides) {
    PolicyDefaults defaults = new PolicyDefaults();
    defaults.register("thing:get", "rule:project_reader_or_admin");
    defaults.register("thing:force", "rule:admin_api");
    defaults.register(
        "thing:complex", "(role:monitor or role:admin) and not project_id:%(project_id)s");
    return Policy.of(defaults.rules(), overrides);
  }

  @Test
  void ownerReadsAndOthersDoNot() {
    Policy policy = policy(Map.of());
    assertThat(policy.allows("thing:get", caller("p1", "reader"), Map.of("project_id", "p1")))
        .isTrue();
    assertThat(policy.allows("thing:get", caller("p2", "reader"), Map.of("project_id", "p1")))
        .isFalse();
    assertThat(policy.allows("thing:get", caller("p2", "admin"), Map.of("project_id", "p1")))
        .isTrue();
    assertThat(policy.allows("thing:get", caller("p1", "monitor"), Map.of("project_id", "p1")))
        .isFalse();
  }

  @Test
  void adminOnlyRuleDeniesMembersWithForbidden() {
    Policy policy = policy(Map.of());
    assertThatThrownBy(() -> policy.authorize("thing:force", caller("p1", "member"), "p1"))
        .isInstanceOfSatisfying(
            FaultlineException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
              assertThat(e.getMessage()).contains("thing:force");
            });
  }

  @Test
  void parenthesesNotAndPrecedence() {
    Policy policy = policy(Map.of());
    assertThat(policy.allows("thing:complex", caller("p1", "monitor"), Map.of("project_id", "p2")))
        .isTrue();
    assertThat(policy.allows("thing:complex", caller("p1", "monitor"), Map.of("project_id", "p1")))
        .isFalse();
    assertThat(policy.allows("thing:complex", caller("p1", "member"), Map.of("project_id", "p2")))
        .isFalse();
  }

  @Test
  void overridesReplaceDefaults() {
    Policy policy = policy(Map.of("thing:force", "role:monitor"));
    assertThat(policy.allows("thing:force", caller("p1", "monitor"), Map.of())).isTrue();
    assertThat(policy.allows("thing:force", caller("p1", "admin"), Map.of())).isFalse();
  }

  @Test
  void alwaysAndNever() {
    Policy policy = policy(Map.of("thing:get", "", "thing:force", "!"));
    assertThat(policy.allows("thing:get", caller("p1"), Map.of())).isTrue();
    assertThat(policy.allows("thing:force", caller("p1", "admin"), Map.of())).isFalse();
  }

  @Test
  void unknownRulesAndReferencesFailToLoad() {
    assertThatThrownBy(() -> policy(Map.of("thing:nope", "role:admin")))
        .hasMessageContaining("thing:nope");
    assertThatThrownBy(() -> policy(Map.of("thing:get", "rule:missing")))
        .hasMessageContaining("missing");
    assertThatThrownBy(() -> policy(Map.of("thing:get", "role:admin and")))
        .hasMessageContaining("thing:get");
    assertThatThrownBy(() -> policy(Map.of("thing:get", "(role:admin")))
        .hasMessageContaining("')'");
  }
}
