package org.dendrite.samples;

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
      FashionCommand.class,
      FashionSmallCommand.class,
      FashionDeepCommand.class,
      FashionEarlyStopCommand.class,
      org.dendrite.samples.bench.BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line; returns the exit status (for tests). */
  public static int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
