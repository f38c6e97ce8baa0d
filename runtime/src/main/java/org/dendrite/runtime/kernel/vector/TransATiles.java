package org.dendrite.runtime.kernel.vector;

import static org.dendrite.runtime.kernel.vector.Vectors.L;
import static org.dendrite.runtime.kernel.vector.Vectors.S;

import jdk.incubator.vector.FloatVector;

/**
 * The weight gradient {@code c[k][4L] = Aᵀ · B} of a layer with four vectors of outputs (a
 * convolution's 64 filters at 512 bits) or one (16 filters), and a long reduction (the batch's
 * output pixels), read in place. Step {@code q} of the reduction reads one row of {@code B} (the four vectors every
 * accumulator row multiplies) and six adjacent values of row {@code q} of {@code A} (the
 * broadcasts of a six-row tile, one cache line): neither operand is copied. {@link PackedGemm}'s
 * route for this product transposed the output gradient into a packed block 64 values at a time
 * (5 % of keras-convnet's training step) and packed 73 KB of windows for each block of 64
 * pixels, for one output only 64 rows tall.
 *
 * <p>The reduction is cut into blocks of {@link #KC} rows so that a block of {@code B} (24 KB)
 * stays in L1 while every row tile passes over it. Each output is still one chain of fused
 * multiply-adds over {@code q} in ascending order starting from zero (a block continues from the
 * value the previous one stored), so the results are bit for bit {@link Gemm#product}'s.
 */
final class TransATiles {
  private TransATiles() {}

  /** Reduction rows per block: {@code KC × 4L} floats of {@code B}, 24 KB at 512 bits. */
  static final int KC = 96;

  private static final int WIDTH = 4 * L;

  /** Where the first block's chains start: a row of zeros read with a row step of 0. */
  private static final float[] ZEROS = new float[WIDTH];

  /**
   * Whether {@link #product} takes {@code Aᵀ · B} for {@code A[m][k]} and {@code B[m][n]}: six-row
   * tiles of four vectors need AVX-512's 32 registers, and a reduction shorter than {@link
   * PackedGemm#MIN_REDUCTION} (a dense layer's batch) stays with the general tiles.
   */
  static boolean takes(int m, int k, int n) {
    return Gemm.WIDE_TILES && (n == WIDTH || n == L) && m >= PackedGemm.MIN_REDUCTION && k > 0;
  }

  /**
   * {@code c[k][n] = Aᵀ · B} for {@code A(i, p) = a[aOff + i·lda + p]} and {@code B(i, j) =
   * b[bOff + i·ldb + j]}, {@code i < m}, sizes {@link #takes} accepts and the caller checked.
   */
  static void product(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c,
      int cOff, int m, int k, int n) {
    if (n == L) {
      narrow(a, aOff, lda, b, bOff, ldb, c, cOff, m, k);
      return;
    }
    for (int q0 = 0; q0 < m; q0 += KC) {
      int steps = Math.min(KC, m - q0);
      boolean first = q0 == 0;
      float[] s = first ? ZEROS : c;
      int lds = first ? 0 : WIDTH;
      int ai = aOff + q0 * lda;
      int bi = bOff + q0 * ldb;
      int r = 0;
      for (; r + 6 <= k; r += 6) {
        int cr = cOff + r * WIDTH;
        tile6x4(a, ai + r, lda, b, bi, ldb, s, first ? 0 : cr, lds, c, cr, steps);
      }
      for (; r < k; r++) { // the one to five rows below the last six-row tile
        int cr = cOff + r * WIDTH;
        tile1x4(a, ai + r, lda, b, bi, ldb, s, first ? 0 : cr, c, cr, steps);
      }
    }
  }

  /**
   * {@link #product} for one vector of outputs (LeNet-5's 16 filters at 512 bits): twelve-row
   * tiles, twelve chains where the general four-row tile's four left the FMA pipes waiting on
   * their latency; the reduction in blocks of {@link #KC} as above ({@code B}'s block is 6 KB).
   * A loop of its own: one loop choosing between the two tile shapes per tile ran this product at
   * 89–101 GFLOP/s against 121–125 (alone, 3,200 × 150 × 16, Zen 5, JDK 17).
   */
  private static void narrow(float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int m, int k) {
    for (int q0 = 0; q0 < m; q0 += KC) {
      int steps = Math.min(KC, m - q0);
      boolean first = q0 == 0;
      float[] s = first ? ZEROS : c;
      int ai = aOff + q0 * lda;
      int bi = bOff + q0 * ldb;
      int r = 0;
      for (; r + 12 <= k; r += 12) {
        int cr = cOff + r * L;
        tile12x1(a, ai + r, lda, b, bi, ldb, s, first ? 0 : cr, first ? 0 : L, c, cr, steps);
      }
      for (; r < k; r++) { // the one to eleven rows below the last twelve-row tile
        int cr = cOff + r * L;
        tile1x1(a, ai + r, lda, b, bi, ldb, s, first ? 0 : cr, c, cr, steps);
      }
    }
  }

