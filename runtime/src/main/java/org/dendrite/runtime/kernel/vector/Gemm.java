package org.dendrite.runtime.kernel.vector;

import static org.dendrite.runtime.kernel.vector.Vectors.L;
import static org.dendrite.runtime.kernel.vector.Vectors.S;
import static org.dendrite.runtime.kernel.vector.Vectors.ZEROS;

import jdk.incubator.vector.FloatVector;

/**
 * Matrix products on broadcast-FMA register tiles ({@link WideTiles} of six vectors where AVX-512
 * gives 32 registers, {@link Tiles} of three and one elsewhere and for what is left over), and the
 * passes over their outputs: the bias, the fused ReLU, column sums. Each output vector accumulates
 * {@code a(r, q) · b[q][j..j+L)} over the reduction index {@code q} in ascending order, so no
 * horizontal sum is needed and the order of operations matches {@code ScalarKernels} exactly.
 */
final class Gemm {
  private Gemm() {}

  /** Columns of a full register tile: three vectors. */
  static final int TILE_COLS = 3 * L;

  /** Rows of a full register tile. */
  static final int TILE_ROWS = 4;

  /** Whether the six-vector tiles fit the registers (31 of AVX-512's 32). */
  static final boolean WIDE_TILES = S.vectorBitSize() >= 512;

  /** Columns of a six-vector tile (four rows wide, or one to three below the four-row tiles). */
  static final int WIDE_COLS = 6 * L;

  /**
   * {@link #gemm}, or {@link PackedGemm} where it takes the product. A method of its own, so
   * that {@link #gemm}'s compiled code (and what C2 inlines into it) stays what it was before the
   * packed path: with the dispatch inside it, a frozen CNN's one-sample predictions, whose
   * products take neither new path, allocated 960 bytes per call once the test suite's other
   * shapes had run (boxed vectors in the column tails).
   */
  static void product(
      float[] a, int aOff, int ars, int aqs, float[] b, int bOff, int ldb, float[] bias,
      int biasOff, float[] c, int cOff, int ldc, int rows, int depth, int cols) {
    if (PackedGemm.takes(rows, depth, cols, ldb)) {
      PackedGemm.gemm(a, aOff, ars, aqs, b, bOff, ldb, false, c, cOff, ldc, rows, depth, cols);
      if (bias != null) {
        addBias(bias, biasOff, c, cOff, ldc, rows, cols);
      }
    } else {
      gemm(a, aOff, ars, aqs, b, bOff, ldb, bias, biasOff, c, cOff, ldc, rows, depth, cols);
    }
  }

