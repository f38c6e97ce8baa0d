package org.dendrite.runtime.kernel.vector;

import static org.dendrite.runtime.kernel.vector.Vectors.L;
import static org.dendrite.runtime.kernel.vector.Vectors.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * {@code Kernels.gatherArgmaxWindows} on vectors: each filter's gradient is a sum of windows of
 * the input, one a pooled cell (at the pixel its max came from), times the cell's gradient. A
 * window row's values lie side by side in the image: cut into vectors, the last moved back to
 * end at the row's last value (its lanes before that repeat the vector before's chains, bit for
 * bit). Each image's terms are listed filter by filter (where the window starts, the gradient),
 * then each filter's {@link #CHAINS} window vectors at a time are accumulated in registers over
 * its terms, continuing from a per-thread copy of the sums. LeNet-5's conv2 (5×5×6 windows, 16
 * filters) at 512 bits: ten vectors a window, ten {@code fma} a term, where the product over its
 * routed gradient did forty over the window's four pixels.
 */
final class ArgmaxGather {
  private ArgmaxGather() {}

  /** Window vectors a filter's pass over its terms accumulates: ten registers. */
  static final int CHAINS = 10;

  /** Per-thread sums, terms' gradients and bias sums; window offsets, terms' windows, counts. */
  private static final ThreadLocal<float[][]> FLOATS =
      ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0], new float[0]});

  private static final ThreadLocal<int[][]> INTS =
      ThreadLocal.withInitial(() -> new int[][] {new int[0], new int[0], new int[0]});

  static void gradient(float[] in, int inOff, int h, int w, int c, int fh, int fw, int filters,
      int[] argmax, int argmaxOff, float[] g, int gOff, int rows, int cols, int n,
      float[] gradients, int kernelOff, int biasOff) {
    int run = fw * c;
    if (run < L) { // a window row shorter than a vector
      Vectors.SCALAR.gatherArgmaxWindows(in, inOff, h, w, c, fh, fw, filters, argmax, argmaxOff,
          g, gOff, rows, cols, n, gradients, kernelOff, biasOff);
      return;
    }
    int per = (run + L - 1) / L; // vectors a window row
    int vectors = fh * per;
    int groups = (vectors + CHAINS - 1) / CHAINS;
    int slots = groups * CHAINS;
    int cells = rows * cols;
    float[][] floats = FLOATS.get();
    int[][] ints = INTS.get();
    if (floats[0].length < (long) filters * slots * L) {
      floats[0] = new float[Math.toIntExact((long) filters * slots * L)];
    }
    if (floats[1].length < (long) filters * cells) {
      floats[1] = new float[Math.toIntExact((long) filters * cells)];
      ints[1] = new int[floats[1].length];
    }
    if (floats[2].length < filters) {
      floats[2] = new float[filters];
      ints[2] = new int[filters];
    }
    if (ints[0].length < slots) {
      ints[0] = new int[slots];
    }
    float[] sums = floats[0]; // [filter][slot][lane]
    float[] gs = floats[1]; // [filter][term]
    float[] bias = floats[2];
    int[] offsets = ints[0]; // each slot's vector from the window's first value
    int[] windows = ints[1]; // [filter][term]
    int[] counts = ints[2];
    for (int j = 0; j < slots; j++) {
      int q = Math.min(j, vectors - 1); // slots past the window's repeat its last vector
      int v = q % per;
      offsets[j] = q / per * w * c + (v < per - 1 ? v * L : run - L);
    }
    Arrays.fill(sums, 0, filters * slots * L, 0f);
    Arrays.fill(bias, 0, filters, 0f);
    for (int b = 0; b < n; b++) {
      int image = inOff + b * h * w * c;
      Arrays.fill(counts, 0, filters, 0);
      for (int cy = 0, cell = b * cells * filters; cy < rows; cy++) {
        for (int cx = 0; cx < cols; cx++, cell += filters) {
          int corner = image + (2 * cy * w + 2 * cx) * c;
          for (int f = 0; f < filters; f++) {
            int at = argmax[argmaxOff + cell + f];
            float gv = g[gOff + cell + f];
            int valid = ((at >>> 2) - 1) >>> 31; // 1 for 0–3; 0 for −1 and the rest
            // Written whatever the record, kept if valid: no branch on the data.
            int e = f * cells + counts[f];
            windows[e] = corner + ((at >>> 1 & 1) * w + (at & 1)) * c;
            gs[e] = gv;
            counts[f] += valid;
            bias[f] += valid != 0 ? gv : 0f; // + 0 leaves a sum that is never −0 unchanged
          }
        }
      }
      for (int f = 0; f < filters; f++) {
        for (int group = 0; group < groups; group++) {
          chains(in, windows, gs, f * cells, counts[f], offsets, group * CHAINS, sums,
              (f * slots + group * CHAINS) * L);
        }
      }
    }
    for (int f = 0; f < filters; f++) {
      for (int j = 0; j < vectors; j++) {
        int v = j % per;
        int first = j / per * run + (v < per - 1 ? v * L : run - L); // its first tap
        for (int l = 0; l < L; l++) {
          gradients[kernelOff + (first + l) * filters + f] = sums[(f * slots + j) * L + l];
        }
      }
      if (biasOff >= 0) {
        gradients[biasOff + f] = bias[f];
      }
    }
  }

  /**
   * {@link #CHAINS} window vectors (at {@code offsets[o..]} from each term's window) times their
   * terms' gradients, {@code count} terms from {@code t}, accumulated onto the sums at {@code s}.
   * ({@link ArgmaxScatter} sums its regions with it too: there a term's "window" is its kernel
   * copy's rows.)
   */
  static void chains(float[] in, int[] windows, float[] gs, int t, int count,
      int[] offsets, int o, float[] sums, int s) {
    int o0 = offsets[o];
    int o1 = offsets[o + 1];
    int o2 = offsets[o + 2];
    int o3 = offsets[o + 3];
    int o4 = offsets[o + 4];
    int o5 = offsets[o + 5];
    int o6 = offsets[o + 6];
    int o7 = offsets[o + 7];
    int o8 = offsets[o + 8];
    int o9 = offsets[o + 9];
    FloatVector a0 = FloatVector.fromArray(S, sums, s);
    FloatVector a1 = FloatVector.fromArray(S, sums, s + L);
    FloatVector a2 = FloatVector.fromArray(S, sums, s + 2 * L);
    FloatVector a3 = FloatVector.fromArray(S, sums, s + 3 * L);
    FloatVector a4 = FloatVector.fromArray(S, sums, s + 4 * L);
    FloatVector a5 = FloatVector.fromArray(S, sums, s + 5 * L);
    FloatVector a6 = FloatVector.fromArray(S, sums, s + 6 * L);
    FloatVector a7 = FloatVector.fromArray(S, sums, s + 7 * L);
    FloatVector a8 = FloatVector.fromArray(S, sums, s + 8 * L);
    FloatVector a9 = FloatVector.fromArray(S, sums, s + 9 * L);
    for (int e = t; e < t + count; e++) {
      FloatVector gv = FloatVector.broadcast(S, gs[e]);
      int x = windows[e];
      a0 = gv.fma(FloatVector.fromArray(S, in, x + o0), a0);
      a1 = gv.fma(FloatVector.fromArray(S, in, x + o1), a1);
      a2 = gv.fma(FloatVector.fromArray(S, in, x + o2), a2);
      a3 = gv.fma(FloatVector.fromArray(S, in, x + o3), a3);
      a4 = gv.fma(FloatVector.fromArray(S, in, x + o4), a4);
      a5 = gv.fma(FloatVector.fromArray(S, in, x + o5), a5);
      a6 = gv.fma(FloatVector.fromArray(S, in, x + o6), a6);
      a7 = gv.fma(FloatVector.fromArray(S, in, x + o7), a7);
      a8 = gv.fma(FloatVector.fromArray(S, in, x + o8), a8);
      a9 = gv.fma(FloatVector.fromArray(S, in, x + o9), a9);
    }
    a0.intoArray(sums, s);
    a1.intoArray(sums, s + L);
    a2.intoArray(sums, s + 2 * L);
    a3.intoArray(sums, s + 3 * L);
    a4.intoArray(sums, s + 4 * L);
    a5.intoArray(sums, s + 5 * L);
    a6.intoArray(sums, s + 6 * L);
    a7.intoArray(sums, s + 7 * L);
    a8.intoArray(sums, s + 8 * L);
    a9.intoArray(sums, s + 9 * L);
  }
}
