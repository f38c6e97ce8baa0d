package org.dendrite.runtime.kernel.vector;

import static org.dendrite.runtime.kernel.vector.Vectors.L;
import static org.dendrite.runtime.kernel.vector.Vectors.S;

import jdk.incubator.vector.FloatVector;

/**
 * {@link GatherGradient#transA} with the window's values along the lanes and the filters
 * broadcast, for a few filters over windows of long runs (LeNet-5's conv2: 16 filters, windows of
 * five runs of 30 values). The pixel-along-filters tiles broadcast a window value per fused
 * multiply-add, and this core issues about one broadcast a cycle; here a pixel's four filter
 * values are broadcast once for twenty fused multiply-adds over five vectors of its window.
 *
 * <p>Each run of the window is cut into vectors, one moved back to end at the run's last value
 * where the run is not a whole number of them ("slots"). The gradient is accumulated in a copy
 * of {@code c} laid out filter by filter and slot by slot, each slot's lanes its own (a moved-back
 * vector's lanes repeat values of the vector before it, and both compute those values' chains
 * alike), and written back. Every value is still one chain of fused multiply-adds over the rows in
 * ascending order from the value stored in {@code c}: bit for bit {@code ScalarKernels}' loops.
 */
final class Across {
  /** Filters a tile broadcasts, and window vectors it loads, per row. */
  private static final int FILTERS = 4;

  private static final int SLOTS = 5;

  /** Per-thread slot tables (each slot's first column, and its offset in the image) and copy. */
  private static final ThreadLocal<Across> SCRATCH = ThreadLocal.withInitial(Across::new);

  private int[] columns = new int[0];
  private int[] offsets = new int[0];
  private float[] copy = new float[0];

  private Across() {}

  /**
   * Whether {@link #transA} takes {@code k} window values of {@code depths} by {@code n} filters:
   * filters a multiple of {@link #FILTERS} up to one 512-bit vector's 16, windows of runs of
   * adjacent values each at least a vector long, cut into a multiple of {@link #SLOTS} vectors.
   */
  static boolean takes(int[] depths, int k, int n) {
    if (n % FILTERS != 0 || n > 16) {
      return false;
    }
    int slots = slots(depths, k, null, null);
    return slots > 0 && slots % SLOTS == 0;
  }

  static void transA(float[] a, int aOff, int[] rows, int[] depths, float[] g, int gOff,
      float[] c, int cOff, int m, int k, int n) {
    Across s = SCRATCH.get();
    if (s.columns.length < k) {
      s.columns = new int[k];
      s.offsets = new int[k];
    }
    int slots = slots(depths, k, s.columns, s.offsets);
    int width = slots * L; // a filter's row of the copy
    if (s.copy.length < n * width) {
      s.copy = new float[n * width];
    }
    float[] t = s.copy;
    int[] columns = s.columns;
    for (int f = 0; f < n; f++) {
      for (int v = 0; v < slots; v++) {
        for (int i = 0, q = columns[v]; i < L; i++, q++) {
          t[f * width + v * L + i] = c[cOff + q * n + f];
        }
      }
    }
    for (int f = 0; f < n; f += FILTERS) {
      for (int v = 0; v < slots; v += SLOTS) {
        tile(a, aOff, rows, s.offsets, v, g, gOff + f, n, t, f * width + v * L, width, m);
      }
    }
    for (int f = 0; f < n; f++) {
      for (int v = 0; v < slots; v++) {
        for (int i = 0, q = columns[v]; i < L; i++, q++) {
          c[cOff + q * n + f] = t[f * width + v * L + i];
        }
      }
    }
  }

  /**
   * The slots of windows of {@code k} values at {@code depths}: each run of adjacent values cut
   * into vectors, the last moved back to end at the run's last value. Fills {@code columns}
   * (each slot's first value's index in the window) and {@code offsets} (its offset in the image)
   * unless they are null; -1 if a run is shorter than a vector.
   */
  private static int slots(int[] depths, int k, int[] columns, int[] offsets) {
    int v = 0;
    for (int q = 0; q < k; ) {
      int end = q + 1;
      while (end < k && depths[end] == depths[end - 1] + 1) {
        end++;
      }
      if (end - q < L) {
        return -1;
      }
      for (int at = q; at < end; at += L, v++) {
        int first = Math.min(at, end - L);
        if (columns != null) {
          columns[v] = first;
          offsets[v] = depths[first];
        }
      }
      q = end;
    }
    return v;
  }

