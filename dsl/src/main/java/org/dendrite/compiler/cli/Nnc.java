package org.dendrite.compiler.cli;

import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dendrite.compiler.diag.Diagnostic;
import org.dendrite.compiler.diag.DiagnosticFormatter;
import org.dendrite.compiler.frozen.FrozenWriter;
import org.dendrite.compiler.frozen.TrainedWeights;
import org.dendrite.compiler.nn.NnCompiler;
import org.dendrite.compiler.onnx.OnnxCompiler;
import org.dendrite.compiler.onnx.OnnxImportException;
import org.dendrite.compiler.plan.Plan;
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
        "with the line and a caret under the column. Nothing is written if there is an error.",
        "An ONNX file (FILE.onnx, with --package and --name) becomes Compiled<Name>.java and",
        "its weights <Name>.safetensors beside it (Compiled<Name>.pretrained() reads them), and",
        "Frozen<Name>.java, inference only, with Frozen<Name>.bin unless it is unrolled.",
        "With --weights W.safetensors alone, a .nn network and its trained weights (what",
        "Model.save wrote) become Frozen<Name>.java and Frozen<Name>.bin the same way.",
        "With --onnx OUT.onnx --weights W.safetensors, a .nn network and its trained",
        "weights become an ONNX file instead (needs the runtime on the class path and a",
        "JDK: see the example)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success (warnings may have been printed)",
        "1:a .nn file has errors, or a file could not be read or written",
        "2:bad usage: an unknown option, no file, or a file that does not exist"},
    footerHeading = "%nExample:%n",
    footer = {"  java -jar nnc.jar -d build/generated src/main/nn/fashion.nn",
        "  javac -cp dendrite-runtime.jar -d build/classes \\",
        "      $(find build/generated -name '*.java') MyApp.java",
        "  java -cp nnc.jar:dendrite-runtime.jar org.dendrite.compiler.cli.Nnc \\",
        "      --onnx fashion.onnx --weights fashion.safetensors src/main/nn/fashion.nn"})
public final class Nnc implements Callable<Integer> {
  /** Exit code of a run with errors in the input. */
  public static final int ERRORS = 1;

  @Option(names = {"-d", "--directory"}, paramLabel = "OUTDIR", defaultValue = ".",
      description = "Where to write the generated sources, in package directories"
          + " (default: the current directory).")
  private Path directory;

  @Option(names = "--package", paramLabel = "PACKAGE", defaultValue = "",
      description = "The Java package of classes compiled from ONNX files (default: none).")
  private String packageName;

  @Option(names = "--name", paramLabel = "NAME",
      description = "The network name of a class compiled from an ONNX file: the class is"
          + " Compiled<NAME> (default: the file's name in CamelCase).")
  private String name;

  @Option(names = "--onnx", paramLabel = "OUT.onnx",
      description = "Write the network of the .nn file (the one named by --name if it declares"
          + " several), with the weights of --weights, as this ONNX file instead of generating"
          + " sources. Needs the Dendrite runtime on the class path and a JDK.")
  private Path onnxOut;

  @Option(names = "--weights", paramLabel = "W.safetensors",
      description = "The trained weights of the .nn network (a file Model.save wrote for it):"
          + " with --onnx, exported; alone, compiled into the frozen inference class"
          + " Frozen<Name>.java and its weights Frozen<Name>.bin (of the network --name names if"
          + " the files declare several).")
  private Path weights;

  @Option(names = "--diagram",
      description = "Also draw each network: Compiled<Name>.svg and Compiled<Name>.dot"
          + " (Graphviz) beside its source; model.diagram() reads the SVG from the class path.")
  private boolean diagram;

