package org.dendrite.runtime.kernel.vector;

import static org.dendrite.runtime.kernel.vector.Vectors.L;
import static org.dendrite.runtime.kernel.vector.Vectors.S;
import static org.dendrite.runtime.kernel.vector.Vectors.ZEROS;

import jdk.incubator.vector.FloatVector;

/**
 * The six-vector register tiles of 512-bit registers (32 of them): four rows by six vectors use
 * 24 accumulators and one broadcast per six FMAs (with four by three, the broadcasts capped the
 * product at 78 % of the FMA peak; with four by six it reaches 90 %), and one to three rows by six
 * for the rows below the last four-row tile, reading each weight once for all of them.
 */
final class WideTiles {
  private WideTiles() {}

  /** Four rows by six vectors: 24 accumulators, 6 loads and 4 broadcasts per step. */
  static void tile4x6(
      float[] a, int a0, int ars, int aqs, float[] b, int b0, int ldb,
      float[] c, int c0, int ldc, int depth) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector c00 = zero, c01 = zero, c02 = zero, c03 = zero, c04 = zero, c05 = zero;
    FloatVector c10 = zero, c11 = zero, c12 = zero, c13 = zero, c14 = zero, c15 = zero;
    FloatVector c20 = zero, c21 = zero, c22 = zero, c23 = zero, c24 = zero, c25 = zero;
    FloatVector c30 = zero, c31 = zero, c32 = zero, c33 = zero, c34 = zero, c35 = zero;
    int i0 = a0 + 0 * ars;
    int i1 = a0 + 1 * ars;
    int i2 = a0 + 2 * ars;
    int i3 = a0 + 3 * ars;
    int bq = b0;
    for (int q = 0; q < depth; q++) {
      FloatVector b0v = FloatVector.fromArray(S, b, bq);
      FloatVector b1v = FloatVector.fromArray(S, b, bq + 1 * L);
      FloatVector b2v = FloatVector.fromArray(S, b, bq + 2 * L);
      FloatVector b3v = FloatVector.fromArray(S, b, bq + 3 * L);
      FloatVector b4v = FloatVector.fromArray(S, b, bq + 4 * L);
      FloatVector b5v = FloatVector.fromArray(S, b, bq + 5 * L);
      FloatVector x;
      x = FloatVector.broadcast(S, a[i0]);
      c00 = x.fma(b0v, c00);
      c01 = x.fma(b1v, c01);
      c02 = x.fma(b2v, c02);
      c03 = x.fma(b3v, c03);
      c04 = x.fma(b4v, c04);
      c05 = x.fma(b5v, c05);
      x = FloatVector.broadcast(S, a[i1]);
      c10 = x.fma(b0v, c10);
      c11 = x.fma(b1v, c11);
      c12 = x.fma(b2v, c12);
      c13 = x.fma(b3v, c13);
      c14 = x.fma(b4v, c14);
      c15 = x.fma(b5v, c15);
      x = FloatVector.broadcast(S, a[i2]);
      c20 = x.fma(b0v, c20);
      c21 = x.fma(b1v, c21);
      c22 = x.fma(b2v, c22);
      c23 = x.fma(b3v, c23);
      c24 = x.fma(b4v, c24);
      c25 = x.fma(b5v, c25);
      x = FloatVector.broadcast(S, a[i3]);
      c30 = x.fma(b0v, c30);
      c31 = x.fma(b1v, c31);
      c32 = x.fma(b2v, c32);
      c33 = x.fma(b3v, c33);
      c34 = x.fma(b4v, c34);
      c35 = x.fma(b5v, c35);
      i0 += aqs;
      i1 += aqs;
      i2 += aqs;
      i3 += aqs;
      bq += ldb;
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + 1 * L);
    c02.intoArray(c, c0 + 2 * L);
    c03.intoArray(c, c0 + 3 * L);
    c04.intoArray(c, c0 + 4 * L);
    c05.intoArray(c, c0 + 5 * L);
    c10.intoArray(c, c0 + ldc);
    c11.intoArray(c, c0 + ldc + 1 * L);
    c12.intoArray(c, c0 + ldc + 2 * L);
    c13.intoArray(c, c0 + ldc + 3 * L);
    c14.intoArray(c, c0 + ldc + 4 * L);
    c15.intoArray(c, c0 + ldc + 5 * L);
    c20.intoArray(c, c0 + 2 * ldc);
    c21.intoArray(c, c0 + 2 * ldc + 1 * L);
    c22.intoArray(c, c0 + 2 * ldc + 2 * L);
    c23.intoArray(c, c0 + 2 * ldc + 3 * L);
    c24.intoArray(c, c0 + 2 * ldc + 4 * L);
    c25.intoArray(c, c0 + 2 * ldc + 5 * L);
    c30.intoArray(c, c0 + 3 * ldc);
    c31.intoArray(c, c0 + 3 * ldc + 1 * L);
    c32.intoArray(c, c0 + 3 * ldc + 2 * L);
    c33.intoArray(c, c0 + 3 * ldc + 3 * L);
    c34.intoArray(c, c0 + 3 * ldc + 4 * L);
    c35.intoArray(c, c0 + 3 * ldc + 5 * L);
  }

  /**
   * A four-row tile of four vectors (16 accumulators): the 64 filters of a convolution at 512 bits
   * in one pass, where a three-vector and a one-vector tile would read each row's values twice
   * and the one-vector tile spends a broadcast per FMA.
   */
  static void tile4x4(
      float[] a, int a0, int ars, int aqs, float[] b, int b0, int ldb,
      float[] c, int c0, int ldc, int depth) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector c00 = zero, c01 = zero, c02 = zero, c03 = zero;
    FloatVector c10 = zero, c11 = zero, c12 = zero, c13 = zero;
    FloatVector c20 = zero, c21 = zero, c22 = zero, c23 = zero;
    FloatVector c30 = zero, c31 = zero, c32 = zero, c33 = zero;
    int i0 = a0;
    int i1 = a0 + ars;
    int i2 = a0 + 2 * ars;
    int i3 = a0 + 3 * ars;
    int bq = b0;
    for (int q = 0; q < depth; q++) {
      FloatVector b0v = FloatVector.fromArray(S, b, bq);
      FloatVector b1v = FloatVector.fromArray(S, b, bq + L);
      FloatVector b2v = FloatVector.fromArray(S, b, bq + 2 * L);
      FloatVector b3v = FloatVector.fromArray(S, b, bq + 3 * L);
      FloatVector x;
      x = FloatVector.broadcast(S, a[i0]);
      c00 = x.fma(b0v, c00);
      c01 = x.fma(b1v, c01);
      c02 = x.fma(b2v, c02);
      c03 = x.fma(b3v, c03);
      x = FloatVector.broadcast(S, a[i1]);
      c10 = x.fma(b0v, c10);
      c11 = x.fma(b1v, c11);
      c12 = x.fma(b2v, c12);
      c13 = x.fma(b3v, c13);
      x = FloatVector.broadcast(S, a[i2]);
      c20 = x.fma(b0v, c20);
      c21 = x.fma(b1v, c21);
      c22 = x.fma(b2v, c22);
      c23 = x.fma(b3v, c23);
      x = FloatVector.broadcast(S, a[i3]);
      c30 = x.fma(b0v, c30);
      c31 = x.fma(b1v, c31);
      c32 = x.fma(b2v, c32);
      c33 = x.fma(b3v, c33);
      i0 += aqs;
      i1 += aqs;
      i2 += aqs;
      i3 += aqs;
      bq += ldb;
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + L);
    c02.intoArray(c, c0 + 2 * L);
    c03.intoArray(c, c0 + 3 * L);
    c10.intoArray(c, c0 + ldc);
    c11.intoArray(c, c0 + ldc + L);
    c12.intoArray(c, c0 + ldc + 2 * L);
    c13.intoArray(c, c0 + ldc + 3 * L);
    c20.intoArray(c, c0 + 2 * ldc);
    c21.intoArray(c, c0 + 2 * ldc + L);
    c22.intoArray(c, c0 + 2 * ldc + 2 * L);
    c23.intoArray(c, c0 + 2 * ldc + 3 * L);
    c30.intoArray(c, c0 + 3 * ldc);
    c31.intoArray(c, c0 + 3 * ldc + L);
    c32.intoArray(c, c0 + 3 * ldc + 2 * L);
    c33.intoArray(c, c0 + 3 * ldc + 3 * L);
  }

  /**
   * Five rows by four vectors (20 accumulators): the last five rows of a four-vector product
   * whose rows leave one over after the four-row tiles (Winograd's nine tiles of an 11×11 output
   * at batch 1), where a four-row tile and a one-row tile would spend a pass over {@code b} and
   * a latency-bound chain of four accumulators on one row.
   */
  static void tile5x4(
      float[] a, int a0, int ars, int aqs, float[] b, int b0, int ldb,
      float[] c, int c0, int ldc, int depth) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector c00 = zero, c01 = zero, c02 = zero, c03 = zero;
    FloatVector c10 = zero, c11 = zero, c12 = zero, c13 = zero;
    FloatVector c20 = zero, c21 = zero, c22 = zero, c23 = zero;
    FloatVector c30 = zero, c31 = zero, c32 = zero, c33 = zero;
    FloatVector c40 = zero, c41 = zero, c42 = zero, c43 = zero;
    int i0 = a0;
    int i1 = a0 + ars;
    int i2 = a0 + 2 * ars;
    int i3 = a0 + 3 * ars;
    int i4 = a0 + 4 * ars;
    int bq = b0;
    for (int q = 0; q < depth; q++) {
      FloatVector b0v = FloatVector.fromArray(S, b, bq);
      FloatVector b1v = FloatVector.fromArray(S, b, bq + L);
      FloatVector b2v = FloatVector.fromArray(S, b, bq + 2 * L);
      FloatVector b3v = FloatVector.fromArray(S, b, bq + 3 * L);
      FloatVector x;
      x = FloatVector.broadcast(S, a[i0]);
      c00 = x.fma(b0v, c00);
      c01 = x.fma(b1v, c01);
      c02 = x.fma(b2v, c02);
      c03 = x.fma(b3v, c03);
      x = FloatVector.broadcast(S, a[i1]);
      c10 = x.fma(b0v, c10);
      c11 = x.fma(b1v, c11);
      c12 = x.fma(b2v, c12);
      c13 = x.fma(b3v, c13);
      x = FloatVector.broadcast(S, a[i2]);
      c20 = x.fma(b0v, c20);
      c21 = x.fma(b1v, c21);
      c22 = x.fma(b2v, c22);
      c23 = x.fma(b3v, c23);
      x = FloatVector.broadcast(S, a[i3]);
      c30 = x.fma(b0v, c30);
      c31 = x.fma(b1v, c31);
      c32 = x.fma(b2v, c32);
      c33 = x.fma(b3v, c33);
      x = FloatVector.broadcast(S, a[i4]);
      c40 = x.fma(b0v, c40);
      c41 = x.fma(b1v, c41);
      c42 = x.fma(b2v, c42);
      c43 = x.fma(b3v, c43);
      i0 += aqs;
      i1 += aqs;
      i2 += aqs;
      i3 += aqs;
      i4 += aqs;
      bq += ldb;
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + L);
    c02.intoArray(c, c0 + 2 * L);
    c03.intoArray(c, c0 + 3 * L);
    c10.intoArray(c, c0 + ldc);
    c11.intoArray(c, c0 + ldc + L);
    c12.intoArray(c, c0 + ldc + 2 * L);
    c13.intoArray(c, c0 + ldc + 3 * L);
    c20.intoArray(c, c0 + 2 * ldc);
    c21.intoArray(c, c0 + 2 * ldc + L);
    c22.intoArray(c, c0 + 2 * ldc + 2 * L);
    c23.intoArray(c, c0 + 2 * ldc + 3 * L);
    c30.intoArray(c, c0 + 3 * ldc);
    c31.intoArray(c, c0 + 3 * ldc + L);
    c32.intoArray(c, c0 + 3 * ldc + 2 * L);
    c33.intoArray(c, c0 + 3 * ldc + 3 * L);
    c40.intoArray(c, c0 + 4 * ldc);
    c41.intoArray(c, c0 + 4 * ldc + L);
    c42.intoArray(c, c0 + 4 * ldc + 2 * L);
    c43.intoArray(c, c0 + 4 * ldc + 3 * L);
  }

  /**
   * Six rows by four vectors (24 accumulators): the last six rows of a four-vector product whose
   * rows leave two over after the four-row tiles (Winograd's 18 tiles of two 11×11 outputs),
   * where two one-row tiles would each wait out the FMA latency on four chains.
   */
  static void tile6x4(
      float[] a, int a0, int ars, int aqs, float[] b, int b0, int ldb,
      float[] c, int c0, int ldc, int depth) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector c00 = zero, c01 = zero, c02 = zero, c03 = zero;
    FloatVector c10 = zero, c11 = zero, c12 = zero, c13 = zero;
    FloatVector c20 = zero, c21 = zero, c22 = zero, c23 = zero;
    FloatVector c30 = zero, c31 = zero, c32 = zero, c33 = zero;
    FloatVector c40 = zero, c41 = zero, c42 = zero, c43 = zero;
    FloatVector c50 = zero, c51 = zero, c52 = zero, c53 = zero;
    int i0 = a0;
    int i1 = a0 + ars;
    int i2 = a0 + 2 * ars;
    int i3 = a0 + 3 * ars;
    int i4 = a0 + 4 * ars;
    int i5 = a0 + 5 * ars;
    int bq = b0;
    for (int q = 0; q < depth; q++) {
      FloatVector b0v = FloatVector.fromArray(S, b, bq);
      FloatVector b1v = FloatVector.fromArray(S, b, bq + L);
      FloatVector b2v = FloatVector.fromArray(S, b, bq + 2 * L);
      FloatVector b3v = FloatVector.fromArray(S, b, bq + 3 * L);
      FloatVector x;
      x = FloatVector.broadcast(S, a[i0]);
      c00 = x.fma(b0v, c00);
      c01 = x.fma(b1v, c01);
      c02 = x.fma(b2v, c02);
      c03 = x.fma(b3v, c03);
      x = FloatVector.broadcast(S, a[i1]);
      c10 = x.fma(b0v, c10);
      c11 = x.fma(b1v, c11);
      c12 = x.fma(b2v, c12);
      c13 = x.fma(b3v, c13);
      x = FloatVector.broadcast(S, a[i2]);
      c20 = x.fma(b0v, c20);
      c21 = x.fma(b1v, c21);
      c22 = x.fma(b2v, c22);
      c23 = x.fma(b3v, c23);
      x = FloatVector.broadcast(S, a[i3]);
      c30 = x.fma(b0v, c30);
      c31 = x.fma(b1v, c31);
      c32 = x.fma(b2v, c32);
      c33 = x.fma(b3v, c33);
      x = FloatVector.broadcast(S, a[i4]);
      c40 = x.fma(b0v, c40);
      c41 = x.fma(b1v, c41);
      c42 = x.fma(b2v, c42);
      c43 = x.fma(b3v, c43);
      x = FloatVector.broadcast(S, a[i5]);
      c50 = x.fma(b0v, c50);
      c51 = x.fma(b1v, c51);
      c52 = x.fma(b2v, c52);
      c53 = x.fma(b3v, c53);
      i0 += aqs;
      i1 += aqs;
      i2 += aqs;
      i3 += aqs;
      i4 += aqs;
      i5 += aqs;
      bq += ldb;
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + L);
    c02.intoArray(c, c0 + 2 * L);
    c03.intoArray(c, c0 + 3 * L);
    c10.intoArray(c, c0 + ldc);
    c11.intoArray(c, c0 + ldc + L);
    c12.intoArray(c, c0 + ldc + 2 * L);
    c13.intoArray(c, c0 + ldc + 3 * L);
    c20.intoArray(c, c0 + 2 * ldc);
    c21.intoArray(c, c0 + 2 * ldc + L);
    c22.intoArray(c, c0 + 2 * ldc + 2 * L);
    c23.intoArray(c, c0 + 2 * ldc + 3 * L);
    c30.intoArray(c, c0 + 3 * ldc);
    c31.intoArray(c, c0 + 3 * ldc + L);
    c32.intoArray(c, c0 + 3 * ldc + 2 * L);
    c33.intoArray(c, c0 + 3 * ldc + 3 * L);
    c40.intoArray(c, c0 + 4 * ldc);
    c41.intoArray(c, c0 + 4 * ldc + L);
    c42.intoArray(c, c0 + 4 * ldc + 2 * L);
    c43.intoArray(c, c0 + 4 * ldc + 3 * L);
    c50.intoArray(c, c0 + 5 * ldc);
    c51.intoArray(c, c0 + 5 * ldc + L);
    c52.intoArray(c, c0 + 5 * ldc + 2 * L);
    c53.intoArray(c, c0 + 5 * ldc + 3 * L);
  }

  /**
   * Three rows by four vectors (12 accumulators): the three rows a four-vector product leaves
   * below its four-row tiles, together, so that each step of {@code b} feeds twelve chains.
   */
  static void tile3x4(
      float[] a, int a0, int ars, int aqs, float[] b, int b0, int ldb,
      float[] c, int c0, int ldc, int depth) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector c00 = zero, c01 = zero, c02 = zero, c03 = zero;
    FloatVector c10 = zero, c11 = zero, c12 = zero, c13 = zero;
    FloatVector c20 = zero, c21 = zero, c22 = zero, c23 = zero;
    int i0 = a0;
    int i1 = a0 + ars;
    int i2 = a0 + 2 * ars;
    int bq = b0;
    for (int q = 0; q < depth; q++) {
      FloatVector b0v = FloatVector.fromArray(S, b, bq);
      FloatVector b1v = FloatVector.fromArray(S, b, bq + L);
      FloatVector b2v = FloatVector.fromArray(S, b, bq + 2 * L);
      FloatVector b3v = FloatVector.fromArray(S, b, bq + 3 * L);
      FloatVector x;
      x = FloatVector.broadcast(S, a[i0]);
      c00 = x.fma(b0v, c00);
      c01 = x.fma(b1v, c01);
      c02 = x.fma(b2v, c02);
      c03 = x.fma(b3v, c03);
      x = FloatVector.broadcast(S, a[i1]);
      c10 = x.fma(b0v, c10);
      c11 = x.fma(b1v, c11);
      c12 = x.fma(b2v, c12);
      c13 = x.fma(b3v, c13);
      x = FloatVector.broadcast(S, a[i2]);
      c20 = x.fma(b0v, c20);
      c21 = x.fma(b1v, c21);
      c22 = x.fma(b2v, c22);
      c23 = x.fma(b3v, c23);
      i0 += aqs;
      i1 += aqs;
      i2 += aqs;
      bq += ldb;
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + L);
    c02.intoArray(c, c0 + 2 * L);
    c03.intoArray(c, c0 + 3 * L);
    c10.intoArray(c, c0 + ldc);
    c11.intoArray(c, c0 + ldc + L);
    c12.intoArray(c, c0 + ldc + 2 * L);
    c13.intoArray(c, c0 + ldc + 3 * L);
    c20.intoArray(c, c0 + 2 * ldc);
    c21.intoArray(c, c0 + 2 * ldc + L);
    c22.intoArray(c, c0 + 2 * ldc + 2 * L);
    c23.intoArray(c, c0 + 2 * ldc + 3 * L);
  }

  /** Three rows by six vectors: 18 accumulators, for 512-bit registers (32 of them) only. */
  static void tile3x6(
      float[] a, int a0, int ars, int aqs, float[] b, int b0, int ldb, float[] c, int c0,
      int ldc, int depth) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector c00 = zero, c01 = zero, c02 = zero, c03 = zero, c04 = zero, c05 = zero;
    FloatVector c10 = zero, c11 = zero, c12 = zero, c13 = zero, c14 = zero, c15 = zero;
    FloatVector c20 = zero, c21 = zero, c22 = zero, c23 = zero, c24 = zero, c25 = zero;
    int i0 = a0;
    int i1 = a0 + ars;
    int i2 = a0 + 2 * ars;
    int bq = b0;
    for (int q = 0; q < depth; q++) {
      FloatVector x0 = FloatVector.broadcast(S, a[i0]);
      FloatVector x1 = FloatVector.broadcast(S, a[i1]);
      FloatVector x2 = FloatVector.broadcast(S, a[i2]);
      FloatVector bv = FloatVector.fromArray(S, b, bq);
      c00 = x0.fma(bv, c00);
      c10 = x1.fma(bv, c10);
      c20 = x2.fma(bv, c20);
      bv = FloatVector.fromArray(S, b, bq + L);
      c01 = x0.fma(bv, c01);
      c11 = x1.fma(bv, c11);
      c21 = x2.fma(bv, c21);
      bv = FloatVector.fromArray(S, b, bq + 2 * L);
      c02 = x0.fma(bv, c02);
      c12 = x1.fma(bv, c12);
      c22 = x2.fma(bv, c22);
      bv = FloatVector.fromArray(S, b, bq + 3 * L);
      c03 = x0.fma(bv, c03);
      c13 = x1.fma(bv, c13);
      c23 = x2.fma(bv, c23);
      bv = FloatVector.fromArray(S, b, bq + 4 * L);
      c04 = x0.fma(bv, c04);
      c14 = x1.fma(bv, c14);
      c24 = x2.fma(bv, c24);
      bv = FloatVector.fromArray(S, b, bq + 5 * L);
      c05 = x0.fma(bv, c05);
      c15 = x1.fma(bv, c15);
      c25 = x2.fma(bv, c25);
      i0 += aqs;
      i1 += aqs;
      i2 += aqs;
      bq += ldb;
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + L);
    c02.intoArray(c, c0 + 2 * L);
    c03.intoArray(c, c0 + 3 * L);
    c04.intoArray(c, c0 + 4 * L);
    c05.intoArray(c, c0 + 5 * L);
    c10.intoArray(c, c0 + ldc);
    c11.intoArray(c, c0 + ldc + L);
    c12.intoArray(c, c0 + ldc + 2 * L);
    c13.intoArray(c, c0 + ldc + 3 * L);
    c14.intoArray(c, c0 + ldc + 4 * L);
    c15.intoArray(c, c0 + ldc + 5 * L);
    c20.intoArray(c, c0 + 2 * ldc);
    c21.intoArray(c, c0 + 2 * ldc + L);
    c22.intoArray(c, c0 + 2 * ldc + 2 * L);
    c23.intoArray(c, c0 + 2 * ldc + 3 * L);
    c24.intoArray(c, c0 + 2 * ldc + 4 * L);
    c25.intoArray(c, c0 + 2 * ldc + 5 * L);
  }

  /** Two rows by six vectors: 12 accumulators, each weight loaded once for both rows. */
  static void tile2x6(
      float[] a, int a0, int ars, int aqs, float[] b, int b0, int ldb, float[] c, int c0,
      int ldc, int depth) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector c00 = zero, c01 = zero, c02 = zero, c03 = zero, c04 = zero, c05 = zero;
    FloatVector c10 = zero, c11 = zero, c12 = zero, c13 = zero, c14 = zero, c15 = zero;
    int i0 = a0;
    int i1 = a0 + ars;
    int bq = b0;
    for (int q = 0; q < depth; q++) {
      FloatVector x0 = FloatVector.broadcast(S, a[i0]);
      FloatVector x1 = FloatVector.broadcast(S, a[i1]);
      FloatVector bv = FloatVector.fromArray(S, b, bq);
      c00 = x0.fma(bv, c00);
      c10 = x1.fma(bv, c10);
      bv = FloatVector.fromArray(S, b, bq + L);
      c01 = x0.fma(bv, c01);
      c11 = x1.fma(bv, c11);
      bv = FloatVector.fromArray(S, b, bq + 2 * L);
      c02 = x0.fma(bv, c02);
      c12 = x1.fma(bv, c12);
      bv = FloatVector.fromArray(S, b, bq + 3 * L);
      c03 = x0.fma(bv, c03);
      c13 = x1.fma(bv, c13);
      bv = FloatVector.fromArray(S, b, bq + 4 * L);
      c04 = x0.fma(bv, c04);
      c14 = x1.fma(bv, c14);
      bv = FloatVector.fromArray(S, b, bq + 5 * L);
      c05 = x0.fma(bv, c05);
      c15 = x1.fma(bv, c15);
      i0 += aqs;
      i1 += aqs;
      bq += ldb;
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + L);
    c02.intoArray(c, c0 + 2 * L);
    c03.intoArray(c, c0 + 3 * L);
    c04.intoArray(c, c0 + 4 * L);
    c05.intoArray(c, c0 + 5 * L);
    c10.intoArray(c, c0 + ldc);
    c11.intoArray(c, c0 + ldc + L);
    c12.intoArray(c, c0 + ldc + 2 * L);
    c13.intoArray(c, c0 + ldc + 3 * L);
    c14.intoArray(c, c0 + ldc + 4 * L);
    c15.intoArray(c, c0 + ldc + 5 * L);
  }

  /**
   * One row by four vectors: the row below a product's four-row tiles when four vectors of
   * columns are left (Winograd's 36 products at batch 1: nine rows by 64 filters), in one pass of
   * four chains where a three-vector and a one-vector pass each waited out the FMA latency at
   * every step.
   */
  static void tile1x4(
      float[] a, int a0, int aqs, float[] b, int b0, int ldb, float[] c, int c0, int depth) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector c0v = zero, c1v = zero, c2v = zero, c3v = zero;
    int i0 = a0;
    int bq = b0;
    for (int q = 0; q < depth; q++) {
      FloatVector x = FloatVector.broadcast(S, a[i0]);
      c0v = x.fma(FloatVector.fromArray(S, b, bq), c0v);
      c1v = x.fma(FloatVector.fromArray(S, b, bq + L), c1v);
      c2v = x.fma(FloatVector.fromArray(S, b, bq + 2 * L), c2v);
      c3v = x.fma(FloatVector.fromArray(S, b, bq + 3 * L), c3v);
      i0 += aqs;
      bq += ldb;
    }
    c0v.intoArray(c, c0);
    c1v.intoArray(c, c0 + L);
    c2v.intoArray(c, c0 + 2 * L);
    c3v.intoArray(c, c0 + 3 * L);
  }

  /** One row by six vectors. */
  static void tile1x6(
      float[] a, int a0, int aqs, float[] b, int b0, int ldb, float[] c, int c0, int depth) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector c0v = zero, c1v = zero, c2v = zero, c3v = zero, c4v = zero, c5v = zero;
    int i0 = a0;
    int bq = b0;
    for (int q = 0; q < depth; q++) {
      FloatVector x = FloatVector.broadcast(S, a[i0]);
      c0v = x.fma(FloatVector.fromArray(S, b, bq), c0v);
      c1v = x.fma(FloatVector.fromArray(S, b, bq + L), c1v);
      c2v = x.fma(FloatVector.fromArray(S, b, bq + 2 * L), c2v);
      c3v = x.fma(FloatVector.fromArray(S, b, bq + 3 * L), c3v);
      c4v = x.fma(FloatVector.fromArray(S, b, bq + 4 * L), c4v);
      c5v = x.fma(FloatVector.fromArray(S, b, bq + 5 * L), c5v);
      i0 += aqs;
      bq += ldb;
    }
    c0v.intoArray(c, c0);
    c1v.intoArray(c, c0 + L);
    c2v.intoArray(c, c0 + 2 * L);
    c3v.intoArray(c, c0 + 3 * L);
    c4v.intoArray(c, c0 + 4 * L);
    c5v.intoArray(c, c0 + 5 * L);
  }


  /**
   * Twelve rows by one vector (one vector of columns, as LeNet-5's 16 filters at 512 bits): twelve
   * independent chains where {@link Tiles#tile4x1}'s four wait on the FMA's latency, a load of
   * {@code b} and twelve broadcasts per step. The rows are addressed from two running indices,
   * six rows each, so that the loop keeps few registers for addresses.
   */
  static void tile12x1(
      float[] a, int a0, int ars, int aqs, float[] b, int b0, int ldb,
      float[] c, int c0, int ldc, int depth) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector c0v = zero, c1v = zero, c2v = zero, c3v = zero, c4v = zero, c5v = zero;
    FloatVector c6v = zero, c7v = zero, c8v = zero, c9v = zero, c10v = zero, c11v = zero;
    int r2 = 2 * ars;
    int r3 = 3 * ars;
    int r4 = 4 * ars;
    int r5 = 5 * ars;
    int i = a0;
    int j = a0 + 6 * ars;
    int bq = b0;
    for (int q = 0; q < depth; q++) {
      FloatVector bv = FloatVector.fromArray(S, b, bq);
      c0v = FloatVector.broadcast(S, a[i]).fma(bv, c0v);
      c1v = FloatVector.broadcast(S, a[i + ars]).fma(bv, c1v);
      c2v = FloatVector.broadcast(S, a[i + r2]).fma(bv, c2v);
      c3v = FloatVector.broadcast(S, a[i + r3]).fma(bv, c3v);
      c4v = FloatVector.broadcast(S, a[i + r4]).fma(bv, c4v);
      c5v = FloatVector.broadcast(S, a[i + r5]).fma(bv, c5v);
      c6v = FloatVector.broadcast(S, a[j]).fma(bv, c6v);
      c7v = FloatVector.broadcast(S, a[j + ars]).fma(bv, c7v);
      c8v = FloatVector.broadcast(S, a[j + r2]).fma(bv, c8v);
      c9v = FloatVector.broadcast(S, a[j + r3]).fma(bv, c9v);
      c10v = FloatVector.broadcast(S, a[j + r4]).fma(bv, c10v);
      c11v = FloatVector.broadcast(S, a[j + r5]).fma(bv, c11v);
      i += aqs;
      j += aqs;
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
    c8v.intoArray(c, c0 + 8 * ldc);
    c9v.intoArray(c, c0 + 9 * ldc);
    c10v.intoArray(c, c0 + 10 * ldc);
    c11v.intoArray(c, c0 + 11 * ldc);
  }
}