  /**
   * {@code c[rows][cols] = A · B + bias} where {@code A(r, q) = a[aOff + r·ars + q·aqs]},
   * {@code B(q, j) = b[bOff + q·ldb + j]} and {@code c}'s rows are {@code ldc} apart. Full tiles
   * of three vectors, then single vectors, then a narrower tail without masks: JDK 17 cannot
   * intrinsify 512-bit masked operations (it allocates per use), so the tail loads full vectors
   * that read past the row (still inside the array), keeps only its lanes, and finishes the rows a
   * full vector would read past the array's end in scalar code.
   */
  static void gemm(
      float[] a, int aOff, int ars, int aqs, float[] b, int bOff, int ldb, float[] bias,
      int biasOff, float[] c, int cOff, int ldc, int rows, int depth, int cols) {
    if (RowProduct.takes(rows, depth, cols)) {
      RowProduct.product(a, aOff, aqs, b, bOff, ldb, c, cOff, depth, cols, false);
      if (bias != null) {
        addBias(bias, biasOff, c, cOff, ldc, rows, cols);
      }
      return;
    }
    int body = rows - rows % TILE_ROWS; // rows in four-row tiles
    int j = 0;
    // Whether the rows below the four-row tiles had their four-vector block computed with them.
    boolean lastRowsDone = false;
    if (WIDE_TILES) {
      for (; j + WIDE_COLS <= cols; j += WIDE_COLS) {
        for (int r = 0; r < body; r += TILE_ROWS) {
          WideTiles.tile4x6(a, aOff + r * ars, ars, aqs, b, bOff + j, ldb, c, cOff + r * ldc + j, ldc,
              depth);
        }
      }
      if (j + 4 * L <= cols) { // four vectors left: one tile rather than a 4×3 and a 4×1
        // One or two rows left over: the last four-row tile takes them (a 5×4 or 6×4 tile);
        // three: a 3×4 tile below it.
        int extra = rows - body;
        int folded = body > 0 && extra <= 2 ? extra : 0;
        int tiled = folded > 0 ? body - TILE_ROWS : body;
        for (int r = 0; r < tiled; r += TILE_ROWS) {
          WideTiles.tile4x4(a, aOff + r * ars, ars, aqs, b, bOff + j, ldb, c, cOff + r * ldc + j,
              ldc, depth);
        }
        if (folded == 1) {
          WideTiles.tile5x4(a, aOff + tiled * ars, ars, aqs, b, bOff + j, ldb,
              c, cOff + tiled * ldc + j, ldc, depth);
        } else if (folded == 2) {
          WideTiles.tile6x4(a, aOff + tiled * ars, ars, aqs, b, bOff + j, ldb,
              c, cOff + tiled * ldc + j, ldc, depth);
        } else if (extra == 3) {
          WideTiles.tile3x4(a, aOff + body * ars, ars, aqs, b, bOff + j, ldb,
              c, cOff + body * ldc + j, ldc, depth);
        }
        lastRowsDone = folded > 0 || extra == 3;
        j += 4 * L;
      }
    }
    for (; j + TILE_COLS <= cols; j += TILE_COLS) {
      for (int r = 0; r < body; r += TILE_ROWS) {
        Tiles.tile4x3(a, aOff + r * ars, ars, aqs, b, bOff + j, ldb,
            c, cOff + r * ldc + j, ldc, depth);
      }
    }
    for (; j + L <= cols; j += L) {
      int r = 0;
      if (WIDE_TILES) {
        for (; r + 12 <= body; r += 12) {
          WideTiles.tile12x1(a, aOff + r * ars, ars, aqs, b, bOff + j, ldb,
              c, cOff + r * ldc + j, ldc, depth);
        }
      }
      for (; r < body; r += TILE_ROWS) {
        Tiles.tile4x1(a, aOff + r * ars, ars, aqs, b, bOff + j, ldb,
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
        WideTiles.tile3x6(a, aOff + r * ars, ars, aqs, b, bOff + v, ldb, c, cOff + r * ldc + v, ldc,
            depth);
      }
      r = rows;
    } else if (rows - r >= 2) {
      for (int v = 0; v < groups; v += WIDE_COLS) {
        WideTiles.tile2x6(a, aOff + r * ars, ars, aqs, b, bOff + v, ldb, c, cOff + r * ldc + v, ldc,
            depth);
      }
      r += 2;
    }
    if (r < rows) { // one row left
      for (int v = 0; v < groups; v += WIDE_COLS) {
        WideTiles.tile1x6(a, aOff + r * ars, aqs, b, bOff + v, ldb, c, cOff + r * ldc + v, depth);
      }
    }
    for (r = body; r < rows; r++) { // whole vectors left of fewer than six, row by row
      int ar = aOff + r * ars;
      int cr = cOff + r * ldc;
      int v = groups;
      if (WIDE_TILES && v + 4 * L <= j) {
        if (!lastRowsDone) {
          WideTiles.tile1x4(a, ar, aqs, b, bOff + v, ldb, c, cr + v, depth);
        }
        v += 4 * L;
      }
      for (; v + TILE_COLS <= j; v += TILE_COLS) {
        Tiles.tile1x3(a, ar, aqs, b, bOff + v, ldb, c, cr + v, depth);
      }
      for (; v < j; v += L) {
        Tiles.tile1x1(a, ar, aqs, b, bOff + v, ldb, c, cr + v, depth);
      }
    }
    if (j < cols) {
      int width = cols - j;
      // Steps q whose full-vector load b[q][j .. j + L) stays inside b.
      long room = (long) b.length - L - (bOff + j);
      int safe = room < 0 ? 0 : (int) Math.min(depth, room / ldb + 1);
      float[] lanes = Tiles.LANES.get();
      for (r = 0; r < body; r += TILE_ROWS) {
        Tiles.tail4(a, aOff + r * ars, ars, aqs, b, bOff + j, ldb, c, cOff + r * ldc + j, ldc, safe,
            width, lanes);
      }
      for (r = body; r < rows; r++) {
        Tiles.tail1(a, aOff + r * ars, aqs, b, bOff + j, ldb, c, cOff + r * ldc + j, safe, width,
            lanes);
      }
      Tiles.finish(a, aOff, ars, aqs, b, bOff + j, ldb, c, cOff + j, ldc, rows, safe, depth, width);
    }
    if (bias != null) {
      addBias(bias, biasOff, c, cOff, ldc, rows, cols);
    }
  }

  /**
   * The product, then one pass over {@code c} adding the bias and applying the ReLU (without a
   * bias, the product and the ReLU).
   */
  static void matmulRelu(
      float[] a, int aOff, int lda, float[] b, int bOff, float[] bias, int biasOff, float[] c,
      int cOff, int ldc, int m, int k, int n) {
    product(a, aOff, lda, 1, b, bOff, n, null, 0, c, cOff, ldc, m, k, n);
    if (bias == null && ldc == n) {
      VectorActivations.relu(c, cOff, m * n);
      return;
    }
    int bound = S.loopBound(n);
    for (int r = 0; r < m; r++) {
      int cr = cOff + r * ldc;
      if (bias == null) {
        VectorActivations.relu(c, cr, n);
        continue;
      }
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
  static void addBias(float[] bias, int biasOff, float[] c, int cOff, int ldc, int rows,
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

  static void columnSums(float[] a, int aOff, int lda, int m, int n, float[] dst, int dstOff,
      boolean add) {
    // Blocks of columns summed over all rows in registers, each column still one chain of
    // additions over the rows in ascending order from +0 (or from dst's value if add): a loop over
    // the rows that added each row into dst waited on dst's store for the next row's load. The
    // chains start from loads (of dst, or of ZEROS a vector at a time: step 0), never from a
    // vector chosen by a branch or returned by a helper, which JDK 17's C2 boxes.
    float[] start = add ? dst : ZEROS;
    int step = add ? L : 0;
    int j = 0;
    // A last partial vector is moved back to end at the last column, its first lanes summing
    // columns of the vector before again; adding, it starts from dst's values as they are before
    // that vector's sums are stored, kept in a per-thread copy.
    boolean movedBack = n >= L && n % L != 0;
    float[] last = ZEROS;
    if (movedBack && add) {
      last = Tiles.LANES.get();
      System.arraycopy(dst, dstOff + n - L, last, 0, L);
    }
    for (; j + 4 * L <= n; j += 4 * L) {
      sums4(a, aOff + j, lda, m, start, add ? dstOff + j : 0, step, dst, dstOff + j);
    }
    if (j + 2 * L <= n) {
      sums2(a, aOff + j, lda, m, start, add ? dstOff + j : 0, step, dst, dstOff + j);
      j += 2 * L;
    }
    if (j + L <= n) {
      sums1(a, aOff + j, lda, m, start, add ? dstOff + j : 0, dst, dstOff + j);
      j += L;
    }
    if (j < n) {
      if (n < L) {
        narrowColumnSums(a, aOff, lda, m, n, dst, dstOff, add);
      } else { // the same chains again in the first lanes: the same values
        sums1(a, aOff + n - L, lda, m, last, 0, dst, dstOff + n - L);
      }
    }
  }

  /**
   * {@link #columnSums} of four vectors of columns, chains from {@code start} at {@code from},
   * vectors {@code step} apart. (One method of four chains for one to four vectors, the idle
   * chains repeating a column, measured slower: 3,200 × 16 took 6.2 µs against 1.5, 21,632 × 32
   * 43 against 29.)
   */
  private static void sums4(float[] a, int aOff, int lda, int m, float[] start, int from,
      int step, float[] dst, int dstOff) {
    FloatVector s0 = FloatVector.fromArray(S, start, from);
    FloatVector s1 = FloatVector.fromArray(S, start, from + step);
    FloatVector s2 = FloatVector.fromArray(S, start, from + 2 * step);
    FloatVector s3 = FloatVector.fromArray(S, start, from + 3 * step);
    for (int i = 0, ai = aOff; i < m; i++, ai += lda) {
      s0 = s0.add(FloatVector.fromArray(S, a, ai));
      s1 = s1.add(FloatVector.fromArray(S, a, ai + L));
      s2 = s2.add(FloatVector.fromArray(S, a, ai + 2 * L));
      s3 = s3.add(FloatVector.fromArray(S, a, ai + 3 * L));
    }
    s0.intoArray(dst, dstOff);
    s1.intoArray(dst, dstOff + L);
    s2.intoArray(dst, dstOff + 2 * L);
    s3.intoArray(dst, dstOff + 3 * L);
  }

  /** {@link #columnSums} of two vectors of columns, as {@link #sums4} starts them. */
  private static void sums2(float[] a, int aOff, int lda, int m, float[] start, int from,
      int step, float[] dst, int dstOff) {
    FloatVector s0 = FloatVector.fromArray(S, start, from);
    FloatVector s1 = FloatVector.fromArray(S, start, from + step);
    for (int i = 0, ai = aOff; i < m; i++, ai += lda) {
      s0 = s0.add(FloatVector.fromArray(S, a, ai));
      s1 = s1.add(FloatVector.fromArray(S, a, ai + L));
    }
    s0.intoArray(dst, dstOff);
    s1.intoArray(dst, dstOff + L);
  }

  /** {@link #columnSums} of one vector of columns, its chains from {@code start} at {@code from}. */
  private static void sums1(float[] a, int aOff, int lda, int m, float[] start, int from,
      float[] dst, int dstOff) {
    FloatVector s0 = FloatVector.fromArray(S, start, from);
    for (int i = 0, ai = aOff; i < m; i++, ai += lda) {
      s0 = s0.add(FloatVector.fromArray(S, a, ai));
    }
    s0.intoArray(dst, dstOff);
  }

  /**
   * {@link #columnSums} for fewer columns than lanes (LeNet-5's first layer, 6 filters): the sums
   * stay in one vector, each row's load running into the next row's values in lanes that are
   * dropped, the same additions in the same order. The scalar loop's read, add and write of
   * {@code dst} per value took 6 % of LeNet-5's training step. The last rows, whose vector would
   * run past {@code a}'s end, are added one value at a time.
   */
  private static void narrowColumnSums(float[] a, int aOff, int lda, int m, int n, float[] dst,
      int dstOff, boolean add) {
    long room = (long) a.length - aOff - L; // row i is loaded whole if i·lda ≤ room
    int whole = room < 0 ? 0 : (int) Math.min(m, room / lda + 1);
    float[] lanes = Tiles.LANES.get(); // lane(j) with a variable j was slower than the sums
    if (add) {
      System.arraycopy(dst, dstOff, lanes, 0, n); // lanes past n: dropped
    }
    FloatVector sum = FloatVector.fromArray(S, add ? lanes : ZEROS, 0);
    for (int i = 0, ai = aOff; i < whole; i++, ai += lda) {
      sum = sum.add(FloatVector.fromArray(S, a, ai));
    }
    sum.intoArray(lanes, 0);
    System.arraycopy(lanes, 0, dst, dstOff, n);
    for (int i = whole; i < m; i++) {
      int ai = aOff + i * lda;
      for (int j = 0; j < n; j++) {
        dst[dstOff + j] += a[ai + j];
      }
    }
  }
}
