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
 * A one-channel first layer trained on planes: where each pooled max came from recorded as
 * planes, its pooling's gradient routed on planes by the record, and its weight gradient as
 * partial sums. The scalar kernels agree
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

  // ---- convolvePlaneMaxPool2x2Argmax and routeArgmaxPlanes2x2 -------------------------------

  /**
   * The record and the routing by it give, pixel for pixel, what the channels-last kernels give
   * for the same convolution: {@code maxWindows} over {@code convolvePlane}'s outputs (the pooled
   * values, bit for bit), {@code reluBackward} over those maxima with the ReLU, then {@code
   * routeMaxWindows} (overwriting). Small integer images and kernels make ties in most windows,
   * and zeros under the ReLU; a NaN pixel now and then. Even and odd sizes (an odd last row or
   * column is left alone), widths below, at and past a vector, with and without a bias and the
   * ReLU, on both kernels, whose records agree bit for bit.
   */
  @Test
  void routingByTheRecordIsTheChannelsLastRouting() {
    SplittableRandom rng = new SplittableRandom(11);
    for (int trial = 0; trial < 300; trial++) {
      int h = 2 + rng.nextInt(12);
      int w = 2 + rng.nextInt(40);
      int fh = 1 + rng.nextInt(3);
      int fw = 1 + rng.nextInt(3);
      int f = 1 + rng.nextInt(9);
      int inPitch = w + fw - 1 + rng.nextInt(3);
      int pitch = w + rng.nextInt(3) * 7;
      boolean relu = rng.nextBoolean();
      float[] in = values(rng, (h + fh - 1) * inPitch + 2, true, rng.nextInt(4) == 0);
      float[] kernel = new float[fh * fw * f];
      for (int i = 0; i < kernel.length; i++) {
        kernel[i] = rng.nextInt(3) - 1;
      }
      float[] bias = rng.nextBoolean() ? values(rng, f, true, false) : null;
      int ph = h / 2;
      int pw = w / 2;
      // The channels-last way: convolved, pooled, then routed.
      float[] last = new float[h * w * f];
      SCALAR.convolvePlane(in, 2, inPitch, h, w, fh, fw, kernel, 0, bias, 0, relu, last, 0, f);
      float[] max = new float[ph * pw * f];
      for (int py = 0; py < ph; py++) {
        SCALAR.maxWindows(last, 2 * py * w * f, w * f, 2 * f, 2, 2, f, max, py * pw * f, pw);
      }
      float[] gLast = values(rng, ph * pw * f, false, false);
      float[] twice = new float[2 * gLast.length + 1]; // planes, each for both of its columns
      for (int c = 0; c < f; c++) {
        for (int p = 0; p < ph * pw; p++) {
          twice[1 + 2 * (c * ph * pw + p)] = gLast[p * f + c];
          twice[2 + 2 * (c * ph * pw + p)] = gLast[p * f + c];
        }
      }
      if (relu) {
        SCALAR.reluBackward(max, 0, gLast, 0, max.length);
      }
      float[] routed = new float[h * w * f];
      Arrays.fill(routed, SENTINEL);
      for (int py = 0; py < ph; py++) {
        SCALAR.routeMaxWindows(last, 2 * py * w * f, w * f, 2 * f, 2, 2, f, max, py * pw * f,
            gLast, py * pw * f, routed, 2 * py * w * f, pw, true);
      }
      String shape = h + "×" + w + "×" + f + ", " + fh + "×" + fw + " window, pitch " + pitch
          + " relu " + relu;
      int[] scalarRecord = null;
      for (Kernels k : new Kernels[] {SCALAR, Kernels.get()}) {
        int[] record = new int[2 * max.length + 3];
        Arrays.fill(record, Integer.MIN_VALUE);
        float[] pooled = new float[max.length];
        k.convolvePlaneMaxPool2x2Argmax(in, 2, inPitch, h, w, fh, fw, kernel, 0, bias, 0, relu,
            record, 1, pooled, 0, f, new float[h * w * f]);
        String where = k.description() + " " + shape;
        assertBitsEqual(max, pooled, where + ": pooled");
        assertEquals(Integer.MIN_VALUE, record[0], where + ": before the record");
        assertEquals(Integer.MIN_VALUE, record[record.length - 2], where + ": after the record");
        for (int i = 1; i < 2 * max.length + 1; i += 2) {
          assertTrue(record[i] >= -1 && record[i] <= 3 && record[i + 1] == record[i],
              where + ": window " + (i - 1) / 2 + " records " + record[i] + ", " + record[i + 1]);
        }
        if (scalarRecord == null) {
          scalarRecord = record;
        } else {
          assertArrayEquals(scalarRecord, record, where + ": the scalar record");
        }
        float[] planes = new float[f * h * pitch + 5];
        Arrays.fill(planes, SENTINEL);
        k.routeArgmaxPlanes2x2(record, 1, h, w, twice, 1, planes, 2, pitch, f);
        for (int c = 0; c < f; c++) {
          for (int y = 0; y < h; y++) {
            for (int x = 0; x < pitch; x++) {
              float got = planes[2 + (c * h + y) * pitch + x];
              float want = x < 2 * pw && y < 2 * ph ? routed[(y * w + x) * f + c] : SENTINEL;
              assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(got),
                  where + ": plane " + c + " (" + y + ", " + x + ")");
            }
          }
        }
        assertEquals(SENTINEL, planes[0]);
        assertEquals(SENTINEL, planes[planes.length - 1]);
      }
    }
  }

  /**
   * The Vector API routing gives the scalar routing's bits for any record, values outside −1..3
   * among them (which route nothing, and never throw): widths around the vector lengths (rows of
   * fewer windows than half a vector go to the scalar loop), offsets, signed zero gradients.
   */
  @Test
  @Tag(VectorSupport.TAG)
  void vectorRoutingByTheRecordHasTheScalarBits() {
    Kernels vector = VectorSupport.vectorKernels();
    int[] odd = {-1, 0, 1, 2, 3, 4, 5, -2, Integer.MIN_VALUE, Integer.MAX_VALUE};
    SplittableRandom rng = new SplittableRandom(12);
    for (int trial = 0; trial < 400; trial++) {
      int h = 2 + rng.nextInt(14);
      int w = 2 + rng.nextInt(70);
      int f = 1 + rng.nextInt(7);
      int pitch = w + rng.nextInt(3) * 5;
      int windows = 2 * f * (h / 2) * (w / 2);
      int off = rng.nextInt(3);
      int[] record = new int[windows + off + rng.nextInt(2)];
      for (int i = 0; i < record.length; i++) {
        record[i] = rng.nextInt(8) == 0 ? odd[rng.nextInt(odd.length)] : rng.nextInt(5) - 1;
      }
      float[] g = values(rng, windows + 1, rng.nextInt(5) == 0, false);
      float[] expected = new float[f * h * pitch + 4];
      Arrays.fill(expected, SENTINEL);
      float[] actual = expected.clone();
      SCALAR.routeArgmaxPlanes2x2(record, off, h, w, g, 1, expected, 4, pitch, f);
      vector.routeArgmaxPlanes2x2(record, off, h, w, g, 1, actual, 4, pitch, f);
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

  // ---- refusals ------------------------------------------------------------------------------

  /** Each of the three refuses sizes that do not fit, naming them, before it writes anything. */
  @Test
  void planeTrainingKernelsRefuseWhatDoesNotFit() {
    for (Kernels k : new Kernels[] {SCALAR, Kernels.get()}) {
      // 4×6 values of 2 planes pooled: 2·3·2 windows, 24 records; rows 8 apart: 64 routed.
      int[] record = new int[24];
      float[] dst = new float[64];
      Arrays.fill(dst, SENTINEL);
      IllegalArgumentException shortG = assertThrows(IllegalArgumentException.class,
          () -> k.routeArgmaxPlanes2x2(record, 0, 4, 6, new float[23], 0, dst, 0, 8, 2));
      assertTrue(shortG.getMessage().contains("g 24 floats from 0, has 23"), shortG.getMessage());
      IllegalArgumentException narrow = assertThrows(IllegalArgumentException.class,
          () -> k.routeArgmaxPlanes2x2(record, 0, 4, 6, new float[24], 0, dst, 0, 5, 2));
      assertTrue(narrow.getMessage().contains("rows of the gradient 5 apart"),
          narrow.getMessage());
      IllegalArgumentException shortRecord = assertThrows(IllegalArgumentException.class,
          () -> k.routeArgmaxPlanes2x2(record, 1, 4, 6, new float[24], 0, dst, 0, 8, 2));
      assertTrue(shortRecord.getMessage().contains("argmax needs 24 ints from 1, has 24"),
          shortRecord.getMessage());
      assertThrows(IllegalArgumentException.class,
          () -> k.routeArgmaxPlanes2x2(record, 0, 4, 6, new float[24], 0, dst, 1, 8, 2));
      assertThrows(IllegalArgumentException.class,
          () -> k.routeArgmaxPlanes2x2(record, 0, 1, 6, new float[24], 0, dst, 0, 8, 2));
      assertThrows(IllegalArgumentException.class,
          () -> k.routeArgmaxPlanes2x2(record, -1, 4, 6, new float[24], 0, dst, 0, 8, 2));
      assertTrue(dst[0] == SENTINEL && dst[63] == SENTINEL);
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
      // The recorded convolution: its record, pooled values and scratch are checked.
      float[] in = new float[42];
      float[] kernel = new float[18];
      IllegalArgumentException scratch = assertThrows(IllegalArgumentException.class,
          () -> k.convolvePlaneMaxPool2x2Argmax(in, 0, 7, 4, 5, 3, 3, kernel, 0, null, 0, true,
              new int[16], 0, new float[8], 0, 2, new float[39]));
      assertTrue(scratch.getMessage().contains("40 of scratch, has 39"), scratch.getMessage());
      IllegalArgumentException shortArgmax = assertThrows(IllegalArgumentException.class,
          () -> k.convolvePlaneMaxPool2x2Argmax(in, 0, 7, 4, 5, 3, 3, kernel, 0, null, 0, true,
              new int[15], 0, new float[8], 0, 2, new float[40]));
      assertTrue(shortArgmax.getMessage().contains("argmax from 0: needs 16 ints, has 15"),
          shortArgmax.getMessage());
      assertThrows(IllegalArgumentException.class,
          () -> k.convolvePlaneMaxPool2x2Argmax(in, 0, 7, 4, 5, 3, 3, kernel, 0, null, 0, true,
              new int[16], 0, new float[7], 0, 2, new float[40]));
      assertThrows(IllegalArgumentException.class,
          () -> k.convolvePlaneMaxPool2x2Argmax(in, 0, 7, 4, 5, 3, 3, kernel, 0, null, 0, true,
              new int[16], 0, new float[8], 0, 2, null));
      assertThrows(IllegalArgumentException.class,
          () -> k.convolvePlaneMaxPool2x2Argmax(in, 1, 7, 4, 5, 3, 3, kernel, 0, null, 0, true,
              new int[16], 0, new float[8], 0, 2, new float[40]));
    }
  }
}
