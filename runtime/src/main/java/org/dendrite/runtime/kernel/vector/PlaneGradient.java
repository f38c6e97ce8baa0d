package org.dendrite.runtime.kernel.vector;

import static org.dendrite.runtime.kernel.vector.Vectors.L;
import static org.dendrite.runtime.kernel.vector.Vectors.S;
import static org.dendrite.runtime.kernel.vector.Vectors.SI;
import static org.dendrite.runtime.kernel.vector.Vectors.ZEROS;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import org.dendrite.runtime.kernel.Kernels;
import org.dendrite.runtime.kernel.ScalarKernels;

/**
 * A one-channel first layer's backward pass on planes, the pixels along the lanes: the gradient of
 * its 2×2 max pooling by the record its forward pass made ({@code Kernels.routeArgmaxPlanes2x2})
 * and its weight and bias gradients as 16 partial sums a weight ({@code
 * Kernels.planeKernelGradient}). Channels-last, LeNet-5's six filters filled six of sixteen lanes
 * in both. The twins' bits: the same selections, and each partial sum the same chain of fused
 * multiply-adds.
 */
final class PlaneGradient {
  private PlaneGradient() {}

  /** Each lane's column parity: the pixel of its window's top row that lane takes. */
  private static final int[] PARITY = parity();

  private static int[] parity() {
    int[] a = new int[L];
    for (int i = 0; i < L; i++) {
      a[i] = i & 1;
    }
    return a;
  }

  /**
   * Routes each pooled row's windows a vector at a time: {@code L/2} windows, each column's lane
   * holding its window's recorded pixel and gradient, stored to the top row where the pixel is the
   * lane's parity and to the bottom row where it is 2 more, the bits selected in integer
   * arithmetic (no masks: JDK 17 keeps them in vector registers, and the compares and blends that
   * found each max again here took 3 µs a LeNet-5 image). A row's last vector starts at the last
   * even column that ends in it (recomputing a few windows, the same bits); rows narrower than a
   * vector go to the twin.
   */
  static void route(int[] argmax, int argmaxOff, int height, int width, float[] g, int gOff,
      float[] dst, int dstOff, int pitch, int planes) {
    int ph = height / 2;
    int span = 2 * (width / 2); // the columns that windows cover
    IntVector parity = IntVector.fromArray(SI, PARITY, 0);
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    int lastX = span - L;
    for (int f = 0; f < planes; f++) {
      for (int py = 0; py < ph; py++) {
        int o = (f * ph + py) * span;
        int d = dstOff + f * height * pitch + 2 * py * pitch;
        if (span < L) {
          ScalarKernels.routeArgmaxPlaneRow(argmax, argmaxOff + o, g, gOff + o, dst, d, pitch, 0,
              span);
          continue;
        }
        for (int x = 0; ; x += L) {
          x = Math.min(x, lastX);
          IntVector at = IntVector.fromArray(SI, argmax, argmaxOff + o + x).lanewise(
              VectorOperators.XOR, parity);
          IntVector routed = zero.add(FloatVector.fromArray(S, g, gOff + o + x))
              .reinterpretAsInts();
          // Keeps routed's bits where at is 0: routed & ~sign(at | -at).
          routed.lanewise(VectorOperators.AND_NOT, at.or(at.neg())
              .lanewise(VectorOperators.ASHR, 31)).reinterpretAsFloats().intoArray(dst, d + x);
          at = at.lanewise(VectorOperators.XOR, 2);
          routed.lanewise(VectorOperators.AND_NOT, at.or(at.neg())
              .lanewise(VectorOperators.ASHR, 31)).reinterpretAsFloats()
              .intoArray(dst, d + pitch + x);
          if (x == lastX) {
            break;
          }
        }
      }
    }
  }

  /**
   * The partial sums {@code L} lanes at a time ({@code 16/L} passes over the planes): tiles of 3
   * filters by 4 taps, 12 chains, 3 gradient and 4 image loads a step; the filters and taps left
   * over one chain at a time; the bias's sums last. Each tile's sums are loaded from {@code
   * partials} and stored back, so each continues the chain of the image before. The gradient and
   * the image share their rows' pitch, so one index walks both (and the loops stay single: JDK
   * 17's C2 boxed the sums of nested ones).
   */
  static void kernelGradient(float[] g, int gOff, int pitch, int height, int planes, float[] in,
      int inOff, int windowHeight, int windowWidth, float[] partials) {
    int n = Kernels.PLANE_PARTIALS;
    int taps = windowHeight * windowWidth;
    int values = height * pitch;
    for (int h = 0; h < n; h += L) {
      int f0 = 0;
      for (; f0 + 3 <= planes; f0 += 3) {
        int t0 = 0;
        for (; t0 + 4 <= taps; t0 += 4) {
          tile3x4(g, gOff + f0 * values + h, values, in, inOff + h,
              shift(t0, windowWidth, pitch), shift(t0 + 1, windowWidth, pitch),
              shift(t0 + 2, windowWidth, pitch), shift(t0 + 3, windowWidth, pitch),
              partials, (t0 * planes + f0) * n + h, planes * n);
        }
        for (; t0 < taps; t0++) {
          for (int f = f0; f < f0 + 3; f++) {
            chain(g, gOff + f * values + h, values, in,
                inOff + h + shift(t0, windowWidth, pitch), partials, (t0 * planes + f) * n + h);
          }
        }
      }
      for (; f0 < planes; f0++) {
        for (int t = 0; t < taps; t++) {
          chain(g, gOff + f0 * values + h, values, in, inOff + h + shift(t, windowWidth, pitch),
              partials, (t * planes + f0) * n + h);
        }
      }
      for (int f = 0; f < planes; f++) {
        int p = (taps * planes + f) * n + h;
        int g0 = gOff + f * values + h;
        FloatVector s = FloatVector.fromArray(S, partials, p);
        for (int q = 0; q < values; q += n) {
          s = s.add(FloatVector.fromArray(S, g, g0 + q));
        }
        s.intoArray(partials, p);
      }
    }
  }

