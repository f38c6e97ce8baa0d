package org.dendrite.compiler.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.dendrite.compiler.diag.Diagnostic;
import org.dendrite.compiler.diag.DiagnosticFormatter;
import org.dendrite.compiler.nn.NnCompiler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nnc}, the command-line compiler of {@code .nn} files: {@code java -jar nnc.jar [-d DIR]
 * FILE.nn…}. Prints diagnostics to standard error in javac's format and writes the generated
 * classes only if there is no error, so that a failed run leaves the output directory as it was.
 */
@Command(name = "nnc", mixinStandardHelpOptions = true, versionProvider = Nnc.Version.class,
    sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Compiles Dendrite .nn network files into Java classes: each network Name becomes",
        "Compiled<Name>.java, in the directories of the file's package, under the output",
        "directory. Diagnostics go to standard error as file:line:column: error: message,",
        "with the line and a caret under the column. Nothing is written if there is an error."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success (warnings may have been printed)",
        "1:a .nn file has errors, or a file could not be read or written",
        "2:bad usage: an unknown option, no file, or a file that does not exist"},
    footerHeading = "%nExample:%n",
    footer = {"  java -jar nnc.jar -d build/generated src/main/nn/fashion.nn",
        "  javac -cp dendrite-runtime.jar -d build/classes \\",
        "      $(find build/generated -name '*.java') MyApp.java"})
public final class Nnc implements Callable<Integer> {
  /** Exit code of a run with errors in the input. */
  public static final int ERRORS = 1;

  @Option(names = {"-d", "--directory"}, paramLabel = "OUTDIR", defaultValue = ".",
      description = "Where to write the generated sources, in package directories"
          + " (default: the current directory).")
  private Path directory;

  @Parameters(paramLabel = "FILE.nn", arity = "1..*", description = "The .nn files to compile.")
  private List<Path> files;

  @Spec
  private CommandLine.Model.CommandSpec spec;

  /** Runs nnc and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs nnc with the given streams, for tests and embedding; returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Nnc());
    cli.setOut(out);
    cli.setErr(err);
    return cli.execute(args);
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    for (Path file : files) {
      if (!Files.isRegularFile(file)) {
        // Like javac: a file that is not there is a mistake in the command line.
        err.println("nnc: error: " + (Files.exists(file) ? "not a file: " : "file not found: ")
            + file);
        err.println("Try 'nnc --help' for more information.");
        err.flush();
        return CommandLine.ExitCode.USAGE;
      }
    }
    NnCompiler.Result result = new NnCompiler().compileFiles(files);
    DiagnosticFormatter formatter = new DiagnosticFormatter(result.sources());
    for (Diagnostic d : result.diagnostics()) {
      err.println(formatter.format(d));
    }
    String summary = DiagnosticFormatter.summary(result.diagnostics());
    if (!summary.isEmpty()) {
      err.println(summary);
    }
    if (result.hasErrors()) {
      err.flush();
      return ERRORS;
    }
    try {
      if (Files.exists(directory) && !Files.isDirectory(directory)) {
        throw new IOException(directory + " is not a directory");
      }
      NnCompiler.write(result.files(), directory);
    } catch (IOException e) {
      err.println("nnc: error: cannot write to " + directory + ": " + e.getMessage());
      err.flush();
      return ERRORS;
    }
    err.flush();
    return 0;
  }

  /** The version from the jar's manifest, when run from the jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Nnc.class.getPackage().getImplementationVersion();
      return new String[] {"nnc (Dendrite) " + (version == null ? "development build" : version)};
    }
  }
}
