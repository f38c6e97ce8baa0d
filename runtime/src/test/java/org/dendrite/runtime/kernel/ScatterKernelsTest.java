package org.dendrite.runtime.kernel;

import static org.dendrite.runtime.kernel.KernelsTest.SCALAR;
import static org.dendrite.runtime.kernel.KernelsTest.SENTINEL;
import static org.dendrite.runtime.kernel.KernelsTest.assertBitsEqual;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@code scatterArgmaxWindows}, a pooled convolution's input gradient from the pooling's record
 * (each pooled value's gradient times its filter's kernel, added into the window of the pixel its
 * max came from), and {@code gatherArgmaxWindows}, its kernel's and bias's from the same record
 * (the gradient times that window): the definitions' sums, computed here in double, within
 * rounding; the Vector API kernels the scalar ones' bits, for layouts that take each of their
 * paths (rows shorter than a vector, LeNet-5's conv2 and other register tiles, rows of other
 * lengths); and wrong sizes refused before anything is written.
 */
class ScatterKernelsTest {
  /** A layout: kernel, cells, image, images, offsets. */
  private record Layout(int fh, int fw, int c, int filters, int rows, int cols, int h, int w,
      int n, int kernelOff, int argmaxOff, int gOff, int dstOff) {
    static Layout random(SplittableRandom rng) {
      int fh = 1 + rng.nextInt(6);
      int fw = 1 + rng.nextInt(6);
      int c = 1 + rng.nextInt(12);
      int rows = 1 + rng.nextInt(4);
      int cols = 1 + rng.nextInt(4);
      return new Layout(fh, fw, c, 1 + rng.nextInt(20), rows, cols,
          2 * rows + fh - 1 + rng.nextInt(3), 2 * cols + fw - 1 + rng.nextInt(3),
          1 + rng.nextInt(3), rng.nextInt(4), rng.nextInt(4), rng.nextInt(4), rng.nextInt(4));
    }

    /** LeNet-5's conv2: 14×14×6 images, 5×5 kernels, 16 filters, 5×5 pooled cells. */
    static Layout lenet(int n, SplittableRandom rng) {
      return new Layout(5, 5, 6, 16, 5, 5, 14, 14, n, rng.nextInt(4), rng.nextInt(4),
          rng.nextInt(4), rng.nextInt(4));
    }

    int cells() {
      return n * rows * cols * filters;
    }

    int images() {
      return n * h * w * c;
    }

    @Override
    public String toString() {
      return String.format("%d×%d×%d kernel of %d filters, %d×%d cells over %d×%d, %d images",
          fh, fw, c, filters, rows, cols, h, w, n);
    }
  }

  /** Records of every kind: the four pixels, none (−1), and values no pooling writes. */
  private static final int[] RECORDS = {0, 1, 2, 3, 0, 1, 2, 3, -1, -1, 4, 7, -5,
      Integer.MIN_VALUE, Integer.MAX_VALUE};

