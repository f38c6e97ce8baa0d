package org.dendrite.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.dendrite.compiler.diag.DiagnosticCollector;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.LossKind;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.ir.Padding;
import org.dendrite.compiler.testing.InMemoryJavac;
import org.dendrite.compiler.testing.NetworkBuilder;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.support.Convolutions;
import org.dendrite.runtime.support.Pooling;
import org.dendrite.runtime.support.Window2D;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A one-channel first convolution read only by a 2×2/2 max pooling: the generated class predicts
 * both in one call ({@code conv1InferPooled}: {@code Convolutions.convolveMaxPool}, or {@code
 * convolveMaxPoolArgmax} from 16 filters), and its predictions, one sample and batches, are the
 * values of the convolution then the pooling computed apart ({@code Convolutions.convolve}, {@code
 * Pooling.max}), read through an identity dense layer.
 * Shapes: LeNet-5's first layer (28×28, six 5×5 SAME filters), an odd-sized output whose last row
 * and column are not pooled, filters that the vector kernels take on the plane and ones they do
 * not (16, and 32 in two vectors), ReLU and none.
 */
class PooledFirstLayerTest {
  static final String PACKAGE = "pooledfirst";

  /** One network: input size, filters, window, padding, activation. */
  record Case(int h, int w, int filters, int window, Padding padding, Activation activation) {
    String name() {
      return "P_" + h + "x" + w + "_" + filters + "_" + window + "_" + padding + "_"
          + activation;
    }

    int oh() {
      return padding == Padding.SAME ? h : h - window + 1;
    }

    int ow() {
      return padding == Padding.SAME ? w : w - window + 1;
    }

    int pad() {
      return padding == Padding.SAME ? (window - 1) / 2 : 0;
    }
  }

  static final List<Case> CASES = List.of(
      new Case(28, 28, 6, 5, Padding.SAME, Activation.RELU),
      new Case(21, 20, 6, 3, Padding.VALID, Activation.LINEAR),
      new Case(19, 33, 4, 3, Padding.SAME, Activation.RELU),
      new Case(18, 18, 16, 3, Padding.VALID, Activation.RELU),
      new Case(18, 18, 32, 3, Padding.VALID, Activation.RELU));
  static final Map<String, String> SOURCES = new LinkedHashMap<>();
  static ClassLoader loader;

  @BeforeAll
  static void compile() {
    NetworkCompiler compiler = new NetworkCompiler("test");
    for (Case c : CASES) {
      int pooled = c.oh() / 2 * (c.ow() / 2) * c.filters();
      Network n = NetworkBuilder.network(PACKAGE, c.name()).loss(LossKind.MSE)
          .input("x", c.h(), c.w(), 1)
          .conv2d("conv1", c.filters(), new int[] {c.window(), c.window()}, new int[] {1, 1},
              c.padding(), c.activation())
          .maxPool("pool1", new int[] {2, 2}, new int[] {2, 2}, Padding.VALID)
          .flatten("flat")
          .dense("read", pooled, Activation.LINEAR)
          .build();
      DiagnosticCollector diagnostics = new DiagnosticCollector();
      SOURCES.put(PACKAGE + "." + n.generatedName(), compiler.compile(n, diagnostics)
          .orElseThrow(() -> new AssertionError(c + ": " + diagnostics.diagnostics()))
          .file().toString());
    }
    loader = InMemoryJavac.compile(SOURCES);
  }

  @Test
  void predictionsPoolAsTheyConvolveAndEqualTheLayersApart() throws ReflectiveOperationException {
    SplittableRandom rng = new SplittableRandom(2026_12_05L);
    for (Case c : CASES) {
      String source = SOURCES.get(PACKAGE + ".Compiled" + c.name());
      // Fewer than 16 filters train on planes, more image by image, each with the argmax
      // recorded; prediction takes the same call without a record.
      String fused = c.filters() < 16
          ? "Convolutions.convolveMaxPoolKeep(CONV1_WINDOW, POOL1_WINDOW"
          : "Convolutions.convolveMaxPoolArgmax(CONV1_WINDOW, POOL1_WINDOW";
      String withoutRecord = c.filters() < 16 ? "CONV1_FILTERS, null, pool1);"
          : "CONV1_FILTERS, pool1, null);";
      assertTrue(source.contains("conv1InferPooled(inputs, inputOffset, count);")
          && source.contains(fused) && source.contains(withoutRecord),
          c + ": the prediction should call the fused method");
      Model model = (Model) loader.loadClass(PACKAGE + ".Compiled" + c.name())
          .getConstructor(long.class).newInstance(3L);
      float[] p = model.parameters();
      int kernelSize = c.window() * c.window() * c.filters();
      for (int i = 0; i < kernelSize + c.filters(); i++) {
        p[i] = (float) (2 * rng.nextDouble() - 1);
      }
      int read = kernelSize + c.filters();
      int out = model.outputSize();
      java.util.Arrays.fill(p, read, p.length, 0f);
      for (int i = 0; i < out; i++) {
        p[read + i * out + i] = 1f; // the identity kernel [out][out]; its bias stays 0
      }
      int count = 5;
      float[] x = new float[count * c.h() * c.w()];
      for (int i = 0; i < x.length; i++) {
        x[i] = i % 5 == 0 ? 0f : (float) (2 * rng.nextDouble() - 1); // ties among ReLU's zeros
      }
      Window2D conv = new Window2D(c.h(), c.w(), 1, c.window(), c.window(), 1, 1, c.pad(),
          c.pad(), c.oh(), c.ow());
      Window2D pool = new Window2D(c.oh(), c.ow(), c.filters(), 2, 2, 2, 2, 0, 0, c.oh() / 2,
          c.ow() / 2);
      float[] convolved = new float[count * c.oh() * c.ow() * c.filters()];
      Convolutions.convolve(conv, x, 0, count, p, 0, p, kernelSize,
          c.activation() == Activation.RELU, c.filters(), convolved, 0);
      float[] expected = new float[count * out];
      Pooling.max(pool, convolved, 0, count, expected);
      float[] batch = new float[count * out];
      model.predictBatch(x, batch, count);
      for (int s = 0; s < count; s++) {
        float[] one = model.predict(java.util.Arrays.copyOfRange(x, s * c.h() * c.w(),
            (s + 1) * c.h() * c.w()));
        for (int i = 0; i < out; i++) {
          // 0f delta: bit for bit but for the sign of a zero, which the identity layer's sum
          // (from +0) does not keep
          assertEquals(expected[s * out + i], one[i], 0f, c + ": sample " + s + ", value " + i);
          assertEquals(expected[s * out + i], batch[s * out + i], 0f, c + ": batch, sample " + s
              + ", value " + i);
        }
      }
    }
  }
}
