package io.faultline.server;

/** Lets tests in other packages run the command line as {@code main} would, without exiting. */
public final class MainAccess {
  private MainAccess() {}

  public static int execute(String... args) {
    return Main.commandLine().execute(args);
  }
}
