package org.dendrite.processor;

import com.google.auto.service.AutoService;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.FileObject;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.dendrite.compiler.NetworkCompiler;
import org.dendrite.compiler.codegen.SummaryRenderer;
import org.dendrite.compiler.diag.DiagnosticSink;
import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.diagram.NetworkDiagram;
import org.dendrite.compiler.frozen.FrozenWriter;
import org.dendrite.compiler.frozen.TrainedWeights;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.plan.Plan;

/**
 * The javac adapter of the Dendrite compiler: for every {@code @Network} class it reads the
 * layer fields into the IR, lets the compiler check them (all errors of a class in one run, each
 * on its field and attribute) and writes {@code Compiled<Name>} through the {@code Filer}.
 *
 * <p>One broken class does not stop the others. The processor never throws: an unexpected
 * failure becomes an error on the class with its stack trace. Option {@code
 * -Adendrite.summary=true} prints each network's summary table as a note.
 *
 * <p>Beside each generated class goes its diagram, the class-path resource {@code
 * Compiled<Name>.svg} that {@code model.diagram()} returns; option {@code
 * -Adendrite.diagrams=DIR} also writes {@code <Name>.svg} and {@code <Name>.dot} (Graphviz) into
 * the directory {@code DIR}, e.g. for documentation.
 *
 * <p>Option {@code -Adendrite.frozen.weights=Name=FILE.safetensors[,Name2=FILE2…]} also writes
 * the frozen inference class {@code Frozen<Name>} of the network {@code Name} (as in {@code
 * Compiled<Name>}) from trained weights its class saved ({@code model.save(path)}), as {@code nnc
 * --weights} does for a {@code .nn} file: BatchNorm folded, dropout gone, its weights the resource
 * {@code Frozen<Name>.bin} beside it (none when small enough to unroll). A relative path is
 * resolved against the directory javac runs in; in Maven write {@code ${project.basedir}/…}. A
 * file that does not fit the network and a missing file are errors on the class; a name no
 * {@code @Network} class of the compilation declares is a warning.
 *
 * <p>Registered for Gradle's incremental processing as isolating: each generated file has exactly
 * one originating element, its {@code @Network} class.
 */
@AutoService(Processor.class)
public final class DendriteProcessor extends AbstractProcessor {
  /** The option that prints summary tables: {@code -Adendrite.summary=true}. */
  public static final String SUMMARY_OPTION = "dendrite.summary";

  /** The option that writes diagrams into a directory: {@code -Adendrite.diagrams=DIR}. */
  public static final String DIAGRAMS_OPTION = "dendrite.diagrams";

  /**
   * The option that freezes networks with trained weights: {@code
   * -Adendrite.frozen.weights=Name=FILE.safetensors[,Name2=FILE2…]}.
   */
  public static final String FROZEN_OPTION = "dendrite.frozen.weights";

