package org.dendrite.runtime.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.dendrite.runtime.kernel.Kernels;
import org.dendrite.runtime.kernel.ScalarKernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The runtime's image helpers on their own: windows refuse impossible geometry naming it,
 * {@code col2im} is exactly the adjoint of {@code im2col}, max pooling breaks ties by the first
 * value, SAME average pooling divides by the values inside the image, and inference's convolution
 * computes what im2col and the product do. (The generated layers' outputs and gradients are
 * checked end to end in the compiler's tests.)
 */
class SpatialTest {
  /** 5×4×2 input, 3×2 window, strides 2×1, SAME: 3×4 outputs, one zero row above and one below. */
  static final Window2D SAME = new Window2D(5, 4, 2, 3, 2, 2, 1, 1, 0, 3, 4);

  @Test
  void windowsRefuseImpossibleGeometryNamingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Window2D(5, 4, 2, 3, 2, 2, 1, 0, 0, 4, 3));
    assertTrue(e.getMessage().contains("input 5×4×2, window 3×2, strides 2×1")
        && e.getMessage().contains("output 4×3"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Window2D(5, 4, 0, 3, 2, 2, 1, 0, 0,
        2, 3));
    assertThrows(IllegalArgumentException.class, () -> new Window2D(65_536, 65_536, 1, 1, 1, 1,
        1, 0, 0, 65_536, 65_536));
    // Three zeros above a 3-row window: its first windows would read only zeros.
    IllegalArgumentException pad = assertThrows(IllegalArgumentException.class,
        () -> new Window2D(5, 4, 2, 3, 2, 1, 1, 3, 0, 6, 3));
    assertTrue(pad.getMessage().contains("padding 3 above and 0 left"), pad.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Window2D(5, 4, 2, 3, 2, 1, 1, 0, 2,
        3, 5));
    // Two above and one left are the most a 3×2 window takes.
    assertEquals(5, new Window2D(5, 4, 2, 3, 2, 1, 1, 2, 1, 5, 4).outHeight());
  }

  @Test
  void col2imIsTheAdjointOfIm2col() {
    SplittableRandom rng = new SplittableRandom(1);
    int n = 2;
    float[] x = new float[n * SAME.inputSize()];
    float[] y = new float[n * SAME.outputPixels() * SAME.depth()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (2 * rng.nextDouble() - 1);
    }
    for (int i = 0; i < y.length; i++) {
      y[i] = (float) (2 * rng.nextDouble() - 1);
    }
    float[] patches = new float[y.length];
    Convolutions.im2col(SAME, x, 0, n, patches);
    float[] back = new float[x.length];
    Convolutions.col2im(SAME, y, n, back);
    double left = 0;
    double right = 0;
    for (int i = 0; i < y.length; i++) {
      left += (double) patches[i] * y[i];
    }
    for (int i = 0; i < x.length; i++) {
      right += (double) x[i] * back[i];
    }
    assertEquals(left, right, 1e-5);
    // Row 0 of the first image's windows starts one row above the image: zeros there.
    assertEquals(0f, patches[0]);
  }

  /**
   * From 16 channels {@code col2im} sums each pixel's values in registers: bit for bit the
   * value-by-value additions into a zeroed image in window order, for keras-convnet's conv2
   * (13×13×32, 3×3, VALID), SAME padding with strides 2 and a moved-back vector (20 channels),
   * strides that leave pixels no window reads (they get +0), and signed zeros, ±∞ and NaN among
   * the values; a second layout and then the first again (the per-thread tables follow).
   */
  @Test
  void col2imSumsEachPixelInWindowOrder() {
    SplittableRandom rng = new SplittableRandom(5);
    List<Window2D> layouts = List.of(
        new Window2D(13, 13, 32, 3, 3, 1, 1, 0, 0, 11, 11),
        new Window2D(9, 7, 20, 3, 3, 2, 2, 1, 1, 5, 4),
        new Window2D(8, 8, 16, 2, 2, 3, 3, 0, 0, 3, 3),
        new Window2D(13, 13, 32, 3, 3, 1, 1, 0, 0, 11, 11));
    for (Window2D g : layouts) {
      int n = 3;
      float[] patches = new float[n * g.outputPixels() * g.depth()];
      for (int i = 0; i < patches.length; i++) {
        patches[i] = (float) (2 * rng.nextDouble() - 1);
      }
      patches[5] = -0f;
      patches[g.depth() + 3] = Float.POSITIVE_INFINITY;
      patches[patches.length - 2] = Float.NaN;
      float[] expected = new float[n * g.inputSize()];
      for (int b = 0, p = 0; b < n; b++) {
        for (int oy = 0; oy < g.outHeight(); oy++) {
          for (int ox = 0; ox < g.outWidth(); ox++) {
            for (int ky = 0; ky < g.windowHeight(); ky++) {
              for (int kx = 0; kx < g.windowWidth(); kx++) {
                int y = oy * g.strideY() - g.padTop() + ky;
                int x = ox * g.strideX() - g.padLeft() + kx;
                for (int ch = 0; ch < g.channels(); ch++, p++) {
                  if (y >= 0 && y < g.height() && x >= 0 && x < g.width()) {
                    expected[b * g.inputSize() + (y * g.width() + x) * g.channels() + ch] +=
                        patches[p];
                  }
                }
              }
            }
          }
        }
      }
      float[] actual = new float[expected.length];
      Arrays.fill(actual, Float.NaN);
      Convolutions.col2im(g, patches, n, actual);
      for (int i = 0; i < expected.length; i++) {
        assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
            g + ": value " + i + " is " + actual[i] + ", expected " + expected[i]);
      }
    }
  }

  @Test
  void maxPoolingSendsATiesGradientToItsFirstValue() {
    Window2D g = new Window2D(2, 2, 1, 2, 2, 2, 2, 0, 0, 1, 1);
    float[] in = {3, 3, 3, 3};
    float[] out = new float[1];
    Pooling.max(g, in, 0, 1, out);
    assertEquals(3f, out[0]);
    float[] gradient = new float[4];
    float[] outGradient = {5};
    Pooling.maxBackward(g, in, 0, out, outGradient, 1, gradient);
    assertArrayEquals(new float[] {5, 0, 0, 0}, gradient);
  }

  @Test
  void maxPoolingKeepsTheFirstOfEqualValuesAndNeverANaNThatComesLater() {
    // 1×4 image, two channels, 1×4 window: channel 0 ties at x = 1 and 3, channel 1 meets a NaN
    // after its max and a -0 after its +0 start.
    Window2D g = new Window2D(1, 4, 2, 1, 4, 1, 4, 0, 0, 1, 1);
    float[] in = {1, 0f, 7, Float.NaN, 2, -0f, 7, 3};
    float[] out = new float[2];
    Pooling.max(g, in, 0, 1, out);
    assertArrayEquals(new float[] {7, 3}, out);
    float[] gradient = new float[8];
    Pooling.maxBackward(g, in, 0, out, new float[] {5, 6}, 1, gradient);
    assertArrayEquals(new float[] {0, 0, 5, 0, 0, 0, 0, 6}, gradient);
  }

  /**
   * A random pooling geometry up to 12×12 pixels with one of {@code channelCounts}, windows up to
   * 4×4 and strides up to 3 (equal to the window if {@code sideBySide}), padding before the first
   * row and column, and any output size whose windows start inside the image.
   */
  private static Window2D randomPooling(SplittableRandom rng, int[] channelCounts,
      boolean sideBySide) {
    int h = 1 + rng.nextInt(12);
    int w = 1 + rng.nextInt(12);
    int c = channelCounts[rng.nextInt(channelCounts.length)];
    int wh = 1 + rng.nextInt(4);
    int ww = 1 + rng.nextInt(4);
    int sy = sideBySide ? wh : 1 + rng.nextInt(3);
    int sx = sideBySide ? ww : 1 + rng.nextInt(3);
    int pt = rng.nextInt(wh);
    int pl = rng.nextInt(ww);
    int oh = 1 + rng.nextInt((h - 1 + pt) / sy + 1);
    int ow = 1 + rng.nextInt((w - 1 + pl) / sx + 1);
    return new Window2D(h, w, c, wh, ww, sy, sx, pt, pl, oh, ow);
  }

  /** The image rows of output row {@code oy}'s windows, from (inclusive) and to (exclusive). */
  private static int rowFrom(Window2D g, int oy) {
    return Math.max(oy * g.strideY() - g.padTop(), 0);
  }

  private static int rowTo(Window2D g, int oy) {
    return Math.min(oy * g.strideY() - g.padTop() + g.windowHeight(), g.height());
  }

  /** The image columns of output column {@code ox}'s windows, from and to. */
  private static int columnFrom(Window2D g, int ox) {
    return Math.max(ox * g.strideX() - g.padLeft(), 0);
  }

  private static int columnTo(Window2D g, int ox) {
    return Math.min(ox * g.strideX() - g.padLeft() + g.windowWidth(), g.width());
  }

  /** {@code size} values drawn from {@code values}. */
  private static float[] randomValues(SplittableRandom rng, int size, float[] values) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = values[rng.nextInt(values.length)];
    }
    return x;
  }

  @Test
  void maxPoolingMatchesAWindowByWindowLoopOverManyGeometries() {
    // Rows of whole windows go to Kernels.maxWindows, windows cut by the padding to the
    // per-pixel loop: both must give a plain loop's bits, with ties of +0 and -0 and NaNs.
    SplittableRandom rng = new SplittableRandom(11);
    int[] channelCounts = {1, 3, 6, 15, 16, 17, 32, 33, 64};
    float[] values = {-1, 0f, -0f, 1, 2, Float.NaN};
    for (int t = 0; t < 400; t++) {
      Window2D g = randomPooling(rng, channelCounts, false);
      int c = g.channels();
      int oh = g.outHeight();
      int ow = g.outWidth();
      int n = 1 + rng.nextInt(2);
      float[] in = randomValues(rng, 3 + n * g.inputSize(), values);
      float[] out = new float[n * oh * ow * c];
      Pooling.max(g, in, 3, n, out);
      float[] expected = new float[out.length];
      int o = 0;
      for (int b = 0; b < n; b++) {
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++, o += c) {
            for (int ch = 0; ch < c; ch++) {
              float m = Float.NaN;
              boolean first = true;
              for (int y = rowFrom(g, oy); y < rowTo(g, oy); y++) {
                for (int x = columnFrom(g, ox); x < columnTo(g, ox); x++) {
                  float v = in[3 + b * g.inputSize() + (y * g.width() + x) * c + ch];
                  if (first || v > m) {
                    m = v;
                  }
                  first = false;
                }
              }
              expected[o + ch] = m;
            }
          }
        }
      }
      for (int i = 0; i < out.length; i++) {
        assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(out[i]),
            g + " value " + i);
      }
    }
  }

  @Test
  void maxPoolingBackwardMatchesThePerPixelLoopOverManyGeometries() {
    // Windows side by side (half the cases) are overwritten by Kernels.routeMaxWindows with the
    // pixels past the last window zeroed; overlapping windows and gaps add into a zeroed
    // gradient. Both must give the bits of the loop that routed each pixel on its own after a
    // fill, for the gradient and for the consumed output gradient: ties, -0 gradients (+0 + -0
    // is +0), NaNs (no pixel equals a NaN max, its gradient stays) and infinities included.
    // With relu, the bits of the loop followed by reluBackward over the input's pixels (the
    // output gradient: zeroed where the max is not above zero, then routed).
    SplittableRandom rng = new SplittableRandom(13);
    Kernels scalar = new ScalarKernels();
    int[] channelCounts = {1, 3, 6, 15, 16, 17, 32, 33, 64};
    float[] values = {-1, 0f, -0f, 1, 2, Float.NaN, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY};
    for (int t = 0; t < 1000; t++) {
      boolean sideBySide = rng.nextBoolean();
      Window2D g = randomPooling(rng, channelCounts, sideBySide);
      int c = g.channels();
      int oh = g.outHeight();
      int ow = g.outWidth();
      int n = 1 + rng.nextInt(2);
      float[] in = randomValues(rng, 3 + n * g.inputSize(), values);
      float[] out = new float[n * oh * ow * c];
      Pooling.max(g, in, 3, n, out);
      for (int i = 0; i < out.length; i++) {
        if (rng.nextInt(20) == 0) {
          out[i] = values[rng.nextInt(values.length)]; // a max no pixel of the window holds
        }
      }
      float[] outGradient = new float[out.length];
      for (int i = 0; i < outGradient.length; i++) {
        outGradient[i] = rng.nextBoolean() ? (float) rng.nextDouble(-3, 3)
            : values[rng.nextInt(values.length)];
      }
      float[] gradient = new float[n * g.inputSize() + 2];
      Arrays.fill(gradient, Float.NaN); // what a reused buffer may hold: all of it overwritten
      float[] expected = gradient.clone();
      float[] routedOutGradient = outGradient.clone();
      float[] expectedOutGradient = outGradient.clone();
      boolean relu = rng.nextBoolean();
      Pooling.maxBackward(g, in, 3, out, outGradient, n, gradient, relu);
      routeByLoop(scalar, g, n, in, out, routedOutGradient, expected);
      if (relu) {
        scalar.reluBackward(in, 3, expected, 0, n * g.inputSize());
        // The consumed output gradient: zeroed where the max is not above zero, then routed.
        scalar.reluBackward(out, 0, expectedOutGradient, 0, out.length);
        routeByLoop(scalar, g, n, in, out, expectedOutGradient, new float[expected.length]);
      } else {
        expectedOutGradient = routedOutGradient;
      }
      for (int i = 0; i < expected.length; i++) {
        // Where windows overlap, a value may sum two NaNs (one from +Inf + -Inf, x86's negative
        // NaN, and Float.NaN): Java leaves open which one the sum returns, and C2 swaps float
        // additions' operands, so the old loop itself gave either; any NaN passes there.
        if (!sideBySide && Float.isNaN(expected[i]) && Float.isNaN(gradient[i])) {
          continue;
        }
        assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(gradient[i]),
            g + ", " + n + " images" + (relu ? ", relu" : "") + ": gradient value " + i);
      }
      for (int i = 0; i < out.length; i++) {
        assertEquals(Float.floatToRawIntBits(expectedOutGradient[i]),
            Float.floatToRawIntBits(outGradient[i]), g + ", " + n + " images"
                + (relu ? ", relu" : "") + ": outGradient " + i);
      }
    }
  }

  /**
   * The loop {@code Pooling.maxBackward} ran before {@code routeMaxWindows}: a fill of {@code
   * gradient}'s images, then {@code routeMax} pixel by pixel, window after window.
   */
  private static void routeByLoop(Kernels scalar, Window2D g, int n, float[] in, float[] out,
      float[] outGradient, float[] gradient) {
    int c = g.channels();
    Arrays.fill(gradient, 0, n * g.inputSize(), 0f);
    int o = 0;
    for (int b = 0; b < n; b++) {
      for (int oy = 0; oy < g.outHeight(); oy++) {
        for (int ox = 0; ox < g.outWidth(); ox++, o += c) {
          for (int y = rowFrom(g, oy); y < rowTo(g, oy); y++) {
            for (int x = columnFrom(g, ox); x < columnTo(g, ox); x++) {
              int at = b * g.inputSize() + (y * g.width() + x) * c;
              scalar.routeMax(in, 3 + at, out, o, outGradient, o, gradient, at, c);
            }
          }
        }
      }
    }
  }

  @Test
  void maxPoolingOfManyChannelsOnTheKernelsMatchesEachChannelAlone() {
    // 17 channels take the kernels' path (a vector and a tail), one channel the inline loop:
    // both must pick the same values and route the gradient to the same first max, ties
    // included (values drawn from a few integers, so that windows tie often).
    int side = 5;
    int c = 17;
    Window2D many = new Window2D(side, side, c, 2, 2, 2, 2, 0, 0, 2, 2);
    Window2D one = new Window2D(side, side, 1, 2, 2, 2, 2, 0, 0, 2, 2);
    java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
    float[] in = new float[side * side * c];
    for (int i = 0; i < in.length; i++) {
      in[i] = rng.nextInt(3);
    }
    float[] out = new float[4 * c];
    Pooling.max(many, in, 0, 1, out);
    float[] outGradient = new float[4 * c];
    for (int i = 0; i < outGradient.length; i++) {
      outGradient[i] = 1 + i;
    }
    float[] gradient = new float[in.length];
    Pooling.maxBackward(many, in, 0, out, outGradient.clone(), 1, gradient);
    for (int ch = 0; ch < c; ch++) {
      float[] plane = new float[side * side];
      for (int i = 0; i < plane.length; i++) {
        plane[i] = in[i * c + ch];
      }
      float[] planeOut = new float[4];
      Pooling.max(one, plane, 0, 1, planeOut);
      float[] planeGradient = new float[plane.length];
      float[] planeOutGradient = new float[4];
      for (int o = 0; o < 4; o++) {
        assertEquals(planeOut[o], out[o * c + ch], "max, channel " + ch + ", output " + o);
        planeOutGradient[o] = outGradient[o * c + ch];
      }
      Pooling.maxBackward(one, plane, 0, planeOut, planeOutGradient, 1, planeGradient);
      for (int i = 0; i < plane.length; i++) {
        assertEquals(planeGradient[i], gradient[i * c + ch], "gradient, channel " + ch + ", " + i);
      }
    }
  }

  @Test
  void sameAveragePoolingCountsOnlyTheValuesInsideTheImage() {
    // 3×3 image, 2×2 window, stride 2, SAME: 2×2 outputs, the padding after (TensorFlow's).
    Window2D g = new Window2D(3, 3, 1, 2, 2, 2, 2, 0, 0, 2, 2);
    float[] out = new float[4];
    Pooling.average(g, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 0, 1, out);
    assertArrayEquals(new float[] {3, 4.5f, 7.5f, 9}, out);
    float[] gradient = new float[9];
    Pooling.averageBackward(g, new float[] {4, 2, 2, 1}, 1, gradient);
    assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, gradient);
  }

  /**
   * {@code convolve} gives im2col, then the product with the bias, then the ReLU, bit for bit
   * (on the kernels this JVM chose): 300 random geometries, with windows reaching past every
   * edge, strides that leave rows unread, one to five channels and filter counts around the
   * vector widths; two images at an offset, the output's surroundings untouched.
   */
  @Test
  void convolveEqualsIm2colThenTheProduct() {
    SplittableRandom rng = new SplittableRandom(31);
    Kernels scalar = new ScalarKernels();
    for (int trial = 0; trial < 300; trial++) {
      int h = 1 + rng.nextInt(9);
      int w = 1 + rng.nextInt(9);
      int c = 1 + rng.nextInt(5);
      int fh = 1 + rng.nextInt(Math.min(4, h + 1));
      int fw = 1 + rng.nextInt(Math.min(4, w + 1));
      int sy = 1 + rng.nextInt(3);
      int sx = 1 + rng.nextInt(3);
      int top = rng.nextInt(fh);
      int left = rng.nextInt(fw);
      int bottom = rng.nextInt(fh);
      int right = rng.nextInt(fw);
      if (h + top + bottom < fh || w + left + right < fw) {
        continue;
      }
      int oh = (h + top + bottom - fh) / sy + 1;
      int ow = (w + left + right - fw) / sx + 1;
      if ((oh - 1) * sy - top >= h || (ow - 1) * sx - left >= w) {
        continue; // the last window would read padding only: no layer has such a geometry
      }
      Window2D g = new Window2D(h, w, c, fh, fw, sy, sx, top, left, oh, ow);
      int filters = new int[] {1, 6, 15, 16, 17, 32, 33, 64}[rng.nextInt(8)];
      assertConvolveEqualsIm2colThenTheProduct(rng, scalar, g, filters, 2, 3, 1, 2, 5);
    }
  }

  /**
   * One-channel images with strides 1, which {@code convolve} may hand to {@link
   * Kernels#convolvePlane}, give im2col, then the product, then the ReLU, bit for bit: 200 random
   * geometries as wide as three vectors of outputs, windows of 1×1 to 7×7, VALID or padded on any
   * side, 1 to 40 filters (the scalar kernels and the vector ones below 16 filters take the
   * plane), three images at an offset, the output's surroundings untouched.
   */
  @Test
  void oneChannelConvolutionsEqualIm2colThenTheProduct() {
    SplittableRandom rng = new SplittableRandom(57);
    Kernels scalar = new ScalarKernels();
    int planes = 0;
    for (int trial = 0; trial < 200; trial++) {
      int h = 1 + rng.nextInt(12);
      int w = 1 + rng.nextInt(50);
      int fh = 1 + rng.nextInt(Math.min(7, h));
      int fw = 1 + rng.nextInt(Math.min(7, w));
      boolean same = rng.nextBoolean();
      int top = same ? (fh - 1) / 2 : 0;
      int left = same ? (fw - 1) / 2 : 0;
      int oh = same ? h : h - fh + 1;
      int ow = same ? w : w - fw + 1;
      Window2D g = new Window2D(h, w, 1, fh, fw, 1, 1, top, left, oh, ow);
      int filters = 1 + rng.nextInt(40);
      planes += Kernels.get().prefersPlane(ow, filters) ? 1 : 0;
      assertConvolveEqualsIm2colThenTheProduct(rng, scalar, g, filters, 3, 2, 3, 1, 4);
    }
    assertTrue(planes > 20, planes + " of 200 geometries took the plane");
  }

  /**
   * The thread's scratch keeps the last layout's tables and padded image's zero border for the
   * next call of the same layout, and an unpadded layout's rows over a batch: layouts taken in a
   * random order (padded on some side or not, of one and of several channels, some sharing a
   * padded width) and batches of fewer and more images still give im2col and the product, bit for
   * bit, and their weight gradients.
   */
  @Test
  void convolutionsOfLayoutsTakenInTurnKeepEachLayoutsTablesAndBorder() {
    SplittableRandom rng = new SplittableRandom(77);
    Kernels scalar = new ScalarKernels();
    Window2D[] layouts = {
      new Window2D(28, 28, 1, 5, 5, 1, 1, 2, 2, 28, 28),
      new Window2D(14, 14, 6, 5, 5, 1, 1, 0, 0, 10, 10),
      new Window2D(14, 14, 6, 3, 3, 1, 1, 1, 1, 14, 14),
      new Window2D(12, 16, 1, 5, 5, 1, 1, 2, 2, 12, 16),
      new Window2D(9, 7, 3, 3, 3, 2, 1, 1, 0, 5, 5),
      new Window2D(10, 9, 4, 3, 3, 1, 1, 0, 0, 8, 7),
    };
    int[] filters = {6, 16, 17, 6, 4, 8};
    for (int call = 0; call < 60; call++) {
      int i = rng.nextInt(layouts.length);
      assertConvolveEqualsIm2colThenTheProduct(rng, scalar, layouts[i], filters[i],
          1 + rng.nextInt(3), 1, 2, 1, 3);
    }
    // LeNet-5's conv2 over six images: one weight-gradient call of 600 rows, which the vector
    // kernels take with the filters broadcast.
    for (int f : new int[] {16, 8, 6}) {
      assertConvolveEqualsIm2colThenTheProduct(rng, scalar, layouts[1], f, 6, 1, 2, 1, 3);
    }
    // The batch's rows kept for the next call: fewer images of the same layout, then another
    // unpadded layout, then more images again.
    assertConvolveEqualsIm2colThenTheProduct(rng, scalar, layouts[1], 16, 2, 1, 2, 1, 3);
    assertConvolveEqualsIm2colThenTheProduct(rng, scalar, layouts[5], 8, 4, 1, 2, 1, 3);
    assertConvolveEqualsIm2colThenTheProduct(rng, scalar, layouts[1], 16, 7, 1, 2, 1, 3);
  }

  /**
   * {@link Convolutions#convolveMaxPool} against {@link Convolutions#convolve} then {@link
   * Pooling#max}, bit for bit: one-channel first layers pooled 2×2 at strides 2 (which the vector
   * kernels pool as they convolve: LeNet-5's first layer, an odd-sized output whose last row and
   * column are not pooled, several bands of rows), other layers pooled so, image by image through
   * a buffer (three channels, keras-convnet's 32 filters), and pairs it computes one after the
   * other (a 3×3 pooling); images with runs of zeros, so that ReLU's ties are pooled. The
   * same values stored as planes by {@link Convolutions#convolveMaxPoolPlanes}: each image's
   * channels-last values transposed; both again without a buffer of the convolution's outputs
   * where the pooling halves them (refused where it does not). A pooling that does not take the
   * convolution's outputs is refused.
   */
  @Test
  void convolutionsPooledAsTheyAreComputedEqualConvolveThenMax() {
    SplittableRandom rng = new SplittableRandom(2026_12_05L);
    Window2D[][] pairs = {
      {new Window2D(28, 28, 1, 5, 5, 1, 1, 2, 2, 28, 28),
          new Window2D(28, 28, 6, 2, 2, 2, 2, 0, 0, 14, 14)},
      {new Window2D(27, 29, 1, 3, 3, 1, 1, 0, 0, 25, 27),
          new Window2D(25, 27, 4, 2, 2, 2, 2, 0, 0, 12, 13)},
      {new Window2D(70, 40, 1, 3, 3, 1, 1, 1, 1, 70, 40),
          new Window2D(70, 40, 12, 2, 2, 2, 2, 0, 0, 35, 20)},
      {new Window2D(28, 28, 1, 3, 3, 1, 1, 0, 0, 26, 26),
          new Window2D(26, 26, 6, 3, 3, 2, 2, 0, 0, 12, 12)},
      {new Window2D(12, 12, 3, 3, 3, 1, 1, 0, 0, 10, 10),
          new Window2D(10, 10, 8, 2, 2, 2, 2, 0, 0, 5, 5)},
      {new Window2D(28, 28, 1, 3, 3, 1, 1, 0, 0, 26, 26),
          new Window2D(26, 26, 32, 2, 2, 2, 2, 0, 0, 13, 13)},
    };
    for (Window2D[] pair : pairs) {
      Window2D g = pair[0];
      Window2D pool = pair[1];
      int filters = pool.channels();
      int n = 3;
      float[] in = new float[1 + n * g.inputSize()];
      for (int i = 0; i < in.length; i++) {
        in[i] = i % 7 < 3 ? 0f : (float) rng.nextDouble(-1, 1);
      }
      float[] kernel = new float[2 + g.depth() * filters];
      for (int i = 0; i < kernel.length; i++) {
        kernel[i] = (float) rng.nextDouble(-1, 1);
      }
      float[] bias = new float[filters];
      for (int i = 0; i < bias.length; i++) {
        bias[i] = (float) rng.nextDouble(-0.1, 0.1);
      }
      for (boolean relu : new boolean[] {true, false}) {
        float[] conv = new float[3 + n * g.outputPixels() * filters];
        Convolutions.convolve(g, in, 1, n, kernel, 2, bias, 0, relu, filters, conv, 3);
        float[] expected = new float[n * pool.outputPixels() * filters + 2];
        Arrays.fill(expected, -7777.25f);
        Pooling.max(pool, conv, 3, n, expected);
        float[] actual = new float[expected.length];
        Arrays.fill(actual, -7777.25f);
        Convolutions.convolveMaxPool(g, pool, in, 1, n, kernel, 2, bias, 0, relu, filters,
            new float[conv.length], 3, actual);
        for (int i = 0; i < expected.length; i++) {
          assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
              g + " pooled by " + pool + ", relu " + relu + ": value " + i);
        }
        int size = pool.outputPixels() * filters;
        float[] planes = new float[expected.length];
        Arrays.fill(planes, -7777.25f);
        Convolutions.convolveMaxPoolPlanes(g, pool, in, 1, n, kernel, 2, bias, 0, relu, filters,
            new float[conv.length], 3, planes);
        for (int b = 0; b < n; b++) {
          for (int p = 0; p < pool.outputPixels(); p++) {
            for (int f = 0; f < filters; f++) {
              assertEquals(Float.floatToRawIntBits(expected[b * size + p * filters + f]),
                  Float.floatToRawIntBits(planes[b * size + f * pool.outputPixels() + p]),
                  g + " pooled by " + pool + " as planes, relu " + relu + ": image " + b
                      + " pixel " + p + " filter " + f);
            }
          }
        }
        assertEquals(-7777.25f, planes[n * size]);
        // No buffer of the convolution's outputs: the same values where the pooling halves them.
        boolean halving = pool.windowHeight() == 2 && pool.strideY() == 2;
        String context = g + " pooled by " + pool + " without conv, relu " + relu;
        if (halving) {
          float[] withoutConv = new float[expected.length];
          Arrays.fill(withoutConv, -7777.25f);
          Convolutions.convolveMaxPool(g, pool, in, 1, n, kernel, 2, bias, 0, relu, filters,
              null, 0, withoutConv);
          assertArrayEquals(expected, withoutConv, context);
          float[] planesWithoutConv = new float[expected.length];
          Arrays.fill(planesWithoutConv, -7777.25f);
          Convolutions.convolveMaxPoolPlanes(g, pool, in, 1, n, kernel, 2, bias, 0, relu,
              filters, null, 0, planesWithoutConv);
          assertArrayEquals(planes, planesWithoutConv, context + ", as planes");
        } else {
          IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
              () -> Convolutions.convolveMaxPool(g, pool, in, 1, n, kernel, 2, bias, 0, relu,
                  filters, null, 0, actual), context);
          assertTrue(e.getMessage().contains("may leave conv null"), e.getMessage());
        }
      }
    }
    Window2D g = pairs[0][0];
    IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
        () -> Convolutions.convolveMaxPool(g, pairs[1][1], new float[g.inputSize()], 0, 1,
            new float[25 * 4], 0, null, 0, true, 4, new float[g.outputPixels() * 4], 0,
            new float[12 * 13 * 4]));
    assertTrue(wrong.getMessage().contains("a pooling of 25×27×4 images after a convolution's"
        + " 28×28×4 outputs"), wrong.getMessage());
    // Arrays too short for the pooled path's images, scratch or outputs, and a negative offset.
    Window2D pool = pairs[0][1];
    float[] kernel = new float[25 * 6 + 6];
    float[] in = new float[2 * g.inputSize()];
    float[] conv = new float[2 * g.outputPixels() * 6];
    float[] out = new float[2 * pool.outputPixels() * 6];
    List<Executable> wrongSizes = List.of(
        () -> Convolutions.convolveMaxPool(g, pool, new float[in.length - 1], 0, 2, kernel, 0,
            kernel, 150, true, 6, conv, 0, out),
        () -> Convolutions.convolveMaxPool(g, pool, in, 0, 2, kernel, 0, kernel, 150, true, 6,
            new float[conv.length - 1], 0, out),
        () -> Convolutions.convolveMaxPool(g, pool, in, 0, 2, kernel, 0, kernel, 150, true, 6,
            conv, 0, new float[out.length - 1]),
        () -> Convolutions.convolveMaxPool(g, pool, in, -1, 2, kernel, 0, kernel, 150, true, 6,
            conv, 0, out),
        () -> Convolutions.convolveMaxPool(g, pool, in, 0, 2, new float[149], 0, null, 0, true, 6,
            conv, 0, out),
        // The same for the planes, on the pooled path and on the one that pools afterwards.
        () -> Convolutions.convolveMaxPoolPlanes(g, pool, new float[in.length - 1], 0, 2, kernel,
            0, kernel, 150, true, 6, conv, 0, out),
        () -> Convolutions.convolveMaxPoolPlanes(g, pool, in, 0, 2, kernel, 0, kernel, 150, true,
            6, new float[conv.length - 1], 0, out),
        () -> Convolutions.convolveMaxPoolPlanes(g, pool, in, 0, 2, kernel, 0, kernel, 150, true,
            6, conv, 0, new float[out.length - 1]),
        () -> Convolutions.convolveMaxPoolPlanes(g, pool, in, -1, 2, kernel, 0, kernel, 150,
            true, 6, conv, 0, out),
        () -> Convolutions.convolveMaxPoolPlanes(pairs[3][0], pairs[3][1],
            new float[2 * pairs[3][0].inputSize()], 0, 2, kernel, 0, kernel, 54, true, 6,
            new float[2 * pairs[3][0].outputPixels() * 6], 0,
            new float[2 * pairs[3][1].outputPixels() * 6 - 1]),
        () -> Convolutions.convolveMaxPoolPlanes(g, pairs[1][1], in, 0, 2, kernel, 0, kernel,
            150, true, 6, conv, 0, out));
    for (Executable call : wrongSizes) {
      assertThrows(IllegalArgumentException.class, call);
    }
  }

  /**
   * {@link Convolutions#convolvePlanes} of images stored as planes against {@link
   * Convolutions#convolve} of the same images channels-last, bit for bit: LeNet-5's conv2 (ten
   * outputs a row, one vector of filters: the vector kernels' tile for adjacent rows), other
   * widths, strides and filter counts, batches of one to five images (one product over a batch's
   * rows, whose table is kept for the layout); the output's surroundings untouched. A padded
   * window and arrays too short are refused.
   */
  @Test
  void convolutionsOverPlanesEqualThoseOverChannelsLastImages() {
    SplittableRandom rng = new SplittableRandom(2026_12_05_2L);
    Object[][] cases = {
      {new Window2D(14, 14, 6, 5, 5, 1, 1, 0, 0, 10, 10), 16},
      {new Window2D(14, 14, 6, 5, 5, 1, 1, 0, 0, 10, 10), 8},
      {new Window2D(12, 13, 4, 3, 3, 2, 2, 0, 0, 5, 6), 16},
      {new Window2D(13, 24, 3, 3, 4, 1, 1, 0, 0, 11, 21), 5},
      {new Window2D(22, 22, 2, 3, 3, 1, 1, 0, 0, 20, 20), 16},
    };
    // Batches of one to five images, so that the batch's row table is built, reused for fewer
    // images of the same layout, and rebuilt for more or for another layout.
    int[][] batches = {{3, 2}, {1, 4}, {5, 1}, {2, 5}, {4, 3}};
    for (int ci = 0; ci < cases.length; ci++) {
      Object[] c = cases[ci];
      Window2D g = (Window2D) c[0];
      int filters = (int) c[1];
      int n = 5;
      int pixels = g.height() * g.width();
      float[] channelsLast = new float[2 + n * g.inputSize()];
      float[] planes = new float[1 + n * g.inputSize()];
      for (int b = 0; b < n; b++) {
        for (int p = 0; p < pixels; p++) {
          for (int ch = 0; ch < g.channels(); ch++) {
            float v = p % 5 == 0 ? 0f : (float) rng.nextDouble(-1, 1);
            channelsLast[2 + b * g.inputSize() + p * g.channels() + ch] = v;
            planes[1 + b * g.inputSize() + ch * pixels + p] = v;
          }
        }
      }
      float[] kernel = new float[1 + g.depth() * filters];
      for (int i = 0; i < kernel.length; i++) {
        kernel[i] = (float) rng.nextDouble(-1, 1);
      }
      float[] bias = new float[filters + 1];
      for (int i = 0; i < bias.length; i++) {
        bias[i] = (float) rng.nextDouble(-0.1, 0.1);
      }
      for (boolean relu : new boolean[] {true, false}) {
        n = batches[ci][relu ? 0 : 1];
        int size = n * g.outputPixels() * filters;
        float[] expected = new float[size + 5];
        Arrays.fill(expected, -7777.25f);
        Convolutions.convolve(g, channelsLast, 2, n, kernel, 1, bias, 1, relu, filters, expected,
            2);
        float[] actual = new float[size + 5];
        Arrays.fill(actual, -7777.25f);
        Convolutions.convolvePlanes(g, planes, 1, n, kernel, 1, bias, 1, relu, filters, actual,
            2);
        for (int i = 0; i < expected.length; i++) {
          assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
              g + ", " + filters + " filters, " + n + " images, relu " + relu + ": value " + i);
        }
      }
    }
    Window2D padded = new Window2D(14, 14, 6, 5, 5, 1, 1, 2, 2, 14, 14);
    IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
        () -> Convolutions.convolvePlanes(padded, new float[padded.inputSize()], 0, 1,
            new float[padded.depth() * 16], 0, null, 0, true, 16,
            new float[padded.outputPixels() * 16], 0));
    assertTrue(wrong.getMessage().contains("padding 2, 2 over a 14×14 image stored as planes"),
        wrong.getMessage());
    Window2D g = (Window2D) cases[0][0];
    float[] in = new float[2 * g.inputSize()];
    float[] kernel = new float[g.depth() * 16];
    float[] out = new float[2 * g.outputPixels() * 16];
    List<Executable> wrongSizes = List.of(
        () -> Convolutions.convolvePlanes(g, new float[in.length - 1], 0, 2, kernel, 0, null, 0,
            true, 16, out, 0),
        () -> Convolutions.convolvePlanes(g, in, 0, 2, kernel, 0, null, 0, true, 16,
            new float[out.length - 1], 0),
        () -> Convolutions.convolvePlanes(g, in, -1, 2, kernel, 0, null, 0, true, 16, out, 0),
        () -> Convolutions.convolvePlanes(g, in, 0, 2, new float[kernel.length - 1], 0, null, 0,
            true, 16, out, 0),
        () -> Convolutions.convolvePlanes(g, in, 0, 2, kernel, 0, null, 0, true, 0, out, 0));
    for (Executable call : wrongSizes) {
      assertThrows(IllegalArgumentException.class, call);
    }
  }

  /**
   * {@link Convolutions#convolve} of {@code n} random images against {@link Convolutions#im2col}
   * then the scalar product (and ReLU), bit for bit, with the input, kernel, bias and output at
   * the given offsets; the output's surroundings untouched. ReLU and bias drawn from {@code rng}.
   * And {@link Convolutions#kernelGradient} of a random output gradient against the scalar
   * {@code patchesᵀ · gradient}, written at the kernel's offset and nowhere else.
   */
  private static void assertConvolveEqualsIm2colThenTheProduct(SplittableRandom rng,
      Kernels scalar, Window2D g, int filters, int n, int inAt, int kernelAt, int biasAt,
      int outAt) {
    float[] in = new float[inAt + n * g.inputSize()];
    for (int i = 0; i < in.length; i++) {
      in[i] = (float) rng.nextDouble(-1, 1);
    }
    float[] kernel = new float[kernelAt + g.depth() * filters];
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] = (float) rng.nextDouble(-1, 1);
    }
    float[] bias = new float[biasAt + filters];
    for (int i = 0; i < bias.length; i++) {
      bias[i] = (float) rng.nextDouble(-1, 1);
    }
    boolean relu = rng.nextBoolean();
    float[] withBias = rng.nextBoolean() ? bias : null;
    int size = n * g.outputPixels() * filters;
    float[] patches = new float[n * g.outputPixels() * g.depth()];
    Convolutions.im2col(g, in, inAt, n, patches);
    float[] expected = new float[outAt + size + 4];
    Arrays.fill(expected, -7777.25f);
    scalar.matmul(patches, 0, kernel, kernelAt, withBias, biasAt, expected, outAt,
        n * g.outputPixels(), g.depth(), filters);
    if (relu) {
      scalar.relu(expected, outAt, size);
    }
    float[] actual = new float[outAt + size + 4];
    Arrays.fill(actual, -7777.25f);
    Convolutions.convolve(g, in, inAt, n, kernel, kernelAt, withBias, biasAt, relu, filters,
        actual, outAt);
    assertArrayEquals(expected, actual, 0f, g + ", " + filters + " filters, relu " + relu
        + ", bias " + (withBias != null));

    // The weight gradient from the windows in place against patchesᵀ · gradient.
    float[] gradient = new float[size];
    for (int i = 0; i < size; i++) {
      gradient[i] = (float) rng.nextDouble(-1, 1);
    }
    float[] expectedKernel = new float[kernelAt + g.depth() * filters + 3];
    Arrays.fill(expectedKernel, -7777.25f);
    scalar.matmulTransA(patches, 0, gradient, 0, expectedKernel, kernelAt,
        n * g.outputPixels(), g.depth(), filters);
    float[] actualKernel = new float[expectedKernel.length];
    Arrays.fill(actualKernel, 1234.5f); // overwritten, not added to
    Arrays.fill(actualKernel, 0, kernelAt, -7777.25f);
    Arrays.fill(actualKernel, kernelAt + g.depth() * filters, actualKernel.length, -7777.25f);
    Convolutions.kernelGradient(g, in, inAt, n, gradient, filters, actualKernel, kernelAt);
    assertArrayEquals(expectedKernel, actualKernel, 0f, "kernel gradient, " + g + ", " + filters
        + " filters");
  }

  @Test
  void everyHelperRefusesArraysTooShortNamingTheSizes() {
    Window2D g = SAME;
    float[] shortIn = new float[g.inputSize() - 1];
    float[] patches = new float[g.outputPixels() * g.depth()];
    float[] in = new float[g.inputSize()];
    float[] out = new float[g.outputPixels() * g.channels()];
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Convolutions.im2col(g, shortIn, 0, 1, patches));
    assertTrue(e.getMessage().contains("in holds " + shortIn.length + " values"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Convolutions.col2im(g, new float[patches.length - 1], 1, in));
    float[] kernel = new float[g.depth() * 3];
    IllegalArgumentException shortOut = assertThrows(IllegalArgumentException.class,
        () -> Convolutions.convolve(g, in, 0, 1, kernel, 0, null, 0, true, 3,
            new float[g.outputPixels() * 3 - 1], 0));
    assertTrue(shortOut.getMessage().contains("out holds " + (g.outputPixels() * 3 - 1)),
        shortOut.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Convolutions.convolve(g, shortIn, 0, 1,
        kernel, 0, null, 0, true, 3, new float[g.outputPixels() * 3], 0));
    assertThrows(IllegalArgumentException.class, () -> Convolutions.convolve(g, in, 0, 1,
        new float[kernel.length - 1], 0, null, 0, true, 3, new float[g.outputPixels() * 3], 0));
    float[] outGradient = new float[g.outputPixels() * 3];
    IllegalArgumentException shortKernel = assertThrows(IllegalArgumentException.class,
        () -> Convolutions.kernelGradient(g, in, 0, 1, outGradient, 3, new float[kernel.length],
            1));
    assertTrue(shortKernel.getMessage().contains("kernelGradient holds " + kernel.length),
        shortKernel.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Convolutions.kernelGradient(g, in, 0, 1,
        new float[outGradient.length - 1], 3, kernel, 0));
    assertThrows(IllegalArgumentException.class, () -> Convolutions.kernelGradient(g, shortIn, 0,
        1, outGradient, 3, kernel, 0));
    assertThrows(IllegalArgumentException.class, () -> Convolutions.kernelGradient(g, in, 0, 1,
        outGradient, 0, kernel, 0));
    assertThrows(IllegalArgumentException.class,
        () -> Pooling.max(g, in, 0, 1, new float[out.length - 1]));
    assertThrows(IllegalArgumentException.class,
        () -> Pooling.maxBackward(g, in, 0, out, out.clone(), 1, shortIn));
    assertThrows(IllegalArgumentException.class,
        () -> Pooling.maxBackward(g, shortIn, 0, out, out.clone(), 1, in));
    assertThrows(IllegalArgumentException.class,
        () -> Pooling.average(g, in, 1, 1, out));
    assertThrows(IllegalArgumentException.class,
        () -> Pooling.averageBackward(g, new float[out.length - 1], 1, in));
    assertThrows(IllegalArgumentException.class,
        () -> Pooling.globalAverage(20, 2, in, 0, 1, new float[1]));
    assertThrows(IllegalArgumentException.class,
        () -> Pooling.globalAverageBackward(20, 2, new float[2], 2, in));
  }

  /**
   * A one-channel first layer trained on planes against the channels-last path it replaces, for
   * LeNet-5's first layer (SAME, 5×5, six filters), a VALID 3×3 one with an odd output (its last
   * row and column not pooled), one whose windows leave most of a wide image unread, without a
   * bias or the ReLU, in batches of one to five images
   * (which reuse the scratch's zeroed borders): the pooled values and the kept planes bit for bit;
   * the routed gradient (through the pooling and the ReLU) and the kernel's and bias's gradients
   * within rounding of {@code Pooling.maxBackward}, {@code kernelGradient} and the column sums,
   * which add the same products in another order.
   */
  @Test
  void firstLayersTrainOnPlanesAsOnChannelsLast() {
    SplittableRandom rng = new SplittableRandom(21);
    Window2D lenet = new Window2D(28, 28, 1, 5, 5, 1, 1, 2, 2, 28, 28);
    Window2D odd = new Window2D(13, 12, 1, 3, 3, 1, 1, 0, 0, 11, 10);
    // Windows over the first rows and columns only: the image's others are never read.
    Window2D part = new Window2D(20, 21, 1, 3, 3, 1, 1, 1, 0, 8, 6);
    Window2D lenetPool = new Window2D(28, 28, 6, 2, 2, 2, 2, 0, 0, 14, 14);
    Window2D oddPool = new Window2D(11, 10, 4, 2, 2, 2, 2, 0, 0, 5, 5);
    Window2D partPool = new Window2D(8, 6, 3, 2, 2, 2, 2, 0, 0, 4, 3);
    // First in a thread of its own, whose scratch is sized for it alone (no larger layout's
    // buffers to hide a write past it).
    AssertionError[] failure = new AssertionError[1];
    Thread fresh = new Thread(() -> {
      try {
        assertTrainsOnPlanesAsOnChannelsLast(part, partPool, true, true, 3,
            new SplittableRandom(20));
      } catch (AssertionError e) {
        failure[0] = e;
      }
    });
    fresh.setUncaughtExceptionHandler((t, e) -> failure[0] = new AssertionError(e));
    fresh.start();
    assertDoesNotThrow(() -> fresh.join());
    if (failure[0] != null) {
      throw failure[0];
    }
    for (int trial = 0; trial < 15; trial++) {
      Window2D g = trial % 3 == 0 ? lenet : trial % 3 == 1 ? odd : part;
      Window2D pool = trial % 3 == 0 ? lenetPool : trial % 3 == 1 ? oddPool : partPool;
      assertTrainsOnPlanesAsOnChannelsLast(g, pool, trial % 3 != 2, trial % 4 != 3,
          1 + trial % 5, rng);
    }
  }

  private static void assertTrainsOnPlanesAsOnChannelsLast(Window2D g, Window2D pool,
      boolean relu, boolean biased, int n, SplittableRandom rng) {
    {
      int filters = pool.channels();
      assertTrue(Convolutions.trainsOnPlanes(g, pool, filters));
      float[] in = new float[2 + n * g.inputSize()];
      for (int i = 0; i < in.length; i++) {
        in[i] = (float) rng.nextDouble(-1, 1);
      }
      int taps = g.windowHeight() * g.windowWidth();
      float[] params = new float[taps * filters + filters];
      for (int i = 0; i < params.length; i++) {
        params[i] = (float) rng.nextDouble(-0.5, 0.5);
      }
      float[] bias = biased ? params : null;
      int pixels = g.outputPixels() * filters;
      int pooled = pool.outputPixels() * filters;
      // Channels-last: convolve, pool.
      float[] conv = new float[n * pixels];
      Convolutions.convolve(g, in, 2, n, params, 0, bias, taps * filters, relu, filters, conv, 0);
      float[] out = new float[n * pooled];
      Pooling.max(pool, conv, 0, n, out);
      // On planes, and prediction's pass without a record.
      int[] record = new int[(int) (n * Convolutions.keptPerSample(pool))];
      float[] outPlanes = new float[n * pooled];
      Convolutions.convolveMaxPoolKeep(g, pool, in, 2, n, params, 0, bias, taps * filters, relu,
          filters, record, outPlanes);
      String context = g + ", " + n + " images, relu " + relu + ", bias " + biased;
      assertArrayEquals(out, outPlanes, context + ": pooled");
      float[] predicted = new float[n * pooled];
      Convolutions.convolveMaxPoolKeep(g, pool, in, 2, n, params, 0, bias, taps * filters, relu,
          filters, null, predicted);
      assertArrayEquals(out, predicted, context + ": pooled without a record");
      // Backward: channels-last routing, ReLU′, kernel gradient and column sums.
      float[] outGradient = new float[n * pooled];
      for (int i = 0; i < outGradient.length; i++) {
        outGradient[i] = (float) rng.nextDouble(-1, 1);
      }
      float[] routed = new float[n * pixels];
      Pooling.maxBackward(pool, conv, 0, out, outGradient.clone(), n, routed, relu);
      float[] expected = new float[params.length];
      Convolutions.kernelGradient(g, in, 2, n, routed, filters, expected, 0);
      Kernels.get().columnSums(routed, 0, n * g.outputPixels(), filters, expected,
          taps * filters);
      float[] actual = new float[params.length + 1];
      Arrays.fill(actual, 7f);
      float[] keptGradient = outGradient.clone();
      Convolutions.kernelGradientPooled(g, pool, in, 2, n, record, keptGradient, filters, actual,
          0, biased ? taps * filters : -1);
      assertArrayEquals(outGradient, keptGradient, context + ": the pooled gradient is read only");
      assertEquals(7f, actual[params.length], context + ": past the bias");
      // Each sum against its terms' magnitude: other orders of the same float products.
      double[] scale = new double[params.length];
      for (int b = 0; b < n; b++) {
        for (int oy = 0; oy < g.outHeight(); oy++) {
          for (int ox = 0; ox < g.outWidth(); ox++) {
            for (int f = 0; f < filters; f++) {
              double r = Math.abs(routed[((b * g.outHeight() + oy) * g.outWidth() + ox)
                  * filters + f]);
              scale[taps * filters + f] += r;
              for (int t = 0; t < taps; t++) {
                int y = oy + t / g.windowWidth() - g.padTop();
                int x = ox + t % g.windowWidth() - g.padLeft();
                if (y >= 0 && y < g.height() && x >= 0 && x < g.width()) {
                  scale[t * filters + f] += r * Math.abs(in[2 + (b * g.height() + y)
                      * g.width() + x]);
                }
              }
            }
          }
        }
      }
      for (int i = 0; i < params.length; i++) {
        float want = !biased && i >= taps * filters ? 7f : expected[i];
        assertEquals(want, actual[i], 1e-5 * scale[i] + 1e-30, context + ": gradient " + i);
      }
    }
  }

  /**
   * A layer pooled image by image with the argmax recorded ({@code convolveMaxPoolArgmax}, {@code
   * kernelGradientArgmax}) trains as the channels-last calls it stands in for, bit for bit:
   * {@code convolve} then {@code Pooling.max} for the pooled values (and prediction's pass, no
   * argmax, the same), then {@code Pooling.maxBackward} through the ReLU, {@code kernelGradient}
   * and the column sums over the batch. keras-convnet's first layer (one channel, 32 filters),
   * several channels, an odd output (its last row and column in no window) and SAME padding (the
   * windows read from a padded copy); with and without ReLU and bias; the layouts taken in turn
   * in one thread, whose scratch then holds a larger layout's buffers.
   */
  @Test
  void layersPooledByArgmaxTrainAsOnChannelsLast() {
    SplittableRandom rng = new SplittableRandom(29);
    Window2D keras = new Window2D(28, 28, 1, 3, 3, 1, 1, 0, 0, 26, 26);
    Window2D kerasPool = new Window2D(26, 26, 32, 2, 2, 2, 2, 0, 0, 13, 13);
    Window2D channels = new Window2D(9, 10, 3, 3, 3, 1, 1, 0, 0, 7, 8);
    Window2D channelsPool = new Window2D(7, 8, 17, 2, 2, 2, 2, 0, 0, 3, 4);
    Window2D same = new Window2D(10, 9, 2, 5, 5, 1, 1, 2, 2, 10, 9);
    Window2D samePool = new Window2D(10, 9, 5, 2, 2, 2, 2, 0, 0, 5, 4);
    for (int trial = 0; trial < 12; trial++) {
      Window2D g = trial % 3 == 0 ? keras : trial % 3 == 1 ? channels : same;
      Window2D pool = trial % 3 == 0 ? kerasPool : trial % 3 == 1 ? channelsPool : samePool;
      assertPooledByArgmaxAsOnChannelsLast(g, pool, trial % 4 != 3, trial % 5 != 4,
          1 + trial % 4, rng);
    }
  }

  private static void assertPooledByArgmaxAsOnChannelsLast(Window2D g, Window2D pool,
      boolean relu, boolean biased, int n, SplittableRandom rng) {
    int filters = pool.channels();
    float[] in = new float[2 + n * g.inputSize()];
    for (int i = 0; i < in.length; i++) {
      // Some zeros and repeated values: ties in the windows, maxima not above zero.
      in[i] = rng.nextInt(4) == 0 ? 0f : (float) rng.nextDouble(-1, 1);
    }
    int taps = g.windowHeight() * g.windowWidth() * g.channels();
    float[] params = new float[taps * filters + filters];
    for (int i = 0; i < params.length; i++) {
      params[i] = rng.nextInt(5) == 0 ? 0f : (float) rng.nextDouble(-0.5, 0.5);
    }
    float[] bias = biased ? params : null;
    int pooled = pool.outputPixels() * filters;
    float[] conv = new float[n * g.outputPixels() * filters];
    Convolutions.convolve(g, in, 2, n, params, 0, bias, taps * filters, relu, filters, conv, 0);
    float[] out = new float[n * pooled];
    Pooling.max(pool, conv, 0, n, out);
    float[] argmaxOut = new float[n * pooled];
    int[] argmax = new int[n * pooled];
    Convolutions.convolveMaxPoolArgmax(g, pool, in, 2, n, params, 0, bias, taps * filters, relu,
        filters, argmaxOut, argmax);
    String context = g + ", " + n + " images, relu " + relu + ", bias " + biased;
    assertArrayEquals(out, argmaxOut, context + ": pooled");
    float[] predicted = new float[n * pooled];
    Convolutions.convolveMaxPoolArgmax(g, pool, in, 2, n, params, 0, bias, taps * filters, relu,
        filters, predicted, null);
    assertArrayEquals(out, predicted, context + ": pooled for prediction");
    float[] outGradient = new float[n * pooled];
    for (int i = 0; i < outGradient.length; i++) {
      outGradient[i] = (float) rng.nextDouble(-1, 1);
    }
    float[] routed = new float[n * g.outputPixels() * filters];
    Pooling.maxBackward(pool, conv, 0, out, outGradient.clone(), n, routed, relu);
    float[] expected = new float[params.length + 1];
    Arrays.fill(expected, 7f);
    Convolutions.kernelGradient(g, in, 2, n, routed, filters, expected, 0);
    if (biased) {
      Kernels.get().columnSums(routed, 0, n * g.outputPixels(), filters, expected,
          taps * filters);
    }
    float[] actual = new float[params.length + 1];
    Arrays.fill(actual, 7f);
    float[] readOnly = outGradient.clone();
    Convolutions.kernelGradientArgmax(g, pool, in, 2, n, argmax, readOnly, filters, actual, 0,
        biased ? taps * filters : -1);
    assertArrayEquals(outGradient, readOnly, context + ": the pooled gradient is read only");
    assertArrayEquals(expected, actual, context + ": kernel and bias gradients");
  }

  /**
   * A layer pooled by argmax whose input gradient a layer before needs scatters it by the record
   * ({@code inputGradientArgmax}): within rounding, the channels-last path's ({@code
   * Pooling.maxBackward} through the ReLU, the product with the kernel's transpose, {@code
   * col2im}), every other value of the destination overwritten; its kernel's and bias's
   * gradients from the record ({@code kernelGradientSparse}) {@code kernelGradientArgmax}'s
   * within rounding (and that one the channels-last path's bit for bit). LeNet-5's conv2 and a
   * layer whose pooling leaves its last row unread; one to eight images.
   */
  @Test
  void layersPooledByArgmaxScatterTheirInputGradient() {
    SplittableRandom rng = new SplittableRandom(31);
    Window2D lenet = new Window2D(14, 14, 6, 5, 5, 1, 1, 0, 0, 10, 10);
    Window2D lenetPool = new Window2D(10, 10, 16, 2, 2, 2, 2, 0, 0, 5, 5);
    Window2D odd = new Window2D(9, 8, 4, 3, 3, 1, 1, 0, 0, 7, 6);
    Window2D oddPool = new Window2D(7, 6, 5, 2, 2, 2, 2, 0, 0, 3, 3);
    for (int trial = 0; trial < 8; trial++) {
      boolean even = trial % 2 == 0;
      Window2D g = even ? lenet : odd;
      Window2D pool = even ? lenetPool : oddPool;
      int n = 1 + trial;
      boolean relu = trial % 3 != 2;
      assertPooledByArgmaxAsOnChannelsLast(g, pool, relu, trial % 4 != 3, n, rng);
      assertScatteredAsOnChannelsLast(g, pool, relu, n, rng);
    }
    Window2D strided = new Window2D(9, 8, 4, 3, 3, 2, 2, 0, 0, 4, 3);
    Window2D stridedPool = new Window2D(4, 3, 5, 2, 2, 2, 2, 0, 0, 2, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Convolutions.inputGradientArgmax(strided, stridedPool, 1, new int[10],
            new float[10], new float[180], 0, 5, new float[288]));
    assertTrue(e.getMessage().contains("strides 2×2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Convolutions.inputGradientArgmax(odd,
        oddPool, 2, new int[45], new float[90], new float[180], 0, 5, new float[288]));
    assertThrows(IllegalArgumentException.class, () -> Convolutions.kernelGradientSparse(strided,
        stridedPool, new float[288], 0, 1, new int[10], new float[10], 5, new float[185], 0,
        180));
  }

  private static void assertScatteredAsOnChannelsLast(Window2D g, Window2D pool, boolean relu,
      int n, SplittableRandom rng) {
    int filters = pool.channels();
    float[] in = new float[n * g.inputSize()];
    for (int i = 0; i < in.length; i++) {
      in[i] = rng.nextInt(4) == 0 ? 0f : (float) rng.nextDouble(-1, 1);
    }
    int depth = g.depth();
    float[] kernel = new float[3 + depth * filters];
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] = (float) rng.nextDouble(-0.5, 0.5);
    }
    int pooled = pool.outputPixels() * filters;
    float[] conv = new float[n * g.outputPixels() * filters];
    Convolutions.convolve(g, in, 0, n, kernel, 3, null, 0, relu, filters, conv, 0);
    float[] out = new float[n * pooled];
    int[] argmax = new int[n * pooled];
    Convolutions.convolveMaxPoolArgmax(g, pool, in, 0, n, kernel, 3, null, 0, relu, filters, out,
        argmax);
    float[] outGradient = new float[n * pooled];
    for (int i = 0; i < outGradient.length; i++) {
      outGradient[i] = (float) rng.nextDouble(-1, 1);
    }
    float[] routed = new float[conv.length];
    Pooling.maxBackward(pool, conv, 0, out, outGradient.clone(), n, routed, relu);
    float[] patches = new float[n * g.outputPixels() * depth];
    Kernels.get().matmulTransB(routed, 0, kernel, 3, patches, 0, n * g.outputPixels(), filters,
        depth, new float[depth * filters]);
    float[] expected = new float[n * g.inputSize()];
    Convolutions.col2im(g, patches, n, expected);
    float[] actual = new float[n * g.inputSize() + 2];
    Arrays.fill(actual, 7f);
    float[] readOnly = outGradient.clone();
    Convolutions.inputGradientArgmax(g, pool, n, argmax, readOnly, kernel, 3, filters, actual);
    String context = g + ", " + n + " images, relu " + relu;
    assertArrayEquals(outGradient, readOnly, context + ": the pooled gradient is read only");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-5f * (1 + Math.abs(expected[i])),
          context + ": input gradient " + i);
    }
    assertEquals(7f, actual[expected.length], context + ": written past the images");
    float[] routedGradients = new float[depth * filters + filters + 1];
    Arrays.fill(routedGradients, 7f);
    Convolutions.kernelGradientArgmax(g, pool, in, 0, n, argmax, outGradient, filters,
        routedGradients, 0, depth * filters);
    float[] sparse = new float[routedGradients.length];
    Arrays.fill(sparse, 7f);
    Convolutions.kernelGradientSparse(g, pool, in, 0, n, argmax, outGradient, filters, sparse, 0,
        depth * filters);
    for (int i = 0; i < sparse.length; i++) {
      assertEquals(routedGradients[i], sparse[i], 1e-5f * (1 + Math.abs(routedGradients[i])),
          context + ": kernel or bias gradient " + i);
    }
  }

  /** Poolings other than 2×2 with strides 2 over the outputs, and short arrays, are refused. */
  @Test
  void poolingByArgmaxRefusesOtherPoolingsAndShortArrays() {
    Window2D g = new Window2D(8, 8, 1, 3, 3, 1, 1, 0, 0, 6, 6);
    Window2D pool = new Window2D(6, 6, 2, 2, 2, 2, 2, 0, 0, 3, 3);
    Window2D threeByThree = new Window2D(6, 6, 2, 3, 3, 3, 3, 0, 0, 2, 2);
    Window2D overlapping = new Window2D(6, 6, 2, 2, 2, 1, 1, 0, 0, 5, 5);
    float[] in = new float[64];
    float[] kernel = new float[18 + 2];
    float[] out = new float[18];
    int[] argmax = new int[18];
    Convolutions.convolveMaxPoolArgmax(g, pool, in, 0, 1, kernel, 0, kernel, 18, true, 2, out,
        argmax);
    Convolutions.kernelGradientArgmax(g, pool, in, 0, 1, argmax, out, 2, kernel, 0, 18);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Convolutions.convolveMaxPoolArgmax(g, threeByThree, in, 0, 1, kernel, 0, null, 0,
            true, 2, out, argmax));
    assertTrue(e.getMessage().contains("a 3×3 pooling with strides 3×3"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Convolutions.kernelGradientArgmax(g,
        overlapping, in, 0, 1, argmax, new float[50], 2, kernel, 0, 18));
    assertThrows(IllegalArgumentException.class, () -> Convolutions.convolveMaxPoolArgmax(g,
        pool, in, 0, 1, kernel, 0, kernel, 18, true, 3, out, argmax));
    e = assertThrows(IllegalArgumentException.class, () -> Convolutions.convolveMaxPoolArgmax(g,
        pool, in, 0, 1, kernel, 0, null, 0, true, 2, out, new int[17]));
    assertTrue(e.getMessage().contains("argmax holds 17 values"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Convolutions.convolveMaxPoolArgmax(g,
        pool, in, 1, 1, kernel, 0, null, 0, true, 2, out, argmax));
    assertThrows(IllegalArgumentException.class, () -> Convolutions.kernelGradientArgmax(g, pool,
        in, 0, 1, argmax, new float[17], 2, kernel, 0, 18));
    assertThrows(IllegalArgumentException.class, () -> Convolutions.kernelGradientArgmax(g, pool,
        in, 0, 1, argmax, out, 2, kernel, 3, 18));
    assertThrows(IllegalArgumentException.class, () -> Convolutions.kernelGradientArgmax(g, pool,
        in, 0, 1, argmax, out, 2, kernel, 0, 19));
    assertThrows(IllegalArgumentException.class, () -> Convolutions.kernelGradientArgmax(g, pool,
        in, 0, 2, argmax, out, 2, kernel, 0, 18));
    assertThrows(NullPointerException.class, () -> Convolutions.kernelGradientArgmax(g, pool,
        in, 0, 1, null, out, 2, kernel, 0, 18));
  }

  /**
   * Layers that do not train on planes are refused by both calls, naming the layers; wrong array
   * sizes are refused too.
   */
  @Test
  void trainingOnPlanesRefusesOtherLayersAndShortArrays() {
    Window2D g = new Window2D(8, 8, 1, 3, 3, 1, 1, 0, 0, 6, 6);
    Window2D pool = new Window2D(6, 6, 2, 2, 2, 2, 2, 0, 0, 3, 3);
    Window2D twoChannels = new Window2D(8, 8, 2, 3, 3, 1, 1, 0, 0, 6, 6);
    Window2D strided = new Window2D(8, 8, 1, 2, 2, 2, 2, 0, 0, 4, 4);
    Window2D threeByThree = new Window2D(6, 6, 2, 3, 3, 3, 3, 0, 0, 2, 2);
    float[] in = new float[64];
    float[] kernel = new float[18 + 2];
    int[] record = new int[36]; // 3×3 windows of 2 filters, twice
    float[] out = new float[18];
    assertTrue(Convolutions.trainsOnPlanes(g, pool, 2));
    assertTrue(!Convolutions.trainsOnPlanes(twoChannels, pool, 2)
        && !Convolutions.trainsOnPlanes(strided, new Window2D(4, 4, 2, 2, 2, 2, 2, 0, 0, 2, 2), 2)
        && !Convolutions.trainsOnPlanes(g, threeByThree, 2)
        && !Convolutions.trainsOnPlanes(g, pool, 3));
    assertEquals(36, Convolutions.keptPerSample(pool));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Convolutions.convolveMaxPoolKeep(g, threeByThree, in, 0, 1, kernel, 0, null, 0,
            true, 2, record, out));
    assertTrue(e.getMessage().contains("a 3×3 pooling with strides 3×3"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Convolutions.kernelGradientPooled(
        twoChannels, pool, new float[128], 0, 1, record, out, 2, kernel, 0, 18));
    Convolutions.convolveMaxPoolKeep(g, pool, in, 0, 1, kernel, 0, kernel, 18, true, 2, record,
        out);
    Convolutions.kernelGradientPooled(g, pool, in, 0, 1, record, out, 2, kernel, 0, 18);
    IllegalArgumentException shortRecord = assertThrows(IllegalArgumentException.class,
        () -> Convolutions.convolveMaxPoolKeep(g, pool, in, 0, 1, kernel, 0, null, 0, true, 2,
            new int[35], out));
    assertTrue(shortRecord.getMessage().contains("argmax"), shortRecord.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Convolutions.convolveMaxPoolKeep(g, pool,
        in, 1, 1, kernel, 0, null, 0, true, 2, record, out));
    assertThrows(IllegalArgumentException.class, () -> Convolutions.kernelGradientPooled(g, pool,
        in, 0, 1, new int[35], out, 2, kernel, 0, 18));
    assertThrows(NullPointerException.class, () -> Convolutions.kernelGradientPooled(g, pool,
        in, 0, 1, null, out, 2, kernel, 0, 18));
    assertThrows(IllegalArgumentException.class, () -> Convolutions.kernelGradientPooled(g, pool,
        in, 0, 1, record, new float[17], 2, kernel, 0, 18));
    assertThrows(IllegalArgumentException.class, () -> Convolutions.kernelGradientPooled(g, pool,
        in, 0, 1, record, out, 2, kernel, 3, 18));
    assertThrows(IllegalArgumentException.class, () -> Convolutions.kernelGradientPooled(g, pool,
        in, 0, 1, record, out, 2, kernel, 0, 19));
    assertThrows(IllegalArgumentException.class, () -> Convolutions.kernelGradientPooled(g, pool,
        in, 0, 2, record, out, 2, kernel, 0, 18));
  }
}
