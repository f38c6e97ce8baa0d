package org.dendrite.runtime.kernel.vector;

import static org.dendrite.runtime.kernel.vector.Vectors.L;
import static org.dendrite.runtime.kernel.vector.Vectors.S;
import static org.dendrite.runtime.kernel.vector.Vectors.ZEROS;

import jdk.incubator.vector.FloatVector;

/**
 * The weight gradient {@code c[k][n] = Aᵀ · B} of a dense layer with fewer outputs than a vector
 * has lanes (keras-convnet's 1,600 → 10, LeNet-5's 84 → 10) and a batch's short reduction. A row
 * of {@code c} is one vector whose first {@code n} lanes are the outputs: {@code B}'s rows are
 * copied into a per-thread block one vector apart, and eight rows of {@code c} are a tile of eight
 * chains over the reduction, each step one load of {@code B} and eight broadcasts of {@code A}'s
 * values. The rows are stored whole, in ascending order, each store's lanes past its row
 * overwritten by the next row's store; the last rows, whose stores would run past {@code c}'s
 * values, go through a buffer (so the last row is never stored whole, as {@code n < L}). The
 * general tiles took 24.8 µs for keras-convnet's output layer and a chunk of nine images, copying
 * every row's partial vector out of a buffer; this takes 4.2 (Zen 5, JDK 17, alone).
 *
 * <p>Each value is one chain of fused multiply-adds over the {@code m} rows in ascending order
 * from zero: the general tiles' and {@code ScalarKernels}' chain, bit for bit.
 */
final class NarrowTransA {
  private NarrowTransA() {}

  /** Rows of the reduction above which the general tiles keep the product. */
  static final int MAX_REDUCTION = 256;

  /** Rows of {@code c} a tile computes. */
  private static final int ROWS = 8;

  /** Per thread: {@code B}'s rows a vector apart (grown to the reduction's), and one vector. */
  private static final ThreadLocal<float[][]> BUFFERS =
      ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[L]});

  /**
   * Whether {@link #product} takes {@code Aᵀ · B} for {@code A[m][k]} and {@code B[m][n]}: fewer
   * outputs than lanes and a batch's reduction. (A convolution's weight gradient reduces over
   * thousands of pixels, with few inputs a row; the tiles that read its windows in place keep it.)
   */
  static boolean takes(int m, int k, int n) {
    return n < L && m <= MAX_REDUCTION;
  }

  /**
   * {@code c[k][n] = Aᵀ · B} for {@code A(i, p) = a[aOff + i·lda + p]} and {@code B(i, j) =
   * b[bOff + i·ldb + j]}, {@code i < m}, sizes {@link #takes} accepts and the caller checked.
   */
  static void product(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c,
      int cOff, int m, int k, int n) {
    float[][] buffers = BUFFERS.get();
    float[] bp = buffers[0];
    if (bp.length < m * L) {
      bp = new float[m * L];
      buffers[0] = bp;
    }
    // Lanes n .. L of each row hold whatever they held: what they compute is never kept.
    for (int i = 0; i < m; i++) {
      System.arraycopy(b, bOff + i * ldb, bp, i * L, n);
    }
    // Rows p < whole store a whole vector within c's k·n values.
    int whole = k * n < L ? 0 : Math.min(k, (k * n - L) / n + 1);
    int p = 0;
    for (; p + ROWS <= whole; p += ROWS) {
      tile8(a, aOff + p, lda, bp, c, cOff + p * n, n, m);
    }
    float[] lanes = buffers[1];
    for (; p < k; p++) {
      FloatVector acc = FloatVector.fromArray(S, ZEROS, 0);
      for (int i = 0, ai = aOff + p, bi = 0; i < m; i++, ai += lda, bi += L) {
        acc = FloatVector.broadcast(S, a[ai]).fma(FloatVector.fromArray(S, bp, bi), acc);
      }
      if (p < whole) {
        acc.intoArray(c, cOff + p * n);
      } else {
        acc.intoArray(lanes, 0);
        System.arraycopy(lanes, 0, c, cOff + p * n, n);
      }
    }
  }

  /** Rows {@code p .. p + 8} of {@code c} from {@code a0 = aOff + p}, stored whole in order. */
  private static void tile8(float[] a, int a0, int lda, float[] bp, float[] c, int c0, int n,
      int m) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector v0 = zero, v1 = zero, v2 = zero, v3 = zero;
    FloatVector v4 = zero, v5 = zero, v6 = zero, v7 = zero;
    for (int i = 0, ai = a0, bi = 0; i < m; i++, ai += lda, bi += L) {
      FloatVector y = FloatVector.fromArray(S, bp, bi);
      v0 = FloatVector.broadcast(S, a[ai]).fma(y, v0);
      v1 = FloatVector.broadcast(S, a[ai + 1]).fma(y, v1);
      v2 = FloatVector.broadcast(S, a[ai + 2]).fma(y, v2);
      v3 = FloatVector.broadcast(S, a[ai + 3]).fma(y, v3);
      v4 = FloatVector.broadcast(S, a[ai + 4]).fma(y, v4);
      v5 = FloatVector.broadcast(S, a[ai + 5]).fma(y, v5);
      v6 = FloatVector.broadcast(S, a[ai + 6]).fma(y, v6);
      v7 = FloatVector.broadcast(S, a[ai + 7]).fma(y, v7);
    }
    v0.intoArray(c, c0);
    v1.intoArray(c, c0 + n);
    v2.intoArray(c, c0 + 2 * n);
    v3.intoArray(c, c0 + 3 * n);
    v4.intoArray(c, c0 + 4 * n);
    v5.intoArray(c, c0 + 5 * n);
    v6.intoArray(c, c0 + 6 * n);
    v7.intoArray(c, c0 + 7 * n);
  }
}