  /** The networks to freeze and their weight files, from {@link #FROZEN_OPTION}; null until read. */
  private Map<String, Path> frozenWeights;
  /** The names of the networks this compilation declared, for the option's unknown names. */
  private final Set<String> declared = new TreeSet<>();

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    Set<String> types = new java.util.HashSet<>(AnnotationNames.LAYERS);
    types.add(AnnotationNames.NETWORK);
    return Set.copyOf(types);
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(SUMMARY_OPTION, DIAGRAMS_OPTION, FROZEN_OPTION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (frozenWeights == null) {
      frozenWeights = frozenWeights(processingEnv.getOptions().get(FROZEN_OPTION));
    }
    if (round.processingOver()) {
      reportUnknownFrozenNetworks();
      return false;
    }
    if (annotations.isEmpty()) {
      return false;
    }
    Elements elements = processingEnv.getElementUtils();
    DiagnosticSink sink = new MessagerSink(processingEnv.getMessager());
    TypeElement network = elements.getTypeElement(AnnotationNames.NETWORK);
    TypeElement layer = elements.getTypeElement(AnnotationNames.LAYER);
    if (network == null) {
      return false;
    }
    Set<? extends Element> classes = round.getElementsAnnotatedWith(network);
    if (layer == null) {
      for (Element e : classes) {
        sink.report(Message.RUNTIME_MISSING.at(ElementOrigin.of(e, null)));
      }
      return false;
    }
    NetworkCompiler compiler = new NetworkCompiler(DendriteProcessor.class.getName());
    for (Element e : classes) {
      try {
        process((TypeElement) e, annotation(e, AnnotationNames.NETWORK), layer, compiler, sink);
      } catch (RuntimeException | Error t) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        sink.report(Message.INTERNAL_ERROR.at(ElementOrigin.of(e, null), e, trace));
      }
    }
    reportOrphans(round, elements, sink);
    return false;
  }

  private void process(TypeElement type, AnnotationMirror annotation, TypeElement layer,
      NetworkCompiler compiler, DiagnosticSink sink) {
    NetworkReader.Result read =
        new NetworkReader(processingEnv, sink).read(type, annotation, layer.asType());
    if (read.network().isEmpty()) {
      return;
    }
    Network network = read.network().get();
    compiler.compile(network, sink).ifPresent(output -> {
      if (!read.declarationsOk()) {
        return;
      }
      write(type, network, output);
      writeDiagrams(type, network);
      declared.add(network.name());
      Path weights = frozenWeights.get(network.name());
      if (weights != null) {
        writeFrozen(type, network, output.plan(), weights);
      }
      if (Boolean.parseBoolean(processingEnv.getOptions().get(SUMMARY_OPTION))) {
        sink.report(Message.SUMMARY.at(ElementOrigin.of(type, null),
            network.generatedName() + "\n" + SummaryRenderer.render(output.plan())));
      }
    });
  }

  private void write(TypeElement type, Network network, NetworkCompiler.Output output) {
    String name = network.packageName().isEmpty()
        ? network.generatedName()
        : network.packageName() + "." + network.generatedName();
    try {
      JavaFileObject file = processingEnv.getFiler().createSourceFile(name, type);
      try (Writer w = file.openWriter()) {
        output.file().writeTo(w);
      }
    } catch (IOException e) {
      processingEnv.getMessager().printMessage(javax.tools.Diagnostic.Kind.ERROR,
          "[Dendrite/Filer] could not write " + name + ": " + e.getMessage(), type);
    }
  }

  /**
   * {@code Name=FILE[,Name=FILE…]} as a map; a malformed entry is an error and is left out.
   */
  private Map<String, Path> frozenWeights(String option) {
    Map<String, Path> weights = new LinkedHashMap<>();
    if (option == null || option.isBlank()) {
      return weights;
    }
    for (String entry : option.split(",")) {
      int eq = entry.indexOf('=');
      String name = eq < 0 ? "" : entry.substring(0, eq).trim();
      String file = eq < 0 ? "" : entry.substring(eq + 1).trim();
      Path path = null;
      try {
        path = file.isEmpty() ? null : Path.of(file);
      } catch (InvalidPathException e) {
        processingEnv.getMessager().printMessage(javax.tools.Diagnostic.Kind.ERROR,
            "[Dendrite/Frozen] -A" + FROZEN_OPTION + ": '" + file + "' is not a path: "
                + e.getReason());
        continue;
      }
      if (name.isEmpty() || path == null) {
        processingEnv.getMessager().printMessage(javax.tools.Diagnostic.Kind.ERROR,
            "[Dendrite/Frozen] -A" + FROZEN_OPTION + ": '" + entry.trim() + "' is not"
                + " Name=FILE.safetensors (the network's name, as in Compiled<Name>, and its"
                + " weights); separate several with commas");
      } else if (weights.put(name, path) != null) {
        processingEnv.getMessager().printMessage(javax.tools.Diagnostic.Kind.ERROR,
            "[Dendrite/Frozen] -A" + FROZEN_OPTION + " names network " + name + " twice");
      }
    }
    return weights;
  }

  /**
   * Names in {@link #FROZEN_OPTION} that no {@code @Network} class declared: a warning, not an
   * error, because Maven passes the same options to the test compilation, whose networks are
   * others.
   */
  private void reportUnknownFrozenNetworks() {
    for (String name : frozenWeights.keySet()) {
      if (!declared.contains(name)) {
        processingEnv.getMessager().printMessage(javax.tools.Diagnostic.Kind.WARNING,
            "[Dendrite/Frozen] -A" + FROZEN_OPTION + " names network " + name + ", which no"
                + " @Network class compiled here declares (declared: " + declared + ")");
      }
    }
  }

  /**
   * Writes {@code Frozen<Name>} and its weights resource from the trained weights in {@code
   * file}, checked against the network's plan; an error on the class if they do not fit.
   */
  private void writeFrozen(TypeElement type, Network network, Plan plan, Path file) {
    String what = "[Dendrite/Frozen] cannot freeze " + network.name() + " (-A" + FROZEN_OPTION
        + "): ";
    if (!Files.isRegularFile(file)) {
      processingEnv.getMessager().printMessage(javax.tools.Diagnostic.Kind.ERROR, what
          + "file not found: " + file + (file.isAbsolute() ? "" : " (relative to "
          + Path.of("").toAbsolutePath() + ", where javac runs; in Maven write"
          + " ${project.basedir}/" + file + ")"), type);
      return;
    }
    FrozenWriter frozen;
    try {
      frozen = new FrozenWriter(plan.network(), TrainedWeights.read(plan, file),
          DendriteProcessor.class.getName(), FrozenWriter.UNROLL_LIMIT);
    } catch (IOException | IllegalArgumentException e) {
      // IOException: the file does not fit; IllegalArgumentException: a layer with no frozen form.
      processingEnv.getMessager().printMessage(javax.tools.Diagnostic.Kind.ERROR,
          what + e.getMessage(), type);
      return;
    }
    String name = network.packageName().isEmpty() ? frozen.className()
        : network.packageName() + "." + frozen.className();
    try {
      JavaFileObject source = processingEnv.getFiler().createSourceFile(name, type);
      try (Writer w = source.openWriter()) {
        frozen.write().writeTo(w);
      }
      byte[] resource = frozen.weights();
      if (resource.length > 0) {
        FileObject bin = processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT,
            network.packageName(), frozen.resource(), type);
        try (OutputStream out = bin.openOutputStream()) {
          out.write(resource);
        }
      }
    } catch (IOException e) {
      processingEnv.getMessager().printMessage(javax.tools.Diagnostic.Kind.ERROR,
          "[Dendrite/Filer] could not write " + name + ": " + e.getMessage(), type);
    }
  }

  /**
   * Writes the network's SVG beside the generated class, and with {@link #DIAGRAMS_OPTION} its
   * SVG and DOT into that directory.
   */
  private void writeDiagrams(TypeElement type, Network network) {
    String svg = NetworkDiagram.svg(network);
    String resource = network.generatedName() + ".svg";
    try {
      FileObject file = processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT,
          network.packageName(), resource, type);
      try (Writer w = file.openWriter()) {
        w.write(svg);
      }
      String directory = processingEnv.getOptions().get(DIAGRAMS_OPTION);
      if (directory != null && !directory.isBlank()) {
        Path dir = Path.of(directory);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(network.name() + ".svg"), svg);
        Files.writeString(dir.resolve(network.name() + ".dot"), NetworkDiagram.dot(network));
      }
    } catch (IOException | RuntimeException e) {
      processingEnv.getMessager().printMessage(javax.tools.Diagnostic.Kind.ERROR,
          "[Dendrite/Filer] could not write the diagram of " + network.generatedName() + ": "
              + e.getMessage(), type);
    }
  }

  /** Layer annotations on fields of classes without {@code @Network} would silently do nothing. */
  private void reportOrphans(RoundEnvironment round, Elements elements, DiagnosticSink sink) {
    for (String qualified : AnnotationNames.LAYERS) {
      TypeElement annotationType = elements.getTypeElement(qualified);
      if (annotationType == null) {
        continue;
      }
      for (Element field : round.getElementsAnnotatedWith(annotationType)) {
        Element owner = field.getEnclosingElement();
        if (annotation(owner, AnnotationNames.NETWORK) == null) {
          sink.report(Message.ORPHAN_LAYER.at(
              ElementOrigin.of(field, annotation(field, qualified)), field.getSimpleName(),
              AnnotationNames.simple(qualified), owner.getSimpleName()));
        }
      }
    }
  }

  private static AnnotationMirror annotation(Element e, String qualified) {
    for (AnnotationMirror m : e.getAnnotationMirrors()) {
      if (((TypeElement) m.getAnnotationType().asElement()).getQualifiedName()
          .contentEquals(qualified)) {
        return m;
      }
    }
    return null;
  }
}
