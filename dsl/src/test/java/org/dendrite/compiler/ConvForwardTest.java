package org.dendrite.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.dendrite.compiler.diag.DiagnosticCollector;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.Init;
import org.dendrite.compiler.ir.LossKind;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.ir.Padding;
import org.dendrite.compiler.testing.InMemoryJavac;
import org.dendrite.compiler.testing.NetworkBuilder;
import org.dendrite.runtime.Model;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the generated convolution and pooling layers compute, against direct loops written from
 * the definitions (TensorFlow's SAME padding: the odd zero after; explicit asymmetric pads as
 * PyTorch's and ONNX's; average pooling over the window's values inside the image). Each layer under test is read through a linear dense layer
 * whose kernel is set to the identity, so the model's output is the layer's output. The gradient
 * checks prove backward matches forward; this proves forward is the convolution.
 */
class ConvForwardTest {
  static final String PACKAGE = "convforward";
  static final int H = 7;
  static final int W = 6;
  static final int C = 3;

  /** One case: the layer's attributes. */
  record Case(String kind, int filters, int[] window, int[] strides, Padding padding,
      int[] pads) {
    Case(String kind, int filters, int[] window, int[] strides, Padding padding) {
      this(kind, filters, window, strides, padding, null);
    }

    String name() {
      return "F_" + kind + "_" + filters + "_" + window[0] + "x" + window[1] + "_" + strides[0]
          + "x" + strides[1] + "_" + padding + (pads == null ? ""
              : "_" + pads[0] + pads[1] + pads[2] + pads[3]);
    }
  }

  static final List<Case> CASES = new ArrayList<>();
  static final Map<String, Network> NETWORKS = new LinkedHashMap<>();
  static ClassLoader loader;

  @BeforeAll
  static void compile() {
    for (Padding padding : Padding.values()) {
      for (int[] window : new int[][] {{3, 2}, {1, 1}, {4, 4}, {2, 3}}) {
        for (int[] strides : new int[][] {{1, 1}, {2, 2}, {3, 1}}) {
          CASES.add(new Case("conv", 4, window, strides, padding));
          CASES.add(new Case("max", 0, window, strides, padding));
          CASES.add(new Case("avg", 0, window, strides, padding));
        }
      }
    }
    // Explicit pads [top, bottom, left, right], each smaller than the window, none SAME's.
    int[][][] padded = {{{3, 2}, {2, 1, 1, 0}}, {{4, 4}, {3, 1, 0, 2}}, {{2, 3}, {1, 0, 2, 1}}};
    for (int[][] wp : padded) {
      for (int[] strides : new int[][] {{1, 1}, {2, 2}, {3, 1}}) {
        for (String kind : List.of("conv", "max", "avg")) {
          CASES.add(new Case(kind, kind.equals("conv") ? 4 : 0, wp[0], strides, Padding.VALID,
              wp[1]));
        }
      }
    }
    CASES.add(new Case("gap", 0, new int[] {H, W}, new int[] {1, 1}, Padding.VALID));
    Map<String, String> sources = new LinkedHashMap<>();
    NetworkCompiler compiler = new NetworkCompiler("test");
    for (Case c : CASES) {
      NetworkBuilder b = NetworkBuilder.network(PACKAGE, c.name()).loss(LossKind.MSE)
          .input("x", H, W, C);
      b = c.pads() != null ? switch (c.kind()) {
        case "conv" -> b.conv2dPads("layer", c.filters(), c.window(), c.strides(), c.pads(),
            Activation.LINEAR);
        case "max" -> b.maxPoolPads("layer", c.window(), c.strides(), c.pads());
        default -> b.avgPoolPads("layer", c.window(), c.strides(), c.pads());
      } : switch (c.kind()) {
        case "conv" -> b.conv2d("layer", c.filters(), c.window(), c.strides(), c.padding(),
            Activation.LINEAR, true, Init.GLOROT_UNIFORM, 0f);
        case "max" -> b.maxPool("layer", c.window(), c.strides(), c.padding());
        case "avg" -> b.avgPool("layer", c.window(), c.strides(), c.padding());
        default -> b.globalAvgPool("layer");
      };
      int size = reference(c, new float[H * W * C],
          new float[c.window()[0] * c.window()[1] * C * c.filters()], new float[c.filters()])
          .length;
      Network n = (c.kind().equals("gap") ? b : b.flatten("flat"))
          .dense("read", size, Activation.LINEAR).build();
      DiagnosticCollector diagnostics = new DiagnosticCollector();
      sources.put(PACKAGE + "." + n.generatedName(), compiler.compile(n, diagnostics)
          .orElseThrow(() -> new AssertionError(c + ": " + diagnostics.diagnostics()))
          .file().toString());
    }
    loader = InMemoryJavac.compile(sources);
  }

  @Test
  void everyLayerComputesItsDefinition() throws ReflectiveOperationException {
    SplittableRandom rng = new SplittableRandom(11);
    for (Case c : CASES) {
      Model model = (Model) loader.loadClass(PACKAGE + ".Compiled" + c.name())
          .getConstructor(long.class).newInstance(3L);
      float[] p = model.parameters();
      for (int i = 0; i < p.length; i++) {
        p[i] = (float) (2 * rng.nextDouble() - 1);
      }
      int kernelSize = c.kind().equals("conv") ? c.window()[0] * c.window()[1] * C * c.filters()
          : 0;
      float[] kernel = java.util.Arrays.copyOfRange(p, 0, kernelSize);
      float[] bias = c.kind().equals("conv") ? java.util.Arrays.copyOfRange(p, kernelSize,
          kernelSize + c.filters()) : new float[0];
      int read = c.kind().equals("conv") ? kernelSize + c.filters() : 0;
      int out = model.outputSize();
      java.util.Arrays.fill(p, read, p.length, 0f);
      for (int i = 0; i < out; i++) {
        p[read + i * out + i] = 1f; // the identity kernel [out][out]; its bias stays 0
      }
      float[] x = new float[H * W * C];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) (2 * rng.nextDouble() - 1);
      }
      float[] expected = reference(c, x, kernel, bias);
      float[] actual = model.predict(x);
      assertEquals(expected.length, actual.length, c::toString);
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], actual[i], 1e-5f, c + ": value " + i);
      }
    }
  }

  /** The layer's output for one image {@code x} [H][W][C], from the definitions. */
  static float[] reference(Case c, float[] x, float[] kernel, float[] bias) {
    if (c.kind().equals("gap")) {
      float[] y = new float[C];
      for (int i = 0; i < H * W; i++) {
        for (int ch = 0; ch < C; ch++) {
          y[ch] += x[i * C + ch] / (H * W);
        }
      }
      return y;
    }
    int fh = c.window()[0];
    int fw = c.window()[1];
    int sh = c.strides()[0];
    int sw = c.strides()[1];
    boolean same = c.padding() == Padding.SAME;
    int[] pads = c.pads() == null ? new int[4] : c.pads();
    int oh = same ? (H + sh - 1) / sh : (H + pads[0] + pads[1] - fh) / sh + 1;
    int ow = same ? (W + sw - 1) / sw : (W + pads[2] + pads[3] - fw) / sw + 1;
    int top = same ? Math.max((oh - 1) * sh + fh - H, 0) / 2 : pads[0];
    int left = same ? Math.max((ow - 1) * sw + fw - W, 0) / 2 : pads[2];
    int channels = c.kind().equals("conv") ? c.filters() : C;
    float[] y = new float[oh * ow * channels];
    for (int oy = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++) {
        for (int k = 0; k < channels; k++) {
          double sum = c.kind().equals("conv") ? bias.length == 0 ? 0 : bias[k] : 0;
          double max = Double.NEGATIVE_INFINITY;
          int inside = 0;
          for (int dy = 0; dy < fh; dy++) {
            for (int dx = 0; dx < fw; dx++) {
              int iy = oy * sh + dy - top;
              int ix = ox * sw + dx - left;
              if (iy < 0 || iy >= H || ix < 0 || ix >= W) {
                continue; // a padding zero: adds nothing, and is not a pooled value
              }
              inside++;
              if (c.kind().equals("conv")) {
                for (int ch = 0; ch < C; ch++) {
                  sum += x[(iy * W + ix) * C + ch] * kernel[((dy * fw + dx) * C + ch) * channels
                      + k];
                }
              } else {
                float v = x[(iy * W + ix) * C + k];
                sum += v;
                max = Math.max(max, v);
              }
            }
          }
          y[(oy * ow + ox) * channels + k] = (float) switch (c.kind()) {
            case "conv" -> sum;
            case "max" -> max;
            default -> sum / inside;
          };
        }
      }
    }
    return y;
  }
}
