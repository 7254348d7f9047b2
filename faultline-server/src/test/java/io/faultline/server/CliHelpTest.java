package io.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** {@code --help} on every command and subcommand: its usage, exit status 0. */
class CliHelpTest {
  /** Every command path of the {@code faultline} command line, found by walking it. */
  static Stream<List<String>> commands() {
    List<List<String>> paths = new ArrayList<>();
    collect(Main.commandLine(), new ArrayList<>(), paths);
    return paths.stream();
  }

  private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
    paths.add(List.copyOf(path));
    command
        .getSubcommands()
        .forEach(
            (name, subcommand) -> {
              List<String> child = new ArrayList<>(path);
              child.add(name);
              collect(subcommand, child, paths);
            });
  }

  @ParameterizedTest
  @MethodSource("commands")
  void helpPrintsTheUsageAndExitsZero(List<String> path) {
    CommandLine commandLine = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    List<String> arguments = new ArrayList<>(path);
    arguments.add("--help");

    int status = commandLine.execute(arguments.toArray(String[]::new));

    assertThat(status).as("exit status of faultline %s", arguments).isZero();
    assertThat(err.toString()).isEmpty();
    assertThat(out.toString())
        .startsWith("Usage: faultline" + (path.isEmpty() ? "" : " " + String.join(" ", path)))
        .contains("-h, --help")
        .doesNotContain("DESIGN", "§", "STYLE.md");
  }

  @org.junit.jupiter.api.Test
  void everyCommandTheReadmeNamesIsWalked() {
    assertThat(commands().map(path -> String.join(" ", path)))
        .contains("", "serve", "agent", "host", "host down", "host up", "demo", "bench")
        .contains("bench fault-loop");
  }
}
