package org.dendrite.runtime.kernel.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.dendrite.runtime.kernel.FloatMath;
import org.dendrite.runtime.kernel.Kernels;

/**
 * Kernels on the JDK Vector API ({@code jdk.incubator.vector}), in the platform's preferred vector
 * width. Compiled in a compiler execution of its own (with the incubator module) and loaded by
 * name from {@link org.dendrite.runtime.kernel.KernelProvider}; nothing else refers to this class.
 *
 * <p>Matrix products use broadcast-FMA register tiles, 4 rows by 6 vectors where AVX-512 gives 32
 * registers (one broadcast per six FMAs: with 4 by 3 the broadcasts capped the kernel at 78 % of
 * the FMA peak, with 4 by 6 it reaches 90 %), else 4 by 3. Each output vector accumulates
 * {@code a(r, q) · b[q][j..j+L)} over the reduction index {@code q} in ascending order, so no
 * horizontal sum is needed and the order of operations matches {@code ScalarKernels} exactly.
 */
public final class VectorKernels extends Kernels {
  private static final VectorSpecies<Float> S = species();
  private static final int L = S.length();
  /** Integer lanes of the same shape, for bit operations on floats. */
  private static final VectorSpecies<Integer> SI = VectorSpecies.of(int.class, S.vectorShape());
  /** Columns of a full register tile: three vectors. */
  private static final int TILE_COLS = 3 * L;
  /** Rows of a full register tile. */
  private static final int TILE_ROWS = 4;
  /** Whether the six-vector tiles fit the registers (31 of AVX-512's 32). */
  private static final boolean WIDE_TILES = S.vectorBitSize() >= 512;
  /** Columns of a six-vector tile (four rows wide, or one to three below the four-row tiles). */
  private static final int WIDE_COLS = 6 * L;
  /**
   * Zeros that accumulators are loaded from, written out in each tile as
   * {@code FloatVector.fromArray(S, ZEROS, 0)}. JDK 17's C2 needs both details to keep vectors
   * unboxed: with {@code FloatVector.zero(S)} as a loop's initial value it loses the vector's
   * exact class at the final store; and a helper method returning the zero is not inlined when
   * the tile runs few times with long loops, so the vector crosses a call and every step boxes.
   */
  private static final float[] ZEROS = new float[S.length()];

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

  /** The preferred species, capped by {@code -Ddendrite.vector.bits}. */
  private static VectorSpecies<Float> species() {
    int bits = Integer.getInteger("dendrite.vector.bits", Integer.MAX_VALUE);
    VectorSpecies<Float> s = FloatVector.SPECIES_PREFERRED;
    while (s.vectorBitSize() > bits && s.vectorBitSize() > 128) {
      s = VectorSpecies.of(float.class, VectorShape.forBitSize(s.vectorBitSize() / 2));
    }
    return s;
  }

  @Override
  public String description() {
    return "vector (FloatVector, " + S.vectorBitSize() + " bits)";
  }

  // ---- matrix products --------------------------------------------------------------------

  @Override
  public void matmul(
      float[] a, int aOff, int lda, float[] b, int bOff, float[] bias, int biasOff, float[] c,
      int cOff, int m, int k, int n) {
    gemm(a, aOff, lda, 1, b, bOff, n, bias, biasOff, c, cOff, n, m, k, n);
  }

  @Override
  protected void matmulBand(
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n,
      int from, int to) {
    gemm(a, aOff, k, 1, b, bOff + from, n, null, 0, c, cOff + from, n, m, k, to - from);
  }

  @Override
  public void addBias(float[] c, int cOff, int rows, int cols, float[] bias, int biasOff) {
    addBias(bias, biasOff, c, cOff, cols, rows, cols);
  }

  @Override
  public void matmulTransA(
      float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff, int m, int k,
      int n) {
    // Output row p reduces over the batch index i: A(p, i) = a[i][p].
    gemm(a, aOff, 1, lda, b, bOff, n, null, 0, c, cOff, n, k, m, n);
  }

