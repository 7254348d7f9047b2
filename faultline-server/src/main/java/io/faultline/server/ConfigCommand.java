package io.faultline.server;

import io.faultline.server.config.ConfigLoader;
import io.faultline.server.config.FaultlineConfig;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Configuration tools. */
@Command(
    name = "config",
    description = "Check a configuration before serving with it.",
    subcommands = {ConfigCommand.Check.class})
final class ConfigCommand implements Runnable {
  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  /** Loads a configuration as {@code serve} would, and prints the effective one. */
  @Command(
      name = "check",
      description =
          "Load the configuration as serve does (file, then FAULTLINE_* variables), and print the"
              + " effective configuration with every default and secrets masked. Exit status 0"
              + " when it is valid; 1 and one line naming the bad key when it is not.")
  static final class Check implements Callable<Integer> {
    @Option(
        names = {"-c", "--config"},
        description = "YAML configuration file (default: $FAULTLINE_CONFIG, else none).")
    Path config;

    @Override
    public Integer call() {
      FaultlineConfig settings;
      try {
        settings = ConfigLoader.load(Optional.ofNullable(config), System.getenv());
      } catch (ConfigLoader.ConfigException e) {
        System.err.println("faultline: " + e.getMessage());
        return 1;
      }
      System.out.print(ConfigLoader.effectiveYaml(settings));
      return 0;
    }
  }
}