  @Parameters(paramLabel = "FILE", arity = "1..*",
      description = "The .nn files to compile, or one .onnx file.")
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
    if (onnxOut != null) {
      return exportOnnx(err);
    }
    if (weights != null) {
      return freeze(err);
    }
    if (files.stream().anyMatch(f -> f.toString().endsWith(".onnx"))) {
      return onnx(err);
    }
    NnCompiler.Result result = compileNn(err);
    if (result.hasErrors()) {
      return ERRORS;
    }
    return write(err, () -> {
      NnCompiler.write(result.files(), directory);
      if (diagram) {
        NnCompiler.writeDiagrams(result, directory);
      }
    });
  }

  /** Compiles the .nn files, printing their diagnostics (flushed if there are errors). */
  private NnCompiler.Result compileNn(PrintWriter err) {
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
    }
    return result;
  }

  /** {@code --onnx OUT --weights W NET.nn}: the network with its weights as an ONNX file. */
  private int exportOnnx(PrintWriter err) {
    String usage = weights == null
        ? "--onnx needs the network's trained weights: --weights W.safetensors"
        : files.stream().anyMatch(f -> !f.toString().endsWith(".nn"))
            ? "--onnx exports a network of .nn files; an ONNX file is already one" : null;
    if (usage == null && !Files.isRegularFile(weights)) {
      usage = "file not found: " + weights;
    }
    if (usage != null) {
      return usage(err, usage);
    }
    NnCompiler.Result result = compileNn(err);
    if (result.hasErrors()) {
      return ERRORS;
    }
    int network = oneNetwork(err, result, "--onnx exports");
    if (network < 0) {
      return ERRORS;
    }
    try {
      OnnxFromNn.export(result.files().get(network), weights, onnxOut);
    } catch (OnnxFromNn.Failure e) {
      err.println("nnc: error: " + e.getMessage());
      err.flush();
      return ERRORS;
    }
    err.flush();
    return 0;
  }

  /**
   * {@code --weights W NET.nn}: the network's frozen inference class and its weights resource,
   * from the trained weights, through the generator the ONNX import uses.
   */
  private int freeze(PrintWriter err) {
    if (files.stream().anyMatch(f -> !f.toString().endsWith(".nn"))) {
      return usage(err, "--weights freezes a network of .nn files; an ONNX file has its"
          + " weights inside");
    }
    if (!Files.isRegularFile(weights)) {
      return usage(err, "file not found: " + weights);
    }
    NnCompiler.Result result = compileNn(err);
    if (result.hasErrors()) {
      return ERRORS;
    }
    int network = oneNetwork(err, result, "--weights freezes");
    if (network < 0) {
      return ERRORS;
    }
    Plan plan = result.plans().get(network);
    FrozenWriter frozen;
    try {
      frozen = new FrozenWriter(plan.network(), TrainedWeights.read(plan, weights),
          NnCompiler.GENERATOR, FrozenWriter.UNROLL_LIMIT);
    } catch (IOException | IllegalArgumentException e) {
      // IOException: the file does not fit; IllegalArgumentException: a layer with no frozen form.
      err.println("nnc: error: " + e.getMessage());
      err.flush();
      return ERRORS;
    }
    JavaFile source = frozen.write();
    byte[] resource = frozen.weights();
    return write(err, () -> {
      Path written = NnCompiler.write(List.of(source), directory).get(0);
      if (resource.length > 0) {
        Files.write(written.resolveSibling(frozen.resource()), resource);
      }
    });
  }

  /**
   * The index in {@code result.files()} of the one network {@code --name} names, or the only
   * one; -1 after an error saying which there are.
   */
  private int oneNetwork(PrintWriter err, NnCompiler.Result result, String what) {
    List<String> declared = result.files().stream()
        .map(f -> f.typeSpec().name().substring("Compiled".length())).toList();
    int index = name != null ? declared.indexOf(name) : declared.size() == 1 ? 0 : -1;
    if (index < 0) {
      err.println("nnc: error: " + (name != null ? "no network " + name + " in "
          : what + " one network, and --name says which; declared: ") + declared);
      err.flush();
    }
    return index;
  }

  /** A usage error: the message, the hint, exit code 2. */
  private static int usage(PrintWriter err, String message) {
    err.println("nnc: error: " + message);
    err.println("Try 'nnc --help' for more information.");
    err.flush();
    return CommandLine.ExitCode.USAGE;
  }

  /** What writes the output files. */
  private interface Output {
    void write() throws IOException;
  }

  /** Runs {@code output} into the output directory; a failure is an error naming it. */
  private int write(PrintWriter err, Output output) {
    try {
      if (Files.exists(directory) && !Files.isDirectory(directory)) {
        throw new IOException(directory + " is not a directory");
      }
      output.write();
    } catch (IOException e) {
      err.println("nnc: error: cannot write to " + directory + ": " + e.getMessage());
      err.flush();
      return ERRORS;
    }
    err.flush();
    return 0;
  }

  /** Compiles the one ONNX file of the command line. */
  private int onnx(PrintWriter err) {
    if (files.size() != 1) {
      err.println("nnc: error: an ONNX file is compiled on its own; got " + files.size()
          + " files");
      err.println("Try 'nnc --help' for more information.");
      err.flush();
      return CommandLine.ExitCode.USAGE;
    }
    Path file = files.get(0);
    String network = name != null ? name : OnnxCompiler.networkName(file.getFileName().toString());
    OnnxCompiler.Result result;
    try {
      result = OnnxCompiler.compile(file, packageName, network);
    } catch (OnnxImportException e) {
      err.println("nnc: error: " + e.getMessage());
      err.flush();
      return ERRORS;
    } catch (IOException e) {
      err.println("nnc: error: cannot read " + file + ": " + e.getMessage());
      err.flush();
      return ERRORS;
    }
    for (Diagnostic d : result.diagnostics()) {
      err.println(d.origin().describe() + ": "
          + d.severity().name().toLowerCase(Locale.ROOT) + ": " + d.message());
    }
    return write(err, () -> {
      Path source = NnCompiler.write(List.of(result.file(), result.frozen()), directory).get(0);
      Files.write(source.resolveSibling(OnnxCompiler.weightsResource(network)), result.weights());
      if (result.frozenWeights().length > 0) {
        Files.write(source.resolveSibling("Frozen" + network + ".bin"), result.frozenWeights());
      }
    });
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
