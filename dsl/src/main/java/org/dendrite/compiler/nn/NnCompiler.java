package org.dendrite.compiler.nn;

import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dendrite.compiler.NetworkCompiler;
import org.dendrite.compiler.diag.Diagnostic;
import org.dendrite.compiler.diag.DiagnosticCollector;
import org.dendrite.compiler.diag.DiagnosticSink;
import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.diag.Severity;
import org.dendrite.compiler.diag.SourceFile;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.ir.Origin;
import org.dendrite.compiler.ir.SourcePosition;

/**
 * The {@code .nn} front end and its driver, shared by {@code nnc} and the Maven plugin: parses
 * files into IR networks, then checks and generates each one with the same {@link
 * NetworkCompiler} as the annotation processor. Reports every problem of every file in one run
 * and never throws on bad input; a failure of the compiler itself becomes an InternalError
 * diagnostic.
 */
public final class NnCompiler {
  /** The generator named in {@code @Generated} of classes compiled from {@code .nn} files. */
  public static final String GENERATOR = NnCompiler.class.getName();

  /**
   * The outcome of a run.
   *
   * @param sources the files read, for quoting lines in diagnostics
   * @param files the generated classes of the networks without errors
   * @param diagnostics everything reported, in order
   */
  public record Result(List<SourceFile> sources, List<JavaFile> files,
      List<Diagnostic> diagnostics) {
    /** Copies the lists. */
    public Result {
      sources = List.copyOf(sources);
      files = List.copyOf(files);
      diagnostics = List.copyOf(diagnostics);
    }

    /** Whether any diagnostic is an error; then nothing should be written. */
    public boolean hasErrors() {
      return diagnostics.stream().anyMatch(d -> d.severity() == Severity.ERROR);
    }
  }

  private final NetworkCompiler compiler = new NetworkCompiler(GENERATOR);

  /**
   * Reads the networks of one file. Networks with syntax or attribute errors are reported to
   * {@code sink} and left out; the others are returned unchecked.
   */
  public static List<Network> parse(SourceFile source, DiagnosticSink sink) {
    DiagnosticCollector collector = new DiagnosticCollector(sink);
    Ast.File tree = new Parser(source.name(), source.text(), collector).file();
    List<Network> networks = new Lowering(source.name(), collector).lower(tree);
    if (tree.networks().isEmpty() && !collector.hasErrors()) {
      sink.report(Message.NO_NETWORK.at(SourcePosition.at(source.name(), 1, 1), source.name()));
    }
    return networks;
  }

  /** Reads the files (UTF-8) and compiles them; an unreadable file is an error diagnostic. */
  public Result compileFiles(List<Path> paths) {
    List<SourceFile> sources = new ArrayList<>();
    List<Diagnostic> unreadable = new ArrayList<>();
    for (Path path : paths) {
      try {
        sources.add(new SourceFile(path.toString(), read(path)));
      } catch (NoSuchFileException e) {
        unreadable.add(Message.FILE_UNREADABLE.at(Origin.of(path.toString()), path,
            "no such file"));
      } catch (CharacterCodingException e) {
        unreadable.add(Message.FILE_UNREADABLE.at(Origin.of(path.toString()), path,
            "it is not UTF-8 text"));
      } catch (IOException e) {
        unreadable.add(Message.FILE_UNREADABLE.at(Origin.of(path.toString()), path,
            String.valueOf(e.getMessage())));
      }
    }
    Result result = compile(sources);
    List<Diagnostic> all = new ArrayList<>(unreadable);
    all.addAll(result.diagnostics());
    return new Result(sources, result.files(), all);
  }

  /**
   * Compiles {@code sources}: every network is checked, and those without errors generated. Two
   * networks that would generate the same class, in one file or in two, are an error.
   */
  public Result compile(List<SourceFile> sources) {
    List<Diagnostic> diagnostics = new ArrayList<>();
    List<JavaFile> files = new ArrayList<>();
    Map<String, Network> classes = new HashMap<>();
    for (SourceFile source : sources) {
      DiagnosticCollector fileDiagnostics = new DiagnosticCollector();
      List<Network> networks;
      try {
        networks = parse(source, fileDiagnostics);
      } catch (RuntimeException | StackOverflowError e) {
        fileDiagnostics.report(internalError(SourcePosition.at(source.name(), 1, 1),
            source.name(), e));
        networks = List.of();
      }
      for (Network network : networks) {
        String qualified = network.packageName().isEmpty() ? network.generatedName()
            : network.packageName() + "." + network.generatedName();
        Network other = classes.putIfAbsent(qualified, network);
        if (other != null) {
          fileDiagnostics.report(Message.DUPLICATE_NETWORK.at(network.origin().attribute("name"),
              network.name(), qualified, other.name(), other.origin().describe()));
          continue;
        }
        try {
          compiler.compile(network, fileDiagnostics).ifPresent(out -> files.add(out.file()));
        } catch (RuntimeException | StackOverflowError e) {
          fileDiagnostics.report(internalError(network.origin(), "network " + network.name(), e));
        }
      }
      diagnostics.addAll(inSourceOrder(fileDiagnostics.diagnostics()));
    }
    return new Result(sources, files, diagnostics);
  }

  /**
   * A file's diagnostics by line and column, as a reader goes through the file, whichever stage
   * (parser, attributes, checker) found them.
   */
  private static List<Diagnostic> inSourceOrder(List<Diagnostic> diagnostics) {
    List<Diagnostic> sorted = new ArrayList<>(diagnostics);
    sorted.sort(Comparator.comparingLong(d -> d.origin() instanceof SourcePosition p
        ? (long) p.line() << 32 | p.column() : 0L));
    return sorted;
  }

  /**
   * Writes each file under {@code directory} in its package's folders, leaving a file alone when
   * its content is unchanged (so that incremental builds stay incremental).
   *
   * @return the files written or found up to date, in order
   */
  public static List<Path> write(List<JavaFile> files, Path directory) throws IOException {
    List<Path> out = new ArrayList<>();
    for (JavaFile file : files) {
      Path folder = directory;
      if (!file.packageName().isEmpty()) {
        for (String part : file.packageName().split("\\.")) {
          folder = folder.resolve(part);
        }
      }
      Path target = folder.resolve(file.typeSpec().name() + ".java");
      byte[] text = file.toString().getBytes(StandardCharsets.UTF_8);
      if (!Files.exists(target) || !java.util.Arrays.equals(Files.readAllBytes(target), text)) {
        Files.createDirectories(folder);
        Files.write(target, text);
      }
      out.add(target);
    }
    return out;
  }

  private static String read(Path path) throws IOException {
    byte[] bytes = Files.readAllBytes(path);
    String text = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes)).toString();
    return text.startsWith("\uFEFF") ? text.substring(1) : text; // editors on Windows add a BOM
  }

  private static Diagnostic internalError(Origin at, String what, Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    return Message.INTERNAL_ERROR.at(at, what, trace);
  }
}