  /**
   * {@code c[rows][cols] = A · B + bias} where {@code A(r, q) = a[aOff + r·ars + q·aqs]},
   * {@code B(q, j) = b[bOff + q·ldb + j]} and {@code c}'s rows are {@code ldc} apart. Full tiles
   * of three vectors, then single vectors, then a narrower tail without masks: JDK 17 cannot
   * intrinsify 512-bit masked operations (it allocates per use), so the tail loads full vectors
   * that read past the row (still inside the array), keeps only its lanes, and finishes the rows a
   * full vector would read past the array's end in scalar code.
   */
  private static void gemm(
      float[] a, int aOff, int ars, int aqs, float[] b, int bOff, int ldb, float[] bias,
      int biasOff, float[] c, int cOff, int ldc, int rows, int depth, int cols) {
    int body = rows - rows % TILE_ROWS; // rows in four-row tiles
    int j = 0;
    if (WIDE_TILES) {
      for (; j + WIDE_COLS <= cols; j += WIDE_COLS) {
        for (int r = 0; r < body; r += TILE_ROWS) {
          tile4x6(a, aOff + r * ars, ars, aqs, b, bOff + j, ldb, c, cOff + r * ldc + j, ldc,
              depth);
        }
      }
    }
    for (; j + TILE_COLS <= cols; j += TILE_COLS) {
      for (int r = 0; r < body; r += TILE_ROWS) {
        tile4x3(a, aOff + r * ars, ars, aqs, b, bOff + j, ldb,
            c, cOff + r * ldc + j, ldc, depth);
      }
    }
    for (; j + L <= cols; j += L) {
      for (int r = 0; r < body; r += TILE_ROWS) {
        tile4x1(a, aOff + r * ars, ars, aqs, b, bOff + j, ldb,
            c, cOff + r * ldc + j, ldc, depth);
      }
    }
    // The one to three rows below the last four-row tile (all of a product of one to three
    // rows, as in batch-1 prediction): six vectors at a time, so that at least six independent
    // chains hide the FMA latency, and the rows together so that each weight is read once.
    int groups = j - j % WIDE_COLS; // columns in groups of six vectors
    int r = body;
    if (rows - r == 3 && WIDE_TILES) {
      for (int v = 0; v < groups; v += WIDE_COLS) {
        tile3x6(a, aOff + r * ars, ars, aqs, b, bOff + v, ldb, c, cOff + r * ldc + v, ldc,
            depth);
      }
      r = rows;
    } else if (rows - r >= 2) {
      for (int v = 0; v < groups; v += WIDE_COLS) {
        tile2x6(a, aOff + r * ars, ars, aqs, b, bOff + v, ldb, c, cOff + r * ldc + v, ldc,
            depth);
      }
      r += 2;
    }
    if (r < rows) { // one row left
      for (int v = 0; v < groups; v += WIDE_COLS) {
        tile1x6(a, aOff + r * ars, aqs, b, bOff + v, ldb, c, cOff + r * ldc + v, depth);
      }
    }
    for (r = body; r < rows; r++) { // whole vectors left of fewer than six, row by row
      int ar = aOff + r * ars;
      int cr = cOff + r * ldc;
      int v = groups;
      for (; v + TILE_COLS <= j; v += TILE_COLS) {
        tile1x3(a, ar, aqs, b, bOff + v, ldb, c, cr + v, depth);
      }
      for (; v < j; v += L) {
        tile1x1(a, ar, aqs, b, bOff + v, ldb, c, cr + v, depth);
      }
    }
    if (j < cols) {
      int width = cols - j;
      // Steps q whose full-vector load b[q][j .. j + L) stays inside b.
      long room = (long) b.length - L - (bOff + j);
      int safe = room < 0 ? 0 : (int) Math.min(depth, room / ldb + 1);
      for (r = 0; r < body; r += TILE_ROWS) {
        tail4(a, aOff + r * ars, ars, aqs, b, bOff + j, ldb, c, cOff + r * ldc + j, ldc, safe,
            width);
      }
      for (r = body; r < rows; r++) {
        tail1(a, aOff + r * ars, aqs, b, bOff + j, ldb, c, cOff + r * ldc + j, safe, width);
      }
      finish(a, aOff, ars, aqs, b, bOff + j, ldb, c, cOff + j, ldc, rows, safe, depth, width);
    }
    if (bias != null) {
      addBias(bias, biasOff, c, cOff, ldc, rows, cols);
    }
  }

