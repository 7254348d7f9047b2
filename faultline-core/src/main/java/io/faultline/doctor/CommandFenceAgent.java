package io.faultline.doctor;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Fences by running a configured executable with the host name as its one argument (an IPMI
 * power-off script, a switch-port shutdown). Its environment names the fault it fences for: {@value
 * #FAULT_ID_VARIABLE} (the same on every attempt for one fault, on any node: the command's
 * idempotency key) and {@value #HOST_VARIABLE}. Exit status 0 within the timeout means fenced;
 * anything else, including a timeout, means not fenced.
 */
public final class CommandFenceAgent implements FenceAgent {
  private static final int OUTPUT_LIMIT = 500;

  /** The environment variable that carries the fault id, the same on every attempt for it. */
  public static final String FAULT_ID_VARIABLE = "FAULTLINE_FAULT_ID";

  /** The environment variable that carries the host to fence (also the command's argument). */
  public static final String HOST_VARIABLE = "FAULTLINE_FENCE_HOST";

  private final Path command;
  private final Duration timeout;

  public CommandFenceAgent(Path command, Duration timeout) {
    this.command = requireNonNull(command, "command is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
  }

  @Override
  public FenceResult fence(FenceRequest request) {
    String hostname = request.hostname();
    ProcessBuilder builder =
        new ProcessBuilder(command.toString(), hostname).redirectErrorStream(true);
    builder.environment().put(FAULT_ID_VARIABLE, request.faultId().value());
    builder.environment().put(HOST_VARIABLE, hostname);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return new FenceResult.Failed("fence command " + command + " cannot run: " + e.getMessage());
    }
    try {
      process.getOutputStream().close();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return new FenceResult.Failed(
            "fence command " + command + " did not finish within " + timeout.toMillis() + " ms");
      }
      String output = output(process);
      if (process.exitValue() != 0) {
        return new FenceResult.Failed(
            "fence command " + command + " exited with " + process.exitValue() + ": " + output);
      }
      return new FenceResult.Fenced("command " + command);
    } catch (IOException e) {
      return new FenceResult.Failed("fence command " + command + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      return new FenceResult.Failed("interrupted while fencing " + hostname);
    }
  }

  private static String output(Process process) throws IOException {
    byte[] bytes = process.getInputStream().readNBytes(OUTPUT_LIMIT);
    return new String(bytes, StandardCharsets.UTF_8).strip();
  }
}
