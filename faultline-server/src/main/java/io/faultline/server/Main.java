package io.faultline.server;

import io.faultline.server.cli.AgentCommand;
import io.faultline.server.cli.FaultsCommand;
import io.faultline.server.cli.HostCommand;
import io.faultline.server.config.ConfigLoader;
import io.faultline.server.config.FaultlineConfig;
import io.faultline.server.demo.DemoCommand;
import io.faultline.server.demo.FaultLoopBenchCommand;
import io.faultline.server.demo.FleetBenchCommand;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code faultline} command line. */
@Command(
    name = "faultline",
    mixinStandardHelpOptions = true,
    version = "faultline 0.1.0",
    description = "Fault-management control plane for OpenStack-style NFV clouds.",
    subcommands = {
      Main.Serve.class,
      AgentCommand.class,
      HostCommand.class,
      FaultsCommand.class,
      ConfigCommand.class,
      DemoCommand.class,
      Main.Bench.class
    })
public final class Main implements Runnable {
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Main());
    withHelp(commandLine);
    return commandLine;
  }

  /** Every command and subcommand answers {@code --help} (and {@code -h}) with its usage. */
  private static void withHelp(CommandLine command) {
    command.getCommandSpec().mixinStandardHelpOptions(true);
    command.getSubcommands().values().forEach(Main::withHelp);
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  /** Benchmarks that drive a running system end to end. */
  @Command(
      name = "bench",
      description = "End-to-end benchmarks.",
      subcommands = {FaultLoopBenchCommand.class, FleetBenchCommand.class})
  static final class Bench implements Runnable {
    @Override
    public void run() {
      CommandLine.usage(this, System.out);
    }
  }

  /** Runs the server until interrupted. */
  @Command(
      name = "serve",
      description = "Run Faultline (embedded H2 and in-process bus by default).")
  static final class Serve implements Callable<Integer> {
    @Option(
        names = {"-c", "--config"},
        description = "YAML configuration file (default: $FAULTLINE_CONFIG, else none).")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
      FaultlineConfig settings;
      try {
        settings = ConfigLoader.load(Optional.ofNullable(config), System.getenv());
      } catch (ConfigLoader.ConfigException e) {
        System.err.println("faultline: " + e.getMessage());
        return 1;
      }
      Faultline faultline;
      try {
        // The generated password is printed as soon as it is stored, before anything else can fail.
        faultline =
            Faultline.start(
                settings,
                InstantSource.system(),
                password ->
                    System.out.println(
                        "Generated the admin password (shown once; set FAULTLINE_ADMIN_PASSWORD to"
                            + " choose it): "
                            + password));
      } catch (RuntimeException e) {
        System.err.println("faultline: " + StartupFailure.describe(e, settings));
        if (StartupFailure.debug(System.getenv())) {
          e.printStackTrace(System.err);
        }
        return 1;
      }
      System.out.println("Faultline is serving on " + faultline.baseUrl());
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    faultline.close();
                    stopped.countDown();
                  },
                  "faultline-shutdown"));
      stopped.await();
      return 0;
    }
  }
}
