package org.dendrite.runtime.kernel.vector;

import static org.dendrite.runtime.kernel.ScalarKernels.GOLDEN;
import static org.dendrite.runtime.kernel.ScalarKernels.MIX1;
import static org.dendrite.runtime.kernel.ScalarKernels.MIX2;
import static org.dendrite.runtime.kernel.vector.Vectors.S;
import static org.dendrite.runtime.kernel.vector.Vectors.SCALAR;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dropout masks, SplitMix64 in 64-bit lanes: {@code Kernels.dropoutMask}'s values bit for bit.
 * A vector of {@code n} long lanes makes {@code 2n} mask values, one vector of floats of the same
 * shape: lane {@code j} hashes the even index {@code 2j} and the odd one {@code 2j + 1}, and the
 * two results become the low and the high half of the lane, which is the floats' memory order.
 * That avoids a narrowing conversion from long to int lanes.
 */
final class VectorDropout {
  private VectorDropout() {}

  /** Long lanes of the float species' shape. */
  static final VectorSpecies<Long> SL = VectorSpecies.of(long.class, S.vectorShape());

  /** Mask values per step: two per long lane. */
  static final int STEP = 2 * SL.length();

  /**
   * {@code 2j · GOLDEN} in lane {@code j}: the even indices' offsets from the step's first
   * index, in SplitMix64's sequence (its state advances by GOLDEN per index). Loaded from an
   * array, which JDK 17's C2 keeps unboxed (see {@link Vectors#ZEROS}).
   */
  private static final long[] EVEN = lanes(0);

  /** {@code (2j + 1) · GOLDEN}: the odd indices'. */
  private static final long[] ODD = lanes(1);

  private static long[] lanes(int first) {
    long[] x = new long[SL.length()];
    for (int j = 0; j < x.length; j++) {
      x[j] = (2L * j + first) * GOLDEN;
    }
    return x;
  }

  static void fill(float[] mask, int off, int len, long key, long base, float rate,
      float keep, long threshold) {
    LongVector even = LongVector.fromArray(SL, EVEN, 0);
    LongVector odd = LongVector.fromArray(SL, ODD, 0);
    // The kept value's bits in the low and in the high half; a lane's comparison gives all ones
    // or zeros (the sign of threshold - 1 - k) to select them.
    long low = Float.floatToRawIntBits(keep) & 0xFFFF_FFFFL;
    LongVector keepLow = LongVector.broadcast(SL, low);
    LongVector keepHigh = LongVector.broadcast(SL, low << 32);
    LongVector below = LongVector.broadcast(SL, threshold - 1);
    // The SplitMix64 state of index base + i: key + (base + i + 1) · GOLDEN.
    long state = key + (base + 1) * GOLDEN;
    long advance = STEP * GOLDEN;
    int i = 0;
    for (int bound = len - len % STEP; i < bound; i += STEP) {
      LongVector z = LongVector.broadcast(SL, state);
      LongVector a = selected(z.add(even), below).and(keepLow);
      LongVector b = selected(z.add(odd), below).and(keepHigh);
      a.or(b).reinterpretAsFloats().intoArray(mask, off + i);
      state += advance;
    }
    SCALAR.dropoutMask(mask, off + i, len - i, key, base + i, rate, keep);
  }

  /**
   * All ones in the lanes whose SplitMix64 value has its top 24 bits at or above {@code below
   * + 1}, zeros elsewhere. The finaliser's last step, {@code z ^ (z >>> 31)}, leaves those bits
   * as they are and is skipped.
   */
  private static LongVector selected(LongVector z, LongVector below) {
    z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(MIX1);
    z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(MIX2);
    return below.sub(z.lanewise(VectorOperators.LSHR, 40)).lanewise(VectorOperators.ASHR, 63);
  }
}