  /** Twelve output rows by one vector: a load of {@code B} and twelve broadcasts per step. */
  private static void tile12x1(float[] a, int ai, int lda, float[] b, int bi, int ldb, float[] s,
      int s0, int lds, float[] c, int c0, int steps) {
    FloatVector c0v = FloatVector.fromArray(S, s, s0);
    FloatVector c1v = FloatVector.fromArray(S, s, s0 + lds);
    FloatVector c2v = FloatVector.fromArray(S, s, s0 + 2 * lds);
    FloatVector c3v = FloatVector.fromArray(S, s, s0 + 3 * lds);
    FloatVector c4v = FloatVector.fromArray(S, s, s0 + 4 * lds);
    FloatVector c5v = FloatVector.fromArray(S, s, s0 + 5 * lds);
    FloatVector c6v = FloatVector.fromArray(S, s, s0 + 6 * lds);
    FloatVector c7v = FloatVector.fromArray(S, s, s0 + 7 * lds);
    FloatVector c8v = FloatVector.fromArray(S, s, s0 + 8 * lds);
    FloatVector c9v = FloatVector.fromArray(S, s, s0 + 9 * lds);
    FloatVector c10v = FloatVector.fromArray(S, s, s0 + 10 * lds);
    FloatVector c11v = FloatVector.fromArray(S, s, s0 + 11 * lds);
    for (int q = 0; q < steps; q++) {
      FloatVector bv = FloatVector.fromArray(S, b, bi);
      c0v = FloatVector.broadcast(S, a[ai]).fma(bv, c0v);
      c1v = FloatVector.broadcast(S, a[ai + 1]).fma(bv, c1v);
      c2v = FloatVector.broadcast(S, a[ai + 2]).fma(bv, c2v);
      c3v = FloatVector.broadcast(S, a[ai + 3]).fma(bv, c3v);
      c4v = FloatVector.broadcast(S, a[ai + 4]).fma(bv, c4v);
      c5v = FloatVector.broadcast(S, a[ai + 5]).fma(bv, c5v);
      c6v = FloatVector.broadcast(S, a[ai + 6]).fma(bv, c6v);
      c7v = FloatVector.broadcast(S, a[ai + 7]).fma(bv, c7v);
      c8v = FloatVector.broadcast(S, a[ai + 8]).fma(bv, c8v);
      c9v = FloatVector.broadcast(S, a[ai + 9]).fma(bv, c9v);
      c10v = FloatVector.broadcast(S, a[ai + 10]).fma(bv, c10v);
      c11v = FloatVector.broadcast(S, a[ai + 11]).fma(bv, c11v);
      ai += lda;
      bi += ldb;
    }
    c0v.intoArray(c, c0);
    c1v.intoArray(c, c0 + L);
    c2v.intoArray(c, c0 + 2 * L);
    c3v.intoArray(c, c0 + 3 * L);
    c4v.intoArray(c, c0 + 4 * L);
    c5v.intoArray(c, c0 + 5 * L);
    c6v.intoArray(c, c0 + 6 * L);
    c7v.intoArray(c, c0 + 7 * L);
    c8v.intoArray(c, c0 + 8 * L);
    c9v.intoArray(c, c0 + 9 * L);
    c10v.intoArray(c, c0 + 10 * L);
    c11v.intoArray(c, c0 + 11 * L);
  }

  /** One output row by one vector: the rows below the last twelve-row tile. */
  private static void tile1x1(float[] a, int ai, int lda, float[] b, int bi, int ldb, float[] s,
      int s0, float[] c, int c0, int steps) {
    FloatVector acc = FloatVector.fromArray(S, s, s0);
    for (int q = 0; q < steps; q++) {
      acc = FloatVector.broadcast(S, a[ai]).fma(FloatVector.fromArray(S, b, bi), acc);
      ai += lda;
      bi += ldb;
    }
    acc.intoArray(c, c0);
  }

