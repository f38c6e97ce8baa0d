package org.dendrite.runtime.kernel.vector;

import static org.dendrite.runtime.kernel.vector.Vectors.L;
import static org.dendrite.runtime.kernel.vector.Vectors.NEGATIVE_ZEROS;
import static org.dendrite.runtime.kernel.vector.Vectors.S;
import static org.dendrite.runtime.kernel.vector.Vectors.ZEROS;

import jdk.incubator.vector.FloatVector;

/**
 * A one-channel, stride-1 convolution into two vectors of filters (32 at 512 bits: the first
 * layer of Keras' example convnet), computed in place from the image: tiles of eight adjacent
 * outputs of a row by the two filter vectors, 16 accumulators, whose window values at a tap are
 * eight consecutive values of the plane. {@link GatherGemm} computes the same tiles through its
 * tables of window offsets, one lookup and bounds check per value; reading the plane directly
 * took Keras' 28×28 → 26×26×32 layer from 3.7–3.8 to 3.0 µs (Zen 5, JDK 17). A row's last tile
 * overlaps the one before it when the width is not a multiple of eight (it recomputes a few
 * outputs, bit for bit the same), except in rows of a multiple of 13 outputs, which take tiles
 * of thirteen (26 accumulators) that do not overlap.
 *
 * <p>Each output is one chain of fused multiply-adds over the taps in ascending order from zero,
 * then the bias (-0 when absent: the identity), then {@code max(·, 0)} ({@code max(·, -∞)}, the
 * identity, without ReLU): what {@code ScalarKernels} and {@link GatherGemm} compute.
 */
final class DirectConv {
  /** Outputs of a row per tile. */
  static final int PIXELS = 8;

  /**
   * Outputs of a row per wide tile (26 accumulators), for rows of a multiple of it that tiles of
   * eight would overlap: keras' 26 outputs a row in two tiles, not four of eight.
   */
  static final int WIDE_PIXELS = 13;

  private DirectConv() {}

  /**
   * Whether {@link #product} takes a layer of {@code outWidth} outputs a row into {@code
   * filters} filters: two whole vectors of them, in 512-bit registers (16 accumulators).
   */
  static boolean takes(int outWidth, int filters) {
    return Gemm.WIDE_TILES && filters == 2 * L && outWidth >= PIXELS;
  }

  /** The convolution, for sizes {@code Kernels.convolvePlane} checked and {@link #takes} accepts. */
  static void product(
      float[] in, int inOff, int pitch, int outHeight, int outWidth, int windowHeight,
      int windowWidth, float[] kernel, int kernelOff, float[] bias, int biasOff, boolean relu,
      float[] out, int outOff) {
    float[] b = bias == null ? NEGATIVE_ZEROS : bias;
    int b0 = bias == null ? 0 : biasOff;
    float floor = relu ? 0f : Float.NEGATIVE_INFINITY;
    if (outWidth % WIDE_PIXELS == 0 && outWidth % PIXELS != 0) {
      for (int oy = 0; oy < outHeight; oy++) {
        for (int ox = 0; ox < outWidth; ox += WIDE_PIXELS) {
          tile13(in, inOff + oy * pitch + ox, pitch, windowHeight, windowWidth, kernel, kernelOff,
              b, b0, floor, out, outOff + (oy * outWidth + ox) * 2 * L);
        }
      }
      return;
    }
    for (int oy = 0; oy < outHeight; oy++) {
      for (int ox = 0; ox < outWidth; ox += PIXELS) {
        int x = Math.min(ox, outWidth - PIXELS);
        tile(in, inOff + oy * pitch + x, pitch, windowHeight, windowWidth, kernel, kernelOff, b,
            b0, floor, out, outOff + (oy * outWidth + x) * 2 * L);
      }
    }
  }

