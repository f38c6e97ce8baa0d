package org.dendrite.compiler.nn;

import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dendrite.compiler.NetworkCompiler;
import org.dendrite.compiler.diag.Diagnostic;
import org.dendrite.compiler.diag.DiagnosticCollector;
import org.dendrite.compiler.diag.DiagnosticSink;
import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.diag.Severity;
import org.dendrite.compiler.diag.SourceFile;
import org.dendrite.compiler.diagram.NetworkDiagram;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.ir.Origin;
import org.dendrite.compiler.ir.SourcePosition;
import org.dendrite.compiler.plan.Plan;

/**
 * The {@code .nn} front end and its driver, shared by {@code nnc} and the Maven plugin: parses
 * files into IR networks, then checks and plans each one with the same {@link NetworkCompiler}
 * as the annotation processor; the classes are generated as the result's files are read. Reports
 * every problem of every file in one run and never throws on bad input; a failure of the
 * compiler itself while checking becomes an InternalError diagnostic. Files over {@link
 * #MAX_FILE_BYTES} are refused, and a file stops being read after {@link #MAX_ERRORS} errors, so
 * that no input exhausts a 256 MB heap.
 */
public final class NnCompiler {
  /** The generator named in {@code @Generated} of classes compiled from {@code .nn} files. */
  public static final String GENERATOR = NnCompiler.class.getName();

  /**
   * The outcome of a run.
   *
   * @param sources the files read, for quoting lines in diagnostics
   * @param files the generated classes of the networks without errors; from {@link #compile},
   *     each is generated anew when the list is read, so that a run over thousands of networks
   *     holds their plans, not their classes (JavaPoet's take about 64 KB each)
   * @param diagnostics everything reported, in order
   */
  public record Result(List<SourceFile> sources, List<JavaFile> files,
      List<Diagnostic> diagnostics) {
    /** Copies the lists. */
    public Result {
      sources = List.copyOf(sources);
      files = files instanceof Generated ? files : List.copyOf(files);
      diagnostics = List.copyOf(diagnostics);
    }

    /** Whether any diagnostic is an error; then nothing should be written. */
    public boolean hasErrors() {
      return diagnostics.stream().anyMatch(d -> d.severity() == Severity.ERROR);
    }

    /**
     * The plans of the classes in {@link #files}, in the same order, for what else is generated
     * from a network (its frozen class); empty for a result built from finished files.
     */
    public List<Plan> plans() {
      return files instanceof Generated g ? g.plans : List.of();
    }
  }

  /**
   * The largest {@code .nn} file read, in bytes: a thousand times a large network's, and small
   * enough that reading, checking and generating the largest stay well inside a 256 MB heap.
   */
  public static final long MAX_FILE_BYTES = 1 << 20;

  /**
   * Errors reported for one file before the rest of it is left unread, as javac stops at 100: a
   * file of broken lines would otherwise hold a diagnostic per line in memory.
   */
  public static final int MAX_ERRORS = 100;

  private final NetworkCompiler compiler = new NetworkCompiler(GENERATOR);

  /**
   * Reads the networks of one file. Networks with syntax or attribute errors are reported to
   * {@code sink} and left out; the others are returned unchecked. After {@link #MAX_ERRORS}
   * errors, the rest of the file is not read: a note says where it stopped, and no network is
   * returned.
   */
  public static List<Network> parse(SourceFile source, DiagnosticSink sink) {
    ErrorLimit limit = new ErrorLimit(sink);
    DiagnosticCollector collector = new DiagnosticCollector(limit);
    try {
      Ast.File tree = new Parser(source.name(), source.text(), collector).file();
      List<Network> networks = new Lowering(source.name(), collector).lower(tree);
      if (tree.networks().isEmpty() && !collector.hasErrors()) {
        sink.report(Message.NO_NETWORK.at(SourcePosition.at(source.name(), 1, 1),
            source.name()));
      }
      return networks;
    } catch (ErrorLimit.Reached e) {
      sink.report(Message.TOO_MANY_ERRORS.at(e.at, source.name(), MAX_ERRORS));
      return List.of();
    }
  }

  /** Passes on the first {@link #MAX_ERRORS} errors, then stops the reading of the file. */
  private static final class ErrorLimit implements DiagnosticSink {
    /** Thrown at the error past the limit, to unwind the parser. */
    static final class Reached extends RuntimeException {
      private static final long serialVersionUID = 1L;
      final transient Origin at;

