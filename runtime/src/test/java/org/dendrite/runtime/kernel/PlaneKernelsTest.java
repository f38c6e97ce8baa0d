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

/**
 * A one-channel first layer trained on planes: the convolution kept as planes, its pooling's
 * gradient routed on planes, and its weight gradient as partial sums. The scalar kernels agree
 * with the channels-last kernels they replace (the same bits where the order of operations is
 * the same, a double-precision reference where it is not); the Vector API kernels agree with the
 * scalar ones bit for bit.
 */
class PlaneKernelsTest {
  private static final float[] TIES = {-2f, -1f, -0f, 0f, 1f, 2f};

  /** Values from a small set (ties in most windows), or spread, with a NaN now and then. */
  private static float[] values(SplittableRandom rng, int n, boolean ties, boolean nan) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = ties ? TIES[rng.nextInt(TIES.length)] : (float) rng.nextDouble(-2, 2);
      if (nan && rng.nextInt(50) == 0) {
        x[i] = Float.NaN;
      }
    }
    return x;
  }

  // ---- routeMaxPlanes2x2 ---------------------------------------------------------------------

  /**
   * The scalar routing on planes gives, pixel for pixel, what the channels-last kernels give for
   * the same values: {@code reluBackward} over the pooled maxima, then {@code routeMaxWindows}
   * (overwriting) with those maxima, which {@code maxWindows} found. Even and odd sizes (an odd
   * last row or column is left alone), ties, signed zeros and NaN; with and without the ReLU.
   */
  @Test
  void scalarRoutingOnPlanesIsTheChannelsLastRouting() {
    SplittableRandom rng = new SplittableRandom(11);
    for (int trial = 0; trial < 300; trial++) {
      int h = 2 + rng.nextInt(20);
      int w = 2 + rng.nextInt(36);
      int f = 1 + rng.nextInt(7);
      int pitch = w + rng.nextInt(3) * 7;
      boolean relu = rng.nextBoolean();
      float[] conv = values(rng, f * h * w, rng.nextBoolean(), rng.nextInt(4) == 0);
      int ph = h / 2;
      int pw = w / 2;
      float[] g = values(rng, f * ph * pw, false, false);
      float[] twice = new float[2 * g.length]; // each window's gradient for both its columns
      for (int i = 0; i < g.length; i++) {
        twice[2 * i] = g[i];
        twice[2 * i + 1] = g[i];
      }
      float[] planes = new float[f * h * pitch + 5];
      Arrays.fill(planes, SENTINEL);
      SCALAR.routeMaxPlanes2x2(conv, 0, h, w, twice, 0, relu, planes, 2, pitch, f);
      // The channels-last way: transposed values, pooled, then routed.
      float[] last = new float[h * w * f];
      SCALAR.transpose(conv, 0, f, h * w, last, 0);
      float[] max = new float[ph * pw * f];
      float[] gLast = new float[ph * pw * f];
      SCALAR.transpose(g, 0, f, ph * pw, gLast, 0);
      float[] routed = new float[h * w * f];
      Arrays.fill(routed, SENTINEL);
      for (int py = 0; py < ph; py++) {
        SCALAR.maxWindows(last, 2 * py * w * f, w * f, 2 * f, 2, 2, f, max, py * pw * f, pw);
      }
      if (relu) {
        SCALAR.reluBackward(max, 0, gLast, 0, max.length);
      }
      for (int py = 0; py < ph; py++) {
        SCALAR.routeMaxWindows(last, 2 * py * w * f, w * f, 2 * f, 2, 2, f, max, py * pw * f,
            gLast, py * pw * f, routed, 2 * py * w * f, pw, true);
      }
      String shape = h + "×" + w + "×" + f + " pitch " + pitch + " relu " + relu;
      for (int c = 0; c < f; c++) {
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < pitch; x++) {
            float got = planes[2 + (c * h + y) * pitch + x];
            float want = x < 2 * pw && y < 2 * ph ? routed[(y * w + x) * f + c] : SENTINEL;
            assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(got),
                shape + ": plane " + c + " (" + y + ", " + x + ")");
          }
        }
      }
      assertEquals(SENTINEL, planes[0]);
      assertEquals(SENTINEL, planes[planes.length - 1]);
    }
  }

  /**
   * The Vector API routing gives the scalar routing's bits: widths around the vector lengths
   * (rows of fewer windows than half a vector go to the scalar loop), values that start where the
   * array starts and end where it ends (a load one value before or after would pass it), ties,
   * NaN, signed zeros.
   */
  @Test
  @Tag(VectorSupport.TAG)
  void vectorRoutingOnPlanesHasTheScalarBits() {
    Kernels vector = VectorSupport.vectorKernels();
    SplittableRandom rng = new SplittableRandom(12);
    for (int trial = 0; trial < 400; trial++) {
      int h = 2 + rng.nextInt(14);
      int w = 2 + rng.nextInt(70);
      int f = 1 + rng.nextInt(7);
      int pitch = w + rng.nextInt(3) * 5;
      boolean relu = rng.nextBoolean();
      int convOff = rng.nextInt(3);
      float[] conv = values(rng, f * h * w + convOff + rng.nextInt(2), rng.nextBoolean(),
          rng.nextInt(3) == 0);
      // Each column its own gradient: the kernels must read the same one for each pixel.
      float[] g = values(rng, 2 * f * (h / 2) * (w / 2) + 1, rng.nextInt(5) == 0, false);
      float[] expected = new float[f * h * pitch + 4];
      Arrays.fill(expected, SENTINEL);
      float[] actual = expected.clone();
      SCALAR.routeMaxPlanes2x2(conv, convOff, h, w, g, 1, relu, expected, 4, pitch, f);
      vector.routeMaxPlanes2x2(conv, convOff, h, w, g, 1, relu, actual, 4, pitch, f);
      assertBitsEqual(expected, actual, h + "×" + w + "×" + f + " pitch " + pitch);
    }
  }

  // ---- planeKernelGradient -------------------------------------------------------------------

  /**
   * The scalar partial sums: each is its chain of fused multiply-adds (compared with one written
   * out here), and their totals are the weight and bias gradients within rounding of a
   * double-precision sum over the gradient's columns up to the image's width.
   */
  @Test
  void scalarPlaneGradientSumsEachColumnOfItsPartial() {
    SplittableRandom rng = new SplittableRandom(13);
    for (int trial = 0; trial < 60; trial++) {
      int h = 1 + rng.nextInt(12);
      int blocks = 1 + rng.nextInt(3);
      int pitch = 16 * blocks;
      int width = pitch - rng.nextInt(16);
      int f = 1 + rng.nextInt(5);
      int wh = 1 + rng.nextInt(5);
      int ww = 1 + rng.nextInt(5);
      float[] g = values(rng, f * h * pitch, false, false);
      for (int c = 0; c < f; c++) { // the columns past the outputs are zeros
        for (int y = 0; y < h; y++) {
          Arrays.fill(g, (c * h + y) * pitch + width, (c * h + y + 1) * pitch, 0f);
        }
      }
      float[] in = values(rng, (h + wh - 1) * pitch + ww - 1 + 2, false, false);
      int taps = wh * ww;
      float[] partials = values(rng, (taps + 1) * f * 16, false, false);
      float[] start = partials.clone();
      SCALAR.planeKernelGradient(g, 0, pitch, h, f, in, 2, wh, ww, partials);
      for (int c = 0; c < f; c++) {
        for (int t = 0; t <= taps; t++) {
          int ky = t / ww;
          int kx = t % ww;
          double sum = 0;
          double scale = 0;
          for (int l = 0; l < 16; l++) {
            int p = (t * f + c) * 16 + l;
            float chain = start[p];
            for (int y = 0; y < h; y++) {
              for (int x = l; x < pitch; x += 16) {
                float gv = g[(c * h + y) * pitch + x];
                float iv = t < taps ? in[2 + (y + ky) * pitch + x + kx] : 1f;
                chain = t < taps ? Math.fma(gv, iv, chain) : chain + gv;
                sum += (double) gv * iv;
                scale += Math.abs((double) gv * iv);
              }
            }
            assertEquals(Float.floatToIntBits(chain), Float.floatToIntBits(partials[p]),
                "partial " + l + " of tap " + t + ", plane " + c);
            sum += start[p];
            scale += Math.abs(start[p]);
          }
          float total = 0;
          for (int l = 0; l < 16; l++) {
            total += partials[(t * f + c) * 16 + l];
          }
          assertEquals(sum, total, 1e-5 * scale + 1e-30, "tap " + t + ", plane " + c);
        }
      }
    }
  }

  /** The Vector API partial sums are the scalar ones, bit for bit, at every window and size. */
  @Test
  @Tag(VectorSupport.TAG)
  void vectorPlaneGradientHasTheScalarBits() {
    Kernels vector = VectorSupport.vectorKernels();
    SplittableRandom rng = new SplittableRandom(14);
    for (int trial = 0; trial < 200; trial++) {
      int h = 1 + rng.nextInt(30);
      int pitch = 16 * (1 + rng.nextInt(3));
      int f = 1 + rng.nextInt(8);
      int wh = 1 + rng.nextInt(5);
      int ww = 1 + rng.nextInt(5);
      float[] g = values(rng, f * h * pitch + 3, rng.nextBoolean(), rng.nextInt(9) == 0);
      float[] in = values(rng, (h + wh - 1) * pitch + ww - 1 + 1, false, rng.nextInt(9) == 0);
      float[] expected = values(rng, (wh * ww + 1) * f * 16 + 2, false, false);
      float[] actual = expected.clone();
      SCALAR.planeKernelGradient(g, 3, pitch, h, f, in, 1, wh, ww, expected);
      vector.planeKernelGradient(g, 3, pitch, h, f, in, 1, wh, ww, actual);
      assertBitsEqual(expected, actual, h + " rows of " + pitch + ", " + f + " planes, " + wh
          + "×" + ww + " window");
    }
  }

  // ---- convolvePlaneKeepMaxPool2x2 -----------------------------------------------------------

  /**
   * The kept planes are {@code convolvePlane}'s values transposed, and the pooled values {@code
   * convolvePlaneMaxPool2x2}'s, bit for bit, on both kernels: widths below, at and past a vector,
   * with and without a bias and the ReLU.
   */
  @Test
  void keptPlanesAreThePlaneConvolutionsValues() {
    SplittableRandom rng = new SplittableRandom(15);
    Kernels[] all = {SCALAR, Kernels.get()};
    for (int trial = 0; trial < 80; trial++) {
      int oh = 2 + rng.nextInt(20);
      int ow = 2 + rng.nextInt(40);
      int fh = 1 + rng.nextInt(5);
      int fw = 1 + rng.nextInt(5);
      int f = 1 + rng.nextInt(9);
      int pitch = ow + fw - 1 + rng.nextInt(3);
      boolean relu = rng.nextBoolean();
      float[] in = values(rng, (oh + fh - 1) * pitch + 2, false, false);
      float[] kernel = values(rng, fh * fw * f, false, false);
      float[] bias = rng.nextBoolean() ? values(rng, f, false, false) : null;
      float[] last = new float[oh * ow * f];
      SCALAR.convolvePlane(in, 2, pitch, oh, ow, fh, fw, kernel, 0, bias, 0, relu, last, 0, f);
      float[] planes = new float[oh * ow * f + 3];
      Arrays.fill(planes, SENTINEL);
      SCALAR.transpose(last, 0, oh * ow, f, planes, 1);
      float[] pooled = new float[(oh / 2) * (ow / 2) * f];
      SCALAR.convolvePlaneMaxPool2x2(in, 2, pitch, oh, ow, fh, fw, kernel, 0, bias, 0, relu,
          new float[oh * ow * f], 0, pooled, 0, f);
      for (Kernels k : all) {
        float[] kept = new float[planes.length];
        Arrays.fill(kept, SENTINEL);
        float[] gotPooled = new float[pooled.length];
        k.convolvePlaneKeepMaxPool2x2(in, 2, pitch, oh, ow, fh, fw, kernel, 0, bias, 0, relu,
            kept, 1, gotPooled, 0, f, new float[oh * ow * f]);
        String shape = k.description() + " " + oh + "×" + ow + " outputs, " + fh + "×" + fw
            + " window, " + f + " filters";
        assertBitsEqual(planes, kept, shape + ": planes");
        assertBitsEqual(pooled, gotPooled, shape + ": pooled");
      }
    }
  }

  // ---- refusals ------------------------------------------------------------------------------

  /** Each of the three refuses sizes that do not fit, naming them, before it writes anything. */
  @Test
  void planeTrainingKernelsRefuseWhatDoesNotFit() {
    for (Kernels k : new Kernels[] {SCALAR, Kernels.get()}) {
      // 4×6 values of 2 planes pooled: 2·3·2 windows, 24 gradients; rows 8 apart: 64 routed.
      float[] conv = new float[48];
      float[] dst = new float[64];
      Arrays.fill(dst, SENTINEL);
      IllegalArgumentException shortG = assertThrows(IllegalArgumentException.class,
          () -> k.routeMaxPlanes2x2(conv, 0, 4, 6, new float[23], 0, true, dst, 0, 8, 2));
      assertTrue(shortG.getMessage().contains("g 24 from 0, has 23"), shortG.getMessage());
      IllegalArgumentException narrow = assertThrows(IllegalArgumentException.class,
          () -> k.routeMaxPlanes2x2(conv, 0, 4, 6, new float[24], 0, true, dst, 0, 5, 2));
      assertTrue(narrow.getMessage().contains("rows of the gradient 5 apart"),
          narrow.getMessage());
      assertThrows(IllegalArgumentException.class,
          () -> k.routeMaxPlanes2x2(conv, 1, 4, 6, new float[24], 0, true, dst, 0, 8, 2));
      assertThrows(IllegalArgumentException.class,
          () -> k.routeMaxPlanes2x2(conv, 0, 4, 6, new float[24], 0, true, dst, 1, 8, 2));
      assertThrows(IllegalArgumentException.class,
          () -> k.routeMaxPlanes2x2(conv, 0, 1, 6, new float[24], 0, true, dst, 0, 8, 2));
      assertTrue(Arrays.stream(new float[][] {dst}).allMatch(a -> a[0] == SENTINEL));
      // 3 rows of 16 of 2 planes, a 2×3 window: 4 rows of the image read, and 2 values more.
      float[] g = new float[96];
      float[] partials = new float[7 * 2 * 16];
      float[] before = partials.clone();
      IllegalArgumentException pitch = assertThrows(IllegalArgumentException.class,
          () -> k.planeKernelGradient(g, 0, 12, 3, 2, new float[66], 0, 2, 3, partials));
      assertTrue(pitch.getMessage().contains("3 rows 12 apart (a multiple of 16)"),
          pitch.getMessage());
      IllegalArgumentException shortIn = assertThrows(IllegalArgumentException.class,
          () -> k.planeKernelGradient(g, 0, 16, 3, 2, new float[65], 0, 2, 3, partials));
      assertTrue(shortIn.getMessage().contains("in 66 from 0, has 65"), shortIn.getMessage());
      IllegalArgumentException gPast = assertThrows(IllegalArgumentException.class,
          () -> k.planeKernelGradient(g, 1, 16, 3, 2, new float[66], 0, 2, 3, partials));
      assertTrue(gPast.getMessage().contains("g needs 96 floats from 1, has 96"),
          gPast.getMessage());
      assertThrows(IllegalArgumentException.class, () -> k.planeKernelGradient(g, 0, 16, 3, 2,
          new float[66], 0, 2, 3, new float[7 * 2 * 16 - 1]));
      assertThrows(IllegalArgumentException.class, () -> k.planeKernelGradient(g, 0, 16, 0, 2,
          new float[66], 0, 2, 3, partials));
      assertArrayEquals(before, partials);
      k.planeKernelGradient(g, 0, 16, 3, 2, new float[66], 0, 2, 3, partials);
      // The kept convolution: its planes, pooled values and scratch are checked.
      float[] in = new float[42];
      float[] kernel = new float[18];
      IllegalArgumentException scratch = assertThrows(IllegalArgumentException.class,
          () -> k.convolvePlaneKeepMaxPool2x2(in, 0, 7, 4, 5, 3, 3, kernel, 0, null, 0, true,
              new float[40], 0, new float[8], 0, 2, new float[39]));
      assertTrue(scratch.getMessage().contains("40 of scratch, has 39"), scratch.getMessage());
      assertThrows(IllegalArgumentException.class,
          () -> k.convolvePlaneKeepMaxPool2x2(in, 0, 7, 4, 5, 3, 3, kernel, 0, null, 0, true,
              new float[39], 0, new float[8], 0, 2, new float[40]));
      assertThrows(IllegalArgumentException.class,
          () -> k.convolvePlaneKeepMaxPool2x2(in, 0, 7, 4, 5, 3, 3, kernel, 0, null, 0, true,
              new float[40], 0, new float[7], 0, 2, new float[40]));
      assertThrows(IllegalArgumentException.class,
          () -> k.convolvePlaneKeepMaxPool2x2(in, 0, 7, 4, 5, 3, 3, kernel, 0, null, 0, true,
              new float[40], 0, new float[8], 0, 2, null));
    }
  }
}
