package org.dendrite.runtime.kernel.vector;

import static org.dendrite.runtime.kernel.vector.Vectors.L;
import static org.dendrite.runtime.kernel.vector.Vectors.S;
import static org.dendrite.runtime.kernel.vector.Vectors.ZEROS;

import jdk.incubator.vector.FloatVector;

/**
 * Products whose left rows are gathered as they are read ({@code A(r, q) = a[aOff + rows[r] +
 * depths[q]]}): a convolution reads its windows in place instead of copying them out (im2col)
 * first. The register tiles are {@link Gemm}'s shapes (four rows by six vectors where AVX-512 has
 * the registers, by three elsewhere, narrower strips for what is left), each broadcasting its four
 * rows' values at the step's depth offset. A tile writes into a small buffer of whole vectors, and
 * an epilogue adds the bias, applies the ReLU and copies the tile's rows out while they are in L1:
 * a column count that is not a whole number of vectors (6 or 16 filters at 512 bits) needs no
 * masks or scalar tails, and the rows below the last four-row tile are computed as a whole tile
 * with the last row repeated.
 *
 * <p>Each output is one chain of fused multiply-adds over {@code q} ascending from zero, then the
 * bias, then the ReLU: bit for bit what {@code ScalarKernels} computes.
 */
final class GatherGemm {
  private GatherGemm() {}

  /** Per-thread copies: the kernel padded to whole vectors, and one row tile's outputs. */
  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  private static final class Buffers {
    float[] b = new float[0];
    float[] out = new float[0];
  }

  static void product(
      float[] a, int aOff, int[] rows, int[] depths, float[] b, int bOff, float[] bias,
      int biasOff, boolean relu, float[] c, int cOff, int m, int k, int n) {
    int vectors = (n + L - 1) / L;
    int width = vectors * L;
    Buffers buffers = BUFFERS.get();
    float[] bb = b;
    int b0 = bOff;
    if (width != n) {
      // The columns padded with zeros to whole vectors, so that every strip is a whole tile.
      if (buffers.b.length < k * width) {
        buffers.b = new float[k * width];
      }
      bb = buffers.b;
      b0 = 0;
      for (int q = 0; q < k; q++) {
        System.arraycopy(b, bOff + q * n, bb, q * width, n);
        java.util.Arrays.fill(bb, q * width + n, (q + 1) * width, 0f);
      }
    }
    if (buffers.out.length < 4 * width) {
      buffers.out = new float[4 * width];
    }
    float[] out = buffers.out;
    int last = m - 1;
    for (int r = 0; r < m; r += 4) {
      int a0 = aOff + rows[r];
      int a1 = aOff + rows[Math.min(r + 1, last)];
      int a2 = aOff + rows[Math.min(r + 2, last)];
      int a3 = aOff + rows[Math.min(r + 3, last)];
      int v = 0;
      if (Gemm.WIDE_TILES) {
        for (; v + 6 <= vectors; v += 6) {
          tile4x6(a, a0, a1, a2, a3, depths, k, bb, b0 + v * L, width, out, v * L, width);
        }
        if (v + 4 <= vectors) {
          tile4x4(a, a0, a1, a2, a3, depths, k, bb, b0 + v * L, width, out, v * L, width);
          v += 4;
        }
      } else {
        for (; v + 3 <= vectors; v += 3) {
          tile4x3(a, a0, a1, a2, a3, depths, k, bb, b0 + v * L, width, out, v * L, width);
        }
      }
      if (v + 2 <= vectors) {
        tile4x2(a, a0, a1, a2, a3, depths, k, bb, b0 + v * L, width, out, v * L, width);
        v += 2;
      }
      if (v < vectors) {
        tile4x1(a, a0, a1, a2, a3, depths, k, bb, b0 + v * L, width, out, v * L, width);
      }
      epilogue(out, width, Math.min(4, m - r), bias, biasOff, relu, c, cOff + r * n, n);
    }
  }

