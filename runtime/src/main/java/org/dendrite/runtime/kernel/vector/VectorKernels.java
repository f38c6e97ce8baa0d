package org.dendrite.runtime.kernel.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.dendrite.runtime.kernel.Kernels;

/**
 * Kernels on the JDK Vector API ({@code jdk.incubator.vector}), in the platform's preferred vector
 * width. Compiled in a compiler execution of its own (with the incubator module) and loaded by
 * name from {@link org.dendrite.runtime.kernel.KernelProvider}; nothing else refers to this class.
 *
 * <p>Matrix products use broadcast-FMA register tiles: each output vector accumulates
 * {@code a(r, q) · b[q][j..j+L)} over the reduction index {@code q} in ascending order, so no
 * horizontal sum is needed and the order of operations matches {@code ScalarKernels} exactly.
 */
public final class VectorKernels extends Kernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Columns of a full register tile: three vectors. */
  private static final int TILE_COLS = 3 * L;
  /** Rows of a full register tile. */
  private static final int TILE_ROWS = 4;

  /**
   * Creates the kernels.
   *
   * @throws UnsupportedOperationException if the preferred vector is narrower than 128 bits (the
   *     Vector API would then run emulated, slower than scalar code)
   */
  public VectorKernels() {
    if (S.vectorBitSize() < 128) {
      throw new UnsupportedOperationException(
          "the platform's preferred vector has only " + S.vectorBitSize() + " bits");
    }
  }

  @Override
  public String description() {
    return "vector (FloatVector, " + S.vectorBitSize() + " bits)";
  }

  // ---- matrix products --------------------------------------------------------------------

  @Override
  public void matmul(
      float[] a, int aOff, float[] b, int bOff, float[] bias, int biasOff, float[] c, int cOff,
      int m, int k, int n) {
    gemm(a, aOff, k, 1, b, bOff, n, bias, biasOff, c, cOff, n, m, k, n);
  }

  @Override
  public void matmulTransA(
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n) {
    // Output row p reduces over the batch index i: A(p, i) = a[i][p].
    gemm(a, aOff, 1, k, b, bOff, n, null, 0, c, cOff, n, k, m, n);
  }

  /**
   * {@code c[rows][cols] = A · B + bias} where {@code A(r, q) = a[aOff + r·ars + q·aqs]},
   * {@code B(q, j) = b[bOff + q·ldb + j]} and {@code c}'s rows are {@code ldc} apart.
   */
  private static void gemm(
      float[] a, int aOff, int ars, int aqs, float[] b, int bOff, int ldb, float[] bias,
      int biasOff, float[] c, int cOff, int ldc, int rows, int depth, int cols) {
    int j = 0;
    for (; j + TILE_COLS <= cols; j += TILE_COLS) {
      int r = 0;
      for (; r + TILE_ROWS <= rows; r += TILE_ROWS) {
        tile4x3(a, aOff + r * ars, ars, aqs, b, bOff + j, ldb, bias, biasOff + j,
            c, cOff + r * ldc + j, ldc, depth);
      }
      for (; r < rows; r++) {
        tile1x3(a, aOff + r * ars, aqs, b, bOff + j, ldb, bias, biasOff + j,
            c, cOff + r * ldc + j, depth);
      }
    }
    for (; j < cols; j += L) {
      VectorMask<Float> mask = S.indexInRange(j, cols);
      int r = 0;
      for (; r + TILE_ROWS <= rows; r += TILE_ROWS) {
        tile4x1(a, aOff + r * ars, ars, aqs, b, bOff + j, ldb, bias, biasOff + j,
            c, cOff + r * ldc + j, ldc, depth, mask);
      }
      for (; r < rows; r++) {
        tile1x1(a, aOff + r * ars, aqs, b, bOff + j, ldb, bias, biasOff + j,
            c, cOff + r * ldc + j, depth, mask);
      }
    }
  }

  private static FloatVector start(float[] bias, int off) {
    return bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, off);
  }

  private static FloatVector start(float[] bias, int off, VectorMask<Float> mask) {
    return bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, off, mask);
  }

  /** Four rows by three vectors: 12 accumulators, 3 loads and 4 broadcasts per step. */
  private static void tile4x3(
      float[] a, int a0, int ars, int aqs, float[] b, int b0, int ldb, float[] bias, int biasOff,
      float[] c, int c0, int ldc, int depth) {
    FloatVector s0 = start(bias, biasOff);
    FloatVector s1 = start(bias, biasOff + L);
    FloatVector s2 = start(bias, biasOff + 2 * L);
    FloatVector c00 = s0, c01 = s1, c02 = s2;
    FloatVector c10 = s0, c11 = s1, c12 = s2;
    FloatVector c20 = s0, c21 = s1, c22 = s2;
    FloatVector c30 = s0, c31 = s1, c32 = s2;
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

  /** One row by three vectors: the rows left over below a multiple of four. */
  private static void tile1x3(
      float[] a, int a0, int aqs, float[] b, int b0, int ldb, float[] bias, int biasOff,
      float[] c, int c0, int depth) {
    FloatVector c0v = start(bias, biasOff);
    FloatVector c1v = start(bias, biasOff + L);
    FloatVector c2v = start(bias, biasOff + 2 * L);
    int i0 = a0;
    int bq = b0;
    for (int q = 0; q < depth; q++) {
      FloatVector x = FloatVector.broadcast(S, a[i0]);
      c0v = x.fma(FloatVector.fromArray(S, b, bq), c0v);
      c1v = x.fma(FloatVector.fromArray(S, b, bq + L), c1v);
      c2v = x.fma(FloatVector.fromArray(S, b, bq + 2 * L), c2v);
      i0 += aqs;
      bq += ldb;
    }
    c0v.intoArray(c, c0);
    c1v.intoArray(c, c0 + L);
    c2v.intoArray(c, c0 + 2 * L);
  }

  /** Four rows by one (possibly partial) vector: the columns left over right of the tiles. */
  private static void tile4x1(
      float[] a, int a0, int ars, int aqs, float[] b, int b0, int ldb, float[] bias, int biasOff,
      float[] c, int c0, int ldc, int depth, VectorMask<Float> mask) {
    FloatVector s = start(bias, biasOff, mask);
    FloatVector c0v = s, c1v = s, c2v = s, c3v = s;
    int i0 = a0;
    int i1 = a0 + ars;
    int i2 = a0 + 2 * ars;
    int i3 = a0 + 3 * ars;
    int bq = b0;
    for (int q = 0; q < depth; q++) {
      FloatVector bv = FloatVector.fromArray(S, b, bq, mask);
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
    c0v.intoArray(c, c0, mask);
    c1v.intoArray(c, c0 + ldc, mask);
    c2v.intoArray(c, c0 + 2 * ldc, mask);
    c3v.intoArray(c, c0 + 3 * ldc, mask);
  }

  /** One row by one (possibly partial) vector. */
  private static void tile1x1(
      float[] a, int a0, int aqs, float[] b, int b0, int ldb, float[] bias, int biasOff,
      float[] c, int c0, int depth, VectorMask<Float> mask) {
    FloatVector acc = start(bias, biasOff, mask);
    int i0 = a0;
    int bq = b0;
    for (int q = 0; q < depth; q++) {
      acc = FloatVector.broadcast(S, a[i0]).fma(FloatVector.fromArray(S, b, bq, mask), acc);
      i0 += aqs;
      bq += ldb;
    }
    acc.intoArray(c, c0, mask);
  }

  @Override
  public void columnSums(float[] a, int aOff, int m, int n, float[] dst, int dstOff) {
    java.util.Arrays.fill(dst, dstOff, dstOff + n, 0f);
    int bound = S.loopBound(n);
    for (int i = 0; i < m; i++) {
      int ai = aOff + i * n;
      int j = 0;
      for (; j < bound; j += L) {
        FloatVector.fromArray(S, dst, dstOff + j)
            .add(FloatVector.fromArray(S, a, ai + j))
            .intoArray(dst, dstOff + j);
      }
      for (; j < n; j++) {
        dst[dstOff + j] += a[ai + j];
      }
    }
  }

  // ---- activations ---------------------------------------------------------------------

  @Override
  public void relu(float[] x, int off, int len) {
    int i = off;
    for (int bound = off + S.loopBound(len); i < bound; i += L) {
      FloatVector.fromArray(S, x, i).max(0f).intoArray(x, i);
    }
    for (int end = off + len; i < end; i++) {
      x[i] = Math.max(x[i], 0f);
    }
  }

  @Override
  public void leakyRelu(float[] x, int off, int len, float alpha) {
    int i = off;
    for (int bound = off + S.loopBound(len); i < bound; i += L) {
      FloatVector v = FloatVector.fromArray(S, x, i);
      v.mul(alpha).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(x, i);
    }
    for (int end = off + len; i < end; i++) {
      float v = x[i];
      x[i] = v > 0f ? v : alpha * v;
    }
  }

  @Override
  public void sigmoid(float[] x, int off, int len) {
    int i = off;
    for (int bound = off + S.loopBound(len); i < bound; i += L) {
      FloatVector e = FloatVector.fromArray(S, x, i).neg().lanewise(VectorOperators.EXP);
      FloatVector.broadcast(S, 1f).div(e.add(1f)).intoArray(x, i);
    }
    for (int end = off + len; i < end; i++) {
      x[i] = 1f / (1f + (float) Math.exp(-x[i]));
    }
  }

  @Override
  public void tanh(float[] x, int off, int len) {
    int i = off;
    for (int bound = off + S.loopBound(len); i < bound; i += L) {
      FloatVector.fromArray(S, x, i).lanewise(VectorOperators.TANH).intoArray(x, i);
    }
    for (int end = off + len; i < end; i++) {
      x[i] = (float) Math.tanh(x[i]);
    }
  }

  @Override
  public void softplus(float[] x, int off, int len) {
    int i = off;
    for (int bound = off + S.loopBound(len); i < bound; i += L) {
      FloatVector v = FloatVector.fromArray(S, x, i);
      FloatVector tail =
          v.abs().neg().lanewise(VectorOperators.EXP).lanewise(VectorOperators.LOG1P);
      v.max(0f).add(tail).intoArray(x, i);
    }
    for (int end = off + len; i < end; i++) {
      float v = x[i];
      x[i] = Math.max(v, 0f) + (float) Math.log1p(Math.exp(-Math.abs(v)));
    }
  }

  @Override
  public void reluBackward(float[] y, int yOff, float[] g, int gOff, int len) {
    int i = 0;
    for (int bound = S.loopBound(len); i < bound; i += L) {
      FloatVector yv = FloatVector.fromArray(S, y, yOff + i);
      FloatVector.zero(S)
          .blend(FloatVector.fromArray(S, g, gOff + i), yv.compare(VectorOperators.GT, 0f))
          .intoArray(g, gOff + i);
    }
    for (; i < len; i++) {
      if (!(y[yOff + i] > 0f)) {
        g[gOff + i] = 0f;
      }
    }
  }

  @Override
  public void leakyReluBackward(float[] y, int yOff, float[] g, int gOff, int len, float alpha) {
    int i = 0;
    for (int bound = S.loopBound(len); i < bound; i += L) {
      FloatVector yv = FloatVector.fromArray(S, y, yOff + i);
      FloatVector gv = FloatVector.fromArray(S, g, gOff + i);
      gv.mul(alpha).blend(gv, yv.compare(VectorOperators.GT, 0f)).intoArray(g, gOff + i);
    }
    for (; i < len; i++) {
      if (!(y[yOff + i] > 0f)) {
        g[gOff + i] = alpha * g[gOff + i];
      }
    }
  }

  @Override
  public void sigmoidBackward(float[] y, int yOff, float[] g, int gOff, int len) {
    FloatVector one = FloatVector.broadcast(S, 1f);
    int i = 0;
    for (int bound = S.loopBound(len); i < bound; i += L) {
      FloatVector s = FloatVector.fromArray(S, y, yOff + i);
      FloatVector.fromArray(S, g, gOff + i).mul(s.mul(one.sub(s))).intoArray(g, gOff + i);
    }
    for (; i < len; i++) {
      float s = y[yOff + i];
      g[gOff + i] = g[gOff + i] * (s * (1f - s));
    }
  }

  @Override
  public void tanhBackward(float[] y, int yOff, float[] g, int gOff, int len) {
    FloatVector one = FloatVector.broadcast(S, 1f);
    int i = 0;
    for (int bound = S.loopBound(len); i < bound; i += L) {
      FloatVector t = FloatVector.fromArray(S, y, yOff + i);
      FloatVector.fromArray(S, g, gOff + i).mul(one.sub(t.mul(t))).intoArray(g, gOff + i);
    }
    for (; i < len; i++) {
      float t = y[yOff + i];
      g[gOff + i] = g[gOff + i] * (1f - t * t);
    }
  }

  @Override
  public void softplusBackward(float[] y, int yOff, float[] g, int gOff, int len) {
    int i = 0;
    for (int bound = S.loopBound(len); i < bound; i += L) {
      FloatVector d =
          FloatVector.fromArray(S, y, yOff + i).neg().lanewise(VectorOperators.EXPM1).neg();
      FloatVector.fromArray(S, g, gOff + i).mul(d).intoArray(g, gOff + i);
    }
    for (; i < len; i++) {
      g[gOff + i] = g[gOff + i] * -(float) Math.expm1(-y[yOff + i]);
    }
  }

  // ---- element-wise ----------------------------------------------------------------------

  @Override
  public void multiply(float[] a, int aOff, float[] b, int bOff, float[] dst, int dstOff, int len) {
    int i = 0;
    for (int bound = S.loopBound(len); i < bound; i += L) {
      FloatVector.fromArray(S, a, aOff + i)
          .mul(FloatVector.fromArray(S, b, bOff + i))
          .intoArray(dst, dstOff + i);
    }
    for (; i < len; i++) {
      dst[dstOff + i] = a[aOff + i] * b[bOff + i];
    }
  }

  @Override
  public void add(float[] dst, float[] src, int from, int to) {
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      FloatVector.fromArray(S, dst, i).add(FloatVector.fromArray(S, src, i)).intoArray(dst, i);
    }
    for (; i < to; i++) {
      dst[i] += src[i];
    }
  }

  // ---- optimizers ----------------------------------------------------------------------

  @Override
  public void sgd(float[] p, float[] g, int from, int to, float lr) {
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      FloatVector.fromArray(S, p, i)
          .sub(FloatVector.fromArray(S, g, i).mul(lr))
          .intoArray(p, i);
    }
    for (; i < to; i++) {
      p[i] = p[i] - lr * g[i];
    }
  }

  @Override
  public void adam(
      float[] p, float[] g, float[] m, float[] v, int from, int to, float alpha, float beta1,
      float beta2, float epsilon) {
    float oneMinusBeta1 = 1f - beta1;
    float oneMinusBeta2 = 1f - beta2;
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      FloatVector gv = FloatVector.fromArray(S, g, i);
      FloatVector mv = FloatVector.fromArray(S, m, i);
      FloatVector vv = FloatVector.fromArray(S, v, i);
      mv = mv.add(gv.sub(mv).mul(oneMinusBeta1));
      vv = vv.add(gv.mul(gv).sub(vv).mul(oneMinusBeta2));
      mv.intoArray(m, i);
      vv.intoArray(v, i);
      FloatVector.fromArray(S, p, i)
          .sub(mv.mul(alpha).div(vv.sqrt().add(epsilon)))
          .intoArray(p, i);
    }
    for (; i < to; i++) {
      float gi = g[i];
      float mi = m[i] + (gi - m[i]) * oneMinusBeta1;
      float vi = v[i] + (gi * gi - v[i]) * oneMinusBeta2;
      m[i] = mi;
      v[i] = vi;
      p[i] = p[i] - (mi * alpha) / ((float) Math.sqrt(vi) + epsilon);
    }
  }
}
