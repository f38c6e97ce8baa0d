package org.dendrite.runtime.kernel.vector;

import static org.dendrite.runtime.kernel.vector.Vectors.L;
import static org.dendrite.runtime.kernel.vector.Vectors.S;

import jdk.incubator.vector.FloatVector;

/**
 * A convolution's weight gradient with its windows read in place: {@code c[k][n] += Aᵀ · g} for
 * {@code A(r, q) = a[aOff + rows[r] + depths[q]]}. A first layer's windows are few values (9 for a
 * 3×3 kernel over one channel) and its filters one or two vectors, so its whole gradient fits a
 * few register tiles: each tile holds four, six or eight window values' rows of the gradient and
 * walks the output pixels once, broadcasting the pixel's window values from the image and loading
 * its row of {@code g}. (Copying the windows out first, im2col, took longer than the product:
 * keras-convnet's 26×26 one-channel windows cost 12 µs an image to copy.)
 *
 * <p>Each value continues its chain of fused multiply-adds over the rows in ascending order from
 * the value stored in {@code c}: bit for bit {@code ScalarKernels}' loops. Filters that are not a
 * whole number of vectors are computed on a copy of {@code c} padded with columns that are
 * dropped.
 */
final class GatherGradient {
  private GatherGradient() {}

  /**
   * The fewest rows for which {@link Across} pays for its two transpositions of {@code c} (a call
   * per image of 100 pixels would spend as long on them as on the product).
   */
  private static final int ACROSS_ROWS = 512;

