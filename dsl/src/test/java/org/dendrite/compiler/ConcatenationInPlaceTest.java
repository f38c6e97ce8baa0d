package org.dendrite.compiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.dendrite.compiler.diag.DiagnosticCollector;
import org.dendrite.compiler.diag.Severity;
import org.dendrite.compiler.diag.SourceFile;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.nn.NnCompiler;
import org.dendrite.compiler.testing.InMemoryJavac;
import org.dendrite.compiler.testing.SameBits;
import org.dendrite.runtime.Model;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Dense layers that a concatenation alone reads write their outputs straight into its buffer and
 * read their gradient from there. The same network with a linear activation layer between each
 * of them and the concatenation (which keeps them apart: the concatenation then copies) must
 * predict and compute gradients bit for bit alike: the in-place layers run the same chains of
 * operations on rows of a wider buffer.
 */
class ConcatenationInPlaceTest {
  static final String PACKAGE = "inplace";

  /**
   * {@code a}: fused ReLU; {@code b}: sigmoid, a kernel call per row; {@code c}: linear, no
   * bias; {@code d}: read twice, so copied; the input {@code x}: copied; {@code e}: a softmax
   * per row, in a second concatenation with {@code joined}'s tanh.
   */
  static final String IN_PLACE = """
      package inplace
      network InPlace(loss = sparse_categorical_crossentropy) {
          input       x [5]
          dense       a (units = 7, activation = relu)
          dense       b (units = 4, activation = sigmoid, from = x)
          dense       c (units = 3, useBias = false, from = x)
          dense       d (units = 2, activation = tanh, from = x)
          concatenate joined [a, x, b, d, c]
          activate    act tanh
          dense       e (units = 5, activation = softmax, from = d)
          concatenate both [act, e]
          dense       out (units = 3, activation = softmax)
      }
      """;

  /** {@link #IN_PLACE} with a linear activation after each layer that wrote in place. */
  static final String COPIED = IN_PLACE
      .replace("network InPlace", "network Copied")
      .replace("concatenate joined [a, x, b, d, c]",
          "activate a2 linear (from = a)\n    activate b2 linear (from = b)\n"
              + "    activate c2 linear (from = c)\n    concatenate joined [a2, x, b2, d, c2]")
      .replace("dense       e (units = 5, activation = softmax, from = d)",
          "dense       e (units = 5, activation = softmax, from = d)\n    activate e2 linear")
      .replace("concatenate both [act, e]", "concatenate both [act, e2]");

  /**
   * Convolutions joined along the channels: {@code a} fused ReLU over its windows; {@code b} a
   * 1×1 convolution of the input itself (no windows), tanh per pixel; the input copied; {@code c}
   * joined along the width, where its pixels are not the blocks, copied.
   */
  static final String IMAGES_IN_PLACE = """
      package inplace
      network ImagesInPlace(loss = sparse_categorical_crossentropy) {
          input       x [5, 4, 2]
          conv2d      a (filters = 3, kernel = [3, 3], padding = same, activation = relu)
          conv2d      b (filters = 2, kernel = [1, 1], activation = tanh, from = x)
          conv2d      c (filters = 7, kernel = [2, 2], padding = same, activation = sigmoid, from = x)
          concatenate joined [a, x, b]
          concatenate wide [c, joined] (axis = 1)
          conv2d      d (filters = 4, kernel = [3, 3], activation = softplus)
          flatten     flat
          dense       out (units = 3, activation = softmax)
      }
      """;

  static final String IMAGES_COPIED = IMAGES_IN_PLACE
      .replace("network ImagesInPlace", "network ImagesCopied")
      .replace("concatenate joined [a, x, b]",
          "activate a2 linear (from = a)\n    activate b2 linear (from = b)\n"
              + "    concatenate joined [a2, x, b2]");

  static final Map<String, String> SOURCES = new LinkedHashMap<>();
  static ClassLoader loader;

  @BeforeAll
  static void compile() {
    NetworkCompiler compiler = new NetworkCompiler("test");
    Map<String, String> classes = new LinkedHashMap<>();
    for (String text : List.of(IN_PLACE, COPIED, IMAGES_IN_PLACE, IMAGES_COPIED)) {
      DiagnosticCollector diagnostics = new DiagnosticCollector();
      Network n = NnCompiler.parse(new SourceFile("net.nn", text), diagnostics).get(0);
      NetworkCompiler.Output out = compiler.compile(n, diagnostics)
          .orElseThrow(() -> new AssertionError(text + diagnostics.diagnostics()));
      assertTrue(diagnostics.diagnostics().stream().noneMatch(d -> d.severity() == Severity.ERROR),
          () -> text + diagnostics.diagnostics());
      SOURCES.put(n.name(), out.file().toString());
      if (System.getProperty("inplace.dump") != null) {
        System.out.println(out.file());
      }
      classes.put(PACKAGE + "." + n.generatedName(), out.file().toString());
    }
    loader = InMemoryJavac.compile(classes);
  }

  static Model model(String name) throws Exception {
    return (Model) loader.loadClass(PACKAGE + ".Compiled" + name).getConstructor(long.class)
        .newInstance(3L);
  }

  /** The copies each class makes: the inputs it does not write in place. */
  @Test
  void onlyLayersWithOtherReadersOrWithoutWeightsAreCopied() {
    String inPlace = SOURCES.get("InPlace");
    String copied = SOURCES.get("Copied");
    int passes = count(inPlace, "// joined = ["); // predict, evaluate, train
    assertTrue(passes >= 3, inPlace);
    assertEquals(3 * passes, count(inPlace, "Merges.concatenate("), inPlace); // x, d, act
    assertEquals(7 * passes, count(copied, "Merges.concatenate("), copied);
    assertEquals(2, count(inPlace, "Merges.split("), inPlace); // act and d (x needs none)
    assertTrue(inPlace.contains("(a, b, c wrote their columns in place)"), inPlace);
    assertTrue(inPlace.contains("(e wrote its columns in place)"), inPlace);
    assertTrue(!inPlace.contains("float[] aGrad") && !inPlace.contains("float[] a;"), inPlace);
    String images = SOURCES.get("ImagesInPlace");
    assertEquals(3 * passes, count(images, "Merges.concatenate("), images); // x, c, joined
    assertTrue(images.contains("(a, b wrote their columns in place)"), images);
    assertTrue(images.contains("float[] cGrad"), images);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Images"})
  void predictionsAndGradientsEqualTheCopyingNetworksBitForBit(String kind) throws Exception {
    Model inPlace = model(kind + "InPlace");
    Model copied = model(kind + "Copied");
    assertEquals(inPlace.parameterCount(), copied.parameterCount());
    SplittableRandom rng = new SplittableRandom(5);
    float[] p = inPlace.parameters();
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) rng.nextDouble(-1, 1);
    }
    System.arraycopy(p, 0, copied.parameters(), 0, p.length);
    // 70 rows: the products' four-row tiles and their tails, and more than a prediction chunk
    SameBits.assertSameTraining(copied, inPlace, 70, 6);
    assertTrue(java.util.stream.IntStream.range(0, p.length)
        .filter(i -> inPlace.gradients()[i] != 0f).count() > p.length / 2,
        "most gradients are non-zero");
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
