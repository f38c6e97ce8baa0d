package org.dendrite.runtime.kernel;

import static org.dendrite.runtime.kernel.KernelsTest.SENTINEL;
import static org.dendrite.runtime.kernel.KernelsTest.assertBitsEqual;
import static org.dendrite.runtime.kernel.KernelsTest.assertUntouchedOutside;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.dendrite.runtime.support.Seeds;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link Kernels#dropoutMask} on both paths gives the masks {@code DropoutMasks.fill} drew before
 * the kernel existed ({@code Seeds.unitFloat(Seeds.mix(key, index)) >= rate}), bit for bit, for
 * rates from 0 to just below 1 and the edge cases, and for offsets and lengths off the vector
 * steps.
 */
class DropoutKernelsTest {
  static final Kernels SCALAR = new ScalarKernels();

  /** Rates at the edges of the 24-bit threshold, typical ones and random ones. */
  static float[] rates(SplittableRandom rng) {
    float belowOne = Math.nextDown(1f);
    float[] fixed = {0f, -0f, Float.MIN_VALUE, 0x1.0p-24f, Math.nextUp(0x1.0p-24f), 1e-6f, 0.1f,
        0.25f, 0.5f, Math.nextDown(0.5f), Math.nextUp(0.5f), 0.8f, 0.99f, belowOne,
        Math.nextDown(belowOne), 1f, 1.5f, Float.POSITIVE_INFINITY, -0.25f,
        Float.NEGATIVE_INFINITY, Float.NaN};
    float[] all = Arrays.copyOf(fixed, fixed.length + 20);
    for (int r = fixed.length; r < all.length; r++) {
      all[r] = rng.nextInt(4) == 0 ? rng.nextInt(1 << 24) * 0x1.0p-24f : (float) rng.nextDouble();
    }
    return all;
  }

  /** One mask as DropoutMasks drew it before the kernel: through Seeds. */
  static float[] reference(int off, int len, int pad, long key, long base, float rate,
      float keep) {
    float[] x = KernelsTest.embedded(new float[0], 0, off + len + pad, SENTINEL);
    for (int i = 0; i < len; i++) {
      x[off + i] = Seeds.unitFloat(Seeds.mix(key, base + i)) >= rate ? keep : 0f;
    }
    return x;
  }

  static float[] filled(Kernels k, int off, int len, int pad, long key, long base, float rate,
      float keep) {
    float[] x = KernelsTest.embedded(new float[0], 0, off + len + pad, SENTINEL);
    k.dropoutMask(x, off, len, key, base, rate, keep);
    return x;
  }

  /** Random keys and bases (large, negative, near overflow) and every length up to 70. */
  static List<long[]> cases(SplittableRandom rng) {
    List<long[]> cases = new ArrayList<>();
    long[] bases = {0, 1, 31, Integer.MAX_VALUE, Long.MAX_VALUE - 40, -5};
    for (int len = 0; len <= 70; len++) {
      long base = len < bases.length ? bases[len] : rng.nextLong(1L << 40);
      cases.add(new long[] {rng.nextLong(), base, len, rng.nextInt(19)});
    }
    for (int len : new int[] {127, 128, 129, 1000, 4099}) {
      cases.add(new long[] {rng.nextLong(), rng.nextLong(1L << 40), len, rng.nextInt(19)});
    }
    return cases;
  }

  @Test
  void scalarMasksEqualTheSeedsFormula() {
    assertPathMatchesReference(SCALAR, new SplittableRandom(71));
  }

  /** The chosen kernels (vector ones when the module is present) against the reference. */
  @Test
  void chosenMasksEqualTheSeedsFormula() {
    assertPathMatchesReference(Kernels.get(), new SplittableRandom(72));
  }

  @Test
  @Tag(VectorSupport.TAG)
  void vectorMasksAreBitIdenticalToScalar() {
    Kernels vector = VectorSupport.vectorKernels();
    SplittableRandom rng = new SplittableRandom(73);
    for (float rate : rates(rng)) {
      float keep = 1f / (1f - rate);
      for (long[] c : cases(rng)) {
        int off = (int) c[3];
        int len = (int) c[2];
        String context = vector.description() + ", rate " + rate + ", key " + c[0] + ", base "
            + c[1] + ", " + len + " values at " + off;
        float[] expected = filled(SCALAR, off, len, 5, c[0], c[1], rate, keep);
        assertBitsEqual(expected, filled(vector, off, len, 5, c[0], c[1], rate, keep), context);
      }
    }
  }

  private static void assertPathMatchesReference(Kernels k, SplittableRandom rng) {
    for (float rate : rates(rng)) {
      float keep = 1f / (1f - rate);
      for (long[] c : cases(rng)) {
        int off = (int) c[3];
        int len = (int) c[2];
        String context = k.description() + ", rate " + rate + ", key " + c[0] + ", base " + c[1]
            + ", " + len + " values at " + off;
        float[] x = filled(k, off, len, 5, c[0], c[1], rate, keep);
        assertBitsEqual(reference(off, len, 5, c[0], c[1], rate, keep), x, context);
        assertUntouchedOutside(x, off, off + len, context);
      }
    }
  }

  /** The edge rates keep all or nothing; 0.5 keeps about half (not a constant mask). */
  @Test
  void edgeRatesKeepAllOrNothing() {
    for (Kernels k : new Kernels[] {SCALAR, Kernels.get()}) {
      int n = 4096;
      for (float rate : new float[] {0f, -0f, -1f, Float.NEGATIVE_INFINITY}) {
        float[] x = filled(k, 0, n, 0, 99, 5, rate, 3f);
        for (int i = 0; i < n; i++) {
          assertEquals(3f, x[i], k.description() + ", rate " + rate + " keeps " + i);
        }
      }
      for (float rate : new float[] {1f, 2f, Float.POSITIVE_INFINITY, Float.NaN}) {
        float[] x = filled(k, 0, n, 0, 99, 5, rate, 3f);
        for (int i = 0; i < n; i++) {
          assertEquals(0, Float.floatToRawIntBits(x[i]),
              k.description() + ", rate " + rate + " drops " + i + " as +0");
        }
      }
      float[] half = filled(k, 0, n, 0, 99, 5, 0.5f, 2f);
      int kept = 0;
      for (float v : half) {
        kept += v == 2f ? 1 : 0;
      }
      // 2048 ± 32 (σ).
      assertTrue(Math.abs(kept - n / 2) <= 200, k.description() + ": rate 0.5 kept " + kept
          + " of " + n);
    }
  }

  @Test
  void rangesOutsideTheArrayAreRefusedWithTheSizes() {
    float[] x = new float[10];
    for (Kernels k : new Kernels[] {SCALAR, Kernels.get()}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> k.dropoutMask(x, 4, 7, 1, 0, 0.5f, 2f));
      assertEquals("a dropout mask of 7 values at 4 does not fit an array of 10", e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> k.dropoutMask(x, -1, 2, 1, 0, 0.5f, 2f));
      assertThrows(IllegalArgumentException.class, () -> k.dropoutMask(x, 0, -1, 1, 0, 0.5f, 2f));
      assertThrows(IllegalArgumentException.class,
          () -> k.dropoutMask(x, Integer.MAX_VALUE, 2, 1, 0, 0.5f, 2f));
    }
  }
}
