package org.dendrite.runtime.kernel.vector;

import static org.dendrite.runtime.kernel.vector.Vectors.L;
import static org.dendrite.runtime.kernel.vector.Vectors.S;
import static org.dendrite.runtime.kernel.vector.Vectors.ZEROS;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * One-row products (batch-1 prediction) of more than four vectors: {@code c[0..cols) = a · B}
 * with each of {@code B}'s rows read in one pass, up to twenty vectors at a time.
 *
 * <p>A one-row product reads every weight once and does one FMA per weight, so it runs at the
 * speed the weights stream in from L2 or L3. Six-vector tiles cut each row of a 784 → 300 layer
 * into three passes that each read 384 of the row's 1,200 bytes, 1,200 bytes apart, at 80–90
 * GB/s; one pass over whole rows reads them at 100–125 GB/s, near what a plain sum over the same
 * bytes reaches on a Zen 5 core. 784-300-100-10's batch-1 prediction went from 13.0–14.2 to
 * 10.5–11.1 µs (alternating runs, JDK 17; 13.1 to 10.5–10.7 on JDK 25). Twenty accumulators need
 * 512-bit registers (32 of them); with 256-bit vectors the six-vector tiles stay. Passes use the
 * narrowest of the 8-, 10-, 12-, 16- and 20-vector tiles that holds them: lanes read past the
 * pass are another thread's band when {@code Predictor} splits the layer by columns. (LeNet-5's
 * 400 → 120 layer took 2.3 µs in six-vector tiles, single vectors and a tail, each running its own
 * pass of the chains, before it had the 8-vector pass.)
 *
 * <p>The sums are the same chains as every other path's: column {@code j}'s accumulator takes
 * {@code fma(a[q], B(q, j), ·)} for {@code q = 0, 1, …} in order. Lanes past {@code cols}
 * read the values after the row and are dropped; the last rows, whose full-vector reads would
 * pass {@code b}'s end, continue the stored partial sums in scalar {@link Math#fma}, which
 * rounds as the vector FMA does.
 *
 * <p>A product skipping zeros ({@code Kernels.matmulSkippingZeros}) runs the same tiles over a
 * table of the rows whose input is not zero, their inputs and their offsets in {@code b}, when
 * enough of the inputs are zero to pay for the table ({@link #skips}). Each tile has two loops of
 * the same FMAs, over every row and over the table: one loop reading row numbers from a table (or
 * from the index itself when there is no table, for C2 to unswitch) took the plain product from
 * 9.45 to 10.09 µs at batch 1 (784-300-100-10, means of six alternating runs, 2026-12-05). With
 * a table on every layer, frozen LeNet-5 predicted one image in a median 10.2–10.4 µs where the
 * same class with plain products took 9.4–9.6 (its 400 → 120 layer's inputs are 19 % zeros on the
 * test images); with no table there and a table of values and offsets rather than row numbers,
 * 9.95 against 10.06 (ten loops of 10,000 images alternating the variants, 2026-12-05).
 */
final class RowProduct {
  /** The widest pass, in vectors. */
  private static final int PASS = 20;

  private RowProduct() {}

  /** Each thread's table of the rows of {@code b} a product skipping zeros reads. */
  private static final ThreadLocal<Rows> ROWS = ThreadLocal.withInitial(Rows::new);

  /** The rows whose {@code a} value is not zero, in ascending order: their values and offsets. */
  private static final class Rows {
    float[] value = new float[0];
    int[] offset = new int[0];

    /**
     * Fills the table for {@code a}'s {@code depth} values and rows of {@code b} {@code ldb}
     * apart; the count of rows. ({@code q·ldb} fits: the product's checks put row {@code q} in
     * {@code b}.)
     */
    int nonZero(float[] a, int aOff, int aqs, int depth, int ldb) {
      if (offset.length < depth) {
        value = new float[depth];
        offset = new int[depth];
      }
      int used = 0;
      for (int q = 0; q < depth; q++) {
        float x = a[aOff + q * aqs];
        value[used] = x; // branch-free: the pattern of zeros is the input's
        offset[used] = q * ldb;
        used += x != 0f ? 1 : 0;
      }
      return used;
    }
  }

  /** How many of {@code a}'s {@code depth} values are not zero. */
  private static int count(float[] a, int aOff, int aqs, int depth) {
    int n = 0;
    int q = 0;
    if (aqs == 1) {
      for (; q <= depth - L; q += L) {
        n += FloatVector.fromArray(S, a, aOff + q).compare(VectorOperators.NE, 0f).trueCount();
      }
    }
    for (; q < depth; q++) {
      n += a[aOff + q * aqs] != 0f ? 1 : 0;
    }
    return n;
  }

  /**
   * Whether a product skipping zeros runs over the table, with {@code zeros} of {@code depth}
   * inputs zero. Reading a row through the table costs about 1.2× reading it in order, with the
   * table's making, where the weights stay in L2; weights streamed from L3 cost their bytes
   * either way. Measured on Zen 5 (skipping's time over the plain product's, zeros at random and
   * in runs): 400 → 120, 120 → 84 and 300 → 100 broke even at 30–35 % zeros (1.21–1.25 at none,
   * 0.75–0.77 at half), 784 → 300 (941 KB) at 10 % (1.05 at none, 0.48–0.74 at half).
   */
  private static boolean skips(int zeros, int depth, int cols) {
    boolean streamed = (long) depth * cols * Float.BYTES > STREAMED_BYTES;
    return streamed ? zeros * 8 >= depth : zeros * 3 >= depth;
  }

  /** Weights larger than this are taken to stream from L3 (Zen 5's L2 holds 1 MiB). */
  private static final long STREAMED_BYTES = 512 * 1024;

  /** How many of the first {@code used} of the ascending {@code offset} are {@code < full}. */
  private static int below(int[] offset, int used, long full) {
    if (used == 0 || offset[used - 1] < full) {
      return used;
    }
    int lo = 0;
    int hi = used - 1; // offset[hi] >= full
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (offset[mid] < full) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Whether {@link #product} takes a product of {@code rows} rows and {@code cols} columns. */
  static boolean takes(int rows, int depth, int cols) {
    return rows == 1 && depth > 0 && cols > 4 * L && Gemm.WIDE_TILES;
  }

  /**
   * {@code c[cOff + j] = Σ_q a[aOff + q·aqs] · b[bOff + q·ldb + j]} for {@code j < cols}
   * ({@code cols > 4L}), in passes of five to twenty vectors of nearly equal width. With {@code
   * skipZeros}, the rows of {@code b} whose {@code a} value is zero are not read: the caller
   * vouches that {@code b} is finite there, where the skipped terms would add {@code ±0} to a
   * chain that starts at {@code +0} and so cannot be {@code -0}, which changes no bit.
   */
  static void product(
      float[] a, int aOff, int aqs, float[] b, int bOff, int ldb, float[] c, int cOff, int depth,
      int cols, boolean skipZeros) {
    int passes = (cols + PASS * L - 1) / (PASS * L);
    int width = ((cols + passes - 1) / passes + L - 1) / L * L;
    float[] lanes = Tiles.LANES.get();
    int[] offset = null; // every row
    float[] value = null;
    int used = depth;
    if (skipZeros) {
      if (skips(depth - count(a, aOff, aqs, depth), depth, cols)) {
        Rows r = ROWS.get();
        used = r.nonZero(a, aOff, aqs, depth, ldb);
        offset = r.offset;
        value = r.value;
      }
    }
    for (int j = 0; j < cols; j += width) {
      int w = Math.min(width, cols - j);
      if (w > 16 * L) {
        tile1x20(a, aOff, aqs, b, bOff + j, ldb, c, cOff + j, depth, w, lanes, offset, value, used);
      } else if (w > 12 * L) {
        tile1x16(a, aOff, aqs, b, bOff + j, ldb, c, cOff + j, depth, w, lanes, offset, value, used);
      } else if (w > 10 * L) {
        tile1x12(a, aOff, aqs, b, bOff + j, ldb, c, cOff + j, depth, w, lanes, offset, value, used);
      } else if (w > 8 * L) {
        tile1x10(a, aOff, aqs, b, bOff + j, ldb, c, cOff + j, depth, w, lanes, offset, value, used);
      } else if (w > 4 * L) {
        tile1x8(a, aOff, aqs, b, bOff + j, ldb, c, cOff + j, depth, w, lanes, offset, value, used);
      } else { // a narrow last pass, which takes the general tiles (takes() says no to it)
        Gemm.gemm(a, aOff, 1, aqs, b, bOff + j, ldb, null, 0, c, cOff + j, w, 1, depth, w);
      }
    }
  }

  /** 8 vectors, of which the first {@code cols} columns ({@code 4L < cols ≤ 8L}) are kept. */
  private static void tile1x8(
      float[] a, int a0, int aqs, float[] b, int b0, int ldb, float[] c, int c0, int depth,
      int cols, float[] lanes, int[] offset, float[] value, int used) {
    int full = fullRows(b, b0, ldb, depth, 8);
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector v0 = zero, v1 = zero, v2 = zero, v3 = zero;
    FloatVector v4 = zero, v5 = zero, v6 = zero, v7 = zero;
    if (offset == null) { // every row
      int i0 = a0;
      int bq = b0;
      for (int q = 0; q < full; q++) {
        FloatVector x = FloatVector.broadcast(S, a[i0]);
        v0 = x.fma(FloatVector.fromArray(S, b, bq + 0 * L), v0);
        v1 = x.fma(FloatVector.fromArray(S, b, bq + 1 * L), v1);
        v2 = x.fma(FloatVector.fromArray(S, b, bq + 2 * L), v2);
        v3 = x.fma(FloatVector.fromArray(S, b, bq + 3 * L), v3);
        v4 = x.fma(FloatVector.fromArray(S, b, bq + 4 * L), v4);
        v5 = x.fma(FloatVector.fromArray(S, b, bq + 5 * L), v5);
        v6 = x.fma(FloatVector.fromArray(S, b, bq + 6 * L), v6);
        v7 = x.fma(FloatVector.fromArray(S, b, bq + 7 * L), v7);
        i0 += aqs;
        bq += ldb;
      }
    } else { // the rows of a's values that are not zero
      for (int t = 0, rows = below(offset, used, (long) full * ldb); t < rows; t++) {
        FloatVector x = FloatVector.broadcast(S, value[t]);
        int bq = b0 + offset[t];
        v0 = x.fma(FloatVector.fromArray(S, b, bq + 0 * L), v0);
        v1 = x.fma(FloatVector.fromArray(S, b, bq + 1 * L), v1);
        v2 = x.fma(FloatVector.fromArray(S, b, bq + 2 * L), v2);
        v3 = x.fma(FloatVector.fromArray(S, b, bq + 3 * L), v3);
        v4 = x.fma(FloatVector.fromArray(S, b, bq + 4 * L), v4);
        v5 = x.fma(FloatVector.fromArray(S, b, bq + 5 * L), v5);
        v6 = x.fma(FloatVector.fromArray(S, b, bq + 6 * L), v6);
        v7 = x.fma(FloatVector.fromArray(S, b, bq + 7 * L), v7);
      }
    }
    v0.intoArray(c, c0 + 0 * L);
    v1.intoArray(c, c0 + 1 * L);
    v2.intoArray(c, c0 + 2 * L);
    v3.intoArray(c, c0 + 3 * L);
    if (cols >= 5 * L) {
      v4.intoArray(c, c0 + 4 * L);
    } else {
      v4.intoArray(lanes, 0);
    }
    if (cols >= 6 * L) {
      v5.intoArray(c, c0 + 5 * L);
    } else if (cols > 5 * L) {
      v5.intoArray(lanes, 0);
    }
    if (cols >= 7 * L) {
      v6.intoArray(c, c0 + 6 * L);
    } else if (cols > 6 * L) {
      v6.intoArray(lanes, 0);
    }
    if (cols >= 8 * L) {
      v7.intoArray(c, c0 + 7 * L);
    } else if (cols > 7 * L) {
      v7.intoArray(lanes, 0);
    }
    keepPartial(c, c0, cols, lanes);
    finish(a, a0, aqs, b, b0, ldb, c, c0, full, depth, cols);
  }

  /** 10 vectors, of which the first {@code cols} columns ({@code 8L < cols ≤ 10L}) are kept. */
  private static void tile1x10(
      float[] a, int a0, int aqs, float[] b, int b0, int ldb, float[] c, int c0, int depth,
      int cols, float[] lanes, int[] offset, float[] value, int used) {
    int full = fullRows(b, b0, ldb, depth, 10);
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector v0 = zero, v1 = zero, v2 = zero, v3 = zero, v4 = zero;
    FloatVector v5 = zero, v6 = zero, v7 = zero, v8 = zero, v9 = zero;
    if (offset == null) { // every row
      int i0 = a0;
      int bq = b0;
      for (int q = 0; q < full; q++) {
        FloatVector x = FloatVector.broadcast(S, a[i0]);
        v0 = x.fma(FloatVector.fromArray(S, b, bq + 0 * L), v0);
        v1 = x.fma(FloatVector.fromArray(S, b, bq + 1 * L), v1);
        v2 = x.fma(FloatVector.fromArray(S, b, bq + 2 * L), v2);
        v3 = x.fma(FloatVector.fromArray(S, b, bq + 3 * L), v3);
        v4 = x.fma(FloatVector.fromArray(S, b, bq + 4 * L), v4);
        v5 = x.fma(FloatVector.fromArray(S, b, bq + 5 * L), v5);
        v6 = x.fma(FloatVector.fromArray(S, b, bq + 6 * L), v6);
        v7 = x.fma(FloatVector.fromArray(S, b, bq + 7 * L), v7);
        v8 = x.fma(FloatVector.fromArray(S, b, bq + 8 * L), v8);
        v9 = x.fma(FloatVector.fromArray(S, b, bq + 9 * L), v9);
        i0 += aqs;
        bq += ldb;
      }
    } else { // the rows of a's values that are not zero
      for (int t = 0, rows = below(offset, used, (long) full * ldb); t < rows; t++) {
        FloatVector x = FloatVector.broadcast(S, value[t]);
        int bq = b0 + offset[t];
        v0 = x.fma(FloatVector.fromArray(S, b, bq + 0 * L), v0);
        v1 = x.fma(FloatVector.fromArray(S, b, bq + 1 * L), v1);
        v2 = x.fma(FloatVector.fromArray(S, b, bq + 2 * L), v2);
        v3 = x.fma(FloatVector.fromArray(S, b, bq + 3 * L), v3);
        v4 = x.fma(FloatVector.fromArray(S, b, bq + 4 * L), v4);
        v5 = x.fma(FloatVector.fromArray(S, b, bq + 5 * L), v5);
        v6 = x.fma(FloatVector.fromArray(S, b, bq + 6 * L), v6);
        v7 = x.fma(FloatVector.fromArray(S, b, bq + 7 * L), v7);
        v8 = x.fma(FloatVector.fromArray(S, b, bq + 8 * L), v8);
        v9 = x.fma(FloatVector.fromArray(S, b, bq + 9 * L), v9);
      }
    }
    v0.intoArray(c, c0 + 0 * L);
    v1.intoArray(c, c0 + 1 * L);
    v2.intoArray(c, c0 + 2 * L);
    v3.intoArray(c, c0 + 3 * L);
    v4.intoArray(c, c0 + 4 * L);
    v5.intoArray(c, c0 + 5 * L);
    v6.intoArray(c, c0 + 6 * L);
    v7.intoArray(c, c0 + 7 * L);
    if (cols >= 9 * L) {
      v8.intoArray(c, c0 + 8 * L);
    } else if (cols > 8 * L) {
      v8.intoArray(lanes, 0);
    }
    if (cols >= 10 * L) {
      v9.intoArray(c, c0 + 9 * L);
    } else if (cols > 9 * L) {
      v9.intoArray(lanes, 0);
    }
    keepPartial(c, c0, cols, lanes);
    finish(a, a0, aqs, b, b0, ldb, c, c0, full, depth, cols);
  }

  /** 12 vectors, of which the first {@code cols} columns ({@code 10L < cols ≤ 12L}) are kept. */
  private static void tile1x12(
      float[] a, int a0, int aqs, float[] b, int b0, int ldb, float[] c, int c0, int depth,
      int cols, float[] lanes, int[] offset, float[] value, int used) {
    int full = fullRows(b, b0, ldb, depth, 12);
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector v0 = zero, v1 = zero, v2 = zero, v3 = zero, v4 = zero;
    FloatVector v5 = zero, v6 = zero, v7 = zero, v8 = zero, v9 = zero;
    FloatVector v10 = zero, v11 = zero;
    if (offset == null) { // every row
      int i0 = a0;
      int bq = b0;
      for (int q = 0; q < full; q++) {
        FloatVector x = FloatVector.broadcast(S, a[i0]);
        v0 = x.fma(FloatVector.fromArray(S, b, bq + 0 * L), v0);
        v1 = x.fma(FloatVector.fromArray(S, b, bq + 1 * L), v1);
        v2 = x.fma(FloatVector.fromArray(S, b, bq + 2 * L), v2);
        v3 = x.fma(FloatVector.fromArray(S, b, bq + 3 * L), v3);
        v4 = x.fma(FloatVector.fromArray(S, b, bq + 4 * L), v4);
        v5 = x.fma(FloatVector.fromArray(S, b, bq + 5 * L), v5);
        v6 = x.fma(FloatVector.fromArray(S, b, bq + 6 * L), v6);
        v7 = x.fma(FloatVector.fromArray(S, b, bq + 7 * L), v7);
        v8 = x.fma(FloatVector.fromArray(S, b, bq + 8 * L), v8);
        v9 = x.fma(FloatVector.fromArray(S, b, bq + 9 * L), v9);
        v10 = x.fma(FloatVector.fromArray(S, b, bq + 10 * L), v10);
        v11 = x.fma(FloatVector.fromArray(S, b, bq + 11 * L), v11);
        i0 += aqs;
        bq += ldb;
      }
    } else { // the rows of a's values that are not zero
      for (int t = 0, rows = below(offset, used, (long) full * ldb); t < rows; t++) {
        FloatVector x = FloatVector.broadcast(S, value[t]);
        int bq = b0 + offset[t];
        v0 = x.fma(FloatVector.fromArray(S, b, bq + 0 * L), v0);
        v1 = x.fma(FloatVector.fromArray(S, b, bq + 1 * L), v1);
        v2 = x.fma(FloatVector.fromArray(S, b, bq + 2 * L), v2);
        v3 = x.fma(FloatVector.fromArray(S, b, bq + 3 * L), v3);
        v4 = x.fma(FloatVector.fromArray(S, b, bq + 4 * L), v4);
        v5 = x.fma(FloatVector.fromArray(S, b, bq + 5 * L), v5);
        v6 = x.fma(FloatVector.fromArray(S, b, bq + 6 * L), v6);
        v7 = x.fma(FloatVector.fromArray(S, b, bq + 7 * L), v7);
        v8 = x.fma(FloatVector.fromArray(S, b, bq + 8 * L), v8);
        v9 = x.fma(FloatVector.fromArray(S, b, bq + 9 * L), v9);
        v10 = x.fma(FloatVector.fromArray(S, b, bq + 10 * L), v10);
        v11 = x.fma(FloatVector.fromArray(S, b, bq + 11 * L), v11);
      }
    }
    v0.intoArray(c, c0 + 0 * L);
    v1.intoArray(c, c0 + 1 * L);
    v2.intoArray(c, c0 + 2 * L);
    v3.intoArray(c, c0 + 3 * L);
    v4.intoArray(c, c0 + 4 * L);
    v5.intoArray(c, c0 + 5 * L);
    v6.intoArray(c, c0 + 6 * L);
    v7.intoArray(c, c0 + 7 * L);
    v8.intoArray(c, c0 + 8 * L);
    v9.intoArray(c, c0 + 9 * L);
    if (cols >= 11 * L) {
      v10.intoArray(c, c0 + 10 * L);
    } else if (cols > 10 * L) {
      v10.intoArray(lanes, 0);
    }
    if (cols >= 12 * L) {
      v11.intoArray(c, c0 + 11 * L);
    } else if (cols > 11 * L) {
      v11.intoArray(lanes, 0);
    }
    keepPartial(c, c0, cols, lanes);
    finish(a, a0, aqs, b, b0, ldb, c, c0, full, depth, cols);
  }

  /** 16 vectors, of which the first {@code cols} columns ({@code 12L < cols ≤ 16L}) are kept. */
  private static void tile1x16(
      float[] a, int a0, int aqs, float[] b, int b0, int ldb, float[] c, int c0, int depth,
      int cols, float[] lanes, int[] offset, float[] value, int used) {
    int full = fullRows(b, b0, ldb, depth, 16);
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector v0 = zero, v1 = zero, v2 = zero, v3 = zero, v4 = zero;
    FloatVector v5 = zero, v6 = zero, v7 = zero, v8 = zero, v9 = zero;
    FloatVector v10 = zero, v11 = zero, v12 = zero, v13 = zero, v14 = zero;
    FloatVector v15 = zero;
    if (offset == null) { // every row
      int i0 = a0;
      int bq = b0;
      for (int q = 0; q < full; q++) {
        FloatVector x = FloatVector.broadcast(S, a[i0]);
        v0 = x.fma(FloatVector.fromArray(S, b, bq + 0 * L), v0);
        v1 = x.fma(FloatVector.fromArray(S, b, bq + 1 * L), v1);
        v2 = x.fma(FloatVector.fromArray(S, b, bq + 2 * L), v2);
        v3 = x.fma(FloatVector.fromArray(S, b, bq + 3 * L), v3);
        v4 = x.fma(FloatVector.fromArray(S, b, bq + 4 * L), v4);
        v5 = x.fma(FloatVector.fromArray(S, b, bq + 5 * L), v5);
        v6 = x.fma(FloatVector.fromArray(S, b, bq + 6 * L), v6);
        v7 = x.fma(FloatVector.fromArray(S, b, bq + 7 * L), v7);
        v8 = x.fma(FloatVector.fromArray(S, b, bq + 8 * L), v8);
        v9 = x.fma(FloatVector.fromArray(S, b, bq + 9 * L), v9);
        v10 = x.fma(FloatVector.fromArray(S, b, bq + 10 * L), v10);
        v11 = x.fma(FloatVector.fromArray(S, b, bq + 11 * L), v11);
        v12 = x.fma(FloatVector.fromArray(S, b, bq + 12 * L), v12);
        v13 = x.fma(FloatVector.fromArray(S, b, bq + 13 * L), v13);
        v14 = x.fma(FloatVector.fromArray(S, b, bq + 14 * L), v14);
        v15 = x.fma(FloatVector.fromArray(S, b, bq + 15 * L), v15);
        i0 += aqs;
        bq += ldb;
      }
    } else { // the rows of a's values that are not zero
      for (int t = 0, rows = below(offset, used, (long) full * ldb); t < rows; t++) {
        FloatVector x = FloatVector.broadcast(S, value[t]);
        int bq = b0 + offset[t];
        v0 = x.fma(FloatVector.fromArray(S, b, bq + 0 * L), v0);
        v1 = x.fma(FloatVector.fromArray(S, b, bq + 1 * L), v1);
        v2 = x.fma(FloatVector.fromArray(S, b, bq + 2 * L), v2);
        v3 = x.fma(FloatVector.fromArray(S, b, bq + 3 * L), v3);
        v4 = x.fma(FloatVector.fromArray(S, b, bq + 4 * L), v4);
        v5 = x.fma(FloatVector.fromArray(S, b, bq + 5 * L), v5);
        v6 = x.fma(FloatVector.fromArray(S, b, bq + 6 * L), v6);
        v7 = x.fma(FloatVector.fromArray(S, b, bq + 7 * L), v7);
        v8 = x.fma(FloatVector.fromArray(S, b, bq + 8 * L), v8);
        v9 = x.fma(FloatVector.fromArray(S, b, bq + 9 * L), v9);
        v10 = x.fma(FloatVector.fromArray(S, b, bq + 10 * L), v10);
        v11 = x.fma(FloatVector.fromArray(S, b, bq + 11 * L), v11);
        v12 = x.fma(FloatVector.fromArray(S, b, bq + 12 * L), v12);
        v13 = x.fma(FloatVector.fromArray(S, b, bq + 13 * L), v13);
        v14 = x.fma(FloatVector.fromArray(S, b, bq + 14 * L), v14);
        v15 = x.fma(FloatVector.fromArray(S, b, bq + 15 * L), v15);
      }
    }
    v0.intoArray(c, c0 + 0 * L);
    v1.intoArray(c, c0 + 1 * L);
    v2.intoArray(c, c0 + 2 * L);
    v3.intoArray(c, c0 + 3 * L);
    v4.intoArray(c, c0 + 4 * L);
    v5.intoArray(c, c0 + 5 * L);
    v6.intoArray(c, c0 + 6 * L);
    v7.intoArray(c, c0 + 7 * L);
    v8.intoArray(c, c0 + 8 * L);
    v9.intoArray(c, c0 + 9 * L);
    v10.intoArray(c, c0 + 10 * L);
    v11.intoArray(c, c0 + 11 * L);
    if (cols >= 13 * L) {
      v12.intoArray(c, c0 + 12 * L);
    } else if (cols > 12 * L) {
      v12.intoArray(lanes, 0);
    }
    if (cols >= 14 * L) {
      v13.intoArray(c, c0 + 13 * L);
    } else if (cols > 13 * L) {
      v13.intoArray(lanes, 0);
    }
    if (cols >= 15 * L) {
      v14.intoArray(c, c0 + 14 * L);
    } else if (cols > 14 * L) {
      v14.intoArray(lanes, 0);
    }
    if (cols >= 16 * L) {
      v15.intoArray(c, c0 + 15 * L);
    } else if (cols > 15 * L) {
      v15.intoArray(lanes, 0);
    }
    keepPartial(c, c0, cols, lanes);
    finish(a, a0, aqs, b, b0, ldb, c, c0, full, depth, cols);
  }

  /** 20 vectors, of which the first {@code cols} columns ({@code 16L < cols ≤ 20L}) are kept. */
  private static void tile1x20(
      float[] a, int a0, int aqs, float[] b, int b0, int ldb, float[] c, int c0, int depth,
      int cols, float[] lanes, int[] offset, float[] value, int used) {
    int full = fullRows(b, b0, ldb, depth, 20);
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector v0 = zero, v1 = zero, v2 = zero, v3 = zero, v4 = zero;
    FloatVector v5 = zero, v6 = zero, v7 = zero, v8 = zero, v9 = zero;
    FloatVector v10 = zero, v11 = zero, v12 = zero, v13 = zero, v14 = zero;
    FloatVector v15 = zero, v16 = zero, v17 = zero, v18 = zero, v19 = zero;
    if (offset == null) { // every row
      int i0 = a0;
      int bq = b0;
      for (int q = 0; q < full; q++) {
        FloatVector x = FloatVector.broadcast(S, a[i0]);
        v0 = x.fma(FloatVector.fromArray(S, b, bq + 0 * L), v0);
        v1 = x.fma(FloatVector.fromArray(S, b, bq + 1 * L), v1);
        v2 = x.fma(FloatVector.fromArray(S, b, bq + 2 * L), v2);
        v3 = x.fma(FloatVector.fromArray(S, b, bq + 3 * L), v3);
        v4 = x.fma(FloatVector.fromArray(S, b, bq + 4 * L), v4);
        v5 = x.fma(FloatVector.fromArray(S, b, bq + 5 * L), v5);
        v6 = x.fma(FloatVector.fromArray(S, b, bq + 6 * L), v6);
        v7 = x.fma(FloatVector.fromArray(S, b, bq + 7 * L), v7);
        v8 = x.fma(FloatVector.fromArray(S, b, bq + 8 * L), v8);
        v9 = x.fma(FloatVector.fromArray(S, b, bq + 9 * L), v9);
        v10 = x.fma(FloatVector.fromArray(S, b, bq + 10 * L), v10);
        v11 = x.fma(FloatVector.fromArray(S, b, bq + 11 * L), v11);
        v12 = x.fma(FloatVector.fromArray(S, b, bq + 12 * L), v12);
        v13 = x.fma(FloatVector.fromArray(S, b, bq + 13 * L), v13);
        v14 = x.fma(FloatVector.fromArray(S, b, bq + 14 * L), v14);
        v15 = x.fma(FloatVector.fromArray(S, b, bq + 15 * L), v15);
        v16 = x.fma(FloatVector.fromArray(S, b, bq + 16 * L), v16);
        v17 = x.fma(FloatVector.fromArray(S, b, bq + 17 * L), v17);
        v18 = x.fma(FloatVector.fromArray(S, b, bq + 18 * L), v18);
        v19 = x.fma(FloatVector.fromArray(S, b, bq + 19 * L), v19);
        i0 += aqs;
        bq += ldb;
      }
    } else { // the rows of a's values that are not zero
      for (int t = 0, rows = below(offset, used, (long) full * ldb); t < rows; t++) {
        FloatVector x = FloatVector.broadcast(S, value[t]);
        int bq = b0 + offset[t];
        v0 = x.fma(FloatVector.fromArray(S, b, bq + 0 * L), v0);
        v1 = x.fma(FloatVector.fromArray(S, b, bq + 1 * L), v1);
        v2 = x.fma(FloatVector.fromArray(S, b, bq + 2 * L), v2);
        v3 = x.fma(FloatVector.fromArray(S, b, bq + 3 * L), v3);
        v4 = x.fma(FloatVector.fromArray(S, b, bq + 4 * L), v4);
        v5 = x.fma(FloatVector.fromArray(S, b, bq + 5 * L), v5);
        v6 = x.fma(FloatVector.fromArray(S, b, bq + 6 * L), v6);
        v7 = x.fma(FloatVector.fromArray(S, b, bq + 7 * L), v7);
        v8 = x.fma(FloatVector.fromArray(S, b, bq + 8 * L), v8);
        v9 = x.fma(FloatVector.fromArray(S, b, bq + 9 * L), v9);
        v10 = x.fma(FloatVector.fromArray(S, b, bq + 10 * L), v10);
        v11 = x.fma(FloatVector.fromArray(S, b, bq + 11 * L), v11);
        v12 = x.fma(FloatVector.fromArray(S, b, bq + 12 * L), v12);
        v13 = x.fma(FloatVector.fromArray(S, b, bq + 13 * L), v13);
        v14 = x.fma(FloatVector.fromArray(S, b, bq + 14 * L), v14);
        v15 = x.fma(FloatVector.fromArray(S, b, bq + 15 * L), v15);
        v16 = x.fma(FloatVector.fromArray(S, b, bq + 16 * L), v16);
        v17 = x.fma(FloatVector.fromArray(S, b, bq + 17 * L), v17);
        v18 = x.fma(FloatVector.fromArray(S, b, bq + 18 * L), v18);
        v19 = x.fma(FloatVector.fromArray(S, b, bq + 19 * L), v19);
      }
    }
    v0.intoArray(c, c0 + 0 * L);
    v1.intoArray(c, c0 + 1 * L);
    v2.intoArray(c, c0 + 2 * L);
    v3.intoArray(c, c0 + 3 * L);
    v4.intoArray(c, c0 + 4 * L);
    v5.intoArray(c, c0 + 5 * L);
    v6.intoArray(c, c0 + 6 * L);
    v7.intoArray(c, c0 + 7 * L);
    v8.intoArray(c, c0 + 8 * L);
    v9.intoArray(c, c0 + 9 * L);
    v10.intoArray(c, c0 + 10 * L);
    v11.intoArray(c, c0 + 11 * L);
    v12.intoArray(c, c0 + 12 * L);
    v13.intoArray(c, c0 + 13 * L);
    v14.intoArray(c, c0 + 14 * L);
    v15.intoArray(c, c0 + 15 * L);
    if (cols >= 17 * L) {
      v16.intoArray(c, c0 + 16 * L);
    } else if (cols > 16 * L) {
      v16.intoArray(lanes, 0);
    }
    if (cols >= 18 * L) {
      v17.intoArray(c, c0 + 17 * L);
    } else if (cols > 17 * L) {
      v17.intoArray(lanes, 0);
    }
    if (cols >= 19 * L) {
      v18.intoArray(c, c0 + 18 * L);
    } else if (cols > 18 * L) {
      v18.intoArray(lanes, 0);
    }
    if (cols >= 20 * L) {
      v19.intoArray(c, c0 + 19 * L);
    } else if (cols > 19 * L) {
      v19.intoArray(lanes, 0);
    }
    keepPartial(c, c0, cols, lanes);
    finish(a, a0, aqs, b, b0, ldb, c, c0, full, depth, cols);
  }

  /** The rows from the first whose {@code vectors}-vector read would pass {@code b}'s end. */
  private static int fullRows(float[] b, int b0, int ldb, int depth, int vectors) {
    long room = (long) b.length - vectors * L - b0;
    return room < 0 ? 0 : (int) Math.min(depth, room / ldb + 1);
  }

  /** Rows {@code from ≤ q < depth}, continuing the stored sums in scalar code. */
  private static void finish(
      float[] a, int a0, int aqs, float[] b, int b0, int ldb, float[] c, int c0, int from,
      int depth, int cols) {
    for (int q = from; q < depth; q++) {
      float x = a[a0 + q * aqs];
      int bq = b0 + q * ldb;
      for (int t = 0; t < cols; t++) {
        c[c0 + t] = Math.fma(x, b[bq + t], c[c0 + t]);
      }
    }
  }

  /** Copies the partial last vector's lanes, which the tile left in {@code lanes}, to {@code c}. */
  private static void keepPartial(float[] c, int c0, int cols, float[] lanes) {
    int whole = cols - cols % L;
    System.arraycopy(lanes, 0, c, c0 + whole, cols - whole);
  }
}