  /**
   * Filters {@code f .. f + 4} (from {@code g0}) by slots {@code v .. v + 5} over rows {@code 0 ..
   * m}: twenty chains continued from the copy's rows {@code width} apart from {@code t0}.
   */
  private static void tile(float[] a, int aOff, int[] rows, int[] offsets, int v, float[] g,
      int g0, int ldg, float[] t, int t0, int width, int m) {
    int o0 = offsets[v];
    int o1 = offsets[v + 1];
    int o2 = offsets[v + 2];
    int o3 = offsets[v + 3];
    int o4 = offsets[v + 4];
    int u1 = t0 + width;
    int u2 = u1 + width;
    int u3 = u2 + width;
    FloatVector c00 = FloatVector.fromArray(S, t, t0);
    FloatVector c01 = FloatVector.fromArray(S, t, t0 + L);
    FloatVector c02 = FloatVector.fromArray(S, t, t0 + 2 * L);
    FloatVector c03 = FloatVector.fromArray(S, t, t0 + 3 * L);
    FloatVector c04 = FloatVector.fromArray(S, t, t0 + 4 * L);
    FloatVector c10 = FloatVector.fromArray(S, t, u1);
    FloatVector c11 = FloatVector.fromArray(S, t, u1 + L);
    FloatVector c12 = FloatVector.fromArray(S, t, u1 + 2 * L);
    FloatVector c13 = FloatVector.fromArray(S, t, u1 + 3 * L);
    FloatVector c14 = FloatVector.fromArray(S, t, u1 + 4 * L);
    FloatVector c20 = FloatVector.fromArray(S, t, u2);
    FloatVector c21 = FloatVector.fromArray(S, t, u2 + L);
    FloatVector c22 = FloatVector.fromArray(S, t, u2 + 2 * L);
    FloatVector c23 = FloatVector.fromArray(S, t, u2 + 3 * L);
    FloatVector c24 = FloatVector.fromArray(S, t, u2 + 4 * L);
    FloatVector c30 = FloatVector.fromArray(S, t, u3);
    FloatVector c31 = FloatVector.fromArray(S, t, u3 + L);
    FloatVector c32 = FloatVector.fromArray(S, t, u3 + 2 * L);
    FloatVector c33 = FloatVector.fromArray(S, t, u3 + 3 * L);
    FloatVector c34 = FloatVector.fromArray(S, t, u3 + 4 * L);
    for (int r = 0, gr = g0; r < m; r++, gr += ldg) {
      int at = aOff + rows[r];
      FloatVector w0 = FloatVector.fromArray(S, a, at + o0);
      FloatVector w1 = FloatVector.fromArray(S, a, at + o1);
      FloatVector w2 = FloatVector.fromArray(S, a, at + o2);
      FloatVector w3 = FloatVector.fromArray(S, a, at + o3);
      FloatVector w4 = FloatVector.fromArray(S, a, at + o4);
      FloatVector x = FloatVector.broadcast(S, g[gr]);
      c00 = w0.fma(x, c00);
      c01 = w1.fma(x, c01);
      c02 = w2.fma(x, c02);
      c03 = w3.fma(x, c03);
      c04 = w4.fma(x, c04);
      x = FloatVector.broadcast(S, g[gr + 1]);
      c10 = w0.fma(x, c10);
      c11 = w1.fma(x, c11);
      c12 = w2.fma(x, c12);
      c13 = w3.fma(x, c13);
      c14 = w4.fma(x, c14);
      x = FloatVector.broadcast(S, g[gr + 2]);
      c20 = w0.fma(x, c20);
      c21 = w1.fma(x, c21);
      c22 = w2.fma(x, c22);
      c23 = w3.fma(x, c23);
      c24 = w4.fma(x, c24);
      x = FloatVector.broadcast(S, g[gr + 3]);
      c30 = w0.fma(x, c30);
      c31 = w1.fma(x, c31);
      c32 = w2.fma(x, c32);
      c33 = w3.fma(x, c33);
      c34 = w4.fma(x, c34);
    }
    c00.intoArray(t, t0);
    c01.intoArray(t, t0 + L);
    c02.intoArray(t, t0 + 2 * L);
    c03.intoArray(t, t0 + 3 * L);
    c04.intoArray(t, t0 + 4 * L);
    c10.intoArray(t, u1);
    c11.intoArray(t, u1 + L);
    c12.intoArray(t, u1 + 2 * L);
    c13.intoArray(t, u1 + 3 * L);
    c14.intoArray(t, u1 + 4 * L);
    c20.intoArray(t, u2);
    c21.intoArray(t, u2 + L);
    c22.intoArray(t, u2 + 2 * L);
    c23.intoArray(t, u2 + 3 * L);
    c24.intoArray(t, u2 + 4 * L);
    c30.intoArray(t, u3);
    c31.intoArray(t, u3 + L);
    c32.intoArray(t, u3 + 2 * L);
    c33.intoArray(t, u3 + 3 * L);
    c34.intoArray(t, u3 + 4 * L);
  }
}
