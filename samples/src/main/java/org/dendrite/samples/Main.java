package org.dendrite.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The samples launcher: {@code java -jar dendrite-samples.jar NAME [options]}. */
@Command(
    name = "dendrite-samples",
    mixinStandardHelpOptions = true,
    version = "Dendrite samples 0.1.0",
    description = "Runs the textbook's examples on Dendrite. Run with"
        + " --add-modules jdk.incubator.vector for the SIMD kernels.",
    // In the order --help lists them: the textbook's order, then the benchmarks.
    subcommands = {
      GatesCommand.class,
      PerceptronCommand.class,
      XorCommand.class,
      LinearCommand.class,
      RegressionCommand.class,
      IrisCommand.class,
      FashionCommand.class,
      FashionSmallCommand.class,
      FashionDeepCommand.class,
      FashionEarlyStopCommand.class,
      FashionCnnCommand.class,
      FashionResnetCommand.class,
      org.dendrite.samples.onnx.OnnxCommand.class,
      org.dendrite.samples.bench.BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs the command line; returns the exit status (for tests). A sample that fails on its input
   * (data missing or corrupt, a file it cannot write, an option out of range) prints
   * {@code error: } and the message, which says what is wrong and how to fix it, and returns 1;
   * only an unexpected failure, a bug, prints its stack trace.
   */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof IOException || e instanceof UncheckedIOException
          || e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
        commandLine.getErr().println("error: " + message(e));
        commandLine.getErr().flush();
        return 1;
      }
      throw e;
    });
    return cli.execute(args);
  }

  /** The message of {@code e}, or of its cause when it only wraps one. */
  static String message(Exception e) {
    Throwable cause = e.getCause();
    if (cause != null && (e.getMessage() == null || e.getMessage().equals(cause.toString()))) {
      return cause.getMessage();
    }
    return e.getMessage();
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