  private static float[] values(SplittableRandom rng, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      int kind = rng.nextInt(12);
      x[i] = kind == 0 ? 0f : kind == 1 ? -0f : (float) rng.nextDouble(-2, 2);
    }
    return x;
  }

  private static int[] records(SplittableRandom rng, int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = RECORDS[rng.nextInt(RECORDS.length)];
    }
    return a;
  }

  /** The definition in double: each image's gradient, zero where no window reaches. */
  private static double[] reference(Layout l, float[] kernel, int[] argmax, float[] g) {
    double[] dst = new double[l.images()];
    for (int b = 0; b < l.n; b++) {
      for (int cy = 0; cy < l.rows; cy++) {
        for (int cx = 0; cx < l.cols; cx++) {
          for (int f = 0; f < l.filters; f++) {
            int cell = ((b * l.rows + cy) * l.cols + cx) * l.filters + f;
            int at = argmax[l.argmaxOff + cell];
            if (at < 0 || at > 3) {
              continue;
            }
            int y0 = 2 * cy + at / 2;
            int x0 = 2 * cx + at % 2;
            for (int ky = 0; ky < l.fh; ky++) {
              for (int kx = 0; kx < l.fw; kx++) {
                for (int i = 0; i < l.c; i++) {
                  dst[((b * l.h + y0 + ky) * l.w + x0 + kx) * l.c + i] +=
                      (double) g[l.gOff + cell]
                          * kernel[l.kernelOff + ((ky * l.fw + kx) * l.c + i) * l.filters + f];
                }
              }
            }
          }
        }
      }
    }
    return dst;
  }

  @Test
  void scalarScatterIsTheDefinition() {
    SplittableRandom rng = new SplittableRandom(61);
    for (int t = 0; t < 400; t++) {
      Layout l = t % 10 == 0 ? Layout.lenet(1 + t % 3, rng) : Layout.random(rng);
      float[] kernel = values(rng, l.kernelOff + l.fh * l.fw * l.c * l.filters);
      int[] argmax = records(rng, l.argmaxOff + l.cells());
      float[] g = values(rng, l.gOff + l.cells());
      float[] dst = new float[l.dstOff + l.images() + 3];
      Arrays.fill(dst, SENTINEL);
      SCALAR.scatterArgmaxWindows(kernel, l.kernelOff, l.fh, l.fw, l.c, l.filters, argmax,
          l.argmaxOff, g, l.gOff, l.rows, l.cols, dst, l.dstOff, l.h, l.w, l.n);
      double[] want = reference(l, kernel, argmax, g);
      // Each value sums at most 2·2·filters terms of |g·k| < 4.
      double tolerance = 4.0 * 4 * l.filters * 4 * Math.ulp(1f);
      for (int i = 0; i < want.length; i++) {
        assertEquals(want[i], dst[l.dstOff + i], tolerance, "case " + t + ", " + l + ": " + i);
      }
      for (int i = 0; i < l.dstOff; i++) {
        assertEquals(SENTINEL, dst[i], "case " + t + ": written before dst");
      }
      for (int i = l.dstOff + l.images(); i < dst.length; i++) {
        assertEquals(SENTINEL, dst[i], "case " + t + ": written past the images");
      }
    }
  }

  /**
   * The vector kernels' bits are the scalar ones' (finite values, signed zeros, every kind of
   * record), over random layouts and LeNet-5's; 3,000 calls, so that C2 compiles each path.
   */
  @Test
  @Tag(VectorSupport.TAG)
  void vectorScatterIsTheScalarOneBitForBit() {
    Kernels vector = VectorSupport.vectorKernels();
    SplittableRandom rng = new SplittableRandom(67);
    for (int t = 0; t < 3000; t++) {
      Layout l = t % 3 == 0 ? Layout.lenet(1 + t % 4, rng) : Layout.random(rng);
      float[] kernel = values(rng, l.kernelOff + l.fh * l.fw * l.c * l.filters);
      int[] argmax = records(rng, l.argmaxOff + l.cells());
      float[] g = values(rng, l.gOff + l.cells());
      float[] expected = values(rng, l.dstOff + l.images() + 3);
      float[] actual = expected.clone();
      int[] argmax0 = argmax.clone();
      float[] g0 = g.clone();
      float[] kernel0 = kernel.clone();
      SCALAR.scatterArgmaxWindows(kernel, l.kernelOff, l.fh, l.fw, l.c, l.filters, argmax,
          l.argmaxOff, g, l.gOff, l.rows, l.cols, expected, l.dstOff, l.h, l.w, l.n);
      vector.scatterArgmaxWindows(kernel, l.kernelOff, l.fh, l.fw, l.c, l.filters, argmax,
          l.argmaxOff, g, l.gOff, l.rows, l.cols, actual, l.dstOff, l.h, l.w, l.n);
      String context = "case " + t + ", " + l;
      assertBitsEqual(expected, actual, context);
      assertArrayEquals(argmax0, argmax, context + ": argmax was written");
      assertBitsEqual(g0, g, context + ": g was written");
      assertBitsEqual(kernel0, kernel, context + ": the kernel was written");
    }
  }

  /** The definition of {@code gatherArgmaxWindows} in double: kernel gradient, then bias's. */
  private static double[] gatherReference(Layout l, float[] in, int[] argmax, float[] g) {
    int taps = l.fh * l.fw * l.c;
    double[] out = new double[(taps + 1) * l.filters];
    for (int b = 0; b < l.n; b++) {
      for (int cy = 0; cy < l.rows; cy++) {
        for (int cx = 0; cx < l.cols; cx++) {
          for (int f = 0; f < l.filters; f++) {
            int cell = ((b * l.rows + cy) * l.cols + cx) * l.filters + f;
            int at = argmax[l.argmaxOff + cell];
            if (at < 0 || at > 3) {
              continue;
            }
            double gv = g[l.gOff + cell];
            int y0 = 2 * cy + at / 2;
            int x0 = 2 * cx + at % 2;
            for (int ky = 0; ky < l.fh; ky++) {
              for (int kx = 0; kx < l.fw; kx++) {
                for (int i = 0; i < l.c; i++) {
                  out[((ky * l.fw + kx) * l.c + i) * l.filters + f] +=
                      gv * in[l.dstOff + ((b * l.h + y0 + ky) * l.w + x0 + kx) * l.c + i];
                }
              }
            }
            out[taps * l.filters + f] += gv;
          }
        }
      }
    }
    return out;
  }

  /**
   * {@code gatherArgmaxWindows} (the layout's {@code dstOff} is the input's offset here, its
   * {@code kernelOff} the gradients'): the definition within rounding, every value overwritten,
   * nothing written past them; and without a bias, the bias's place left alone.
   */
  @Test
  void scalarGatherIsTheDefinition() {
    SplittableRandom rng = new SplittableRandom(71);
    for (int t = 0; t < 400; t++) {
      Layout l = t % 10 == 0 ? Layout.lenet(1 + t % 3, rng) : Layout.random(rng);
      int size = l.fh * l.fw * l.c * l.filters;
      float[] in = values(rng, l.dstOff + l.images());
      int[] argmax = records(rng, l.argmaxOff + l.cells());
      float[] g = values(rng, l.gOff + l.cells());
      float[] gradients = new float[l.kernelOff + size + l.filters + 2];
      Arrays.fill(gradients, SENTINEL);
      boolean biased = t % 4 != 3;
      SCALAR.gatherArgmaxWindows(in, l.dstOff, l.h, l.w, l.c, l.fh, l.fw, l.filters, argmax,
          l.argmaxOff, g, l.gOff, l.rows, l.cols, l.n, gradients, l.kernelOff,
          biased ? l.kernelOff + size + 1 : -1);
      double[] want = gatherReference(l, in, argmax, g);
      double tolerance = 4.0 * 2 * l.n * l.rows * l.cols * 4 * Math.ulp(1f);
      String context = "case " + t + ", " + l;
      for (int i = 0; i < size; i++) {
        assertEquals(want[i], gradients[l.kernelOff + i], tolerance, context + ": weight " + i);
      }
      assertEquals(SENTINEL, gradients[l.kernelOff + size], context + ": past the kernel");
      for (int f = 0; f < l.filters; f++) {
        float bias = gradients[l.kernelOff + size + 1 + f];
        if (biased) {
          assertEquals(want[size + f], bias, tolerance, context + ": bias " + f);
        } else {
          assertEquals(SENTINEL, bias, context + ": no bias, yet written");
        }
      }
      assertEquals(SENTINEL, gradients[gradients.length - 1], context + ": past the bias");
      for (int i = 0; i < l.kernelOff; i++) {
        assertEquals(SENTINEL, gradients[i], context + ": before the kernel");
      }
    }
  }

  /** The vector kernels' bits are the scalar ones', as for the scatter. */
  @Test
  @Tag(VectorSupport.TAG)
  void vectorGatherIsTheScalarOneBitForBit() {
    Kernels vector = VectorSupport.vectorKernels();
    SplittableRandom rng = new SplittableRandom(73);
    for (int t = 0; t < 3000; t++) {
      Layout l = t % 3 == 0 ? Layout.lenet(1 + t % 4, rng) : Layout.random(rng);
      int size = l.fh * l.fw * l.c * l.filters;
      float[] in = values(rng, l.dstOff + l.images());
      int[] argmax = records(rng, l.argmaxOff + l.cells());
      float[] g = values(rng, l.gOff + l.cells());
      float[] expected = values(rng, l.kernelOff + size + l.filters + 2);
      float[] actual = expected.clone();
      float[] in0 = in.clone();
      int bias = t % 5 == 4 ? -1 : l.kernelOff + size + 1;
      SCALAR.gatherArgmaxWindows(in, l.dstOff, l.h, l.w, l.c, l.fh, l.fw, l.filters, argmax,
          l.argmaxOff, g, l.gOff, l.rows, l.cols, l.n, expected, l.kernelOff, bias);
      vector.gatherArgmaxWindows(in, l.dstOff, l.h, l.w, l.c, l.fh, l.fw, l.filters, argmax,
          l.argmaxOff, g, l.gOff, l.rows, l.cols, l.n, actual, l.kernelOff, bias);
      String context = "case " + t + ", " + l;
      assertBitsEqual(expected, actual, context);
      assertBitsEqual(in0, in, context + ": in was written");
    }
  }

  @Test
  void scalarGatherRefusesWrongSizes() {
    assertGatherRefusals(SCALAR);
  }

  @Test
  @Tag(VectorSupport.TAG)
  void vectorGatherRefusesWrongSizes() {
    assertGatherRefusals(VectorSupport.vectorKernels());
  }

  /** As {@link #assertRefusals}: the 5×5 image is {@code in}, the gradients 8 + 2 values. */
  private static void assertGatherRefusals(Kernels k) {
    float[] in = new float[25];
    int[] argmax = new int[8];
    float[] g = new float[8];
    float[] gradients = new float[10];
    k.gatherArgmaxWindows(in, 0, 5, 5, 1, 2, 2, 2, argmax, 0, g, 0, 2, 2, 1, gradients, 0, 8);
    Arrays.fill(gradients, SENTINEL);
    float[] gradients0 = gradients.clone();
    String sizes = "1 images of 2×2×2 cells pooled 2×2 from a 2×2×1×2 kernel's outputs on 5×5×1";
    refused(() -> k.gatherArgmaxWindows(new float[24], 0, 5, 5, 1, 2, 2, 2, argmax, 0, g, 0, 2,
        2, 1, gradients, 0, 8), sizes, "in[0 .. 25) of 24");
    refused(() -> k.gatherArgmaxWindows(in, 0, 5, 5, 1, 2, 2, 2, argmax, 1, g, 0, 2, 2, 1,
        gradients, 0, 8), sizes, "argmax from 1 of 8");
    refused(() -> k.gatherArgmaxWindows(in, 0, 5, 5, 1, 2, 2, 2, argmax, 0, g, 1, 2, 2, 1,
        gradients, 0, 8), sizes, "g from 1 of 8");
    refused(() -> k.gatherArgmaxWindows(in, 0, 5, 5, 1, 2, 2, 2, argmax, 0, g, 0, 2, 2, 1,
        gradients, 3, 8), sizes, "kernel gradient [3 .. 11)");
    refused(() -> k.gatherArgmaxWindows(in, 0, 5, 5, 1, 2, 2, 2, argmax, 0, g, 0, 2, 2, 1,
        gradients, 0, 9), sizes, "bias's from 9 of 10");
    refused(() -> k.gatherArgmaxWindows(in, 0, 4, 5, 1, 2, 2, 2, argmax, 0, g, 0, 2, 2, 1,
        gradients, 0, 8), "on 4×5×1", "the windows need 5×5");
    refused(() -> k.gatherArgmaxWindows(in, 0, 5, 5, 1, 2, 2, 2, argmax, 0, g, 0, 2, 2,
        Integer.MAX_VALUE, gradients, 0, 8), "2147483647 images", "");
    refused(() -> k.gatherArgmaxWindows(in, 0, 5, 5, 1, 2, 2, 2, argmax, 0, null, 0, 2, 2, 1,
        gradients, 0, 8), "", "g is null");
    refused(() -> k.gatherArgmaxWindows(in, 0, 1 << 22, 1 << 22, 1, 1, 1, 1, argmax, 0, g, 0,
        1 << 21, 1 << 21, 1 << 22, gradients, 0, 8), "4194304 images of 2097152×2097152×1 cells",
        "in[0 .. 4611686018427387904) of 25");
    assertBitsEqual(gradients0, gradients, "a refused call wrote the gradients");
  }

  /**
   * A gradient that is not finite (NaN, ±∞) neither throws nor spreads past its own cell: both
   * paths give the same bits outside the regions of cells with such a term, and inside them the
   * vector path is NaN wherever the scalar one is (its padded lanes' {@code g·0} may add more).
   */
  @Test
  @Tag(VectorSupport.TAG)
  void aGradientThatIsNotFiniteStaysInItsCell() {
    Kernels vector = VectorSupport.vectorKernels();
    SplittableRandom rng = new SplittableRandom(79);
    float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
    for (int t = 0; t < 600; t++) {
      Layout l = t % 3 == 0 ? Layout.lenet(1 + t % 2, rng) : Layout.random(rng);
      float[] kernel = values(rng, l.kernelOff + l.fh * l.fw * l.c * l.filters);
      int[] argmax = records(rng, l.argmaxOff + l.cells());
      float[] g = values(rng, l.gOff + l.cells());
      for (int i = 0; i < 1 + rng.nextInt(3); i++) {
        g[l.gOff + rng.nextInt(l.cells())] = bad[rng.nextInt(bad.length)];
      }
      float[] expected = new float[l.dstOff + l.images()];
      float[] actual = expected.clone();
      SCALAR.scatterArgmaxWindows(kernel, l.kernelOff, l.fh, l.fw, l.c, l.filters, argmax,
          l.argmaxOff, g, l.gOff, l.rows, l.cols, expected, l.dstOff, l.h, l.w, l.n);
      vector.scatterArgmaxWindows(kernel, l.kernelOff, l.fh, l.fw, l.c, l.filters, argmax,
          l.argmaxOff, g, l.gOff, l.rows, l.cols, actual, l.dstOff, l.h, l.w, l.n);
      boolean[] tainted = new boolean[expected.length];
      for (int b = 0; b < l.n; b++) {
        for (int cy = 0; cy < l.rows; cy++) {
          for (int cx = 0; cx < l.cols; cx++) {
            for (int f = 0; f < l.filters; f++) {
              int cell = ((b * l.rows + cy) * l.cols + cx) * l.filters + f;
              int at = argmax[l.argmaxOff + cell];
              if (at < 0 || at > 3 || Float.isFinite(g[l.gOff + cell])) {
                continue;
              }
              for (int y = 2 * cy; y <= 2 * cy + l.fh; y++) {
                int from = l.dstOff + ((b * l.h + y) * l.w + 2 * cx) * l.c;
                Arrays.fill(tainted, from, from + (l.fw + 1) * l.c, true);
              }
            }
          }
        }
      }
      String context = "case " + t + ", " + l;
      for (int i = 0; i < expected.length; i++) {
        if (!tainted[i]) {
          assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]),
              context + ": value " + i + " outside the cells whose gradient is not finite");
        } else if (Float.isNaN(expected[i])) {
          assertTrue(Float.isNaN(actual[i]), context + ": value " + i + " lost its NaN");
        }
      }
    }
  }

  @Test
  void scalarScatterRefusesWrongSizes() {
    assertRefusals(SCALAR);
  }

  @Test
  @Tag(VectorSupport.TAG)
  void vectorScatterRefusesWrongSizes() {
    assertRefusals(VectorSupport.vectorKernels());
  }

  /**
   * A 2×2×1 kernel of two filters over one 5×5 image of 2×2 cells fits arrays of 8, 8 and 25
   * values exactly; one short anywhere, a window past the image, a size that is not positive or
   * overflows, or a null array is refused naming the sizes, before anything is written.
   */
  private static void assertRefusals(Kernels k) {
    float[] kernel = new float[8];
    int[] argmax = new int[8];
    float[] g = new float[8];
    float[] dst = new float[25];
    k.scatterArgmaxWindows(kernel, 0, 2, 2, 1, 2, argmax, 0, g, 0, 2, 2, dst, 0, 5, 5, 1);
    Arrays.fill(dst, SENTINEL);
    float[] dst0 = dst.clone();
    String sizes = "1 images of 2×2×2 cells pooled 2×2 from a 2×2×1×2 kernel's outputs on 5×5×1";
    refused(() -> k.scatterArgmaxWindows(new float[7], 0, 2, 2, 1, 2, argmax, 0, g, 0, 2, 2, dst,
        0, 5, 5, 1), sizes, "kernel[0 .. 8) of 7");
    refused(() -> k.scatterArgmaxWindows(kernel, 1, 2, 2, 1, 2, argmax, 0, g, 0, 2, 2, dst, 0, 5,
        5, 1), sizes, "kernel[1 .. 9) of 8");
    refused(() -> k.scatterArgmaxWindows(kernel, 0, 2, 2, 1, 2, argmax, 1, g, 0, 2, 2, dst, 0, 5,
        5, 1), sizes, "argmax from 1 of 8");
    refused(() -> k.scatterArgmaxWindows(kernel, 0, 2, 2, 1, 2, argmax, 0, g, 1, 2, 2, dst, 0, 5,
        5, 1), sizes, "g from 1 of 8");
    refused(() -> k.scatterArgmaxWindows(kernel, 0, 2, 2, 1, 2, argmax, 0, g, 0, 2, 2, dst, 1, 5,
        5, 1), sizes, "dst[1 .. 26) of 25");
    refused(() -> k.scatterArgmaxWindows(kernel, 0, 2, 2, 1, 2, argmax, 0, g, 0, 2, 2, dst, -1, 5,
        5, 1), sizes, "dst[-1");
    refused(() -> k.scatterArgmaxWindows(kernel, 0, 2, 2, 1, 2, argmax, 0, g, 0, 2, 2,
        new float[16], 0, 4, 4, 1), "on 4×4×1", "the windows need 5×5");
    refused(() -> k.scatterArgmaxWindows(kernel, 0, 0, 2, 1, 2, argmax, 0, g, 0, 2, 2, dst, 0, 5,
        5, 1), "0×2×1×2 kernel", "");
    refused(() -> k.scatterArgmaxWindows(kernel, 0, 2, 2, 1, 2, argmax, 0, g, 0, 2, 2, dst, 0, 5,
        5, 0), "0 images", "");
    refused(() -> k.scatterArgmaxWindows(kernel, 0, 2, 2, 1, 2, argmax, 0, g, 0, 2, 2, dst, 0, 5,
        5, Integer.MAX_VALUE), "2147483647 images", "");
    refused(() -> k.scatterArgmaxWindows(kernel, 0, 2, 2, 1, 2, argmax, 0, g, 0,
        Integer.MAX_VALUE, 2, dst, 0, 5, 5, 1), "of 2147483647×2×2 cells", "");
    refused(() -> k.scatterArgmaxWindows(kernel, 0, 2, 2, 1, 2, null, 0, g, 0, 2, 2, dst, 0, 5, 5,
        1), "", "argmax is null");
    // 2²² images of 2²¹×2²¹ cells of one filter over 2²²×2²² pixels: 2⁶⁴ cells and 2⁶⁶ values,
    // each a multiple of 2⁶⁴ that a product in a long wraps around to 0.
    refused(() -> k.scatterArgmaxWindows(kernel, 0, 1, 1, 1, 1, argmax, 0, g, 0, 1 << 21, 1 << 21,
        dst, 0, 1 << 22, 1 << 22, 1 << 22), "4194304 images of 2097152×2097152×1 cells",
        "argmax from 0 of 8");
    assertBitsEqual(dst0, dst, "a refused call wrote dst");
  }

  private static void refused(Executable call, String sizes, String detail) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(sizes) && e.getMessage().contains(detail),
        e.getMessage());
  }
}