      Reached(Origin at) {
        super(null, null, false, false);
        this.at = at;
      }
    }

    private final DiagnosticSink next;
    private int errors;

    ErrorLimit(DiagnosticSink next) {
      this.next = next;
    }

    @Override
    public void report(Diagnostic d) {
      if (d.severity() == Severity.ERROR && ++errors > MAX_ERRORS) {
        throw new Reached(d.origin());
      }
      next.report(d);
    }
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
      } catch (AccessDeniedException e) {
        unreadable.add(Message.FILE_UNREADABLE.at(Origin.of(path.toString()), path,
            "permission denied"));
      } catch (CharacterCodingException e) {
        unreadable.add(Message.FILE_UNREADABLE.at(Origin.of(path.toString()), path,
            "it is not UTF-8 text"));
      } catch (IOException e) {
        unreadable.add(Message.FILE_UNREADABLE.at(Origin.of(path.toString()), path,
            reason(e)));
      }
    }
    Result result = compile(sources);
    List<Diagnostic> all = new ArrayList<>(unreadable);
    all.addAll(result.diagnostics());
    return new Result(sources, result.files(), all);
  }

  /**
   * Compiles {@code sources}: every network is checked, and those without errors planned, to be
   * generated when the result's files are read. Two networks that would generate the same class,
   * in one file or in two, are an error.
   */
  public Result compile(List<SourceFile> sources) {
    List<Diagnostic> diagnostics = new ArrayList<>();
    List<Plan> plans = new ArrayList<>();
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
          compiler.plan(network, fileDiagnostics).ifPresent(plans::add);
        } catch (RuntimeException | StackOverflowError e) {
          fileDiagnostics.report(internalError(network.origin(), "network " + network.name(), e));
        }
      }
      diagnostics.addAll(inSourceOrder(fileDiagnostics.diagnostics()));
    }
    return new Result(sources, new Generated(compiler, plans), diagnostics);
  }

  /** The classes of checked networks, generated when read: see {@link Result#files}. */
  private static final class Generated extends AbstractList<JavaFile> {
    private final NetworkCompiler compiler;
    private final List<Plan> plans;

    Generated(NetworkCompiler compiler, List<Plan> plans) {
      this.compiler = compiler;
      this.plans = List.copyOf(plans);
    }

    @Override
    public JavaFile get(int index) {
      return compiler.generate(plans.get(index));
    }

    @Override
    public int size() {
      return plans.size();
    }
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

  /**
   * Writes the diagram of every network {@code result} compiled under {@code directory}, in its
   * package's folders: {@code CompiledX.svg}, which {@code Model.diagram()} reads from the class
   * path, and {@code CompiledX.dot} for Graphviz.
   *
   * @return the files written, in order
   */
  public static List<Path> writeDiagrams(Result result, Path directory) throws IOException {
    java.util.Set<String> compiled = new java.util.HashSet<>();
    for (JavaFile file : result.files()) {
      compiled.add(file.packageName() + "." + file.typeSpec().name());
    }
    List<Path> out = new ArrayList<>();
    for (SourceFile source : result.sources()) {
      for (Network n : parse(source, d -> { })) {
        if (!compiled.contains(n.packageName() + "." + n.generatedName())) {
          continue; // reported: no class, so no diagram
        }
        Path folder = directory;
        if (!n.packageName().isEmpty()) {
          for (String part : n.packageName().split("\\.")) {
            folder = folder.resolve(part);
          }
        }
        Files.createDirectories(folder);
        Path svg = folder.resolve(n.generatedName() + ".svg");
        Path dot = folder.resolve(n.generatedName() + ".dot");
        Files.writeString(svg, NetworkDiagram.svg(n), StandardCharsets.UTF_8);
        Files.writeString(dot, NetworkDiagram.dot(n), StandardCharsets.UTF_8);
        out.add(svg);
        out.add(dot);
      }
    }
    return out;
  }

  /** What went wrong, in words: the JDK's messages are often a bare path. */
  private static String reason(IOException e) {
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason(); // "Is a directory", "Input/output error"
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String read(Path path) throws IOException {
    long size = Files.size(path);
    if (size > MAX_FILE_BYTES) {
      throw new IOException(String.format(Locale.ROOT, "it is %,d bytes, more than the %,d a .nn"
          + " file may have; split its networks into several files", size, MAX_FILE_BYTES));
    }
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
