package org.dendrite.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.dendrite.compiler.diag.DiagnosticCollector;
import org.dendrite.compiler.diag.Severity;
import org.dendrite.compiler.diag.SourceFile;
import org.dendrite.compiler.ir.BatchNormNode;
import org.dendrite.compiler.ir.Conv2DNode;
import org.dendrite.compiler.ir.DenseNode;
import org.dendrite.compiler.ir.LayerNode;
import org.dendrite.compiler.ir.Merge;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.nn.NnCompiler;
import org.dendrite.compiler.testing.GradientCheck;
import org.dendrite.compiler.testing.InMemoryJavac;
import org.dendrite.compiler.testing.RandomGraphs;
import org.dendrite.runtime.Model;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Central-difference checks of {@value #COUNT} random valid graphs from a seeded generator
 * ({@link RandomGraphs}): dense and convolutional, with fan-out, chains of merges, merges of
 * merges, residual blocks with batch normalisation, dropouts and unread layers. Each is compiled
 * from {@code .nn} text like a user's, and checked in training mode (batch statistics, fixed
 * dropout masks), where every gradient a layer read by several layers accumulates must be exact.
 */
class GraphGradientCheckTest {
  static final String PACKAGE = "graphcheck";
  static final int COUNT = 200;
  static final long SEED = 16;

  /**
   * The steps of the convolution checks, whose weights are shared too: the larger where the
   * network is smooth (it divides the loss's rounding noise by more), the smaller where a ReLU
   * puts kinks in the way.
   */
  static final float H = ConvGradientCheckTest.H;

  static final float H_KINKED = ConvGradientCheckTest.H_KINKED;

  static final List<String> TEXTS = new ArrayList<>();
  static final List<Network> NETWORKS = new ArrayList<>();
  static ClassLoader loader;
  /** The graphs with a dense layer that writes straight into a concatenation's buffers. */
  static int inPlace;

  static String name(int i) {
    return "G" + i;
  }

  @BeforeAll
  static void compileAll() {
    Map<String, String> sources = new LinkedHashMap<>();
    NetworkCompiler compiler = new NetworkCompiler("test");
    for (int i = 0; i < COUNT; i++) {
      String text = "package " + PACKAGE + "\n" + RandomGraphs.network(name(i), SEED, i);
      TEXTS.add(text);
      DiagnosticCollector diagnostics = new DiagnosticCollector();
      List<Network> parsed = NnCompiler.parse(new SourceFile(name(i) + ".nn", text),
          diagnostics);
      int index = i;
      assertEquals(1, parsed.size(), () -> text + diagnostics.diagnostics());
      Network n = parsed.get(0);
      NetworkCompiler.Output out = compiler.compile(n, diagnostics)
          .orElseThrow(() -> new AssertionError(text + diagnostics.diagnostics()));
      assertTrue(diagnostics.diagnostics().stream().allMatch(d -> d.severity() != Severity.ERROR
          && (d.tag().equals("UnreadLayer") || d.tag().equals("Summary"))),
          () -> index + ": " + text + diagnostics.diagnostics());
      NETWORKS.add(n);
      sources.put(PACKAGE + "." + n.generatedName(), out.file().toString());
      inPlace += out.file().toString().contains("without copying") ? 1 : 0;
    }
    loader = InMemoryJavac.compile(sources);
  }

  static IntStream graphs() {
    return IntStream.range(0, COUNT);
  }

  @ParameterizedTest(name = "random graph {0}")
  @MethodSource("graphs")
  void gradientsMatchCentralDifferences(int i) throws Exception {
    Model model = (Model) loader.loadClass(PACKAGE + ".Compiled" + name(i))
        .getConstructor(long.class).newInstance(7L + i);
    int count = 4;
    SplittableRandom rng = new SplittableRandom(SEED * 31 + i);
    float[] inputs = GradientCheck.randomInputs(model, count, rng);
    float[] targets = GradientCheck.randomClasses(model, count, rng);
    GradientCheck.perturb(model, rng);
    String text = TEXTS.get(i);
    GradientCheck.Result r = GradientCheck.checkTraining(model, inputs, targets, count,
        text.contains("relu") ? H_KINKED : H, ConvGradientCheckTest.KINK);
    assertTrue(r.maxError() <= GradientCheckTest.TOLERANCE, () -> text + r);
    assertTrue(r.kinks() <= ConvGradientCheckTest.MAX_KINK_FRACTION * r.parameters(),
        () -> text + "too many parameters on a kink: " + r);
  }

  /** The generator covers what the checks are for; counted, so that a change cannot drop one. */
  @Test
  void theGraphsHoldEveryStructure() {
    int fanOut = 0;
    int mergeChains = 0;
    int mergesOfMerges = 0;
    int residualNorms = 0;
    int convolutional = 0;
    int dense = 0;
    int unread = 0;
    for (Network n : NETWORKS) {
      List<LayerNode> layers = n.layers();
      boolean hasFanOut = false;
      boolean chain = false;
      boolean ofMerges = false;
      boolean residual = false;
      for (int i = 0; i < layers.size(); i++) {
        hasFanOut |= n.readers(i).size() > 1;
        if (layers.get(i) instanceof Merge) {
          int merged = 0;
          for (int j : n.inputs(i)) {
            merged += layers.get(j) instanceof Merge ? 1 : 0;
            residual |= upstreamNorm(n, j, 4);
          }
          chain |= merged > 0;
          ofMerges |= merged > 1;
        }
        unread += n.readers(i).isEmpty() && i < layers.size() - 1 ? 1 : 0;
      }
      fanOut += hasFanOut ? 1 : 0;
      mergeChains += chain ? 1 : 0;
      mergesOfMerges += ofMerges ? 1 : 0;
      residualNorms += residual ? 1 : 0;
      convolutional += layers.stream().anyMatch(l -> l instanceof Conv2DNode) ? 1 : 0;
      dense += layers.stream().filter(l -> l instanceof DenseNode).count() > 1 ? 1 : 0;
    }
    String counts = "fan-out " + fanOut + ", merge chains " + mergeChains + ", merges of merges "
        + mergesOfMerges + ", residual with batchnorm " + residualNorms + ", convolutional "
        + convolutional + ", dense " + dense + ", unread layers " + unread
        + ", concatenated in place " + inPlace;
    System.out.println(counts);
    assertTrue(fanOut >= COUNT / 2 && mergeChains >= 20 && mergesOfMerges >= 5
        && residualNorms >= COUNT / 5 && convolutional >= COUNT / 3 && dense >= COUNT / 3
        && unread >= 10 && inPlace >= 5, counts);
  }

  /** Whether a batch normalisation lies within {@code depth} layers above layer {@code i}. */
  private static boolean upstreamNorm(Network n, int i, int depth) {
    if (n.layers().get(i) instanceof BatchNormNode) {
      return true;
    }
    if (depth == 0) {
      return false;
    }
    for (int j : n.inputs(i)) {
      if (upstreamNorm(n, j, depth - 1)) {
        return true;
      }
    }
    return false;
  }
}