  /** Eight outputs from the windows at {@code in[at]} by two filter vectors, into {@code out[o]}. */
  private static void tile(
      float[] in, int at, int pitch, int windowHeight, int windowWidth, float[] kernel, int k0,
      float[] bias, int b0, float floor, float[] out, int o) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector c0_0 = zero, c0_1 = zero, c1_0 = zero, c1_1 = zero;
    FloatVector c2_0 = zero, c2_1 = zero, c3_0 = zero, c3_1 = zero;
    FloatVector c4_0 = zero, c4_1 = zero, c5_0 = zero, c5_1 = zero;
    FloatVector c6_0 = zero, c6_1 = zero, c7_0 = zero, c7_1 = zero;
    // One loop over the taps: JDK 17 boxes vectors carried through two nested loops.
    int taps = windowHeight * windowWidth;
    int next = pitch - windowWidth + 1; // from a window row's last value to the next row's first
    for (int q = 0, kx = 0, p = at, w = k0; q < taps; q++, w += 2 * L) {
      FloatVector w0 = FloatVector.fromArray(S, kernel, w);
      FloatVector w1 = FloatVector.fromArray(S, kernel, w + L);
      FloatVector x;
      x = FloatVector.broadcast(S, in[p + 0]);
      c0_0 = x.fma(w0, c0_0);
      c0_1 = x.fma(w1, c0_1);
      x = FloatVector.broadcast(S, in[p + 1]);
      c1_0 = x.fma(w0, c1_0);
      c1_1 = x.fma(w1, c1_1);
      x = FloatVector.broadcast(S, in[p + 2]);
      c2_0 = x.fma(w0, c2_0);
      c2_1 = x.fma(w1, c2_1);
      x = FloatVector.broadcast(S, in[p + 3]);
      c3_0 = x.fma(w0, c3_0);
      c3_1 = x.fma(w1, c3_1);
      x = FloatVector.broadcast(S, in[p + 4]);
      c4_0 = x.fma(w0, c4_0);
      c4_1 = x.fma(w1, c4_1);
      x = FloatVector.broadcast(S, in[p + 5]);
      c5_0 = x.fma(w0, c5_0);
      c5_1 = x.fma(w1, c5_1);
      x = FloatVector.broadcast(S, in[p + 6]);
      c6_0 = x.fma(w0, c6_0);
      c6_1 = x.fma(w1, c6_1);
      x = FloatVector.broadcast(S, in[p + 7]);
      c7_0 = x.fma(w0, c7_0);
      c7_1 = x.fma(w1, c7_1);
      if (++kx == windowWidth) {
        kx = 0;
        p += next;
      } else {
        p++;
      }
    }
    FloatVector f = FloatVector.broadcast(S, floor);
    FloatVector s0 = FloatVector.fromArray(S, bias, b0);
    FloatVector s1 = FloatVector.fromArray(S, bias, b0 + L);
    c0_0.add(s0).max(f).intoArray(out, o + 0 * 2 * L);
    c0_1.add(s1).max(f).intoArray(out, o + 0 * 2 * L + L);
    c1_0.add(s0).max(f).intoArray(out, o + 1 * 2 * L);
    c1_1.add(s1).max(f).intoArray(out, o + 1 * 2 * L + L);
    c2_0.add(s0).max(f).intoArray(out, o + 2 * 2 * L);
    c2_1.add(s1).max(f).intoArray(out, o + 2 * 2 * L + L);
    c3_0.add(s0).max(f).intoArray(out, o + 3 * 2 * L);
    c3_1.add(s1).max(f).intoArray(out, o + 3 * 2 * L + L);
    c4_0.add(s0).max(f).intoArray(out, o + 4 * 2 * L);
    c4_1.add(s1).max(f).intoArray(out, o + 4 * 2 * L + L);
    c5_0.add(s0).max(f).intoArray(out, o + 5 * 2 * L);
    c5_1.add(s1).max(f).intoArray(out, o + 5 * 2 * L + L);
    c6_0.add(s0).max(f).intoArray(out, o + 6 * 2 * L);
    c6_1.add(s1).max(f).intoArray(out, o + 6 * 2 * L + L);
    c7_0.add(s0).max(f).intoArray(out, o + 7 * 2 * L);
    c7_1.add(s1).max(f).intoArray(out, o + 7 * 2 * L + L);
  }

  /**
   * 13 outputs from the windows at {@code in[at]} by two filter vectors, into {@code out[o]}:
   * {@link #tile}'s steps with 26 accumulators, for rows of a multiple of 13 outputs.
   */
  private static void tile13(
      float[] in, int at, int pitch, int windowHeight, int windowWidth, float[] kernel, int k0,
      float[] bias, int b0, float floor, float[] out, int o) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector c0_0 = zero, c0_1 = zero, c1_0 = zero, c1_1 = zero;
    FloatVector c2_0 = zero, c2_1 = zero, c3_0 = zero, c3_1 = zero;
    FloatVector c4_0 = zero, c4_1 = zero, c5_0 = zero, c5_1 = zero;
    FloatVector c6_0 = zero, c6_1 = zero, c7_0 = zero, c7_1 = zero;
    FloatVector c8_0 = zero, c8_1 = zero, c9_0 = zero, c9_1 = zero;
    FloatVector c10_0 = zero, c10_1 = zero, c11_0 = zero, c11_1 = zero;
    FloatVector c12_0 = zero, c12_1 = zero;
    int taps = windowHeight * windowWidth;
    int next = pitch - windowWidth + 1; // from a window row's last value to the next row's first
    for (int q = 0, kx = 0, p = at, w = k0; q < taps; q++, w += 2 * L) {
      FloatVector w0 = FloatVector.fromArray(S, kernel, w);
      FloatVector w1 = FloatVector.fromArray(S, kernel, w + L);
      FloatVector x;
      x = FloatVector.broadcast(S, in[p + 0]);
      c0_0 = x.fma(w0, c0_0);
      c0_1 = x.fma(w1, c0_1);
      x = FloatVector.broadcast(S, in[p + 1]);
      c1_0 = x.fma(w0, c1_0);
      c1_1 = x.fma(w1, c1_1);
      x = FloatVector.broadcast(S, in[p + 2]);
      c2_0 = x.fma(w0, c2_0);
      c2_1 = x.fma(w1, c2_1);
      x = FloatVector.broadcast(S, in[p + 3]);
      c3_0 = x.fma(w0, c3_0);
      c3_1 = x.fma(w1, c3_1);
      x = FloatVector.broadcast(S, in[p + 4]);
      c4_0 = x.fma(w0, c4_0);
      c4_1 = x.fma(w1, c4_1);
      x = FloatVector.broadcast(S, in[p + 5]);
      c5_0 = x.fma(w0, c5_0);
      c5_1 = x.fma(w1, c5_1);
      x = FloatVector.broadcast(S, in[p + 6]);
      c6_0 = x.fma(w0, c6_0);
      c6_1 = x.fma(w1, c6_1);
      x = FloatVector.broadcast(S, in[p + 7]);
      c7_0 = x.fma(w0, c7_0);
      c7_1 = x.fma(w1, c7_1);
      x = FloatVector.broadcast(S, in[p + 8]);
      c8_0 = x.fma(w0, c8_0);
      c8_1 = x.fma(w1, c8_1);
      x = FloatVector.broadcast(S, in[p + 9]);
      c9_0 = x.fma(w0, c9_0);
      c9_1 = x.fma(w1, c9_1);
      x = FloatVector.broadcast(S, in[p + 10]);
      c10_0 = x.fma(w0, c10_0);
      c10_1 = x.fma(w1, c10_1);
      x = FloatVector.broadcast(S, in[p + 11]);
      c11_0 = x.fma(w0, c11_0);
      c11_1 = x.fma(w1, c11_1);
      x = FloatVector.broadcast(S, in[p + 12]);
      c12_0 = x.fma(w0, c12_0);
      c12_1 = x.fma(w1, c12_1);
      if (++kx == windowWidth) {
        kx = 0;
        p += next;
      } else {
        p++;
      }
    }
    FloatVector f = FloatVector.broadcast(S, floor);
    FloatVector s0 = FloatVector.fromArray(S, bias, b0);
    FloatVector s1 = FloatVector.fromArray(S, bias, b0 + L);
    c0_0.add(s0).max(f).intoArray(out, o + 0 * 2 * L);
    c0_1.add(s1).max(f).intoArray(out, o + 0 * 2 * L + L);
    c1_0.add(s0).max(f).intoArray(out, o + 1 * 2 * L);
    c1_1.add(s1).max(f).intoArray(out, o + 1 * 2 * L + L);
    c2_0.add(s0).max(f).intoArray(out, o + 2 * 2 * L);
    c2_1.add(s1).max(f).intoArray(out, o + 2 * 2 * L + L);
    c3_0.add(s0).max(f).intoArray(out, o + 3 * 2 * L);
    c3_1.add(s1).max(f).intoArray(out, o + 3 * 2 * L + L);
    c4_0.add(s0).max(f).intoArray(out, o + 4 * 2 * L);
    c4_1.add(s1).max(f).intoArray(out, o + 4 * 2 * L + L);
    c5_0.add(s0).max(f).intoArray(out, o + 5 * 2 * L);
    c5_1.add(s1).max(f).intoArray(out, o + 5 * 2 * L + L);
    c6_0.add(s0).max(f).intoArray(out, o + 6 * 2 * L);
    c6_1.add(s1).max(f).intoArray(out, o + 6 * 2 * L + L);
    c7_0.add(s0).max(f).intoArray(out, o + 7 * 2 * L);
    c7_1.add(s1).max(f).intoArray(out, o + 7 * 2 * L + L);
    c8_0.add(s0).max(f).intoArray(out, o + 8 * 2 * L);
    c8_1.add(s1).max(f).intoArray(out, o + 8 * 2 * L + L);
    c9_0.add(s0).max(f).intoArray(out, o + 9 * 2 * L);
    c9_1.add(s1).max(f).intoArray(out, o + 9 * 2 * L + L);
    c10_0.add(s0).max(f).intoArray(out, o + 10 * 2 * L);
    c10_1.add(s1).max(f).intoArray(out, o + 10 * 2 * L + L);
    c11_0.add(s0).max(f).intoArray(out, o + 11 * 2 * L);
    c11_1.add(s1).max(f).intoArray(out, o + 11 * 2 * L + L);
    c12_0.add(s0).max(f).intoArray(out, o + 12 * 2 * L);
    c12_1.add(s1).max(f).intoArray(out, o + 12 * 2 * L + L);
  }
}