  /** A tile's rows plus the bias, through the ReLU if asked, into {@code c}'s rows. */
  private static void epilogue(float[] out, int width, int rows, float[] bias, int biasOff,
      boolean relu, float[] c, int cOff, int n) {
    int bound = S.loopBound(n);
    for (int i = 0; i < rows; i++) {
      int o = i * width;
      int ci = cOff + i * n;
      int j = 0;
      for (; j < bound; j += L) {
        FloatVector v = FloatVector.fromArray(S, out, o + j);
        if (bias != null) {
          v = v.add(FloatVector.fromArray(S, bias, biasOff + j));
        }
        if (relu) {
          v = v.max(0f);
        }
        v.intoArray(c, ci + j);
      }
      for (; j < n; j++) {
        float x = out[o + j];
        if (bias != null) {
          x += bias[biasOff + j];
        }
        c[ci + j] = relu ? Math.max(x, 0f) : x;
      }
    }
  }

  /** Four gathered rows by 6 vectors: 24 accumulators, 6 loads and 4 broadcasts a step. */
  static void tile4x6(
      float[] a, int a0, int a1, int a2, int a3, int[] depths, int depth, float[] b, int b0,
      int ldb, float[] c, int c0, int ldc) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector c00 = zero, c01 = zero, c02 = zero, c03 = zero, c04 = zero, c05 = zero;
    FloatVector c10 = zero, c11 = zero, c12 = zero, c13 = zero, c14 = zero, c15 = zero;
    FloatVector c20 = zero, c21 = zero, c22 = zero, c23 = zero, c24 = zero, c25 = zero;
    FloatVector c30 = zero, c31 = zero, c32 = zero, c33 = zero, c34 = zero, c35 = zero;
    int bq = b0;
    for (int q = 0; q < depth; q++) {
      int d = depths[q];
      FloatVector b0v = FloatVector.fromArray(S, b, bq);
      FloatVector b1v = FloatVector.fromArray(S, b, bq + 1 * L);
      FloatVector b2v = FloatVector.fromArray(S, b, bq + 2 * L);
      FloatVector b3v = FloatVector.fromArray(S, b, bq + 3 * L);
      FloatVector b4v = FloatVector.fromArray(S, b, bq + 4 * L);
      FloatVector b5v = FloatVector.fromArray(S, b, bq + 5 * L);
      FloatVector x;
      x = FloatVector.broadcast(S, a[a0 + d]);
      c00 = x.fma(b0v, c00);
      c01 = x.fma(b1v, c01);
      c02 = x.fma(b2v, c02);
      c03 = x.fma(b3v, c03);
      c04 = x.fma(b4v, c04);
      c05 = x.fma(b5v, c05);
      x = FloatVector.broadcast(S, a[a1 + d]);
      c10 = x.fma(b0v, c10);
      c11 = x.fma(b1v, c11);
      c12 = x.fma(b2v, c12);
      c13 = x.fma(b3v, c13);
      c14 = x.fma(b4v, c14);
      c15 = x.fma(b5v, c15);
      x = FloatVector.broadcast(S, a[a2 + d]);
      c20 = x.fma(b0v, c20);
      c21 = x.fma(b1v, c21);
      c22 = x.fma(b2v, c22);
      c23 = x.fma(b3v, c23);
      c24 = x.fma(b4v, c24);
      c25 = x.fma(b5v, c25);
      x = FloatVector.broadcast(S, a[a3 + d]);
      c30 = x.fma(b0v, c30);
      c31 = x.fma(b1v, c31);
      c32 = x.fma(b2v, c32);
      c33 = x.fma(b3v, c33);
      c34 = x.fma(b4v, c34);
      c35 = x.fma(b5v, c35);
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

  /** Four gathered rows by 4 vectors: 16 accumulators, 4 loads and 4 broadcasts a step. */
  static void tile4x4(
      float[] a, int a0, int a1, int a2, int a3, int[] depths, int depth, float[] b, int b0,
      int ldb, float[] c, int c0, int ldc) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector c00 = zero, c01 = zero, c02 = zero, c03 = zero;
    FloatVector c10 = zero, c11 = zero, c12 = zero, c13 = zero;
    FloatVector c20 = zero, c21 = zero, c22 = zero, c23 = zero;
    FloatVector c30 = zero, c31 = zero, c32 = zero, c33 = zero;
    int bq = b0;
    for (int q = 0; q < depth; q++) {
      int d = depths[q];
      FloatVector b0v = FloatVector.fromArray(S, b, bq);
      FloatVector b1v = FloatVector.fromArray(S, b, bq + 1 * L);
      FloatVector b2v = FloatVector.fromArray(S, b, bq + 2 * L);
      FloatVector b3v = FloatVector.fromArray(S, b, bq + 3 * L);
      FloatVector x;
      x = FloatVector.broadcast(S, a[a0 + d]);
      c00 = x.fma(b0v, c00);
      c01 = x.fma(b1v, c01);
      c02 = x.fma(b2v, c02);
      c03 = x.fma(b3v, c03);
      x = FloatVector.broadcast(S, a[a1 + d]);
      c10 = x.fma(b0v, c10);
      c11 = x.fma(b1v, c11);
      c12 = x.fma(b2v, c12);
      c13 = x.fma(b3v, c13);
      x = FloatVector.broadcast(S, a[a2 + d]);
      c20 = x.fma(b0v, c20);
      c21 = x.fma(b1v, c21);
      c22 = x.fma(b2v, c22);
      c23 = x.fma(b3v, c23);
      x = FloatVector.broadcast(S, a[a3 + d]);
      c30 = x.fma(b0v, c30);
      c31 = x.fma(b1v, c31);
      c32 = x.fma(b2v, c32);
      c33 = x.fma(b3v, c33);
      bq += ldb;
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + 1 * L);
    c02.intoArray(c, c0 + 2 * L);
    c03.intoArray(c, c0 + 3 * L);
    c10.intoArray(c, c0 + ldc);
    c11.intoArray(c, c0 + ldc + 1 * L);
    c12.intoArray(c, c0 + ldc + 2 * L);
    c13.intoArray(c, c0 + ldc + 3 * L);
    c20.intoArray(c, c0 + 2 * ldc);
    c21.intoArray(c, c0 + 2 * ldc + 1 * L);
    c22.intoArray(c, c0 + 2 * ldc + 2 * L);
    c23.intoArray(c, c0 + 2 * ldc + 3 * L);
    c30.intoArray(c, c0 + 3 * ldc);
    c31.intoArray(c, c0 + 3 * ldc + 1 * L);
    c32.intoArray(c, c0 + 3 * ldc + 2 * L);
    c33.intoArray(c, c0 + 3 * ldc + 3 * L);
  }

