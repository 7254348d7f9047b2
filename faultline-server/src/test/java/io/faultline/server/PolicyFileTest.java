package io.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.server.TestServer.Account;
import io.faultline.server.config.FaultlineConfig;
import io.faultline.server.config.PolicyConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyFileTest {
  @TempDir Path directory;

  private FaultlineConfig withPolicy(String yaml) throws IOException {
    Path file = directory.resolve("policy.yaml");
    Files.writeString(file, yaml);
    return TestServer.testConfig().withPolicy(new PolicyConfig(file.toString()));
  }

  @Test
  void aPolicyFileOverridesDefaultRules() throws IOException {
    FaultlineConfig config = withPolicy("\"identity:list_users\": \"role:reader\"\n");
    try (TestServer server = TestServer.start(config, InstantSource.system())) {
      Account member = server.newProjectUser("member");
      assertThat(server.http().get("/v3/users", member.token()).expect(200).json().get("users"))
          .isNotEmpty();
      server.http().get("/v3/projects", member.token()).expect(403);
    }
  }

  @Test
  void aPolicyFileNamingAnUnknownRuleFailsStart() throws IOException {
    FaultlineConfig config = withPolicy("\"identity:list_userz\": \"role:reader\"\n");
    assertThatThrownBy(() -> TestServer.start(config, InstantSource.system()))
        .hasMessageContaining("identity:list_userz");
  }
}