  /** Per-thread padded copies of {@code g}'s last rows and of {@code c}, grown as needed. */
  private static final ThreadLocal<float[][]> PADDED =
      ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0]});

  static void transA(float[] a, int aOff, int[] rows, int[] depths, float[] g, int gOff,
      float[] c, int cOff, int m, int k, int n) {
    if (m >= ACROSS_ROWS && Across.takes(depths, k, n)) {
      Across.transA(a, aOff, rows, depths, g, gOff, c, cOff, m, k, n);
      return;
    }
    int vectors = (n + L - 1) / L;
    int width = vectors * L;
    if (width == n) {
      tiles(a, aOff, rows, depths, g, gOff, n, c, cOff, n, k, vectors, 0, m);
      return;
    }
    // Filters that are not whole vectors: c on a padded copy (k rows, small), g read in place
    // with rows n apart, a row's last vector running into the next row's values in lanes whose
    // sums are dropped. Copying g into padded rows instead took 6 % of LeNet-5's training step
    // (its first layer's 6 filters). Only the last rows, whose vectors would run past g's end,
    // are copied.
    float[][] padded = PADDED.get();
    if (padded[1].length < k * width) {
      padded[1] = new float[k * width];
    }
    float[] cc = padded[1];
    pad(c, cOff, n, cc, width, k);
    long room = (long) g.length - gOff - width; // row r is read in place if r·n ≤ room
    int inPlace = room < 0 ? 0 : (int) Math.min(m, room / n + 1);
    tiles(a, aOff, rows, depths, g, gOff, n, cc, 0, width, k, vectors, 0, inPlace);
    if (inPlace < m) {
      int tail = m - inPlace;
      if (padded[0].length < tail * width) {
        padded[0] = new float[tail * width];
      }
      pad(g, gOff + inPlace * n, n, padded[0], width, tail);
      tiles(a, aOff, rows, depths, padded[0], 0, width, cc, 0, width, k, vectors, inPlace, m);
    }
    for (int p = 0; p < k; p++) {
      System.arraycopy(cc, p * width, c, cOff + p * n, n);
    }
  }

  /**
   * The register tiles over rows {@code r0 .. r1} of {@code g} ({@code g0} is row {@code r0}'s,
   * rows {@code ldg} apart), each chain continued from {@code c}'s {@code width}-value rows.
   */
  private static void tiles(float[] a, int aOff, int[] rows, int[] depths, float[] g, int g0,
      int ldg, float[] c, int c0, int width, int k, int vectors, int r0, int r1) {
    int q = 0;
    int v = 0;
    // A window value's row costs a broadcast, which this core issues about once a cycle, and a
    // tile's pass over the pixels waits on the FMA's latency (4 cycles) below eight chains. So
    // the values left after the whole tiles go to one last tile with idle chains where that
    // beats one-row passes: keras-convnet's 3×3 first layer (9 values, two vectors of filters)
    // took 97 µs a batch as 4 + 4 + 1, 81 as 4 + 5.
    for (; v + 2 <= vectors; v += 2) {
      for (q = 0; k - q >= 8; q += 4) {
        tile4x2(a, aOff, rows, depths[q], depths[q + 1], depths[q + 2], depths[q + 3], g,
            g0 + v * L, ldg, c, c0 + q * width + v * L, width, r0, r1);
      }
      int left = k - q; // 4 to 7, or k itself below 8
      if (left == 4 || left == 7) {
        tile4x2(a, aOff, rows, depths[q], depths[q + 1], depths[q + 2], depths[q + 3], g,
            g0 + v * L, ldg, c, c0 + q * width + v * L, width, r0, r1);
        q += 4;
        left -= 4;
      }
      if (left > 0) {
        tile6x2(a, aOff, rows, depths, q, left, g, g0 + v * L, ldg, c,
            c0 + q * width + v * L, width, r0, r1);
      }
    }
    if (v < vectors && L >= 16) {
      int unit = fiveByFiveUnit(depths, k);
      if (unit != 0) {
        fiveByFive(a, aOff, rows, depths, unit, g, g0 + v * L, ldg, c, c0 + v * L, width, r0,
            r1);
        return;
      }
    }
    if (v < vectors) { // one vector left: eight rows at a time, for eight independent chains
      for (q = 0; q + 8 <= k; q += 8) {
        tile8x1(a, aOff, rows, depths, q, 8, g, g0 + v * L, ldg, c, c0 + q * width + v * L,
            width, r0, r1);
      }
      if (k - q > 2) { // eight broadcasts a pixel for three or more values' chains
        tile8x1(a, aOff, rows, depths, q, k - q, g, g0 + v * L, ldg, c,
            c0 + q * width + v * L, width, r0, r1);
      } else {
        for (; q < k; q++) { // a pass each, latency-bound: four cycles a pixel
          tile1x1(a, aOff, rows, depths[q], g, g0 + v * L, ldg, c, c0 + q * width + v * L, r0,
              r1);
        }
      }
    }
  }

  /** {@code rows} rows of {@code n} values into rows of {@code width}, zero-padded. */
  private static void pad(float[] x, int off, int n, float[] to, int width, int rows) {
    for (int r = 0; r < rows; r++) {
      System.arraycopy(x, off + r * n, to, r * width, n);
      java.util.Arrays.fill(to, r * width + n, (r + 1) * width, 0f);
    }
  }

  /** Four window values' rows of the gradient by two vectors of filters. */
  private static void tile4x2(float[] a, int aOff, int[] rows, int d0, int d1, int d2, int d3,
      float[] g, int g0, int ldg, float[] c, int c0, int ldc, int r0, int r1) {
    int c1 = c0 + ldc;
    int c2 = c1 + ldc;
    int c3 = c2 + ldc;
    FloatVector c00 = FloatVector.fromArray(S, c, c0);
    FloatVector c01 = FloatVector.fromArray(S, c, c0 + L);
    FloatVector c10 = FloatVector.fromArray(S, c, c1);
    FloatVector c11 = FloatVector.fromArray(S, c, c1 + L);
    FloatVector c20 = FloatVector.fromArray(S, c, c2);
    FloatVector c21 = FloatVector.fromArray(S, c, c2 + L);
    FloatVector c30 = FloatVector.fromArray(S, c, c3);
    FloatVector c31 = FloatVector.fromArray(S, c, c3 + L);
    int gr = g0;
    for (int r = r0; r < r1; r++, gr += ldg) {
      FloatVector g0v = FloatVector.fromArray(S, g, gr);
      FloatVector g1v = FloatVector.fromArray(S, g, gr + L);
      int at = aOff + rows[r];
      FloatVector x = FloatVector.broadcast(S, a[at + d0]);
      c00 = x.fma(g0v, c00);
      c01 = x.fma(g1v, c01);
      x = FloatVector.broadcast(S, a[at + d1]);
      c10 = x.fma(g0v, c10);
      c11 = x.fma(g1v, c11);
      x = FloatVector.broadcast(S, a[at + d2]);
      c20 = x.fma(g0v, c20);
      c21 = x.fma(g1v, c21);
      x = FloatVector.broadcast(S, a[at + d3]);
      c30 = x.fma(g0v, c30);
      c31 = x.fma(g1v, c31);
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + L);
    c10.intoArray(c, c1);
    c11.intoArray(c, c1 + L);
    c20.intoArray(c, c2);
    c21.intoArray(c, c2 + L);
    c30.intoArray(c, c3);
    c31.intoArray(c, c3 + L);
  }

  /**
   * The last {@code active} (1 to 6) window values' rows by two vectors of filters: the rows past
   * {@code active} repeat the last one's value, and their chains are not stored.
   */
  private static void tile6x2(float[] a, int aOff, int[] rows, int[] depths, int q,
      int active, float[] g, int g0, int ldg, float[] c, int c0, int ldc, int r0, int r1) {
    int last = active - 1;
    int d0 = depths[q];
    int d1 = depths[q + Math.min(1, last)];
    int d2 = depths[q + Math.min(2, last)];
    int d3 = depths[q + Math.min(3, last)];
    int d4 = depths[q + Math.min(4, last)];
    int d5 = depths[q + Math.min(5, last)];
    // Idle rows start from the last active row's values (read, never written).
    int e1 = c0 + Math.min(1, last) * ldc;
    int e2 = c0 + Math.min(2, last) * ldc;
    int e3 = c0 + Math.min(3, last) * ldc;
    int e4 = c0 + Math.min(4, last) * ldc;
    int e5 = c0 + Math.min(5, last) * ldc;
    FloatVector c00 = FloatVector.fromArray(S, c, c0);
    FloatVector c01 = FloatVector.fromArray(S, c, c0 + L);
    FloatVector c10 = FloatVector.fromArray(S, c, e1);
    FloatVector c11 = FloatVector.fromArray(S, c, e1 + L);
    FloatVector c20 = FloatVector.fromArray(S, c, e2);
    FloatVector c21 = FloatVector.fromArray(S, c, e2 + L);
    FloatVector c30 = FloatVector.fromArray(S, c, e3);
    FloatVector c31 = FloatVector.fromArray(S, c, e3 + L);
    FloatVector c40 = FloatVector.fromArray(S, c, e4);
    FloatVector c41 = FloatVector.fromArray(S, c, e4 + L);
    FloatVector c50 = FloatVector.fromArray(S, c, e5);
    FloatVector c51 = FloatVector.fromArray(S, c, e5 + L);
    int gr = g0;
    for (int r = r0; r < r1; r++, gr += ldg) {
      FloatVector g0v = FloatVector.fromArray(S, g, gr);
      FloatVector g1v = FloatVector.fromArray(S, g, gr + L);
      int at = aOff + rows[r];
      FloatVector x = FloatVector.broadcast(S, a[at + d0]);
      c00 = x.fma(g0v, c00);
      c01 = x.fma(g1v, c01);
      x = FloatVector.broadcast(S, a[at + d1]);
      c10 = x.fma(g0v, c10);
      c11 = x.fma(g1v, c11);
      x = FloatVector.broadcast(S, a[at + d2]);
      c20 = x.fma(g0v, c20);
      c21 = x.fma(g1v, c21);
      x = FloatVector.broadcast(S, a[at + d3]);
      c30 = x.fma(g0v, c30);
      c31 = x.fma(g1v, c31);
      x = FloatVector.broadcast(S, a[at + d4]);
      c40 = x.fma(g0v, c40);
      c41 = x.fma(g1v, c41);
      x = FloatVector.broadcast(S, a[at + d5]);
      c50 = x.fma(g0v, c50);
      c51 = x.fma(g1v, c51);
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + L);
    if (active > 1) {
      c10.intoArray(c, e1);
      c11.intoArray(c, e1 + L);
    }
    if (active > 2) {
      c20.intoArray(c, e2);
      c21.intoArray(c, e2 + L);
    }
    if (active > 3) {
      c30.intoArray(c, e3);
      c31.intoArray(c, e3 + L);
    }
    if (active > 4) {
      c40.intoArray(c, e4);
      c41.intoArray(c, e4 + L);
    }
    if (active > 5) {
      c50.intoArray(c, e5);
      c51.intoArray(c, e5 + L);
    }
  }

  /**
   * Eight window values' rows (depths {@code q .. q + 8)}) by one vector of filters, or the last
   * {@code active} (3 to 7) of them: the rows past {@code active} repeat the last one's value,
   * and their chains are not stored.
   */
  private static void tile8x1(float[] a, int aOff, int[] rows, int[] depths, int q,
      int active, float[] g, int g0, int ldg, float[] c, int c0, int ldc, int r0, int r1) {
    int last = active - 1;
    int d0 = depths[q];
    int d1 = depths[q + Math.min(1, last)];
    int d2 = depths[q + Math.min(2, last)];
    int d3 = depths[q + Math.min(3, last)];
    int d4 = depths[q + Math.min(4, last)];
    int d5 = depths[q + Math.min(5, last)];
    int d6 = depths[q + Math.min(6, last)];
    int d7 = depths[q + Math.min(7, last)];
    FloatVector c0v = FloatVector.fromArray(S, c, c0);
    FloatVector c1v = FloatVector.fromArray(S, c, c0 + Math.min(1, last) * ldc);
    FloatVector c2v = FloatVector.fromArray(S, c, c0 + Math.min(2, last) * ldc);
    FloatVector c3v = FloatVector.fromArray(S, c, c0 + Math.min(3, last) * ldc);
    FloatVector c4v = FloatVector.fromArray(S, c, c0 + Math.min(4, last) * ldc);
    FloatVector c5v = FloatVector.fromArray(S, c, c0 + Math.min(5, last) * ldc);
    FloatVector c6v = FloatVector.fromArray(S, c, c0 + Math.min(6, last) * ldc);
    FloatVector c7v = FloatVector.fromArray(S, c, c0 + Math.min(7, last) * ldc);
    int gr = g0;
    for (int r = r0; r < r1; r++, gr += ldg) {
      FloatVector gv = FloatVector.fromArray(S, g, gr);
      int at = aOff + rows[r];
      c0v = FloatVector.broadcast(S, a[at + d0]).fma(gv, c0v);
      c1v = FloatVector.broadcast(S, a[at + d1]).fma(gv, c1v);
      c2v = FloatVector.broadcast(S, a[at + d2]).fma(gv, c2v);
      c3v = FloatVector.broadcast(S, a[at + d3]).fma(gv, c3v);
      c4v = FloatVector.broadcast(S, a[at + d4]).fma(gv, c4v);
      c5v = FloatVector.broadcast(S, a[at + d5]).fma(gv, c5v);
      c6v = FloatVector.broadcast(S, a[at + d6]).fma(gv, c6v);
      c7v = FloatVector.broadcast(S, a[at + d7]).fma(gv, c7v);
    }
    c0v.intoArray(c, c0);
    if (active > 1) {
      c1v.intoArray(c, c0 + ldc);
    }
    if (active > 2) {
      c2v.intoArray(c, c0 + 2 * ldc);
    }
    if (active > 3) {
      c3v.intoArray(c, c0 + 3 * ldc);
    }
    if (active > 4) {
      c4v.intoArray(c, c0 + 4 * ldc);
    }
    if (active > 5) {
      c5v.intoArray(c, c0 + 5 * ldc);
    }
    if (active > 6) {
      c6v.intoArray(c, c0 + 6 * ldc);
    }
    if (active > 7) {
      c7v.intoArray(c, c0 + 7 * ldc);
    }
  }

  /**
   * Whether {@code depths} are a 5×5 window over one channel: five rows of five offsets
   * {@code unit} apart each. Returns {@code unit}, or 0 if they are not (a unit of 0 never pays).
   */
  private static int fiveByFiveUnit(int[] depths, int k) {
    if (k != 25) {
      return 0;
    }
    int unit = depths[1] - depths[0];
    for (int y = 0; y < 5; y++) {
      for (int x = 1; x < 5; x++) {
        if (depths[5 * y + x] != depths[5 * y] + x * unit) {
          return 0;
        }
      }
    }
    return unit;
  }

  /**
   * A 5×5 window over one channel (LeNet-5's first layer) by one vector of filters: over each
   * run of pixel pairs, window rows 0–2, then 3–4. Two pixels side by side
   * ({@code rows[r + 1] == rows[r] + unit}, stride 1) share five of each window row's six values:
   * the second pixel's value at {@code (y, x)} is the first's at {@code (y, x + 1)}, so a pair
   * takes six broadcasts a window row for its ten fused multiply-adds, where the
   * pixel-at-a-time tiles took one each (broadcast-bound: 4.4 µs of LeNet-5's 29 µs training step
   * an image went to this gradient). A pixel without a partner (an output row of odd width, or
   * the start of a range) is added alone between the pairs, so each chain still adds its pixels in
   * ascending order. The tiles hold 15 and 10 chains: for AVX-512's 32 vector registers.
   */
  private static void fiveByFive(float[] a, int aOff, int[] rows, int[] depths, int unit,
      float[] g, int g0, int ldg, float[] c, int c0, int ldc, int r0, int r1) {
    int r = r0;
    while (r < r1) {
      int end = r; // the pairs from r on
      while (end + 1 < r1 && rows[end + 1] == rows[end] + unit) {
        end += 2;
      }
      if (end > r) {
        int gr = g0 + (r - r0) * ldg;
        pairs3(a, aOff, rows, depths[0], depths[5], depths[10], unit, g, gr, ldg, c, c0, ldc, r,
            end);
        pairs2(a, aOff, rows, depths[15], depths[20], unit, g, gr, ldg, c, c0 + 15 * ldc, ldc,
            r, end);
      }
      if (end < r1) { // a pixel alone: its 25 chains one at a time
        FloatVector gv = FloatVector.fromArray(S, g, g0 + (end - r0) * ldg);
        for (int q = 0; q < 25; q++) {
          int at = c0 + q * ldc;
          FloatVector.broadcast(S, a[aOff + rows[end] + depths[q]])
              .fma(gv, FloatVector.fromArray(S, c, at)).intoArray(c, at);
        }
        end++;
      }
      r = end;
    }
  }

  /**
   * Window rows {@code d0}, {@code d1}, {@code d2} of {@link #fiveByFive} over the pixel pairs
   * from {@code r} to {@code end} (even apart); {@code g0} is pixel {@code r}'s gradient row.
   */
  private static void pairs3(float[] a, int aOff, int[] rows, int d0, int d1, int d2, int unit,
      float[] g, int g0, int ldg, float[] c, int c0, int ldc, int r, int end) {
    int u2 = 2 * unit;
    int u3 = 3 * unit;
    int u4 = 4 * unit;
    int u5 = 5 * unit;
    FloatVector c00 = FloatVector.fromArray(S, c, c0);
    FloatVector c01 = FloatVector.fromArray(S, c, c0 + ldc);
    FloatVector c02 = FloatVector.fromArray(S, c, c0 + 2 * ldc);
    FloatVector c03 = FloatVector.fromArray(S, c, c0 + 3 * ldc);
    FloatVector c04 = FloatVector.fromArray(S, c, c0 + 4 * ldc);
    FloatVector c10 = FloatVector.fromArray(S, c, c0 + 5 * ldc);
    FloatVector c11 = FloatVector.fromArray(S, c, c0 + 6 * ldc);
    FloatVector c12 = FloatVector.fromArray(S, c, c0 + 7 * ldc);
    FloatVector c13 = FloatVector.fromArray(S, c, c0 + 8 * ldc);
    FloatVector c14 = FloatVector.fromArray(S, c, c0 + 9 * ldc);
    FloatVector c20 = FloatVector.fromArray(S, c, c0 + 10 * ldc);
    FloatVector c21 = FloatVector.fromArray(S, c, c0 + 11 * ldc);
    FloatVector c22 = FloatVector.fromArray(S, c, c0 + 12 * ldc);
    FloatVector c23 = FloatVector.fromArray(S, c, c0 + 13 * ldc);
    FloatVector c24 = FloatVector.fromArray(S, c, c0 + 14 * ldc);
    for (int gr = g0; r < end; r += 2, gr += 2 * ldg) {
      FloatVector gv = FloatVector.fromArray(S, g, gr);
      FloatVector gw = FloatVector.fromArray(S, g, gr + ldg);
      int at = aOff + rows[r];
      FloatVector x;
      int p0 = at + d0;
      x = FloatVector.broadcast(S, a[p0]);
      c00 = x.fma(gv, c00);
      x = FloatVector.broadcast(S, a[p0 + unit]);
      c00 = x.fma(gw, c00);
      c01 = x.fma(gv, c01);
      x = FloatVector.broadcast(S, a[p0 + u2]);
      c01 = x.fma(gw, c01);
      c02 = x.fma(gv, c02);
      x = FloatVector.broadcast(S, a[p0 + u3]);
      c02 = x.fma(gw, c02);
      c03 = x.fma(gv, c03);
      x = FloatVector.broadcast(S, a[p0 + u4]);
      c03 = x.fma(gw, c03);
      c04 = x.fma(gv, c04);
      x = FloatVector.broadcast(S, a[p0 + u5]);
      c04 = x.fma(gw, c04);
      int p1 = at + d1;
      x = FloatVector.broadcast(S, a[p1]);
      c10 = x.fma(gv, c10);
      x = FloatVector.broadcast(S, a[p1 + unit]);
      c10 = x.fma(gw, c10);
      c11 = x.fma(gv, c11);
      x = FloatVector.broadcast(S, a[p1 + u2]);
      c11 = x.fma(gw, c11);
      c12 = x.fma(gv, c12);
      x = FloatVector.broadcast(S, a[p1 + u3]);
      c12 = x.fma(gw, c12);
      c13 = x.fma(gv, c13);
      x = FloatVector.broadcast(S, a[p1 + u4]);
      c13 = x.fma(gw, c13);
      c14 = x.fma(gv, c14);
      x = FloatVector.broadcast(S, a[p1 + u5]);
      c14 = x.fma(gw, c14);
      int p2 = at + d2;
      x = FloatVector.broadcast(S, a[p2]);
      c20 = x.fma(gv, c20);
      x = FloatVector.broadcast(S, a[p2 + unit]);
      c20 = x.fma(gw, c20);
      c21 = x.fma(gv, c21);
      x = FloatVector.broadcast(S, a[p2 + u2]);
      c21 = x.fma(gw, c21);
      c22 = x.fma(gv, c22);
      x = FloatVector.broadcast(S, a[p2 + u3]);
      c22 = x.fma(gw, c22);
      c23 = x.fma(gv, c23);
      x = FloatVector.broadcast(S, a[p2 + u4]);
      c23 = x.fma(gw, c23);
      c24 = x.fma(gv, c24);
      x = FloatVector.broadcast(S, a[p2 + u5]);
      c24 = x.fma(gw, c24);
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + ldc);
    c02.intoArray(c, c0 + 2 * ldc);
    c03.intoArray(c, c0 + 3 * ldc);
    c04.intoArray(c, c0 + 4 * ldc);
    c10.intoArray(c, c0 + 5 * ldc);
    c11.intoArray(c, c0 + 6 * ldc);
    c12.intoArray(c, c0 + 7 * ldc);
    c13.intoArray(c, c0 + 8 * ldc);
    c14.intoArray(c, c0 + 9 * ldc);
    c20.intoArray(c, c0 + 10 * ldc);
    c21.intoArray(c, c0 + 11 * ldc);
    c22.intoArray(c, c0 + 12 * ldc);
    c23.intoArray(c, c0 + 13 * ldc);
    c24.intoArray(c, c0 + 14 * ldc);
  }

  /**
   * Window rows {@code d0} and {@code d1} of {@link #fiveByFive} over the pixel pairs from
   * {@code r} to {@code end} (even apart); {@code g0} is pixel {@code r}'s gradient row.
   */
  private static void pairs2(float[] a, int aOff, int[] rows, int d0, int d1, int unit,
      float[] g, int g0, int ldg, float[] c, int c0, int ldc, int r, int end) {
    int u2 = 2 * unit;
    int u3 = 3 * unit;
    int u4 = 4 * unit;
    int u5 = 5 * unit;
    FloatVector c00 = FloatVector.fromArray(S, c, c0);
    FloatVector c01 = FloatVector.fromArray(S, c, c0 + ldc);
    FloatVector c02 = FloatVector.fromArray(S, c, c0 + 2 * ldc);
    FloatVector c03 = FloatVector.fromArray(S, c, c0 + 3 * ldc);
    FloatVector c04 = FloatVector.fromArray(S, c, c0 + 4 * ldc);
    FloatVector c10 = FloatVector.fromArray(S, c, c0 + 5 * ldc);
    FloatVector c11 = FloatVector.fromArray(S, c, c0 + 6 * ldc);
    FloatVector c12 = FloatVector.fromArray(S, c, c0 + 7 * ldc);
    FloatVector c13 = FloatVector.fromArray(S, c, c0 + 8 * ldc);
    FloatVector c14 = FloatVector.fromArray(S, c, c0 + 9 * ldc);
    for (int gr = g0; r < end; r += 2, gr += 2 * ldg) {
      FloatVector gv = FloatVector.fromArray(S, g, gr);
      FloatVector gw = FloatVector.fromArray(S, g, gr + ldg);
      int at = aOff + rows[r];
      FloatVector x;
      int p0 = at + d0;
      x = FloatVector.broadcast(S, a[p0]);
      c00 = x.fma(gv, c00);
      x = FloatVector.broadcast(S, a[p0 + unit]);
      c00 = x.fma(gw, c00);
      c01 = x.fma(gv, c01);
      x = FloatVector.broadcast(S, a[p0 + u2]);
      c01 = x.fma(gw, c01);
      c02 = x.fma(gv, c02);
      x = FloatVector.broadcast(S, a[p0 + u3]);
      c02 = x.fma(gw, c02);
      c03 = x.fma(gv, c03);
      x = FloatVector.broadcast(S, a[p0 + u4]);
      c03 = x.fma(gw, c03);
      c04 = x.fma(gv, c04);
      x = FloatVector.broadcast(S, a[p0 + u5]);
      c04 = x.fma(gw, c04);
      int p1 = at + d1;
      x = FloatVector.broadcast(S, a[p1]);
      c10 = x.fma(gv, c10);
      x = FloatVector.broadcast(S, a[p1 + unit]);
      c10 = x.fma(gw, c10);
      c11 = x.fma(gv, c11);
      x = FloatVector.broadcast(S, a[p1 + u2]);
      c11 = x.fma(gw, c11);
      c12 = x.fma(gv, c12);
      x = FloatVector.broadcast(S, a[p1 + u3]);
      c12 = x.fma(gw, c12);
      c13 = x.fma(gv, c13);
      x = FloatVector.broadcast(S, a[p1 + u4]);
      c13 = x.fma(gw, c13);
      c14 = x.fma(gv, c14);
      x = FloatVector.broadcast(S, a[p1 + u5]);
      c14 = x.fma(gw, c14);
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + ldc);
    c02.intoArray(c, c0 + 2 * ldc);
    c03.intoArray(c, c0 + 3 * ldc);
    c04.intoArray(c, c0 + 4 * ldc);
    c10.intoArray(c, c0 + 5 * ldc);
    c11.intoArray(c, c0 + 6 * ldc);
    c12.intoArray(c, c0 + 7 * ldc);
    c13.intoArray(c, c0 + 8 * ldc);
    c14.intoArray(c, c0 + 9 * ldc);
  }

  /** One window value's row of the gradient by one vector of filters. */
  private static void tile1x1(float[] a, int aOff, int[] rows, int d0, float[] g, int g0,
      int ldg, float[] c, int c0, int r0, int r1) {
    FloatVector cv = FloatVector.fromArray(S, c, c0);
    int gr = g0;
    for (int r = r0; r < r1; r++, gr += ldg) {
      cv = FloatVector.broadcast(S, a[aOff + rows[r] + d0]).fma(FloatVector.fromArray(S, g, gr),
          cv);
    }
    cv.intoArray(c, c0);
  }
}