  /** Four gathered rows by 3 vectors: 12 accumulators, 3 loads and 4 broadcasts a step. */
  static void tile4x3(
      float[] a, int a0, int a1, int a2, int a3, int[] depths, int depth, float[] b, int b0,
      int ldb, float[] c, int c0, int ldc) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector c00 = zero, c01 = zero, c02 = zero;
    FloatVector c10 = zero, c11 = zero, c12 = zero;
    FloatVector c20 = zero, c21 = zero, c22 = zero;
    FloatVector c30 = zero, c31 = zero, c32 = zero;
    int bq = b0;
    for (int q = 0; q < depth; q++) {
      int d = depths[q];
      FloatVector b0v = FloatVector.fromArray(S, b, bq);
      FloatVector b1v = FloatVector.fromArray(S, b, bq + 1 * L);
      FloatVector b2v = FloatVector.fromArray(S, b, bq + 2 * L);
      FloatVector x;
      x = FloatVector.broadcast(S, a[a0 + d]);
      c00 = x.fma(b0v, c00);
      c01 = x.fma(b1v, c01);
      c02 = x.fma(b2v, c02);
      x = FloatVector.broadcast(S, a[a1 + d]);
      c10 = x.fma(b0v, c10);
      c11 = x.fma(b1v, c11);
      c12 = x.fma(b2v, c12);
      x = FloatVector.broadcast(S, a[a2 + d]);
      c20 = x.fma(b0v, c20);
      c21 = x.fma(b1v, c21);
      c22 = x.fma(b2v, c22);
      x = FloatVector.broadcast(S, a[a3 + d]);
      c30 = x.fma(b0v, c30);
      c31 = x.fma(b1v, c31);
      c32 = x.fma(b2v, c32);
      bq += ldb;
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + 1 * L);
    c02.intoArray(c, c0 + 2 * L);
    c10.intoArray(c, c0 + ldc);
    c11.intoArray(c, c0 + ldc + 1 * L);
    c12.intoArray(c, c0 + ldc + 2 * L);
    c20.intoArray(c, c0 + 2 * ldc);
    c21.intoArray(c, c0 + 2 * ldc + 1 * L);
    c22.intoArray(c, c0 + 2 * ldc + 2 * L);
    c30.intoArray(c, c0 + 3 * ldc);
    c31.intoArray(c, c0 + 3 * ldc + 1 * L);
    c32.intoArray(c, c0 + 3 * ldc + 2 * L);
  }

  /** Four gathered rows by 2 vectors: 8 accumulators, 2 loads and 4 broadcasts a step. */
  static void tile4x2(
      float[] a, int a0, int a1, int a2, int a3, int[] depths, int depth, float[] b, int b0,
      int ldb, float[] c, int c0, int ldc) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector c00 = zero, c01 = zero;
    FloatVector c10 = zero, c11 = zero;
    FloatVector c20 = zero, c21 = zero;
    FloatVector c30 = zero, c31 = zero;
    int bq = b0;
    for (int q = 0; q < depth; q++) {
      int d = depths[q];
      FloatVector b0v = FloatVector.fromArray(S, b, bq);
      FloatVector b1v = FloatVector.fromArray(S, b, bq + 1 * L);
      FloatVector x;
      x = FloatVector.broadcast(S, a[a0 + d]);
      c00 = x.fma(b0v, c00);
      c01 = x.fma(b1v, c01);
      x = FloatVector.broadcast(S, a[a1 + d]);
      c10 = x.fma(b0v, c10);
      c11 = x.fma(b1v, c11);
      x = FloatVector.broadcast(S, a[a2 + d]);
      c20 = x.fma(b0v, c20);
      c21 = x.fma(b1v, c21);
      x = FloatVector.broadcast(S, a[a3 + d]);
      c30 = x.fma(b0v, c30);
      c31 = x.fma(b1v, c31);
      bq += ldb;
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + 1 * L);
    c10.intoArray(c, c0 + ldc);
    c11.intoArray(c, c0 + ldc + 1 * L);
    c20.intoArray(c, c0 + 2 * ldc);
    c21.intoArray(c, c0 + 2 * ldc + 1 * L);
    c30.intoArray(c, c0 + 3 * ldc);
    c31.intoArray(c, c0 + 3 * ldc + 1 * L);
  }

  /** Four gathered rows by 1 vector: 4 accumulators, 1 load and 4 broadcasts a step. */
  static void tile4x1(
      float[] a, int a0, int a1, int a2, int a3, int[] depths, int depth, float[] b, int b0,
      int ldb, float[] c, int c0, int ldc) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector c00 = zero;
    FloatVector c10 = zero;
    FloatVector c20 = zero;
    FloatVector c30 = zero;
    int bq = b0;
    for (int q = 0; q < depth; q++) {
      int d = depths[q];
      FloatVector b0v = FloatVector.fromArray(S, b, bq);
      FloatVector x;
      x = FloatVector.broadcast(S, a[a0 + d]);
      c00 = x.fma(b0v, c00);
      x = FloatVector.broadcast(S, a[a1 + d]);
      c10 = x.fma(b0v, c10);
      x = FloatVector.broadcast(S, a[a2 + d]);
      c20 = x.fma(b0v, c20);
      x = FloatVector.broadcast(S, a[a3 + d]);
      c30 = x.fma(b0v, c30);
      bq += ldb;
    }
    c00.intoArray(c, c0);
    c10.intoArray(c, c0 + ldc);
    c20.intoArray(c, c0 + 2 * ldc);
    c30.intoArray(c, c0 + 3 * ldc);
  }
}