  /**
   * The product, then one pass over {@code c} adding the bias and applying the ReLU (without a
   * bias, the product and {@link #relu}).
   */
  @Override
  public void matmulRelu(
      float[] a, int aOff, float[] b, int bOff, float[] bias, int biasOff, float[] c, int cOff,
      int m, int k, int n) {
    gemm(a, aOff, k, 1, b, bOff, n, null, 0, c, cOff, n, m, k, n);
    if (bias == null) {
      relu(c, cOff, m * n);
      return;
    }
    int bound = S.loopBound(n);
    for (int r = 0; r < m; r++) {
      int cr = cOff + r * n;
      int j = 0;
      for (; j < bound; j += L) {
        FloatVector.fromArray(S, c, cr + j)
            .add(FloatVector.fromArray(S, bias, biasOff + j))
            .max(0f)
            .intoArray(c, cr + j);
      }
      for (; j < n; j++) {
        c[cr + j] = Math.max(c[cr + j] + bias[biasOff + j], 0f);
      }
    }
  }

  /**
   * Adds the bias to every row once the chains are complete. A separate pass keeps the tiles
   * free of a merge of two vector values, which C2 on JDK 17 would box at every store.
   */
  private static void addBias(float[] bias, int biasOff, float[] c, int cOff, int ldc, int rows,
      int cols) {
    int bound = S.loopBound(cols);
    for (int r = 0; r < rows; r++) {
      int cr = cOff + r * ldc;
      int j = 0;
      for (; j < bound; j += L) {
        FloatVector.fromArray(S, c, cr + j)
            .add(FloatVector.fromArray(S, bias, biasOff + j))
            .intoArray(c, cr + j);
      }
      for (; j < cols; j++) {
        c[cr + j] += bias[biasOff + j];
      }
    }
  }