  /**
   * Six output rows by four vectors: 24 accumulators, starting from {@code s}'s rows ({@code lds}
   * apart) and ending in {@code c}'s; per step four loads of {@code B} and six broadcasts of
   * adjacent values of {@code A}.
   */
  private static void tile6x4(float[] a, int ai, int lda, float[] b, int bi, int ldb, float[] s,
      int s0, int lds, float[] c, int c0, int steps) {
    FloatVector c00 = FloatVector.fromArray(S, s, s0);
    FloatVector c01 = FloatVector.fromArray(S, s, s0 + L);
    FloatVector c02 = FloatVector.fromArray(S, s, s0 + 2 * L);
    FloatVector c03 = FloatVector.fromArray(S, s, s0 + 3 * L);
    int s1 = s0 + lds;
    FloatVector c10 = FloatVector.fromArray(S, s, s1);
    FloatVector c11 = FloatVector.fromArray(S, s, s1 + L);
    FloatVector c12 = FloatVector.fromArray(S, s, s1 + 2 * L);
    FloatVector c13 = FloatVector.fromArray(S, s, s1 + 3 * L);
    int s2 = s1 + lds;
    FloatVector c20 = FloatVector.fromArray(S, s, s2);
    FloatVector c21 = FloatVector.fromArray(S, s, s2 + L);
    FloatVector c22 = FloatVector.fromArray(S, s, s2 + 2 * L);
    FloatVector c23 = FloatVector.fromArray(S, s, s2 + 3 * L);
    int s3 = s2 + lds;
    FloatVector c30 = FloatVector.fromArray(S, s, s3);
    FloatVector c31 = FloatVector.fromArray(S, s, s3 + L);
    FloatVector c32 = FloatVector.fromArray(S, s, s3 + 2 * L);
    FloatVector c33 = FloatVector.fromArray(S, s, s3 + 3 * L);
    int s4 = s3 + lds;
    FloatVector c40 = FloatVector.fromArray(S, s, s4);
    FloatVector c41 = FloatVector.fromArray(S, s, s4 + L);
    FloatVector c42 = FloatVector.fromArray(S, s, s4 + 2 * L);
    FloatVector c43 = FloatVector.fromArray(S, s, s4 + 3 * L);
    int s5 = s4 + lds;
    FloatVector c50 = FloatVector.fromArray(S, s, s5);
    FloatVector c51 = FloatVector.fromArray(S, s, s5 + L);
    FloatVector c52 = FloatVector.fromArray(S, s, s5 + 2 * L);
    FloatVector c53 = FloatVector.fromArray(S, s, s5 + 3 * L);
    for (int q = 0; q < steps; q++) {
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
      FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
      FloatVector b3 = FloatVector.fromArray(S, b, bi + 3 * L);
      FloatVector x = FloatVector.broadcast(S, a[ai]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      c02 = x.fma(b2, c02);
      c03 = x.fma(b3, c03);
      x = FloatVector.broadcast(S, a[ai + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      c12 = x.fma(b2, c12);
      c13 = x.fma(b3, c13);
      x = FloatVector.broadcast(S, a[ai + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      c22 = x.fma(b2, c22);
      c23 = x.fma(b3, c23);
      x = FloatVector.broadcast(S, a[ai + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      c32 = x.fma(b2, c32);
      c33 = x.fma(b3, c33);
      x = FloatVector.broadcast(S, a[ai + 4]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      c42 = x.fma(b2, c42);
      c43 = x.fma(b3, c43);
      x = FloatVector.broadcast(S, a[ai + 5]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      c52 = x.fma(b2, c52);
      c53 = x.fma(b3, c53);
      ai += lda;
      bi += ldb;
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + L);
    c02.intoArray(c, c0 + 2 * L);
    c03.intoArray(c, c0 + 3 * L);
    int c1 = c0 + WIDTH;
    c10.intoArray(c, c1);
    c11.intoArray(c, c1 + L);
    c12.intoArray(c, c1 + 2 * L);
    c13.intoArray(c, c1 + 3 * L);
    int c2 = c1 + WIDTH;
    c20.intoArray(c, c2);
    c21.intoArray(c, c2 + L);
    c22.intoArray(c, c2 + 2 * L);
    c23.intoArray(c, c2 + 3 * L);
    int c3 = c2 + WIDTH;
    c30.intoArray(c, c3);
    c31.intoArray(c, c3 + L);
    c32.intoArray(c, c3 + 2 * L);
    c33.intoArray(c, c3 + 3 * L);
    int c4 = c3 + WIDTH;
    c40.intoArray(c, c4);
    c41.intoArray(c, c4 + L);
    c42.intoArray(c, c4 + 2 * L);
    c43.intoArray(c, c4 + 3 * L);
    int c5 = c4 + WIDTH;
    c50.intoArray(c, c5);
    c51.intoArray(c, c5 + L);
    c52.intoArray(c, c5 + 2 * L);
    c53.intoArray(c, c5 + 3 * L);
  }

  /** One output row by four vectors: the rows below the last six-row tile. */
  private static void tile1x4(float[] a, int ai, int lda, float[] b, int bi, int ldb, float[] s,
      int s0, float[] c, int c0, int steps) {
    FloatVector c00 = FloatVector.fromArray(S, s, s0);
    FloatVector c01 = FloatVector.fromArray(S, s, s0 + L);
    FloatVector c02 = FloatVector.fromArray(S, s, s0 + 2 * L);
    FloatVector c03 = FloatVector.fromArray(S, s, s0 + 3 * L);
    for (int q = 0; q < steps; q++) {
      FloatVector x = FloatVector.broadcast(S, a[ai]);
      c00 = x.fma(FloatVector.fromArray(S, b, bi), c00);
      c01 = x.fma(FloatVector.fromArray(S, b, bi + L), c01);
      c02 = x.fma(FloatVector.fromArray(S, b, bi + 2 * L), c02);
      c03 = x.fma(FloatVector.fromArray(S, b, bi + 3 * L), c03);
      ai += lda;
      bi += ldb;
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + L);
    c02.intoArray(c, c0 + 2 * L);
    c03.intoArray(c, c0 + 3 * L);
  }
}
