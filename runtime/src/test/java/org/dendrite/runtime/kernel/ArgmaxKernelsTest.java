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
 * A max pooling that records where each max came from ({@code maxWindows2x2Argmax}), the
 * routing of its gradient by that record ({@code routeArgmax2x2}), and the column sums that
 * continue their chains ({@code addColumnSums}): the same bits as the kernels they stand in for
 * ({@code maxWindows}, {@code reluBackward} then {@code routeMaxWindows}, {@code columnSums}),
 * the Vector API kernels the scalar ones' bit for bit.
 */
class ArgmaxKernelsTest {
  /** Ties in most windows, signed zeros, infinities, and a NaN now and then. */
  private static final float[] VALUES =
      {-2f, -1f, -0f, 0f, 1f, 2f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};

  private static float[] values(SplittableRandom rng, int n) {
    boolean ties = rng.nextBoolean();
    boolean nan = rng.nextInt(3) == 0;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = ties ? VALUES[rng.nextInt(VALUES.length)] : (float) rng.nextDouble(-2, 2);
      if (nan && rng.nextInt(30) == 0) {
        x[i] = Float.NaN;
      }
    }
    return x;
  }

  /** One random layout: rows of windows side by side, offsets, room around them. */
  private record Layout(int c, int count, int pitch, int inOff, int outOff, int dstOff,
      int span) {
    static Layout random(SplittableRandom rng) {
      int c = 1 + rng.nextInt(70); // fewer than a vector, whole vectors and a remainder
      int count = 1 + rng.nextInt(14);
      int pitch = 2 * c * count + rng.nextInt(3) * c + rng.nextInt(2);
      return new Layout(c, count, pitch, rng.nextInt(4), rng.nextInt(4), rng.nextInt(4),
          pitch + 2 * c * count);
    }

    @Override
    public String toString() {
      return count + " windows of " + c + " channels in rows of " + pitch;
    }
  }

  // ---- maxWindows2x2Argmax -------------------------------------------------------------------

  /**
   * The maxima are {@code maxWindows}' bit for bit, and each argmax the first pixel (row-major)
   * equal to its max, −1 where none is (a NaN) or, with the ReLU, where the max is not above zero.
   */
  @Test
  void scalarArgmaxPoolingIsMaxWindowsAndTheFirstEqualPixel() {
    assertArgmaxPooling(SCALAR, new SplittableRandom(41), 600);
  }

  @Test
  @Tag(VectorSupport.TAG)
  void vectorArgmaxPoolingIsMaxWindowsAndTheFirstEqualPixel() {
    // 4,000 calls: C2 compiles the kernel with its intrinsics, and the later calls check that.
    assertArgmaxPooling(VectorSupport.vectorKernels(), new SplittableRandom(43), 4000);
  }

  private static void assertArgmaxPooling(Kernels k, SplittableRandom rng, int cases) {
    for (int t = 0; t < cases; t++) {
      Layout l = Layout.random(rng);
      boolean relu = rng.nextBoolean();
      float[] in = values(rng, l.inOff + l.span + rng.nextInt(3));
      float[] expected = new float[l.outOff + l.count * l.c + 2];
      Arrays.fill(expected, SENTINEL);
      float[] out = expected.clone();
      SCALAR.maxWindows(in, l.inOff, l.pitch, 2 * l.c, 2, 2, l.c, expected, l.outOff, l.count);
      int[] argmax = new int[expected.length];
      Arrays.fill(argmax, 77);
      k.maxWindows2x2Argmax(in, l.inOff, l.pitch, l.c, out, l.outOff, argmax, l.outOff,
          l.count, relu);
      String context = "case " + t + ", " + l + (relu ? ", relu" : "") + ", " + k.description();
      assertBitsEqual(expected, out, context + ": maxima against maxWindows");
      for (int i = 0; i < argmax.length; i++) {
        int w = (i - l.outOff) / l.c;
        int ch = (i - l.outOff) % l.c;
        if (i < l.outOff || w >= l.count) {
          assertEquals(77, argmax[i], context + ": argmax written outside the windows at " + i);
          continue;
        }
        float max = expected[i];
        int first = -1;
        for (int p = 3; p >= 0; p--) {
          int at = l.inOff + 2 * w * l.c + (p / 2) * l.pitch + (p % 2) * l.c + ch;
          if (in[at] == max) {
            first = p;
          }
        }
        int want = relu && !(max > 0f) ? -1 : first;
        assertEquals(want, argmax[i], context + ": window " + w + ", channel " + ch + ", max "
            + max);
      }
    }
  }

  // ---- routeArgmax2x2 ------------------------------------------------------------------------

  /**
   * Routed by the recorded argmax, the gradient lands as the channels-last kernels route it: the
   * bits of {@code reluBackward} over the maxima (with the ReLU) then {@code routeMaxWindows}
   * overwriting, with {@code g} left as it was and nothing written outside the windows.
   */
  @Test
  void scalarRoutingByArgmaxIsTheChannelsLastRouting() {
    assertRoutingByArgmax(SCALAR, new SplittableRandom(47), 600);
  }

  @Test
  @Tag(VectorSupport.TAG)
  void vectorRoutingByArgmaxIsTheChannelsLastRouting() {
    assertRoutingByArgmax(VectorSupport.vectorKernels(), new SplittableRandom(53), 4000);
  }

  private static void assertRoutingByArgmax(Kernels k, SplittableRandom rng, int cases) {
    for (int t = 0; t < cases; t++) {
      Layout l = Layout.random(rng);
      boolean relu = rng.nextBoolean();
      float[] in = values(rng, l.span);
      int n = l.count * l.c;
      float[] max = new float[n];
      int[] argmax = new int[l.outOff + n];
      SCALAR.maxWindows2x2Argmax(in, 0, l.pitch, l.c, max, 0, argmax, l.outOff, l.count, relu);
      float[] g = values(rng, l.outOff + n + 1);
      float[] g0 = g.clone();
      float[] expected = new float[l.dstOff + l.span + 2];
      Arrays.fill(expected, SENTINEL);
      float[] dst = expected.clone();
      float[] consumed = Arrays.copyOfRange(g, l.outOff, l.outOff + n);
      if (relu) {
        SCALAR.reluBackward(max, 0, consumed, 0, n);
      }
      SCALAR.routeMaxWindows(in, 0, l.pitch, 2 * l.c, 2, 2, l.c, max, 0, consumed, 0, expected,
          l.dstOff, l.count, true);
      k.routeArgmax2x2(argmax, l.outOff, g, l.outOff, l.c, dst, l.dstOff, l.pitch, l.count);
      String context = "case " + t + ", " + l + (relu ? ", relu" : "") + ", " + k.description();
      assertBitsEqual(expected, dst, context + ": dst against routeMaxWindows");
      assertBitsEqual(g0, g, context + ": g was written");
    }
  }

  // ---- refusals ------------------------------------------------------------------------------

  /**
   * Two windows of three channels in rows of 12 fit arrays of 18 values exactly; one value short
   * anywhere, a negative offset or size, or a null array is refused naming the sizes, before
   * anything is written.
   */
  @Test
  void argmaxKernelsRefuseWrongSizesOnBothPaths() {
    assertRefusals(SCALAR);
  }

  @Test
  @Tag(VectorSupport.TAG)
  void vectorArgmaxKernelsRefuseWrongSizes() {
    assertRefusals(VectorSupport.vectorKernels());
  }

  private static void assertRefusals(Kernels k) {
    float[] in = new float[24];
    float[] out = new float[6];
    int[] argmax = new int[6];
    float[] g = new float[6];
    float[] dst = new float[24];
    k.maxWindows2x2Argmax(in, 0, 12, 3, out, 0, argmax, 0, 2, true);
    k.routeArgmax2x2(argmax, 0, g, 0, 3, dst, 0, 12, 2);
    Arrays.fill(out, SENTINEL);
    Arrays.fill(dst, SENTINEL);
    Arrays.fill(argmax, 9);
    float[] out0 = out.clone();
    float[] dst0 = dst.clone();
    String sizes = "2×2 windows of 3 channels in rows of 12";
    refused(() -> k.maxWindows2x2Argmax(new float[23], 0, 12, 3, out, 0, argmax, 0, 2, true),
        sizes, "in[0 .. 24) of 23");
    refused(() -> k.maxWindows2x2Argmax(in, 1, 12, 3, out, 0, argmax, 0, 2, false), sizes,
        "in[1 .. 25)");
    refused(() -> k.maxWindows2x2Argmax(in, 0, 12, 3, out, 1, argmax, 0, 2, true), sizes,
        "out from 1 of 6");
    refused(() -> k.maxWindows2x2Argmax(in, 0, 12, 3, out, 0, argmax, 1, 2, true), sizes,
        "argmax from 1 of 6");
    refused(() -> k.maxWindows2x2Argmax(in, 0, 12, 3, out, 0, argmax, -1, 2, true), sizes,
        "argmax from -1");
    refused(() -> k.maxWindows2x2Argmax(in, 0, 12, 0, out, 0, argmax, 0, 2, true), "", "0"
        + " channels");
    refused(() -> k.maxWindows2x2Argmax(in, 0, 12, 3, out, 0, argmax, 0, Integer.MAX_VALUE,
        true), "2147483647 2×2 windows", "");
    refused(() -> k.maxWindows2x2Argmax(in, 0, 12, 3, out, 0, null, 0, 2, true), "",
        "argmax is null");
    refused(() -> k.routeArgmax2x2(argmax, 0, g, 0, 3, new float[23], 0, 12, 2), sizes,
        "dst[0 .. 24) of 23");
    refused(() -> k.routeArgmax2x2(argmax, 1, g, 0, 3, dst, 0, 12, 2), sizes,
        "argmax from 1 of 6");
    refused(() -> k.routeArgmax2x2(argmax, 0, g, 1, 3, dst, 0, 12, 2), sizes, "g from 1 of 6");
    refused(() -> k.routeArgmax2x2(argmax, 0, g, 0, 3, dst, -1, 12, 2), sizes, "dst[-1");
    refused(() -> k.routeArgmax2x2(argmax, 0, g, 0, 3, dst, 0, -12, 2), "rows of -12", "");
    refused(() -> k.routeArgmax2x2(argmax, 0, null, 0, 3, dst, 0, 12, 2), "", "g is null");
    assertBitsEqual(out0, out, "a refused call wrote out");
    assertBitsEqual(dst0, dst, "a refused call wrote dst");
    assertArrayEquals(new int[] {9, 9, 9, 9, 9, 9}, argmax, "a refused call wrote argmax");
  }

  private static void refused(Executable call, String sizes, String detail) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(sizes) && e.getMessage().contains(detail),
        e.getMessage());
  }

  // ---- addColumnSums -------------------------------------------------------------------------

  /**
   * Rows summed part after part into a zeroed destination give {@code columnSums} over all of
   * them, bit for bit; from a stored value, each column continues its chain (the scalar loop's
   * additions, one row at a time). Column counts below, at and past whole vectors.
   */
  @Test
  void addColumnSumsContinuesEachColumnsChain() {
    assertContinuedSums(SCALAR, new SplittableRandom(59));
  }

  @Test
  @Tag(VectorSupport.TAG)
  void vectorAddColumnSumsContinuesEachColumnsChain() {
    assertContinuedSums(VectorSupport.vectorKernels(), new SplittableRandom(61));
  }

  private static void assertContinuedSums(Kernels k, SplittableRandom rng) {
    for (int t = 0; t < 400; t++) {
      int n = 1 + rng.nextInt(70);
      int m = rng.nextInt(60);
      int off = rng.nextInt(4);
      float[] a = new float[off + m * n + rng.nextInt(3)];
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) rng.nextDouble(-4, 4);
      }
      String context = "case " + t + ", " + m + "×" + n + ", " + k.description();
      float[] whole = new float[n + 4];
      Arrays.fill(whole, SENTINEL);
      float[] parts = whole.clone();
      SCALAR.columnSums(a, off, m, n, whole, 2);
      Arrays.fill(parts, 2, 2 + n, 0f);
      for (int r = 0; r < m; ) {
        int rows = Math.min(m - r, rng.nextInt(12));
        k.addColumnSums(a, off + r * n, rows, n, parts, 2);
        r += rows;
      }
      assertBitsEqual(whole, parts, context + ": parts against columnSums");
      float[] start = new float[n + 4];
      Arrays.fill(start, SENTINEL);
      for (int j = 2; j < 2 + n; j++) {
        start[j] = (float) rng.nextDouble(-100, 100);
      }
      float[] expected = start.clone();
      for (int r = 0; r < m; r++) {
        for (int j = 0; j < n; j++) {
          expected[2 + j] += a[off + r * n + j];
        }
      }
      float[] actual = start.clone();
      k.addColumnSums(a, off, m, n, actual, 2);
      assertBitsEqual(expected, actual, context + ": from stored values");
    }
  }

  @Test
  void addColumnSumsRefusesWrongSizes() {
    float[] a = new float[12];
    float[] dst = new float[4];
    SCALAR.addColumnSums(a, 0, 3, 4, dst, 0);
    refused(() -> SCALAR.addColumnSums(a, 1, 3, 4, dst, 0), "addColumnSums of 3×4",
        "needs values [1, 13)");
    refused(() -> SCALAR.addColumnSums(a, 0, 3, 4, dst, 1), "addColumnSums of 3×4",
        "needs values [1, 5)");
    refused(() -> SCALAR.addColumnSums(a, 0, -3, 4, dst, 0), "addColumnSums of -3×4",
        "negative size");
    refused(() -> SCALAR.addColumnSums(null, 0, 3, 4, dst, 0), "addColumnSums of 3×4",
        "is null");
    assertArrayEquals(new float[4], dst, "a refused call wrote dst");
  }
}
