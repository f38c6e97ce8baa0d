package org.dendrite.runtime.kernel.vector;

import static org.dendrite.runtime.kernel.vector.Vectors.L;
import static org.dendrite.runtime.kernel.vector.Vectors.S;
import static org.dendrite.runtime.kernel.vector.Vectors.ZEROS;

import jdk.incubator.vector.FloatVector;

/**
 * The register tiles of three vectors and of one, and the tail narrower than a vector: {@code
 * a(r, q) · b[q][j..)} accumulated over {@code q} in ascending order into one chain per output
 * vector. See {@link Gemm} for how a product is cut into them.
 */
final class Tiles {
  private Tiles() {}

  /** Four rows by three vectors: 12 accumulators, 3 loads and 4 broadcasts per step. */
  static void tile4x3(
      float[] a, int a0, int ars, int aqs, float[] b, int b0, int ldb,
      float[] c, int c0, int ldc, int depth) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector c00 = zero, c01 = zero, c02 = zero;
    FloatVector c10 = zero, c11 = zero, c12 = zero;
    FloatVector c20 = zero, c21 = zero, c22 = zero;
    FloatVector c30 = zero, c31 = zero, c32 = zero;
    int i0 = a0;
    int i1 = a0 + ars;
    int i2 = a0 + 2 * ars;
    int i3 = a0 + 3 * ars;
    int bq = b0;
    for (int q = 0; q < depth; q++) {
      FloatVector b0v = FloatVector.fromArray(S, b, bq);
      FloatVector b1v = FloatVector.fromArray(S, b, bq + L);
      FloatVector b2v = FloatVector.fromArray(S, b, bq + 2 * L);
      FloatVector x = FloatVector.broadcast(S, a[i0]);
      c00 = x.fma(b0v, c00);
      c01 = x.fma(b1v, c01);
      c02 = x.fma(b2v, c02);
      x = FloatVector.broadcast(S, a[i1]);
      c10 = x.fma(b0v, c10);
      c11 = x.fma(b1v, c11);
      c12 = x.fma(b2v, c12);
      x = FloatVector.broadcast(S, a[i2]);
      c20 = x.fma(b0v, c20);
      c21 = x.fma(b1v, c21);
      c22 = x.fma(b2v, c22);
      x = FloatVector.broadcast(S, a[i3]);
      c30 = x.fma(b0v, c30);
      c31 = x.fma(b1v, c31);
      c32 = x.fma(b2v, c32);
      i0 += aqs;
      i1 += aqs;
      i2 += aqs;
      i3 += aqs;
      bq += ldb;
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + L);
    c02.intoArray(c, c0 + 2 * L);
    c10.intoArray(c, c0 + ldc);
    c11.intoArray(c, c0 + ldc + L);
    c12.intoArray(c, c0 + ldc + 2 * L);
    c20.intoArray(c, c0 + 2 * ldc);
    c21.intoArray(c, c0 + 2 * ldc + L);
    c22.intoArray(c, c0 + 2 * ldc + 2 * L);
    c30.intoArray(c, c0 + 3 * ldc);
    c31.intoArray(c, c0 + 3 * ldc + L);
    c32.intoArray(c, c0 + 3 * ldc + 2 * L);
  }

  /** One row by three vectors. */
  static void tile1x3(
      float[] a, int a0, int aqs, float[] b, int b0, int ldb,
      float[] c, int c0, int depth) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector c0v = zero;
    FloatVector c1v = zero;
    FloatVector c2v = zero;
    int i0 = a0;
    int bq = b0;
    for (int q = 0; q < depth; q++) {
      FloatVector b0v = FloatVector.fromArray(S, b, bq);
      FloatVector b1v = FloatVector.fromArray(S, b, bq + L);
      FloatVector b2v = FloatVector.fromArray(S, b, bq + 2 * L);
      FloatVector x = FloatVector.broadcast(S, a[i0]);
      c0v = x.fma(b0v, c0v);
      c1v = x.fma(b1v, c1v);
      c2v = x.fma(b2v, c2v);
      i0 += aqs;
      bq += ldb;
    }
    c0v.intoArray(c, c0);
    c1v.intoArray(c, c0 + L);
    c2v.intoArray(c, c0 + 2 * L);
  }

  /** Four rows by one vector: whole vectors left over right of the tiles. */
  static void tile4x1(
      float[] a, int a0, int ars, int aqs, float[] b, int b0, int ldb,
      float[] c, int c0, int ldc, int depth) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector c0v = zero;
    FloatVector c1v = zero;
    FloatVector c2v = zero;
    FloatVector c3v = zero;
    int i0 = a0;
    int i1 = a0 + ars;
    int i2 = a0 + 2 * ars;
    int i3 = a0 + 3 * ars;
    int bq = b0;
    for (int q = 0; q < depth; q++) {
      FloatVector bv = FloatVector.fromArray(S, b, bq);
      c0v = FloatVector.broadcast(S, a[i0]).fma(bv, c0v);
      c1v = FloatVector.broadcast(S, a[i1]).fma(bv, c1v);
      c2v = FloatVector.broadcast(S, a[i2]).fma(bv, c2v);
      c3v = FloatVector.broadcast(S, a[i3]).fma(bv, c3v);
      i0 += aqs;
      i1 += aqs;
      i2 += aqs;
      i3 += aqs;
      bq += ldb;
    }
    c0v.intoArray(c, c0);
    c1v.intoArray(c, c0 + ldc);
    c2v.intoArray(c, c0 + 2 * ldc);
    c3v.intoArray(c, c0 + 3 * ldc);
  }

  /** One row by one vector. */
  static void tile1x1(
      float[] a, int a0, int aqs, float[] b, int b0, int ldb,
      float[] c, int c0, int depth) {
    FloatVector acc = FloatVector.fromArray(S, ZEROS, 0);
    int i0 = a0;
    int bq = b0;
    for (int q = 0; q < depth; q++) {
      acc = FloatVector.broadcast(S, a[i0]).fma(FloatVector.fromArray(S, b, bq), acc);
      i0 += aqs;
      bq += ldb;
    }
    acc.intoArray(c, c0);
  }

  /** A thread's buffer for the tails' four vectors ({@link Gemm} passes it in). */
  static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[4 * L]);

  /**
   * Four rows of the last {@code width < L} columns, over the first {@code safe} steps: full
   * vectors whose lanes past {@code width} read the next row and are discarded; {@code lanes}
   * holds four vectors.
   */
  static void tail4(
      float[] a, int a0, int ars, int aqs, float[] b, int b0, int ldb, float[] c, int c0,
      int ldc, int safe, int width, float[] lanes) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector c0v = zero;
    FloatVector c1v = zero;
    FloatVector c2v = zero;
    FloatVector c3v = zero;
    int i0 = a0;
    int i1 = a0 + ars;
    int i2 = a0 + 2 * ars;
    int i3 = a0 + 3 * ars;
    int bq = b0;
    for (int q = 0; q < safe; q++) {
      FloatVector bv = FloatVector.fromArray(S, b, bq);
      c0v = FloatVector.broadcast(S, a[i0]).fma(bv, c0v);
      c1v = FloatVector.broadcast(S, a[i1]).fma(bv, c1v);
      c2v = FloatVector.broadcast(S, a[i2]).fma(bv, c2v);
      c3v = FloatVector.broadcast(S, a[i3]).fma(bv, c3v);
      i0 += aqs;
      i1 += aqs;
      i2 += aqs;
      i3 += aqs;
      bq += ldb;
    }
    // Through a buffer, not lane(t): a lane at an index C2 cannot fold into a constant boxes the
    // vector (768 bytes a prediction of the frozen MLP once other tests had shaped the profile).
    c0v.intoArray(lanes, 0);
    c1v.intoArray(lanes, L);
    c2v.intoArray(lanes, 2 * L);
    c3v.intoArray(lanes, 3 * L);
    for (int t = 0; t < width; t++) {
      c[c0 + t] = lanes[t];
      c[c0 + ldc + t] = lanes[L + t];
      c[c0 + 2 * ldc + t] = lanes[2 * L + t];
      c[c0 + 3 * ldc + t] = lanes[3 * L + t];
    }
  }

  /** One row of the last {@code width < L} columns, over the first {@code safe} steps. */
  static void tail1(
      float[] a, int a0, int aqs, float[] b, int b0, int ldb, float[] c, int c0, int safe,
      int width, float[] lanes) {
    FloatVector acc = FloatVector.fromArray(S, ZEROS, 0);
    int i0 = a0;
    int bq = b0;
    for (int q = 0; q < safe; q++) {
      acc = FloatVector.broadcast(S, a[i0]).fma(FloatVector.fromArray(S, b, bq), acc);
      i0 += aqs;
      bq += ldb;
    }
    acc.intoArray(lanes, 0); // not lane(t): see tail4
    for (int t = 0; t < width; t++) {
      c[c0 + t] = lanes[t];
    }
  }

  /**
   * The tail columns' remaining steps {@code [safe, depth)} in scalar code, continuing each
   * chain in order.
   */
  static void finish(
      float[] a, int aOff, int ars, int aqs, float[] b, int b0, int ldb, float[] c, int c0,
      int ldc, int rows, int safe, int depth, int width) {
    for (int r = 0; r < rows; r++) {
      int cr = c0 + r * ldc;
      for (int q = safe; q < depth; q++) {
        float x = a[aOff + r * ars + q * aqs];
        int bq = b0 + q * ldb;
        for (int t = 0; t < width; t++) {
          c[cr + t] = Math.fma(x, b[bq + t], c[cr + t]);
        }
      }
    }
  }
}
