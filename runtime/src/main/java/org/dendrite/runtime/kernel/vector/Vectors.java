package org.dendrite.runtime.kernel.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.dendrite.runtime.kernel.ScalarKernels;

/** What the vector kernels share: the species, and the scalar twin that finishes their tails. */
final class Vectors {
  private Vectors() {}

  /** The preferred species, capped by {@code -Ddendrite.vector.bits}. */
  static final VectorSpecies<Float> S = species();

  /** Lanes per vector. */
  static final int L = S.length();

  /** Integer lanes of the same shape, for bit operations on floats. */
  static final VectorSpecies<Integer> SI = VectorSpecies.of(int.class, S.vectorShape());

  /**
   * Zeros that accumulators are loaded from, written out in each tile as
   * {@code FloatVector.fromArray(S, ZEROS, 0)}. JDK 17's C2 needs both details to keep vectors
   * unboxed: with {@code FloatVector.zero(S)} as a loop's initial value it loses the vector's
   * exact class at the final store; and a helper method returning the zero is not inlined when
   * the tile runs few times with long loops, so the vector crosses a call and every step boxes.
   */
  static final float[] ZEROS = new float[L];

  /**
   * Two vectors of -0, the bias where there is none: -0 is the identity of addition (x + -0 = x,
   * even for x = -0), so a tile adds it like a bias and keeps one path.
   */
  static final float[] NEGATIVE_ZEROS = negativeZeros();

  private static float[] negativeZeros() {
    float[] z = new float[2 * L];
    java.util.Arrays.fill(z, -0f);
    return z;
  }

  /**
   * Pixel numbers 1, 2 and 3 of a 2×2 window as float bits, a vector each, blended by the max
   * pooling's compares into a record of where each max came from and read back as ints.
   */
  static final float[] PIXELS = pixelBits();

  private static float[] pixelBits() {
    float[] a = new float[3 * L];
    for (int k = 1; k <= 3; k++) {
      java.util.Arrays.fill(a, (k - 1) * L, k * L, Float.intBitsToFloat(k));
    }
    return a;
  }

  /**
   * The scalar kernels, which finish the elements past the last whole vector: the two paths then
   * share those loops, and compute every element in the same order of operations.
   */
  static final ScalarKernels SCALAR = new ScalarKernels();

  private static VectorSpecies<Float> species() {
    int bits = Integer.getInteger("dendrite.vector.bits", Integer.MAX_VALUE);
    VectorSpecies<Float> s = FloatVector.SPECIES_PREFERRED;
    while (s.vectorBitSize() > bits && s.vectorBitSize() > 128) {
      s = VectorSpecies.of(float.class, VectorShape.forBitSize(s.vectorBitSize() / 2));
    }
    return s;
  }
}
