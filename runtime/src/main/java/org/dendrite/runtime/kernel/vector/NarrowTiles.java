package org.dendrite.runtime.kernel.vector;

import static org.dendrite.runtime.kernel.vector.Vectors.L;
import static org.dendrite.runtime.kernel.vector.Vectors.S;
import static org.dendrite.runtime.kernel.vector.Vectors.ZEROS;

import jdk.incubator.vector.FloatVector;

/**
 * Eight-row tiles for products one or two vectors wide (a first convolution's 16 or 32 filters,
 * LeNet-5's 16). A four-row tile there keeps only four or eight chains in flight: with a 4-cycle
 * FMA latency and two FMA pipes, the four-row, one-vector tile runs at half the FMA rate at best.
 * Eight rows give eight or sixteen chains, and each loaded vector of {@code B} serves eight rows.
 */
final class NarrowTiles {
  private NarrowTiles() {}

  /** Rows of a narrow tile. */
  static final int ROWS = 8;

  /** Eight rows by two vectors: 16 accumulators, 2 loads and 8 broadcasts per step. */
  static void tile8x2(
      float[] a, int a0, int ars, int aqs, float[] b, int b0, int ldb,
      float[] c, int c0, int ldc, int depth) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector c00 = zero, c01 = zero, c10 = zero, c11 = zero;
    FloatVector c20 = zero, c21 = zero, c30 = zero, c31 = zero;
    FloatVector c40 = zero, c41 = zero, c50 = zero, c51 = zero;
    FloatVector c60 = zero, c61 = zero, c70 = zero, c71 = zero;
    int r1 = a0 + ars;
    int r2 = r1 + ars;
    int r3 = r2 + ars;
    int r4 = r3 + ars;
    int r5 = r4 + ars;
    int r6 = r5 + ars;
    int r7 = r6 + ars;
    int o = 0;
    int bq = b0;
    for (int q = 0; q < depth; q++) {
      FloatVector b0v = FloatVector.fromArray(S, b, bq);
      FloatVector b1v = FloatVector.fromArray(S, b, bq + L);
      FloatVector x = FloatVector.broadcast(S, a[a0 + o]);
      c00 = x.fma(b0v, c00);
      c01 = x.fma(b1v, c01);
      x = FloatVector.broadcast(S, a[r1 + o]);
      c10 = x.fma(b0v, c10);
      c11 = x.fma(b1v, c11);
      x = FloatVector.broadcast(S, a[r2 + o]);
      c20 = x.fma(b0v, c20);
      c21 = x.fma(b1v, c21);
      x = FloatVector.broadcast(S, a[r3 + o]);
      c30 = x.fma(b0v, c30);
      c31 = x.fma(b1v, c31);
      x = FloatVector.broadcast(S, a[r4 + o]);
      c40 = x.fma(b0v, c40);
      c41 = x.fma(b1v, c41);
      x = FloatVector.broadcast(S, a[r5 + o]);
      c50 = x.fma(b0v, c50);
      c51 = x.fma(b1v, c51);
      x = FloatVector.broadcast(S, a[r6 + o]);
      c60 = x.fma(b0v, c60);
      c61 = x.fma(b1v, c61);
      x = FloatVector.broadcast(S, a[r7 + o]);
      c70 = x.fma(b0v, c70);
      c71 = x.fma(b1v, c71);
      o += aqs;
      bq += ldb;
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + L);
    c10.intoArray(c, c0 + ldc);
    c11.intoArray(c, c0 + ldc + L);
    c20.intoArray(c, c0 + 2 * ldc);
    c21.intoArray(c, c0 + 2 * ldc + L);
    c30.intoArray(c, c0 + 3 * ldc);
    c31.intoArray(c, c0 + 3 * ldc + L);
    c40.intoArray(c, c0 + 4 * ldc);
    c41.intoArray(c, c0 + 4 * ldc + L);
    c50.intoArray(c, c0 + 5 * ldc);
    c51.intoArray(c, c0 + 5 * ldc + L);
    c60.intoArray(c, c0 + 6 * ldc);
    c61.intoArray(c, c0 + 6 * ldc + L);
    c70.intoArray(c, c0 + 7 * ldc);
    c71.intoArray(c, c0 + 7 * ldc + L);
  }

  /** Eight rows by one vector: 8 accumulators, 1 load and 8 broadcasts per step. */
  static void tile8x1(
      float[] a, int a0, int ars, int aqs, float[] b, int b0, int ldb,
      float[] c, int c0, int ldc, int depth) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector c0v = zero, c1v = zero, c2v = zero, c3v = zero;
    FloatVector c4v = zero, c5v = zero, c6v = zero, c7v = zero;
    int r1 = a0 + ars;
    int r2 = r1 + ars;
    int r3 = r2 + ars;
    int r4 = r3 + ars;
    int r5 = r4 + ars;
    int r6 = r5 + ars;
    int r7 = r6 + ars;
    int o = 0;
    int bq = b0;
    for (int q = 0; q < depth; q++) {
      FloatVector bv = FloatVector.fromArray(S, b, bq);
      c0v = FloatVector.broadcast(S, a[a0 + o]).fma(bv, c0v);
      c1v = FloatVector.broadcast(S, a[r1 + o]).fma(bv, c1v);
      c2v = FloatVector.broadcast(S, a[r2 + o]).fma(bv, c2v);
      c3v = FloatVector.broadcast(S, a[r3 + o]).fma(bv, c3v);
      c4v = FloatVector.broadcast(S, a[r4 + o]).fma(bv, c4v);
      c5v = FloatVector.broadcast(S, a[r5 + o]).fma(bv, c5v);
      c6v = FloatVector.broadcast(S, a[r6 + o]).fma(bv, c6v);
      c7v = FloatVector.broadcast(S, a[r7 + o]).fma(bv, c7v);
      o += aqs;
      bq += ldb;
    }
    c0v.intoArray(c, c0);
    c1v.intoArray(c, c0 + ldc);
    c2v.intoArray(c, c0 + 2 * ldc);
    c3v.intoArray(c, c0 + 3 * ldc);
    c4v.intoArray(c, c0 + 4 * ldc);
    c5v.intoArray(c, c0 + 5 * ldc);
    c6v.intoArray(c, c0 + 6 * ldc);
    c7v.intoArray(c, c0 + 7 * ldc);
  }
}
