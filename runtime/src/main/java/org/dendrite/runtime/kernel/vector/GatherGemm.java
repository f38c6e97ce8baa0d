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
 * rows' values at the step's depth offset. Rows go in blocks of 24 (four-, six- and eight-row tiles
 * by the strip's width, 24 accumulators each at 512 bits); each tile adds the bias and applies the
 * ReLU in its registers before it stores, straight into {@code c} where the block is whole, else
 * into a small buffer of whole vectors that is copied out: a column count that is not a whole
 * number of vectors (6 or 16 filters at 512 bits) needs no masks or scalar tails, and rows past
 * the last are computed with the last row repeated. (A separate pass over the outputs, adding the
 * bias and applying the ReLU, took 40 % of a 26×26×32 convolution's time.)
 *
 * <p>Each output is one chain of fused multiply-adds over {@code q} ascending from zero, then the
 * bias, then the ReLU: bit for bit what {@code ScalarKernels} computes.
 */
final class GatherGemm {
  private GatherGemm() {}

  /** Per-thread copies: the kernel and bias padded to whole vectors, a block of rows' outputs. */
  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  private static final class Buffers {
    float[] b = new float[0];
    float[] out = new float[0];
    float[] bias = new float[0];
    /** Where each run of adjacent depth offsets starts, and {@code k} after the last. */
    int[] runs = new int[0];
    /** {@link #tile12x1}'s and {@link #tile10x1}'s accumulators between runs. */
    final float[] acc = new float[12 * L];
  }

  /** Rows per block: a whole number of every tile's rows (4, 6, 8 and 12). */
  private static final int BLOCK = 24;

  /** The mean run of adjacent depth offsets from which one-vector strips go by runs. */
  private static final int LONG_RUN = 8;

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
    if (buffers.out.length < BLOCK * width) {
      buffers.out = new float[BLOCK * width];
      buffers.bias = new float[width];
    }
    // The tiles add the bias and clamp at the floor before they store: -0 is the identity of
    // addition (x + -0 = x, even for x = -0), and max(x, -∞) = x (NaN too).
    float[] e = buffers.bias;
    java.util.Arrays.fill(e, 0, width, -0f);
    if (bias != null) {
      System.arraycopy(bias, biasOff, e, 0, n);
    }
    // The depth offsets cut into runs of adjacent values (a window row's pixels and channels).
    if (buffers.runs.length < k + 1) {
      buffers.runs = new int[k + 1];
    }
    int[] runs = buffers.runs;
    int runCount = 0;
    for (int q = 0; q < k; q++) {
      if (q == 0 || depths[q] != depths[q - 1] + 1) {
        runs[runCount++] = q;
      }
    }
    runs[runCount] = k;
    // Long runs (LeNet-5's conv2: 5 of 30) let a one-vector tile index the image linearly, so
    // that the JIT checks each run's bounds once instead of every gathered value at each step.
    boolean longRuns = k >= LONG_RUN * runCount;
    float floor = relu ? 0f : Float.NEGATIVE_INFINITY;
    float[] out = buffers.out;
    int last = m - 1;
    if (longRuns && width == n && n == L && m % 10 == 0) {
      // One whole vector of columns, rows in tens (a 10×10 image): whole tiles straight into c.
      for (int r = 0; r < m; r += 10) {
        if (spacedBy6(rows, r)) {
          tile10x1Spaced6(a, aOff, rows, r, depths, runs, runCount, bb, b0, width, e, 0, floor,
              c, cOff + r * n, n, buffers.acc);
        } else {
          tile10x1(a, aOff, rows, r, last, depths, runs, runCount, bb, b0, width, e, 0, floor, c,
              cOff + r * n, n, buffers.acc);
        }
      }
      return;
    }
    if (width == n && n == L && m % 10 == 0 && adjacentTens(rows, m)) {
      // One whole vector of columns, rows in tens of adjacent pixels (a row of windows over
      // planes, stride 1): whole tiles, one pass over the depth each, straight into c.
      for (int r = 0; r < m; r += 10) {
        tile10x1Adjacent(a, aOff + rows[r], depths, k, bb, b0, width, e, floor, c, cOff + r * n,
            n);
      }
      return;
    }
    for (int r0 = 0; r0 < m; r0 += BLOCK) {
      // A whole block of whole vectors is written straight into c; otherwise into the buffer
      // (rows past the last repeat it, columns past n are the padding's), then copied.
      boolean direct = width == n && r0 + BLOCK <= m;
      float[] t = direct ? c : out;
      int t0 = direct ? cOff + r0 * n : 0;
      int v = 0;
      if (Gemm.WIDE_TILES) {
        for (; v + 6 <= vectors; v += 6) {
          for (int r = 0; r < BLOCK && r0 + r < m; r += 4) {
            tile4x6(a, aOff, rows, r0 + r, last, depths, k, bb, b0 + v * L, width, e, v * L,
                floor, t, t0 + r * width + v * L, width);
          }
        }
        if (v + 4 <= vectors) {
          for (int r = 0; r < BLOCK && r0 + r < m; r += 6) {
            tile6x4(a, aOff, rows, r0 + r, last, depths, k, bb, b0 + v * L, width, e, v * L,
                floor, t, t0 + r * width + v * L, width);
          }
          v += 4;
        }
        if (v + 2 <= vectors) {
          for (int r = 0; r < BLOCK && r0 + r < m; r += 8) {
            tile8x2(a, aOff, rows, r0 + r, last, depths, k, bb, b0 + v * L, width, e, v * L,
                floor, t, t0 + r * width + v * L, width);
          }
          v += 2;
        }
      } else {
        for (; v + 3 <= vectors; v += 3) {
          for (int r = 0; r < BLOCK && r0 + r < m; r += 4) {
            tile4x3(a, aOff, rows, r0 + r, last, depths, k, bb, b0 + v * L, width, e, v * L,
                floor, t, t0 + r * width + v * L, width);
          }
        }
        if (v + 2 <= vectors) {
          for (int r = 0; r < BLOCK && r0 + r < m; r += 6) {
            tile6x2(a, aOff, rows, r0 + r, last, depths, k, bb, b0 + v * L, width, e, v * L,
                floor, t, t0 + r * width + v * L, width);
          }
          v += 2;
        }
      }
      for (; v < vectors; v++) {
        if (longRuns) {
          for (int r = 0; r < BLOCK && r0 + r < m; r += 12) {
            tile12x1(a, aOff, rows, r0 + r, last, depths, runs, runCount, bb, b0 + v * L, width,
                e, v * L, floor, t, t0 + r * width + v * L, width, buffers.acc);
          }
        } else {
          for (int r = 0; r < BLOCK && r0 + r < m; r += 8) {
            tile8x1(a, aOff, rows, r0 + r, last, depths, k, bb, b0 + v * L, width, e, v * L,
                floor, t, t0 + r * width + v * L, width);
          }
        }
      }
      if (!direct) {
        copyRows(out, width, c, cOff + r0 * n, n, Math.min(BLOCK, m - r0));
      }
    }
  }

  /**
   * The first {@code n} values of {@code rows} rows {@code width} apart into adjacent rows of
   * {@code c}; short rows by a loop, as a call to arraycopy costs more than a few values.
   */
  private static void copyRows(float[] out, int width, float[] c, int cOff, int n, int rows) {
    for (int i = 0; i < rows; i++) {
      int o = i * width;
      int ci = cOff + i * n;
      if (n < 16) {
        for (int j = 0; j < n; j++) {
          c[ci + j] = out[o + j];
        }
      } else {
        System.arraycopy(out, o, c, ci, n);
      }
    }
  }

  /** 4 gathered rows by 6 vectors: 24 accumulators, 6 loads and 4 broadcasts a step. */
  static void tile4x6(
      float[] a, int aOff, int[] rows, int r, int last, int[] depths, int depth, float[] b,
      int b0, int ldb, float[] bias, int e0, float floor, float[] c, int c0, int ldc) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector c0_0 = zero, c0_1 = zero, c0_2 = zero, c0_3 = zero, c0_4 = zero, c0_5 = zero;
    FloatVector c1_0 = zero, c1_1 = zero, c1_2 = zero, c1_3 = zero, c1_4 = zero, c1_5 = zero;
    FloatVector c2_0 = zero, c2_1 = zero, c2_2 = zero, c2_3 = zero, c2_4 = zero, c2_5 = zero;
    FloatVector c3_0 = zero, c3_1 = zero, c3_2 = zero, c3_3 = zero, c3_4 = zero, c3_5 = zero;
    int a0 = aOff + rows[r];
    int a1 = aOff + rows[Math.min(r + 1, last)];
    int a2 = aOff + rows[Math.min(r + 2, last)];
    int a3 = aOff + rows[Math.min(r + 3, last)];
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
      c0_0 = x.fma(b0v, c0_0);
      c0_1 = x.fma(b1v, c0_1);
      c0_2 = x.fma(b2v, c0_2);
      c0_3 = x.fma(b3v, c0_3);
      c0_4 = x.fma(b4v, c0_4);
      c0_5 = x.fma(b5v, c0_5);
      x = FloatVector.broadcast(S, a[a1 + d]);
      c1_0 = x.fma(b0v, c1_0);
      c1_1 = x.fma(b1v, c1_1);
      c1_2 = x.fma(b2v, c1_2);
      c1_3 = x.fma(b3v, c1_3);
      c1_4 = x.fma(b4v, c1_4);
      c1_5 = x.fma(b5v, c1_5);
      x = FloatVector.broadcast(S, a[a2 + d]);
      c2_0 = x.fma(b0v, c2_0);
      c2_1 = x.fma(b1v, c2_1);
      c2_2 = x.fma(b2v, c2_2);
      c2_3 = x.fma(b3v, c2_3);
      c2_4 = x.fma(b4v, c2_4);
      c2_5 = x.fma(b5v, c2_5);
      x = FloatVector.broadcast(S, a[a3 + d]);
      c3_0 = x.fma(b0v, c3_0);
      c3_1 = x.fma(b1v, c3_1);
      c3_2 = x.fma(b2v, c3_2);
      c3_3 = x.fma(b3v, c3_3);
      c3_4 = x.fma(b4v, c3_4);
      c3_5 = x.fma(b5v, c3_5);
      bq += ldb;
    }
    FloatVector f = FloatVector.broadcast(S, floor);
    FloatVector s0 = FloatVector.fromArray(S, bias, e0);
    FloatVector s1 = FloatVector.fromArray(S, bias, e0 + 1 * L);
    FloatVector s2 = FloatVector.fromArray(S, bias, e0 + 2 * L);
    FloatVector s3 = FloatVector.fromArray(S, bias, e0 + 3 * L);
    FloatVector s4 = FloatVector.fromArray(S, bias, e0 + 4 * L);
    FloatVector s5 = FloatVector.fromArray(S, bias, e0 + 5 * L);
    c0_0.add(s0).max(f).intoArray(c, c0);
    c0_1.add(s1).max(f).intoArray(c, c0 + 1 * L);
    c0_2.add(s2).max(f).intoArray(c, c0 + 2 * L);
    c0_3.add(s3).max(f).intoArray(c, c0 + 3 * L);
    c0_4.add(s4).max(f).intoArray(c, c0 + 4 * L);
    c0_5.add(s5).max(f).intoArray(c, c0 + 5 * L);
    c1_0.add(s0).max(f).intoArray(c, c0 + ldc);
    c1_1.add(s1).max(f).intoArray(c, c0 + ldc + 1 * L);
    c1_2.add(s2).max(f).intoArray(c, c0 + ldc + 2 * L);
    c1_3.add(s3).max(f).intoArray(c, c0 + ldc + 3 * L);
    c1_4.add(s4).max(f).intoArray(c, c0 + ldc + 4 * L);
    c1_5.add(s5).max(f).intoArray(c, c0 + ldc + 5 * L);
    c2_0.add(s0).max(f).intoArray(c, c0 + 2 * ldc);
    c2_1.add(s1).max(f).intoArray(c, c0 + 2 * ldc + 1 * L);
    c2_2.add(s2).max(f).intoArray(c, c0 + 2 * ldc + 2 * L);
    c2_3.add(s3).max(f).intoArray(c, c0 + 2 * ldc + 3 * L);
    c2_4.add(s4).max(f).intoArray(c, c0 + 2 * ldc + 4 * L);
    c2_5.add(s5).max(f).intoArray(c, c0 + 2 * ldc + 5 * L);
    c3_0.add(s0).max(f).intoArray(c, c0 + 3 * ldc);
    c3_1.add(s1).max(f).intoArray(c, c0 + 3 * ldc + 1 * L);
    c3_2.add(s2).max(f).intoArray(c, c0 + 3 * ldc + 2 * L);
    c3_3.add(s3).max(f).intoArray(c, c0 + 3 * ldc + 3 * L);
    c3_4.add(s4).max(f).intoArray(c, c0 + 3 * ldc + 4 * L);
    c3_5.add(s5).max(f).intoArray(c, c0 + 3 * ldc + 5 * L);
  }

  /** 6 gathered rows by 4 vectors: 24 accumulators, 4 loads and 6 broadcasts a step. */
  static void tile6x4(
      float[] a, int aOff, int[] rows, int r, int last, int[] depths, int depth, float[] b,
      int b0, int ldb, float[] bias, int e0, float floor, float[] c, int c0, int ldc) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector c0_0 = zero, c0_1 = zero, c0_2 = zero, c0_3 = zero;
    FloatVector c1_0 = zero, c1_1 = zero, c1_2 = zero, c1_3 = zero;
    FloatVector c2_0 = zero, c2_1 = zero, c2_2 = zero, c2_3 = zero;
    FloatVector c3_0 = zero, c3_1 = zero, c3_2 = zero, c3_3 = zero;
    FloatVector c4_0 = zero, c4_1 = zero, c4_2 = zero, c4_3 = zero;
    FloatVector c5_0 = zero, c5_1 = zero, c5_2 = zero, c5_3 = zero;
    int a0 = aOff + rows[r];
    int a1 = aOff + rows[Math.min(r + 1, last)];
    int a2 = aOff + rows[Math.min(r + 2, last)];
    int a3 = aOff + rows[Math.min(r + 3, last)];
    int a4 = aOff + rows[Math.min(r + 4, last)];
    int a5 = aOff + rows[Math.min(r + 5, last)];
    int bq = b0;
    for (int q = 0; q < depth; q++) {
      int d = depths[q];
      FloatVector b0v = FloatVector.fromArray(S, b, bq);
      FloatVector b1v = FloatVector.fromArray(S, b, bq + 1 * L);
      FloatVector b2v = FloatVector.fromArray(S, b, bq + 2 * L);
      FloatVector b3v = FloatVector.fromArray(S, b, bq + 3 * L);
      FloatVector x;
      x = FloatVector.broadcast(S, a[a0 + d]);
      c0_0 = x.fma(b0v, c0_0);
      c0_1 = x.fma(b1v, c0_1);
      c0_2 = x.fma(b2v, c0_2);
      c0_3 = x.fma(b3v, c0_3);
      x = FloatVector.broadcast(S, a[a1 + d]);
      c1_0 = x.fma(b0v, c1_0);
      c1_1 = x.fma(b1v, c1_1);
      c1_2 = x.fma(b2v, c1_2);
      c1_3 = x.fma(b3v, c1_3);
      x = FloatVector.broadcast(S, a[a2 + d]);
      c2_0 = x.fma(b0v, c2_0);
      c2_1 = x.fma(b1v, c2_1);
      c2_2 = x.fma(b2v, c2_2);
      c2_3 = x.fma(b3v, c2_3);
      x = FloatVector.broadcast(S, a[a3 + d]);
      c3_0 = x.fma(b0v, c3_0);
      c3_1 = x.fma(b1v, c3_1);
      c3_2 = x.fma(b2v, c3_2);
      c3_3 = x.fma(b3v, c3_3);
      x = FloatVector.broadcast(S, a[a4 + d]);
      c4_0 = x.fma(b0v, c4_0);
      c4_1 = x.fma(b1v, c4_1);
      c4_2 = x.fma(b2v, c4_2);
      c4_3 = x.fma(b3v, c4_3);
      x = FloatVector.broadcast(S, a[a5 + d]);
      c5_0 = x.fma(b0v, c5_0);
      c5_1 = x.fma(b1v, c5_1);
      c5_2 = x.fma(b2v, c5_2);
      c5_3 = x.fma(b3v, c5_3);
      bq += ldb;
    }
    FloatVector f = FloatVector.broadcast(S, floor);
    FloatVector s0 = FloatVector.fromArray(S, bias, e0);
    FloatVector s1 = FloatVector.fromArray(S, bias, e0 + 1 * L);
    FloatVector s2 = FloatVector.fromArray(S, bias, e0 + 2 * L);
    FloatVector s3 = FloatVector.fromArray(S, bias, e0 + 3 * L);
    c0_0.add(s0).max(f).intoArray(c, c0);
    c0_1.add(s1).max(f).intoArray(c, c0 + 1 * L);
    c0_2.add(s2).max(f).intoArray(c, c0 + 2 * L);
    c0_3.add(s3).max(f).intoArray(c, c0 + 3 * L);
    c1_0.add(s0).max(f).intoArray(c, c0 + ldc);
    c1_1.add(s1).max(f).intoArray(c, c0 + ldc + 1 * L);
    c1_2.add(s2).max(f).intoArray(c, c0 + ldc + 2 * L);
    c1_3.add(s3).max(f).intoArray(c, c0 + ldc + 3 * L);
    c2_0.add(s0).max(f).intoArray(c, c0 + 2 * ldc);
    c2_1.add(s1).max(f).intoArray(c, c0 + 2 * ldc + 1 * L);
    c2_2.add(s2).max(f).intoArray(c, c0 + 2 * ldc + 2 * L);
    c2_3.add(s3).max(f).intoArray(c, c0 + 2 * ldc + 3 * L);
    c3_0.add(s0).max(f).intoArray(c, c0 + 3 * ldc);
    c3_1.add(s1).max(f).intoArray(c, c0 + 3 * ldc + 1 * L);
    c3_2.add(s2).max(f).intoArray(c, c0 + 3 * ldc + 2 * L);
    c3_3.add(s3).max(f).intoArray(c, c0 + 3 * ldc + 3 * L);
    c4_0.add(s0).max(f).intoArray(c, c0 + 4 * ldc);
    c4_1.add(s1).max(f).intoArray(c, c0 + 4 * ldc + 1 * L);
    c4_2.add(s2).max(f).intoArray(c, c0 + 4 * ldc + 2 * L);
    c4_3.add(s3).max(f).intoArray(c, c0 + 4 * ldc + 3 * L);
    c5_0.add(s0).max(f).intoArray(c, c0 + 5 * ldc);
    c5_1.add(s1).max(f).intoArray(c, c0 + 5 * ldc + 1 * L);
    c5_2.add(s2).max(f).intoArray(c, c0 + 5 * ldc + 2 * L);
    c5_3.add(s3).max(f).intoArray(c, c0 + 5 * ldc + 3 * L);
  }

  /** 8 gathered rows by 2 vectors: 16 accumulators, 2 loads and 8 broadcasts a step. */
  static void tile8x2(
      float[] a, int aOff, int[] rows, int r, int last, int[] depths, int depth, float[] b,
      int b0, int ldb, float[] bias, int e0, float floor, float[] c, int c0, int ldc) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector c0_0 = zero, c0_1 = zero;
    FloatVector c1_0 = zero, c1_1 = zero;
    FloatVector c2_0 = zero, c2_1 = zero;
    FloatVector c3_0 = zero, c3_1 = zero;
    FloatVector c4_0 = zero, c4_1 = zero;
    FloatVector c5_0 = zero, c5_1 = zero;
    FloatVector c6_0 = zero, c6_1 = zero;
    FloatVector c7_0 = zero, c7_1 = zero;
    int a0 = aOff + rows[r];
    int a1 = aOff + rows[Math.min(r + 1, last)];
    int a2 = aOff + rows[Math.min(r + 2, last)];
    int a3 = aOff + rows[Math.min(r + 3, last)];
    int a4 = aOff + rows[Math.min(r + 4, last)];
    int a5 = aOff + rows[Math.min(r + 5, last)];
    int a6 = aOff + rows[Math.min(r + 6, last)];
    int a7 = aOff + rows[Math.min(r + 7, last)];
    int bq = b0;
    for (int q = 0; q < depth; q++) {
      int d = depths[q];
      FloatVector b0v = FloatVector.fromArray(S, b, bq);
      FloatVector b1v = FloatVector.fromArray(S, b, bq + 1 * L);
      FloatVector x;
      x = FloatVector.broadcast(S, a[a0 + d]);
      c0_0 = x.fma(b0v, c0_0);
      c0_1 = x.fma(b1v, c0_1);
      x = FloatVector.broadcast(S, a[a1 + d]);
      c1_0 = x.fma(b0v, c1_0);
      c1_1 = x.fma(b1v, c1_1);
      x = FloatVector.broadcast(S, a[a2 + d]);
      c2_0 = x.fma(b0v, c2_0);
      c2_1 = x.fma(b1v, c2_1);
      x = FloatVector.broadcast(S, a[a3 + d]);
      c3_0 = x.fma(b0v, c3_0);
      c3_1 = x.fma(b1v, c3_1);
      x = FloatVector.broadcast(S, a[a4 + d]);
      c4_0 = x.fma(b0v, c4_0);
      c4_1 = x.fma(b1v, c4_1);
      x = FloatVector.broadcast(S, a[a5 + d]);
      c5_0 = x.fma(b0v, c5_0);
      c5_1 = x.fma(b1v, c5_1);
      x = FloatVector.broadcast(S, a[a6 + d]);
      c6_0 = x.fma(b0v, c6_0);
      c6_1 = x.fma(b1v, c6_1);
      x = FloatVector.broadcast(S, a[a7 + d]);
      c7_0 = x.fma(b0v, c7_0);
      c7_1 = x.fma(b1v, c7_1);
      bq += ldb;
    }
    FloatVector f = FloatVector.broadcast(S, floor);
    FloatVector s0 = FloatVector.fromArray(S, bias, e0);
    FloatVector s1 = FloatVector.fromArray(S, bias, e0 + 1 * L);
    c0_0.add(s0).max(f).intoArray(c, c0);
    c0_1.add(s1).max(f).intoArray(c, c0 + 1 * L);
    c1_0.add(s0).max(f).intoArray(c, c0 + ldc);
    c1_1.add(s1).max(f).intoArray(c, c0 + ldc + 1 * L);
    c2_0.add(s0).max(f).intoArray(c, c0 + 2 * ldc);
    c2_1.add(s1).max(f).intoArray(c, c0 + 2 * ldc + 1 * L);
    c3_0.add(s0).max(f).intoArray(c, c0 + 3 * ldc);
    c3_1.add(s1).max(f).intoArray(c, c0 + 3 * ldc + 1 * L);
    c4_0.add(s0).max(f).intoArray(c, c0 + 4 * ldc);
    c4_1.add(s1).max(f).intoArray(c, c0 + 4 * ldc + 1 * L);
    c5_0.add(s0).max(f).intoArray(c, c0 + 5 * ldc);
    c5_1.add(s1).max(f).intoArray(c, c0 + 5 * ldc + 1 * L);
    c6_0.add(s0).max(f).intoArray(c, c0 + 6 * ldc);
    c6_1.add(s1).max(f).intoArray(c, c0 + 6 * ldc + 1 * L);
    c7_0.add(s0).max(f).intoArray(c, c0 + 7 * ldc);
    c7_1.add(s1).max(f).intoArray(c, c0 + 7 * ldc + 1 * L);
  }

  /** 4 gathered rows by 3 vectors: 12 accumulators, 3 loads and 4 broadcasts a step. */
  static void tile4x3(
      float[] a, int aOff, int[] rows, int r, int last, int[] depths, int depth, float[] b,
      int b0, int ldb, float[] bias, int e0, float floor, float[] c, int c0, int ldc) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector c0_0 = zero, c0_1 = zero, c0_2 = zero;
    FloatVector c1_0 = zero, c1_1 = zero, c1_2 = zero;
    FloatVector c2_0 = zero, c2_1 = zero, c2_2 = zero;
    FloatVector c3_0 = zero, c3_1 = zero, c3_2 = zero;
    int a0 = aOff + rows[r];
    int a1 = aOff + rows[Math.min(r + 1, last)];
    int a2 = aOff + rows[Math.min(r + 2, last)];
    int a3 = aOff + rows[Math.min(r + 3, last)];
    int bq = b0;
    for (int q = 0; q < depth; q++) {
      int d = depths[q];
      FloatVector b0v = FloatVector.fromArray(S, b, bq);
      FloatVector b1v = FloatVector.fromArray(S, b, bq + 1 * L);
      FloatVector b2v = FloatVector.fromArray(S, b, bq + 2 * L);
      FloatVector x;
      x = FloatVector.broadcast(S, a[a0 + d]);
      c0_0 = x.fma(b0v, c0_0);
      c0_1 = x.fma(b1v, c0_1);
      c0_2 = x.fma(b2v, c0_2);
      x = FloatVector.broadcast(S, a[a1 + d]);
      c1_0 = x.fma(b0v, c1_0);
      c1_1 = x.fma(b1v, c1_1);
      c1_2 = x.fma(b2v, c1_2);
      x = FloatVector.broadcast(S, a[a2 + d]);
      c2_0 = x.fma(b0v, c2_0);
      c2_1 = x.fma(b1v, c2_1);
      c2_2 = x.fma(b2v, c2_2);
      x = FloatVector.broadcast(S, a[a3 + d]);
      c3_0 = x.fma(b0v, c3_0);
      c3_1 = x.fma(b1v, c3_1);
      c3_2 = x.fma(b2v, c3_2);
      bq += ldb;
    }
    FloatVector f = FloatVector.broadcast(S, floor);
    FloatVector s0 = FloatVector.fromArray(S, bias, e0);
    FloatVector s1 = FloatVector.fromArray(S, bias, e0 + 1 * L);
    FloatVector s2 = FloatVector.fromArray(S, bias, e0 + 2 * L);
    c0_0.add(s0).max(f).intoArray(c, c0);
    c0_1.add(s1).max(f).intoArray(c, c0 + 1 * L);
    c0_2.add(s2).max(f).intoArray(c, c0 + 2 * L);
    c1_0.add(s0).max(f).intoArray(c, c0 + ldc);
    c1_1.add(s1).max(f).intoArray(c, c0 + ldc + 1 * L);
    c1_2.add(s2).max(f).intoArray(c, c0 + ldc + 2 * L);
    c2_0.add(s0).max(f).intoArray(c, c0 + 2 * ldc);
    c2_1.add(s1).max(f).intoArray(c, c0 + 2 * ldc + 1 * L);
    c2_2.add(s2).max(f).intoArray(c, c0 + 2 * ldc + 2 * L);
    c3_0.add(s0).max(f).intoArray(c, c0 + 3 * ldc);
    c3_1.add(s1).max(f).intoArray(c, c0 + 3 * ldc + 1 * L);
    c3_2.add(s2).max(f).intoArray(c, c0 + 3 * ldc + 2 * L);
  }

  /** 6 gathered rows by 2 vectors: 12 accumulators, 2 loads and 6 broadcasts a step. */
  static void tile6x2(
      float[] a, int aOff, int[] rows, int r, int last, int[] depths, int depth, float[] b,
      int b0, int ldb, float[] bias, int e0, float floor, float[] c, int c0, int ldc) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector c0_0 = zero, c0_1 = zero;
    FloatVector c1_0 = zero, c1_1 = zero;
    FloatVector c2_0 = zero, c2_1 = zero;
    FloatVector c3_0 = zero, c3_1 = zero;
    FloatVector c4_0 = zero, c4_1 = zero;
    FloatVector c5_0 = zero, c5_1 = zero;
    int a0 = aOff + rows[r];
    int a1 = aOff + rows[Math.min(r + 1, last)];
    int a2 = aOff + rows[Math.min(r + 2, last)];
    int a3 = aOff + rows[Math.min(r + 3, last)];
    int a4 = aOff + rows[Math.min(r + 4, last)];
    int a5 = aOff + rows[Math.min(r + 5, last)];
    int bq = b0;
    for (int q = 0; q < depth; q++) {
      int d = depths[q];
      FloatVector b0v = FloatVector.fromArray(S, b, bq);
      FloatVector b1v = FloatVector.fromArray(S, b, bq + 1 * L);
      FloatVector x;
      x = FloatVector.broadcast(S, a[a0 + d]);
      c0_0 = x.fma(b0v, c0_0);
      c0_1 = x.fma(b1v, c0_1);
      x = FloatVector.broadcast(S, a[a1 + d]);
      c1_0 = x.fma(b0v, c1_0);
      c1_1 = x.fma(b1v, c1_1);
      x = FloatVector.broadcast(S, a[a2 + d]);
      c2_0 = x.fma(b0v, c2_0);
      c2_1 = x.fma(b1v, c2_1);
      x = FloatVector.broadcast(S, a[a3 + d]);
      c3_0 = x.fma(b0v, c3_0);
      c3_1 = x.fma(b1v, c3_1);
      x = FloatVector.broadcast(S, a[a4 + d]);
      c4_0 = x.fma(b0v, c4_0);
      c4_1 = x.fma(b1v, c4_1);
      x = FloatVector.broadcast(S, a[a5 + d]);
      c5_0 = x.fma(b0v, c5_0);
      c5_1 = x.fma(b1v, c5_1);
      bq += ldb;
    }
    FloatVector f = FloatVector.broadcast(S, floor);
    FloatVector s0 = FloatVector.fromArray(S, bias, e0);
    FloatVector s1 = FloatVector.fromArray(S, bias, e0 + 1 * L);
    c0_0.add(s0).max(f).intoArray(c, c0);
    c0_1.add(s1).max(f).intoArray(c, c0 + 1 * L);
    c1_0.add(s0).max(f).intoArray(c, c0 + ldc);
    c1_1.add(s1).max(f).intoArray(c, c0 + ldc + 1 * L);
    c2_0.add(s0).max(f).intoArray(c, c0 + 2 * ldc);
    c2_1.add(s1).max(f).intoArray(c, c0 + 2 * ldc + 1 * L);
    c3_0.add(s0).max(f).intoArray(c, c0 + 3 * ldc);
    c3_1.add(s1).max(f).intoArray(c, c0 + 3 * ldc + 1 * L);
    c4_0.add(s0).max(f).intoArray(c, c0 + 4 * ldc);
    c4_1.add(s1).max(f).intoArray(c, c0 + 4 * ldc + 1 * L);
    c5_0.add(s0).max(f).intoArray(c, c0 + 5 * ldc);
    c5_1.add(s1).max(f).intoArray(c, c0 + 5 * ldc + 1 * L);
  }

  /** 8 gathered rows by 1 vector: 8 accumulators, 1 load and 8 broadcasts a step. */
  static void tile8x1(
      float[] a, int aOff, int[] rows, int r, int last, int[] depths, int depth, float[] b,
      int b0, int ldb, float[] bias, int e0, float floor, float[] c, int c0, int ldc) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector c0_0 = zero;
    FloatVector c1_0 = zero;
    FloatVector c2_0 = zero;
    FloatVector c3_0 = zero;
    FloatVector c4_0 = zero;
    FloatVector c5_0 = zero;
    FloatVector c6_0 = zero;
    FloatVector c7_0 = zero;
    int a0 = aOff + rows[r];
    int a1 = aOff + rows[Math.min(r + 1, last)];
    int a2 = aOff + rows[Math.min(r + 2, last)];
    int a3 = aOff + rows[Math.min(r + 3, last)];
    int a4 = aOff + rows[Math.min(r + 4, last)];
    int a5 = aOff + rows[Math.min(r + 5, last)];
    int a6 = aOff + rows[Math.min(r + 6, last)];
    int a7 = aOff + rows[Math.min(r + 7, last)];
    int bq = b0;
    for (int q = 0; q < depth; q++) {
      int d = depths[q];
      FloatVector b0v = FloatVector.fromArray(S, b, bq);
      FloatVector x;
      x = FloatVector.broadcast(S, a[a0 + d]);
      c0_0 = x.fma(b0v, c0_0);
      x = FloatVector.broadcast(S, a[a1 + d]);
      c1_0 = x.fma(b0v, c1_0);
      x = FloatVector.broadcast(S, a[a2 + d]);
      c2_0 = x.fma(b0v, c2_0);
      x = FloatVector.broadcast(S, a[a3 + d]);
      c3_0 = x.fma(b0v, c3_0);
      x = FloatVector.broadcast(S, a[a4 + d]);
      c4_0 = x.fma(b0v, c4_0);
      x = FloatVector.broadcast(S, a[a5 + d]);
      c5_0 = x.fma(b0v, c5_0);
      x = FloatVector.broadcast(S, a[a6 + d]);
      c6_0 = x.fma(b0v, c6_0);
      x = FloatVector.broadcast(S, a[a7 + d]);
      c7_0 = x.fma(b0v, c7_0);
      bq += ldb;
    }
    FloatVector f = FloatVector.broadcast(S, floor);
    FloatVector s0 = FloatVector.fromArray(S, bias, e0);
    c0_0.add(s0).max(f).intoArray(c, c0);
    c1_0.add(s0).max(f).intoArray(c, c0 + ldc);
    c2_0.add(s0).max(f).intoArray(c, c0 + 2 * ldc);
    c3_0.add(s0).max(f).intoArray(c, c0 + 3 * ldc);
    c4_0.add(s0).max(f).intoArray(c, c0 + 4 * ldc);
    c5_0.add(s0).max(f).intoArray(c, c0 + 5 * ldc);
    c6_0.add(s0).max(f).intoArray(c, c0 + 6 * ldc);
    c7_0.add(s0).max(f).intoArray(c, c0 + 7 * ldc);
  }

  /**
   * 12 gathered rows by 1 vector: 12 accumulators, 1 load and 12 broadcasts a step, the depth
   * in runs of adjacent window values ({@code runs}): within a run each row's values are indexed
   * linearly, so the JIT checks their bounds once per run rather than twelve times a step
   * (LeNet-5's conv2, 100 rows × 150 × 16: 4.65 → 4.25 µs). The accumulators pass through {@code
   * acc} between runs: JDK 17's C2 boxes vectors carried by two nested loops (70 µs).
   */
  static void tile12x1(
      float[] a, int aOff, int[] rows, int r, int last, int[] depths, int[] runs, int runCount,
      float[] b, int b0, int ldb, float[] bias, int e0, float floor, float[] c, int c0, int ldc,
      float[] acc) {
    int a0 = aOff + rows[r];
    int a1 = aOff + rows[Math.min(r + 1, last)];
    int a2 = aOff + rows[Math.min(r + 2, last)];
    int a3 = aOff + rows[Math.min(r + 3, last)];
    int a4 = aOff + rows[Math.min(r + 4, last)];
    int a5 = aOff + rows[Math.min(r + 5, last)];
    int a6 = aOff + rows[Math.min(r + 6, last)];
    int a7 = aOff + rows[Math.min(r + 7, last)];
    int a8 = aOff + rows[Math.min(r + 8, last)];
    int a9 = aOff + rows[Math.min(r + 9, last)];
    int a10 = aOff + rows[Math.min(r + 10, last)];
    int a11 = aOff + rows[Math.min(r + 11, last)];
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    for (int i = 0; i < 12; i++) {
      zero.intoArray(acc, i * L);
    }
    int bq = b0;
    for (int s = 0; s < runCount; s++) {
      int q0 = runs[s];
      int len = runs[s + 1] - q0;
      int e = depths[q0];
      int a0d = a0 + e;
      int a1d = a1 + e;
      int a2d = a2 + e;
      int a3d = a3 + e;
      int a4d = a4 + e;
      int a5d = a5 + e;
      int a6d = a6 + e;
      int a7d = a7 + e;
      int a8d = a8 + e;
      int a9d = a9 + e;
      int a10d = a10 + e;
      int a11d = a11 + e;
      FloatVector v0 = FloatVector.fromArray(S, acc, 0 * L);
      FloatVector v1 = FloatVector.fromArray(S, acc, 1 * L);
      FloatVector v2 = FloatVector.fromArray(S, acc, 2 * L);
      FloatVector v3 = FloatVector.fromArray(S, acc, 3 * L);
      FloatVector v4 = FloatVector.fromArray(S, acc, 4 * L);
      FloatVector v5 = FloatVector.fromArray(S, acc, 5 * L);
      FloatVector v6 = FloatVector.fromArray(S, acc, 6 * L);
      FloatVector v7 = FloatVector.fromArray(S, acc, 7 * L);
      FloatVector v8 = FloatVector.fromArray(S, acc, 8 * L);
      FloatVector v9 = FloatVector.fromArray(S, acc, 9 * L);
      FloatVector v10 = FloatVector.fromArray(S, acc, 10 * L);
      FloatVector v11 = FloatVector.fromArray(S, acc, 11 * L);
      for (int j = 0; j < len; j++) {
        FloatVector bv = FloatVector.fromArray(S, b, bq);
        v0 = FloatVector.broadcast(S, a[a0d + j]).fma(bv, v0);
        v1 = FloatVector.broadcast(S, a[a1d + j]).fma(bv, v1);
        v2 = FloatVector.broadcast(S, a[a2d + j]).fma(bv, v2);
        v3 = FloatVector.broadcast(S, a[a3d + j]).fma(bv, v3);
        v4 = FloatVector.broadcast(S, a[a4d + j]).fma(bv, v4);
        v5 = FloatVector.broadcast(S, a[a5d + j]).fma(bv, v5);
        v6 = FloatVector.broadcast(S, a[a6d + j]).fma(bv, v6);
        v7 = FloatVector.broadcast(S, a[a7d + j]).fma(bv, v7);
        v8 = FloatVector.broadcast(S, a[a8d + j]).fma(bv, v8);
        v9 = FloatVector.broadcast(S, a[a9d + j]).fma(bv, v9);
        v10 = FloatVector.broadcast(S, a[a10d + j]).fma(bv, v10);
        v11 = FloatVector.broadcast(S, a[a11d + j]).fma(bv, v11);
        bq += ldb;
      }
      v0.intoArray(acc, 0 * L);
      v1.intoArray(acc, 1 * L);
      v2.intoArray(acc, 2 * L);
      v3.intoArray(acc, 3 * L);
      v4.intoArray(acc, 4 * L);
      v5.intoArray(acc, 5 * L);
      v6.intoArray(acc, 6 * L);
      v7.intoArray(acc, 7 * L);
      v8.intoArray(acc, 8 * L);
      v9.intoArray(acc, 9 * L);
      v10.intoArray(acc, 10 * L);
      v11.intoArray(acc, 11 * L);
    }
    FloatVector f = FloatVector.broadcast(S, floor);
    FloatVector s0 = FloatVector.fromArray(S, bias, e0);
    FloatVector.fromArray(S, acc, 0 * L).add(s0).max(f).intoArray(c, c0 + 0 * ldc);
    FloatVector.fromArray(S, acc, 1 * L).add(s0).max(f).intoArray(c, c0 + 1 * ldc);
    FloatVector.fromArray(S, acc, 2 * L).add(s0).max(f).intoArray(c, c0 + 2 * ldc);
    FloatVector.fromArray(S, acc, 3 * L).add(s0).max(f).intoArray(c, c0 + 3 * ldc);
    FloatVector.fromArray(S, acc, 4 * L).add(s0).max(f).intoArray(c, c0 + 4 * ldc);
    FloatVector.fromArray(S, acc, 5 * L).add(s0).max(f).intoArray(c, c0 + 5 * ldc);
    FloatVector.fromArray(S, acc, 6 * L).add(s0).max(f).intoArray(c, c0 + 6 * ldc);
    FloatVector.fromArray(S, acc, 7 * L).add(s0).max(f).intoArray(c, c0 + 7 * ldc);
    FloatVector.fromArray(S, acc, 8 * L).add(s0).max(f).intoArray(c, c0 + 8 * ldc);
    FloatVector.fromArray(S, acc, 9 * L).add(s0).max(f).intoArray(c, c0 + 9 * ldc);
    FloatVector.fromArray(S, acc, 10 * L).add(s0).max(f).intoArray(c, c0 + 10 * ldc);
    FloatVector.fromArray(S, acc, 11 * L).add(s0).max(f).intoArray(c, c0 + 11 * ldc);
  }

  /**
   * {@link #tile12x1} with 10 rows: a 10×10 image's rows (LeNet-5's conv2) in whole tiles.
   */
  static void tile10x1(
      float[] a, int aOff, int[] rows, int r, int last, int[] depths, int[] runs, int runCount,
      float[] b, int b0, int ldb, float[] bias, int e0, float floor, float[] c, int c0, int ldc,
      float[] acc) {
    int a0 = aOff + rows[r];
    int a1 = aOff + rows[Math.min(r + 1, last)];
    int a2 = aOff + rows[Math.min(r + 2, last)];
    int a3 = aOff + rows[Math.min(r + 3, last)];
    int a4 = aOff + rows[Math.min(r + 4, last)];
    int a5 = aOff + rows[Math.min(r + 5, last)];
    int a6 = aOff + rows[Math.min(r + 6, last)];
    int a7 = aOff + rows[Math.min(r + 7, last)];
    int a8 = aOff + rows[Math.min(r + 8, last)];
    int a9 = aOff + rows[Math.min(r + 9, last)];
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    for (int i = 0; i < 10; i++) {
      zero.intoArray(acc, i * L);
    }
    int bq = b0;
    for (int s = 0; s < runCount; s++) {
      int q0 = runs[s];
      int len = runs[s + 1] - q0;
      int e = depths[q0];
      int a0d = a0 + e;
      int a1d = a1 + e;
      int a2d = a2 + e;
      int a3d = a3 + e;
      int a4d = a4 + e;
      int a5d = a5 + e;
      int a6d = a6 + e;
      int a7d = a7 + e;
      int a8d = a8 + e;
      int a9d = a9 + e;
      FloatVector v0 = FloatVector.fromArray(S, acc, 0 * L);
      FloatVector v1 = FloatVector.fromArray(S, acc, 1 * L);
      FloatVector v2 = FloatVector.fromArray(S, acc, 2 * L);
      FloatVector v3 = FloatVector.fromArray(S, acc, 3 * L);
      FloatVector v4 = FloatVector.fromArray(S, acc, 4 * L);
      FloatVector v5 = FloatVector.fromArray(S, acc, 5 * L);
      FloatVector v6 = FloatVector.fromArray(S, acc, 6 * L);
      FloatVector v7 = FloatVector.fromArray(S, acc, 7 * L);
      FloatVector v8 = FloatVector.fromArray(S, acc, 8 * L);
      FloatVector v9 = FloatVector.fromArray(S, acc, 9 * L);
      for (int j = 0; j < len; j++) {
        FloatVector bv = FloatVector.fromArray(S, b, bq);
        v0 = FloatVector.broadcast(S, a[a0d + j]).fma(bv, v0);
        v1 = FloatVector.broadcast(S, a[a1d + j]).fma(bv, v1);
        v2 = FloatVector.broadcast(S, a[a2d + j]).fma(bv, v2);
        v3 = FloatVector.broadcast(S, a[a3d + j]).fma(bv, v3);
        v4 = FloatVector.broadcast(S, a[a4d + j]).fma(bv, v4);
        v5 = FloatVector.broadcast(S, a[a5d + j]).fma(bv, v5);
        v6 = FloatVector.broadcast(S, a[a6d + j]).fma(bv, v6);
        v7 = FloatVector.broadcast(S, a[a7d + j]).fma(bv, v7);
        v8 = FloatVector.broadcast(S, a[a8d + j]).fma(bv, v8);
        v9 = FloatVector.broadcast(S, a[a9d + j]).fma(bv, v9);
        bq += ldb;
      }
      v0.intoArray(acc, 0 * L);
      v1.intoArray(acc, 1 * L);
      v2.intoArray(acc, 2 * L);
      v3.intoArray(acc, 3 * L);
      v4.intoArray(acc, 4 * L);
      v5.intoArray(acc, 5 * L);
      v6.intoArray(acc, 6 * L);
      v7.intoArray(acc, 7 * L);
      v8.intoArray(acc, 8 * L);
      v9.intoArray(acc, 9 * L);
    }
    FloatVector f = FloatVector.broadcast(S, floor);
    FloatVector s0 = FloatVector.fromArray(S, bias, e0);
    FloatVector.fromArray(S, acc, 0 * L).add(s0).max(f).intoArray(c, c0 + 0 * ldc);
    FloatVector.fromArray(S, acc, 1 * L).add(s0).max(f).intoArray(c, c0 + 1 * ldc);
    FloatVector.fromArray(S, acc, 2 * L).add(s0).max(f).intoArray(c, c0 + 2 * ldc);
    FloatVector.fromArray(S, acc, 3 * L).add(s0).max(f).intoArray(c, c0 + 3 * ldc);
    FloatVector.fromArray(S, acc, 4 * L).add(s0).max(f).intoArray(c, c0 + 4 * ldc);
    FloatVector.fromArray(S, acc, 5 * L).add(s0).max(f).intoArray(c, c0 + 5 * ldc);
    FloatVector.fromArray(S, acc, 6 * L).add(s0).max(f).intoArray(c, c0 + 6 * ldc);
    FloatVector.fromArray(S, acc, 7 * L).add(s0).max(f).intoArray(c, c0 + 7 * ldc);
    FloatVector.fromArray(S, acc, 8 * L).add(s0).max(f).intoArray(c, c0 + 8 * ldc);
    FloatVector.fromArray(S, acc, 9 * L).add(s0).max(f).intoArray(c, c0 + 9 * ldc);
  }

  /** Whether the ten rows from {@code r} start 6 values apart, as {@link #tile10x1Spaced6} takes. */
  private static boolean spacedBy6(int[] rows, int r) {
    for (int i = 1; i < 10; i++) {
      if (rows[r + i] != rows[r] + 6 * i) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@link #tile10x1} for rows 6 values apart: a row of LeNet-5's conv2 windows (6 channels,
   * stride 1). The ten broadcasts of a step read one index plus constant displacements, so the
   * JIT computes one address a step; {@link #tile10x1}'s ten run-time row starts cost an integer
   * add per broadcast and, with the registers they take, three stack reloads a step (C2 on JDK
   * 17), and its conv2 took 4.8–5.0 µs an image at 64 images against 3.6 (Zen 5).
   */
  static void tile10x1Spaced6(
      float[] a, int aOff, int[] rows, int r, int[] depths, int[] runs, int runCount,
      float[] b, int b0, int ldb, float[] bias, int e0, float floor, float[] c, int c0, int ldc,
      float[] acc) {
    int a0 = aOff + rows[r];
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    for (int i = 0; i < 10; i++) {
      zero.intoArray(acc, i * L);
    }
    int bq = b0;
    for (int s = 0; s < runCount; s++) {
      int q0 = runs[s];
      int len = runs[s + 1] - q0;
      int e = depths[q0];
      int a0d = a0 + e;
      FloatVector v0 = FloatVector.fromArray(S, acc, 0 * L);
      FloatVector v1 = FloatVector.fromArray(S, acc, 1 * L);
      FloatVector v2 = FloatVector.fromArray(S, acc, 2 * L);
      FloatVector v3 = FloatVector.fromArray(S, acc, 3 * L);
      FloatVector v4 = FloatVector.fromArray(S, acc, 4 * L);
      FloatVector v5 = FloatVector.fromArray(S, acc, 5 * L);
      FloatVector v6 = FloatVector.fromArray(S, acc, 6 * L);
      FloatVector v7 = FloatVector.fromArray(S, acc, 7 * L);
      FloatVector v8 = FloatVector.fromArray(S, acc, 8 * L);
      FloatVector v9 = FloatVector.fromArray(S, acc, 9 * L);
      for (int j = 0; j < len; j++) {
        FloatVector bv = FloatVector.fromArray(S, b, bq);
        v0 = FloatVector.broadcast(S, a[a0d + j]).fma(bv, v0);
        v1 = FloatVector.broadcast(S, a[a0d + j + 6]).fma(bv, v1);
        v2 = FloatVector.broadcast(S, a[a0d + j + 12]).fma(bv, v2);
        v3 = FloatVector.broadcast(S, a[a0d + j + 18]).fma(bv, v3);
        v4 = FloatVector.broadcast(S, a[a0d + j + 24]).fma(bv, v4);
        v5 = FloatVector.broadcast(S, a[a0d + j + 30]).fma(bv, v5);
        v6 = FloatVector.broadcast(S, a[a0d + j + 36]).fma(bv, v6);
        v7 = FloatVector.broadcast(S, a[a0d + j + 42]).fma(bv, v7);
        v8 = FloatVector.broadcast(S, a[a0d + j + 48]).fma(bv, v8);
        v9 = FloatVector.broadcast(S, a[a0d + j + 54]).fma(bv, v9);
        bq += ldb;
      }
      v0.intoArray(acc, 0 * L);
      v1.intoArray(acc, 1 * L);
      v2.intoArray(acc, 2 * L);
      v3.intoArray(acc, 3 * L);
      v4.intoArray(acc, 4 * L);
      v5.intoArray(acc, 5 * L);
      v6.intoArray(acc, 6 * L);
      v7.intoArray(acc, 7 * L);
      v8.intoArray(acc, 8 * L);
      v9.intoArray(acc, 9 * L);
    }
    FloatVector f = FloatVector.broadcast(S, floor);
    FloatVector s0 = FloatVector.fromArray(S, bias, e0);
    FloatVector.fromArray(S, acc, 0 * L).add(s0).max(f).intoArray(c, c0 + 0 * ldc);
    FloatVector.fromArray(S, acc, 1 * L).add(s0).max(f).intoArray(c, c0 + 1 * ldc);
    FloatVector.fromArray(S, acc, 2 * L).add(s0).max(f).intoArray(c, c0 + 2 * ldc);
    FloatVector.fromArray(S, acc, 3 * L).add(s0).max(f).intoArray(c, c0 + 3 * ldc);
    FloatVector.fromArray(S, acc, 4 * L).add(s0).max(f).intoArray(c, c0 + 4 * ldc);
    FloatVector.fromArray(S, acc, 5 * L).add(s0).max(f).intoArray(c, c0 + 5 * ldc);
    FloatVector.fromArray(S, acc, 6 * L).add(s0).max(f).intoArray(c, c0 + 6 * ldc);
    FloatVector.fromArray(S, acc, 7 * L).add(s0).max(f).intoArray(c, c0 + 7 * ldc);
    FloatVector.fromArray(S, acc, 8 * L).add(s0).max(f).intoArray(c, c0 + 8 * ldc);
    FloatVector.fromArray(S, acc, 9 * L).add(s0).max(f).intoArray(c, c0 + 9 * ldc);
  }

  /** Whether each ten rows from 0 to {@code m} start at ten adjacent values. */
  private static boolean adjacentTens(int[] rows, int m) {
    for (int r = 0; r < m; r += 10) {
      for (int i = 1; i < 10; i++) {
        if (rows[r + i] != rows[r] + i) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Ten rows that start at adjacent values by one vector: a row of ten windows over an image
   * stored as planes (a convolution after a first layer whose pooled outputs stay filter by
   * filter), whose depth offsets come in runs of the window's width, 5 for LeNet-5's conv2, too
   * short for {@link #tile10x1}'s runs. One pass over the depth holds the ten accumulators in
   * registers; each step reads its offset from {@code depths} and its ten broadcasts at constant
   * displacements from it.
   */
  static void tile10x1Adjacent(float[] a, int a0, int[] depths, int k, float[] b, int b0,
      int ldb, float[] bias, float floor, float[] c, int c0, int ldc) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector v0 = zero;
    FloatVector v1 = zero;
    FloatVector v2 = zero;
    FloatVector v3 = zero;
    FloatVector v4 = zero;
    FloatVector v5 = zero;
    FloatVector v6 = zero;
    FloatVector v7 = zero;
    FloatVector v8 = zero;
    FloatVector v9 = zero;
    int bq = b0;
    for (int q = 0; q < k; q++) {
      FloatVector bv = FloatVector.fromArray(S, b, bq);
      int i = a0 + depths[q];
      v0 = FloatVector.broadcast(S, a[i]).fma(bv, v0);
      v1 = FloatVector.broadcast(S, a[i + 1]).fma(bv, v1);
      v2 = FloatVector.broadcast(S, a[i + 2]).fma(bv, v2);
      v3 = FloatVector.broadcast(S, a[i + 3]).fma(bv, v3);
      v4 = FloatVector.broadcast(S, a[i + 4]).fma(bv, v4);
      v5 = FloatVector.broadcast(S, a[i + 5]).fma(bv, v5);
      v6 = FloatVector.broadcast(S, a[i + 6]).fma(bv, v6);
      v7 = FloatVector.broadcast(S, a[i + 7]).fma(bv, v7);
      v8 = FloatVector.broadcast(S, a[i + 8]).fma(bv, v8);
      v9 = FloatVector.broadcast(S, a[i + 9]).fma(bv, v9);
      bq += ldb;
    }
    FloatVector f = FloatVector.broadcast(S, floor);
    FloatVector s0 = FloatVector.fromArray(S, bias, 0);
    v0.add(s0).max(f).intoArray(c, c0);
    v1.add(s0).max(f).intoArray(c, c0 + ldc);
    v2.add(s0).max(f).intoArray(c, c0 + 2 * ldc);
    v3.add(s0).max(f).intoArray(c, c0 + 3 * ldc);
    v4.add(s0).max(f).intoArray(c, c0 + 4 * ldc);
    v5.add(s0).max(f).intoArray(c, c0 + 5 * ldc);
    v6.add(s0).max(f).intoArray(c, c0 + 6 * ldc);
    v7.add(s0).max(f).intoArray(c, c0 + 7 * ldc);
    v8.add(s0).max(f).intoArray(c, c0 + 8 * ldc);
    v9.add(s0).max(f).intoArray(c, c0 + 9 * ldc);
  }
}
