package io.faultline.server.cli;

import io.faultline.server.MainAccess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the {@code faultline} command line in this JVM and keeps what it printed. */
public record CliCapture(int status, String out, String err) {
  public static synchronized CliCapture run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      status = MainAccess.execute(args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    String printedOut = out.toString(StandardCharsets.UTF_8);
    String printedErr = err.toString(StandardCharsets.UTF_8);
    oldOut.print(printedOut);
    oldErr.print(printedErr);
    return new CliCapture(status, printedOut, printedErr);
  }
}
