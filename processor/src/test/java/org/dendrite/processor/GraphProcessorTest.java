package org.dendrite.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.dendrite.processor.Sources.network;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graphs through javac: a residual network with {@code from}, {@code @Add}, {@code
 * @Concatenate} and {@code @Activate} compiles without warnings and gets its diagram beside the
 * class; every graph error lands on the field (and attribute) at fault, saying how to fix it.
 */
class GraphProcessorTest {
  static final String SPARSE = ProcessorTest.SPARSE;

  static final JavaFileObject RESIDUAL = network("Residual", SPARSE,
      "  @Input({8, 8, 1}) Layer image;",
      "  @Conv2D(filters = 4, kernel = {3, 3}, padding = Padding.SAME) Layer stem;",
      "  @Conv2D(filters = 4, kernel = {3, 3}, padding = Padding.SAME) Layer conv1;",
      "  @BatchNorm(activation = Activation.RELU) Layer norm;",
      "  @Conv2D(filters = 4, kernel = {3, 3}, padding = Padding.SAME) Layer conv2;",
      "  @Add({\"conv2\", \"stem\"}) Layer sum;",
      "  @Activate(Activation.RELU) Layer block;",
      "  @Conv2D(filters = 2, kernel = {1, 1}, from = \"stem\") Layer side;",
      "  @Concatenate({\"block\", \"side\"}) Layer joined;",
      "  @GlobalAvgPool2D Layer gap;",
      "  @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;");

  @Test
  void aResidualNetworkCompilesWithItsDiagram(@TempDir Path docs) throws IOException {
    Compilation c = javac().withProcessors(new DendriteProcessor())
        .withOptions("-Xlint:all,-processing", "-Adendrite.diagrams=" + docs)
        .compile(RESIDUAL);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("test.CompiledResidual")
        .contentsAsUtf8String().contains("Merges.add(conv2, 0, stem, 0, sum, 0,");
    assertThat(c).generatedFile(StandardLocation.CLASS_OUTPUT, "test", "CompiledResidual.svg")
        .contentsAsUtf8String().contains("sum: Add");
    String dot = Files.readString(docs.resolve("Residual.dot"));
    com.google.common.truth.Truth.assertThat(dot).contains("\"stem\" -> \"sum\";");
    com.google.common.truth.Truth.assertThat(Files.readString(docs.resolve("Residual.svg")))
        .startsWith("<svg");
  }

  @Test
  void graphErrorsLandOnTheCulprit() {
    ProcessorTest.Run r = ProcessorTest.run(network("Net", SPARSE,
        "  @Input(4) Layer x;",
        "  @Dense(units = 3) Layer hidden;",
        "  @Dense(units = 5,",
        "      from = \"hiden\") Layer typo;",
        "  @Dense(units = 3, from = \"later\") Layer early;",
        "  @Dense(units = 3) Layer later;",
        "  @Add({\"hidden\", \"x\"}) Layer sum;",
        "  @Concatenate({\"sum\"}) Layer alone;",
        "  @Dense(units = 10, activation = Activation.SOFTMAX, from = \"sum\") Layer output;"));
    r.error("[Dendrite/UnknownLayer] @Dense 'typo' reads 'hiden', but network 'Net' has no layer"
        + " of that name; did you mean 'hidden'?", "from = \"hiden\"");
    r.error("[Dendrite/ForwardReference] @Dense 'early' reads 'later', which is declared after"
        + " it", "Layer early;");
    r.error("[Dendrite/MergeShapes] @Add 'sum' adds layers of different shapes: hidden 3, x 4;",
        "Layer sum;");
    r.error("[Dendrite/MergeInputs] @Concatenate 'alone' merges only 'sum'; a merge needs at"
        + " least two layers, e.g. @Concatenate({\"a\", \"b\"})", "Layer alone;");
  }

  @Test
  void anUnreadLayerIsAWarningOnItsField() {
    ProcessorTest.Run r = ProcessorTest.run(network("Net", SPARSE,
        "  @Input(4) Layer x;",
        "  @Dense(units = 3) Layer forgotten;",
        "  @Dense(units = 10, activation = Activation.SOFTMAX, from = \"x\") Layer output;"));
    r.warning("[Dendrite/UnreadLayer] @Dense 'forgotten' is read by no layer, so it does not"
        + " affect the output 'output'; read it (from = \"forgotten\" on a layer after it, or in"
        + " a merge's list) or remove it", "Layer forgotten;");
    r.that().succeeded();
  }

  @Test
  void theSummaryHasAConnectedToColumn() {
    Compilation c = javac().withProcessors(new DendriteProcessor())
        .withOptions("-Adendrite.summary=true").compile(RESIDUAL);
    assertThat(c).succeeded();
    assertThat(c).hadNoteContaining("Connected to");
    assertThat(c).hadNoteContaining("conv2, stem");
  }
}