  /** Where tap {@code t} reads the image, from a window's first value. */
  private static int shift(int t, int windowWidth, int pitch) {
    return (t / windowWidth) * pitch + t % windowWidth;
  }

  /** One partial-sum vector: one filter by one tap, {@code values} gradients from {@code g0}. */
  private static void chain(float[] g, int g0, int values, float[] in, int i0, float[] partials,
      int p) {
    int n = Kernels.PLANE_PARTIALS;
    FloatVector s = FloatVector.fromArray(S, partials, p);
    for (int q = 0; q < values; q += n) {
      s = FloatVector.fromArray(S, g, g0 + q).fma(FloatVector.fromArray(S, in, i0 + q), s);
    }
    s.intoArray(partials, p);
  }

  /**
   * 3 filters ({@code values} apart in {@code g}) by 4 taps ({@code o0..o3} into the image), their
   * sums {@code step} apart a tap and 16 a filter from {@code partials[p]}.
   */
  private static void tile3x4(float[] g, int g0, int values, float[] in, int i0, int o0, int o1,
      int o2, int o3, float[] partials, int p, int step) {
    int n = Kernels.PLANE_PARTIALS;
    FloatVector s00 = FloatVector.fromArray(S, partials, p);
    FloatVector s01 = FloatVector.fromArray(S, partials, p + n);
    FloatVector s02 = FloatVector.fromArray(S, partials, p + 2 * n);
    FloatVector s10 = FloatVector.fromArray(S, partials, p + step);
    FloatVector s11 = FloatVector.fromArray(S, partials, p + step + n);
    FloatVector s12 = FloatVector.fromArray(S, partials, p + step + 2 * n);
    FloatVector s20 = FloatVector.fromArray(S, partials, p + 2 * step);
    FloatVector s21 = FloatVector.fromArray(S, partials, p + 2 * step + n);
    FloatVector s22 = FloatVector.fromArray(S, partials, p + 2 * step + 2 * n);
    FloatVector s30 = FloatVector.fromArray(S, partials, p + 3 * step);
    FloatVector s31 = FloatVector.fromArray(S, partials, p + 3 * step + n);
    FloatVector s32 = FloatVector.fromArray(S, partials, p + 3 * step + 2 * n);
    int a0 = i0 + o0;
    int a1 = i0 + o1;
    int a2 = i0 + o2;
    int a3 = i0 + o3;
    int g1 = g0 + values;
    int g2 = g0 + 2 * values;
    for (int q = 0; q < values; q += n) {
      FloatVector g0v = FloatVector.fromArray(S, g, g0 + q);
      FloatVector g1v = FloatVector.fromArray(S, g, g1 + q);
      FloatVector g2v = FloatVector.fromArray(S, g, g2 + q);
      FloatVector v = FloatVector.fromArray(S, in, a0 + q);
      s00 = g0v.fma(v, s00);
      s01 = g1v.fma(v, s01);
      s02 = g2v.fma(v, s02);
      v = FloatVector.fromArray(S, in, a1 + q);
      s10 = g0v.fma(v, s10);
      s11 = g1v.fma(v, s11);
      s12 = g2v.fma(v, s12);
      v = FloatVector.fromArray(S, in, a2 + q);
      s20 = g0v.fma(v, s20);
      s21 = g1v.fma(v, s21);
      s22 = g2v.fma(v, s22);
      v = FloatVector.fromArray(S, in, a3 + q);
      s30 = g0v.fma(v, s30);
      s31 = g1v.fma(v, s31);
      s32 = g2v.fma(v, s32);
    }
    s00.intoArray(partials, p);
    s01.intoArray(partials, p + n);
    s02.intoArray(partials, p + 2 * n);
    s10.intoArray(partials, p + step);
    s11.intoArray(partials, p + step + n);
    s12.intoArray(partials, p + step + 2 * n);
    s20.intoArray(partials, p + 2 * step);
    s21.intoArray(partials, p + 2 * step + n);
    s22.intoArray(partials, p + 2 * step + 2 * n);
    s30.intoArray(partials, p + 3 * step);
    s31.intoArray(partials, p + 3 * step + n);
    s32.intoArray(partials, p + 3 * step + 2 * n);
  }
}