  /** Four rows by three vectors: 12 accumulators, 3 loads and 4 broadcasts per step. */
  private static void tile4x3(
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

  /** Four rows by six vectors: 24 accumulators, 6 loads and 4 broadcasts per step. */
  private static void tile4x6(
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

  /** Two rows by six vectors: 12 accumulators, each weight loaded once for both rows. */
  private static void tile2x6(
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

  /** Three rows by six vectors: 18 accumulators, for 512-bit registers (32 of them) only. */
  private static void tile3x6(
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

  /** One row by six vectors. */
  private static void tile1x6(
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

  /** One row by three vectors. */
  private static void tile1x3(
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
  private static void tile4x1(
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
  private static void tile1x1(
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

  /**
   * Four rows of the last {@code width < L} columns, over the first {@code safe} steps: full
   * vectors whose lanes past {@code width} read the next row and are discarded.
   */
  private static void tail4(
      float[] a, int a0, int ars, int aqs, float[] b, int b0, int ldb, float[] c, int c0,
      int ldc, int safe, int width) {
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
    for (int t = 0; t < width; t++) {
      c[c0 + t] = c0v.lane(t);
      c[c0 + ldc + t] = c1v.lane(t);
      c[c0 + 2 * ldc + t] = c2v.lane(t);
      c[c0 + 3 * ldc + t] = c3v.lane(t);
    }
  }

  /** One row of the last {@code width < L} columns, over the first {@code safe} steps. */
  private static void tail1(
      float[] a, int a0, int aqs, float[] b, int b0, int ldb, float[] c, int c0, int safe,
      int width) {
    FloatVector acc = FloatVector.fromArray(S, ZEROS, 0);
    int i0 = a0;
    int bq = b0;
    for (int q = 0; q < safe; q++) {
      acc = FloatVector.broadcast(S, a[i0]).fma(FloatVector.fromArray(S, b, bq), acc);
      i0 += aqs;
      bq += ldb;
    }
    for (int t = 0; t < width; t++) {
      c[c0 + t] = acc.lane(t);
    }
  }

  /**
   * The tail columns' remaining steps {@code [safe, depth)} in scalar code, continuing each
   * chain in order.
   */
  private static void finish(
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
    FloatVector one = FloatVector.broadcast(S, 1f);
    int i = off;
    for (int bound = off + S.loopBound(len); i < bound; i += L) {
      FloatVector v = FloatVector.fromArray(S, x, i);
      one.div(exp(v.neg()).add(1f)).intoArray(x, i);
    }
    for (int end = off + len; i < end; i++) {
      x[i] = FloatMath.sigmoid(x[i]);
    }
  }

  @Override
  public void tanh(float[] x, int off, int len) {
    int i = off;
    for (int bound = off + S.loopBound(len); i < bound; i += L) {
      tanh(FloatVector.fromArray(S, x, i)).intoArray(x, i);
    }
    for (int end = off + len; i < end; i++) {
      x[i] = FloatMath.tanh(x[i]);
    }
  }

  @Override
  public void softplus(float[] x, int off, int len) {
    int i = off;
    for (int bound = off + S.loopBound(len); i < bound; i += L) {
      // exp and log1p written out here rather than called: nested, the two helpers exceed C2's
      // inlining budget, the vectors would cross a call and be boxed at every step.
      FloatVector v = FloatVector.fromArray(S, x, i);
      FloatVector c = v.abs().neg().max(FloatMath.EXP_LO).min(FloatMath.EXP_HI);
      FloatVector t = c.fma(FloatMath.LOG2E, FloatMath.MAGIC);
      FloatVector n = t.sub(FloatMath.MAGIC);
      IntVector exponent = t.reinterpretAsInts().sub(FloatMath.MAGIC_BITS);
      FloatVector r = n.fma(FloatVector.broadcast(S, -FloatMath.LN2_HI), c);
      r = n.fma(FloatVector.broadcast(S, -FloatMath.LN2_LO), r);
      FloatVector p = FloatVector.broadcast(S, 1.9875691500e-4f);
      p = p.fma(r, FloatVector.broadcast(S, 1.3981999507e-3f));
      p = p.fma(r, FloatVector.broadcast(S, 8.3334519073e-3f));
      p = p.fma(r, FloatVector.broadcast(S, 4.1665795894e-2f));
      p = p.fma(r, FloatVector.broadcast(S, 1.6666665459e-1f));
      p = p.fma(r, FloatVector.broadcast(S, 5.0000001201e-1f));
      p = p.fma(r.mul(r), r).add(1f);
      FloatVector u =
          p.mul(exponent.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
      FloatVector w = u.add(1f);
      IntVector bits = w.reinterpretAsInts();
      IntVector e = bits.lanewise(VectorOperators.LSHR, 23).sub(126);
      FloatVector m = bits.and(0x007fffff).or(0x3f000000).reinterpretAsFloats();
      VectorMask<Float> below = m.compare(VectorOperators.LT, FloatMath.SQRT_HALF);
      FloatVector z0 = m.sub(1f).blend(m.add(m).sub(1f), below);
      FloatVector ef = e.add(FloatMath.MAGIC_BITS).reinterpretAsFloats().sub(FloatMath.MAGIC);
      ef = ef.blend(ef.sub(1f), below);
      FloatVector z = z0.mul(z0);
      FloatVector y = FloatVector.broadcast(S, 7.0376836292e-2f);
      y = y.fma(z0, FloatVector.broadcast(S, -1.1514610310e-1f));
      y = y.fma(z0, FloatVector.broadcast(S, 1.1676998740e-1f));
      y = y.fma(z0, FloatVector.broadcast(S, -1.2420140846e-1f));
      y = y.fma(z0, FloatVector.broadcast(S, 1.4249322787e-1f));
      y = y.fma(z0, FloatVector.broadcast(S, -1.6668057665e-1f));
      y = y.fma(z0, FloatVector.broadcast(S, 2.0000714765e-1f));
      y = y.fma(z0, FloatVector.broadcast(S, -2.4999993993e-1f));
      y = y.fma(z0, FloatVector.broadcast(S, 3.3333331174e-1f));
      y = y.mul(z0).mul(z);
      y = ef.fma(FloatVector.broadcast(S, FloatMath.LN2_LO), y);
      y = z.fma(FloatVector.broadcast(S, -0.5f), y);
      FloatVector logged = ef.fma(FloatVector.broadcast(S, FloatMath.LN2_HI), z0.add(y))
          .add(u.sub(w.sub(1f)).div(w));
      v.max(0f).add(logged).intoArray(x, i);
    }
    for (int end = off + len; i < end; i++) {
      x[i] = FloatMath.softplus(x[i]);
    }
  }

  // ---- FloatMath's functions, lane by lane, in the same order of operations ---------------
  // They are small and called from hot loops, so C2 inlines them and the vectors stay unboxed.

  private static FloatVector exp(FloatVector x) {
    FloatVector c = x.max(FloatMath.EXP_LO).min(FloatMath.EXP_HI);
    FloatVector t = c.fma(FloatMath.LOG2E, FloatMath.MAGIC);
    FloatVector n = t.sub(FloatMath.MAGIC);
    IntVector exponent = t.reinterpretAsInts().sub(FloatMath.MAGIC_BITS);
    FloatVector r = n.fma(FloatVector.broadcast(S, -FloatMath.LN2_HI), c);
    r = n.fma(FloatVector.broadcast(S, -FloatMath.LN2_LO), r);
    FloatVector p = FloatVector.broadcast(S, 1.9875691500e-4f);
    p = p.fma(r, FloatVector.broadcast(S, 1.3981999507e-3f));
    p = p.fma(r, FloatVector.broadcast(S, 8.3334519073e-3f));
    p = p.fma(r, FloatVector.broadcast(S, 4.1665795894e-2f));
    p = p.fma(r, FloatVector.broadcast(S, 1.6666665459e-1f));
    p = p.fma(r, FloatVector.broadcast(S, 5.0000001201e-1f));
    p = p.fma(r.mul(r), r).add(1f);
    FloatVector scale =
        exponent.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    return p.mul(scale);
  }

  private static FloatVector expm1(FloatVector x) {
    FloatVector p = FloatVector.broadcast(S, 1f / 40320f);
    p = p.fma(x, FloatVector.broadcast(S, 1f / 5040f));
    p = p.fma(x, FloatVector.broadcast(S, 1f / 720f));
    p = p.fma(x, FloatVector.broadcast(S, 1f / 120f));
    p = p.fma(x, FloatVector.broadcast(S, 1f / 24f));
    p = p.fma(x, FloatVector.broadcast(S, 1f / 6f));
    p = p.fma(x, FloatVector.broadcast(S, 0.5f));
    p = p.fma(x, FloatVector.broadcast(S, 1f));
    FloatVector near = p.mul(x);
    FloatVector far = exp(x).sub(1f);
    return far.blend(near, x.abs().compare(VectorOperators.LE, 0.5f));
  }

  private static FloatVector tanh(FloatVector x) {
    FloatVector a = x.abs();
    FloatVector s = exp(a.add(a));
    FloatVector large = FloatVector.broadcast(S, 1f)
        .sub(FloatVector.broadcast(S, 2f).div(s.add(1f)));
    large = large.blend(large.neg(), x.compare(VectorOperators.LT, 0f));
    FloatVector z = x.mul(x);
    FloatVector p = FloatVector.broadcast(S, -5.70498872745e-3f);
    p = p.fma(z, FloatVector.broadcast(S, 2.06390887954e-2f));
    p = p.fma(z, FloatVector.broadcast(S, -5.37397155531e-2f));
    p = p.fma(z, FloatVector.broadcast(S, 1.33314422036e-1f));
    p = p.fma(z, FloatVector.broadcast(S, -3.33332819422e-1f));
    FloatVector small = p.mul(z).fma(x, x);
    return small.blend(large, a.compare(VectorOperators.GE, 0.625f));
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
      FloatVector d = expm1(FloatVector.fromArray(S, y, yOff + i).neg()).neg();
      FloatVector.fromArray(S, g, gOff + i).mul(d).intoArray(g, gOff + i);
    }
    for (; i < len; i++) {
      g[gOff + i] = g[gOff + i] * -FloatMath.expm1(-y[yOff + i]);
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
    // Scalars broadcast once, out of the loop: a scalar operand adds a broadcast's call chain to
    // every use, and when C2 inlined a whole optimizer step into the trainer one such broadcast
    // was left un-intrinsified, boxing vectors in the loop (700 µs instead of 90).
    FloatVector b1 = FloatVector.broadcast(S, oneMinusBeta1);
    FloatVector b2 = FloatVector.broadcast(S, oneMinusBeta2);
    FloatVector alphaV = FloatVector.broadcast(S, alpha);
    FloatVector epsilonV = FloatVector.broadcast(S, epsilon);
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      FloatVector gv = FloatVector.fromArray(S, g, i);
      FloatVector mv = FloatVector.fromArray(S, m, i);
      FloatVector vv = FloatVector.fromArray(S, v, i);
      mv = mv.add(gv.sub(mv).mul(b1));
      vv = vv.add(gv.mul(gv).sub(vv).mul(b2));
      mv.intoArray(m, i);
      vv.intoArray(v, i);
      FloatVector.fromArray(S, p, i)
          .sub(mv.mul(alphaV).div(vv.sqrt().add(epsilonV)))
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

  // ---- gradient conditioning and optimizers, in ScalarKernels' order of operations -------

  @Override
  public void clip(float[] x, int from, int to, float limit) {
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      FloatVector.fromArray(S, x, i).max(-limit).min(limit).intoArray(x, i);
    }
    for (; i < to; i++) {
      x[i] = Math.min(Math.max(x[i], -limit), limit);
    }
  }

  @Override
  public void scale(float[] x, int from, int to, float factor) {
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      FloatVector.fromArray(S, x, i).mul(factor).intoArray(x, i);
    }
    for (; i < to; i++) {
      x[i] = x[i] * factor;
    }
  }

  @Override
  public void decay(float[] p, int from, int to, float rate) {
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      FloatVector pv = FloatVector.fromArray(S, p, i);
      pv.sub(pv.mul(rate)).intoArray(p, i);
    }
    for (; i < to; i++) {
      p[i] = p[i] - p[i] * rate;
    }
  }

  /**
   * {@link FloatMath#flushSubnormal} lane by lane, in integer operations and without masks (which
   * JDK 17 allocates): {@code (bits & 0x7f800000) + 0x7fffffff} is negative exactly when the
   * exponent bits are not all zero, so its arithmetic shift by 31 is all ones for the lanes to keep
   * and zero for subnormals and zeros.
   */
  @Override
  public void flushSubnormals(float[] x, int from, int to) {
    IntVector exponentBits = IntVector.broadcast(SI, 0x7f800000);
    IntVector keepBias = IntVector.broadcast(SI, 0x7fffffff);
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      IntVector bits = FloatVector.fromArray(S, x, i).reinterpretAsInts();
      IntVector keep = bits.and(exponentBits).add(keepBias).lanewise(VectorOperators.ASHR, 31);
      bits.and(keep).reinterpretAsFloats().intoArray(x, i);
    }
    for (; i < to; i++) {
      x[i] = FloatMath.flushSubnormal(x[i]);
    }
  }

  @Override
  public void momentum(
      float[] p, float[] g, float[] m, int from, int to, float lr, float momentum,
      boolean nesterov) {
    FloatVector lrV = FloatVector.broadcast(S, lr);
    FloatVector momentumV = FloatVector.broadcast(S, momentum);
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      FloatVector gv = FloatVector.fromArray(S, g, i);
      FloatVector mv = FloatVector.fromArray(S, m, i).mul(momentumV).sub(gv.mul(lrV));
      mv.intoArray(m, i);
      FloatVector pv = FloatVector.fromArray(S, p, i);
      (nesterov ? pv.add(mv.mul(momentumV).sub(gv.mul(lrV))) : pv.add(mv)).intoArray(p, i);
    }
    for (; i < to; i++) {
      float mi = m[i] * momentum - g[i] * lr;
      m[i] = mi;
      p[i] = nesterov ? p[i] + (mi * momentum - g[i] * lr) : p[i] + mi;
    }
  }

  @Override
  public void adagrad(float[] p, float[] g, float[] acc, int from, int to, float lr,
      float epsilon) {
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      FloatVector gv = FloatVector.fromArray(S, g, i);
      FloatVector av = FloatVector.fromArray(S, acc, i).add(gv.mul(gv));
      av.intoArray(acc, i);
      FloatVector.fromArray(S, p, i)
          .sub(gv.mul(lr).div(av.add(epsilon).sqrt()))
          .intoArray(p, i);
    }
    for (; i < to; i++) {
      float a = acc[i] + g[i] * g[i];
      acc[i] = a;
      p[i] = p[i] - (lr * g[i]) / (float) Math.sqrt(a + epsilon);
    }
  }

  @Override
  public void rmsprop(
      float[] p, float[] g, float[] v, float[] a, float[] m, int from, int to, float lr, float rho,
      float momentum, float epsilon) {
    float oneMinusRho = 1f - rho;
    FloatVector rhoV = FloatVector.broadcast(S, rho);
    FloatVector oneMinusRhoV = FloatVector.broadcast(S, oneMinusRho);
    FloatVector lrV = FloatVector.broadcast(S, lr);
    FloatVector momentumV = FloatVector.broadcast(S, momentum);
    FloatVector epsilonV = FloatVector.broadcast(S, epsilon);
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      FloatVector gv = FloatVector.fromArray(S, g, i);
      FloatVector vv = FloatVector.fromArray(S, v, i).mul(rhoV).add(gv.mul(gv).mul(oneMinusRhoV));
      vv.intoArray(v, i);
      FloatVector denominator;
      if (a != null) {
        FloatVector av = FloatVector.fromArray(S, a, i).mul(rhoV).add(gv.mul(oneMinusRhoV));
        av.intoArray(a, i);
        denominator = vv.sub(av.mul(av)).add(epsilonV);
      } else {
        denominator = vv.add(epsilonV);
      }
      FloatVector increment = gv.mul(lrV).div(denominator.sqrt());
      FloatVector pv = FloatVector.fromArray(S, p, i);
      if (m != null) {
        FloatVector mv = FloatVector.fromArray(S, m, i).mul(momentumV).add(increment);
        mv.intoArray(m, i);
        pv.sub(mv).intoArray(p, i);
      } else {
        pv.sub(increment).intoArray(p, i);
      }
    }
    for (; i < to; i++) {
      float gi = g[i];
      float vi = rho * v[i] + oneMinusRho * (gi * gi);
      v[i] = vi;
      float denominator;
      if (a != null) {
        float ai = rho * a[i] + oneMinusRho * gi;
        a[i] = ai;
        denominator = vi - ai * ai + epsilon;
      } else {
        denominator = vi + epsilon;
      }
      float increment = (lr * gi) / (float) Math.sqrt(denominator);
      if (m != null) {
        float mi = momentum * m[i] + increment;
        m[i] = mi;
        p[i] = p[i] - mi;
      } else {
        p[i] = p[i] - increment;
      }
    }
  }

  @Override
  public double l1l2(float[] w, int off, int len, float l1, float l2, float[] g, int gOff) {
    FloatVector abs = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector squares = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector one = FloatVector.broadcast(S, 1f);
    FloatVector minusOne = FloatVector.broadcast(S, -1f);
    float twoL2 = 2f * l2;
    int i = 0;
    for (int bound = S.loopBound(len); i < bound; i += L) {
      FloatVector x = FloatVector.fromArray(S, w, off + i);
      abs = abs.add(x.abs());
      squares = x.fma(x, squares);
      if (g != null) {
        FloatVector sign = FloatVector.fromArray(S, ZEROS, 0)
            .blend(one, x.compare(VectorOperators.GT, 0f))
            .blend(minusOne, x.compare(VectorOperators.LT, 0f));
        FloatVector.fromArray(S, g, gOff + i)
            .add(sign.mul(l1).add(x.mul(twoL2)))
            .intoArray(g, gOff + i);
      }
    }
    double absSum = abs.reduceLanes(VectorOperators.ADD);
    double squareSum = squares.reduceLanes(VectorOperators.ADD);
    for (; i < len; i++) {
      float x = w[off + i];
      absSum += Math.abs(x);
      squareSum += (double) x * x;
      if (g != null) {
        float sign = x > 0f ? 1f : (x < 0f ? -1f : 0f);
        g[gOff + i] = g[gOff + i] + (l1 * sign + twoL2 * x);
      }
    }
    return l1 * absSum + l2 * squareSum;
  }

  /** Independent chains of {@link #fmaPeak}: enough to cover 4-cycle latency at 2 FMAs/cycle. */
  private static final int PEAK_CHAINS = 12;

  @Override
  public float fmaPeak(long steps) {
    FloatVector x = FloatVector.broadcast(S, 0.9999999f);
    FloatVector y = FloatVector.broadcast(S, 1e-7f);
    FloatVector a0 = FloatVector.broadcast(S, 1.0f);
    FloatVector a1 = FloatVector.broadcast(S, 1.1f);
    FloatVector a2 = FloatVector.broadcast(S, 1.2f);
    FloatVector a3 = FloatVector.broadcast(S, 1.3f);
    FloatVector a4 = FloatVector.broadcast(S, 1.4f);
    FloatVector a5 = FloatVector.broadcast(S, 1.5f);
    FloatVector a6 = FloatVector.broadcast(S, 1.6f);
    FloatVector a7 = FloatVector.broadcast(S, 1.7f);
    FloatVector a8 = FloatVector.broadcast(S, 1.8f);
    FloatVector a9 = FloatVector.broadcast(S, 1.9f);
    FloatVector a10 = FloatVector.broadcast(S, 2.0f);
    FloatVector a11 = FloatVector.broadcast(S, 2.1f);
    for (long i = 0; i < steps; i++) {
      a0 = a0.fma(x, y);
      a1 = a1.fma(x, y);
      a2 = a2.fma(x, y);
      a3 = a3.fma(x, y);
      a4 = a4.fma(x, y);
      a5 = a5.fma(x, y);
      a6 = a6.fma(x, y);
      a7 = a7.fma(x, y);
      a8 = a8.fma(x, y);
      a9 = a9.fma(x, y);
      a10 = a10.fma(x, y);
      a11 = a11.fma(x, y);
    }
    return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10)
        .add(a11).reduceLanes(VectorOperators.ADD);
  }

  @Override
  public long fmaPeakFlopsPerStep() {
    return (long) PEAK_CHAINS * L * 2;
  }
}
