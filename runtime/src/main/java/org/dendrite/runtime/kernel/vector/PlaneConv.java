package org.dendrite.runtime.kernel.vector;

import static org.dendrite.runtime.kernel.vector.Vectors.L;
import static org.dendrite.runtime.kernel.vector.Vectors.PIXELS;
import static org.dendrite.runtime.kernel.vector.Vectors.S;
import static org.dendrite.runtime.kernel.vector.Vectors.SCALAR;
import static org.dendrite.runtime.kernel.vector.Vectors.SI;
import static org.dendrite.runtime.kernel.vector.Vectors.ZEROS;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;

/**
 * A one-channel convolution with strides 1, output pixels along the lanes: each vector is {@code
 * L} adjacent outputs of a row, whose window values at a tap are one contiguous load of the
 * plane, shared by every filter, times the tap's weight broadcast. {@link GatherGemm} puts the
 * filters along the lanes instead, and a first layer's 6 filters fill 6 of 16 lanes. A row's
 * last vector overlaps the one before it when the width is not a whole number of vectors (it
 * recomputes a few outputs, bit for bit the same, rather than masking). The tiles take a few
 * pixel vectors (of one row or the next ones) by a few filters, 8 to 12 independent chains; they
 * add the bias and apply the ReLU in registers and store filter-major into a per-thread band of
 * rows, which a scalar loop transposes into the channels-last output.
 *
 * <p>Each output is one chain of fused multiply-adds over the taps in ascending order from zero,
 * then the bias (-0 when absent: the identity), then {@code max(·, 0)} ({@code max(·, -∞)}, the
 * identity, without ReLU): what {@code ScalarKernels} and {@link GatherGemm} compute.
 */
final class PlaneConv {
  private PlaneConv() {}

  /** Filter-major outputs per band: a band and the plane's rows it reads stay in L1. */
  private static final int BAND = 4096;

  /** Per-thread tables and the band's outputs. */
  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  private static final class Buffers {
    int[] starts = new int[0];
    int[] dest = new int[0];
    int[] taps = new int[0];
    float[] bias = new float[0];
    float[] band = new float[0];
    /** A band's pooled maxima, filter-major, on their way to channels-last. */
    float[] pooled = new float[0];
    /**
     * The layout the tables were built for: pitch, output rows and columns, window, filters, and
     * rows a band (which pooling makes even).
     */
    final int[] layout = new int[7];
  }

  static void product(
      float[] in, int inOff, int pitch, int outHeight, int outWidth, int windowHeight,
      int windowWidth, float[] kernel, int kernelOff, float[] bias, int biasOff, boolean relu,
      float[] out, int outOff, int filters) {
    if (outWidth < L) { // not one whole vector: the scalar twin computes the same chains
      SCALAR.convolvePlane(in, inOff, pitch, outHeight, outWidth, windowHeight, windowWidth,
          kernel, kernelOff, bias, biasOff, relu, out, outOff, filters);
      return;
    }
    product(in, inOff, pitch, outHeight, outWidth, windowHeight, windowWidth, kernel, kernelOff,
        bias, biasOff, relu, out, outOff, filters, false, false, null, 0);
  }

  /**
   * The convolution's outputs pooled 2×2 with strides 2 into {@code pooled} (channels-last, or
   * filter by filter if {@code planes}; an odd last row or column dropped), as {@code
   * Kernels.convolvePlaneMaxPool2x2}: each band's filter-major rows are pooled where they lie
   * ({@link #poolBand}), so that only a quarter of the values are moved to channels-last, and
   * none to planes. Takes {@code outWidth ≥ L}.
   */
  static void productMaxPool2x2(
      float[] in, int inOff, int pitch, int outHeight, int outWidth, int windowHeight,
      int windowWidth, float[] kernel, int kernelOff, float[] bias, int biasOff, boolean relu,
      float[] pooled, int pooledOff, int filters, boolean planes) {
    product(in, inOff, pitch, outHeight, outWidth, windowHeight, windowWidth, kernel, kernelOff,
        bias, biasOff, relu, pooled, pooledOff, filters, true, planes, null, 0);
  }

  /**
   * {@link #productMaxPool2x2} into channels-last {@code pooled}, each window's pixel recorded
   * into {@code argmax} as the pooling finds it: {@code Kernels.convolvePlaneMaxPool2x2Argmax}.
   * Takes {@code outWidth ≥ L}.
   */
  static void productMaxPool2x2Argmax(
      float[] in, int inOff, int pitch, int outHeight, int outWidth, int windowHeight,
      int windowWidth, float[] kernel, int kernelOff, float[] bias, int biasOff, boolean relu,
      int[] argmax, int argmaxOff, float[] pooled, int pooledOff, int filters) {
    product(in, inOff, pitch, outHeight, outWidth, windowHeight, windowWidth, kernel, kernelOff,
        bias, biasOff, relu, pooled, pooledOff, filters, true, false, argmax, argmaxOff);
  }

  private static void product(
      float[] in, int inOff, int pitch, int outHeight, int outWidth, int windowHeight,
      int windowWidth, float[] kernel, int kernelOff, float[] bias, int biasOff, boolean relu,
      float[] out, int outOff, int filters, boolean pool, boolean planes, int[] argmax,
      int argmaxOff) {
    int perRow = (outWidth + L - 1) / L;
    int f = filters;
    // One filter needs no transposition: its tiles store straight into out, all rows a band.
    boolean banded = f > 1 || pool;
    int bandRows = !banded ? outHeight : Math.max(1, Math.min(outHeight, BAND / (f * outWidth)));
    if (pool) { // whole windows: bands of an even number of rows
      bandRows = Math.max(2, bandRows & ~1);
    }
    int bands = (outHeight + bandRows - 1) / bandRows;
    bandRows = (outHeight + bands - 1) / bands; // even bands: no short last one
    if (pool) {
      bandRows += bandRows & 1;
    }
    int count = windowHeight * windowWidth;
    Buffers b = BUFFERS.get();
    int vectors = bandRows * perRow;
    if (b.starts.length < vectors) {
      b.starts = new int[vectors];
      b.dest = new int[vectors];
      b.layout[0] = 0;
    }
    if (b.taps.length < count) {
      b.taps = new int[count];
      b.layout[0] = 0;
    }
    if (b.bias.length < f) {
      b.bias = new float[f];
    }
    if (banded && b.band.length < f * bandRows * outWidth + L) {
      // poolBand reads a vector one value past a row: the last row's is the padding's
      b.band = new float[f * bandRows * outWidth + L];
    }
    // poolBand stores whole vectors whose upper half runs past a row (overwritten by the next
    // store; past the last row, into this padding)
    if (pool && b.pooled.length < f * (bandRows / 2) * (outWidth / 2) + L) {
      b.pooled = new float[f * (bandRows / 2) * (outWidth / 2) + L];
    }
    int[] starts = b.starts;
    int[] dest = b.dest;
    int[] taps = b.taps;
    int[] layout = b.layout;
    // The tables follow from these six: a layout like the last call's keeps them.
    if (layout[0] != pitch || layout[1] != outHeight || layout[2] != outWidth
        || layout[3] != windowHeight || layout[4] != windowWidth || layout[5] != f
        || layout[6] != bandRows) {
      layout[0] = 0; // until the tables are whole
      for (int y = 0, i = 0; y < bandRows; y++) {
        for (int j = 0; j < perRow; j++, i++) {
          int x = Math.min(j * L, outWidth - L); // the last vector ends at the row's end
          starts[i] = y * pitch + x;
          dest[i] = y * outWidth + x;
        }
      }
      for (int ky = 0, q = 0; ky < windowHeight; ky++) {
        for (int kx = 0; kx < windowWidth; kx++, q++) {
          taps[q] = ky * pitch + kx;
        }
      }
      layout[0] = pitch;
      layout[1] = outHeight;
      layout[2] = outWidth;
      layout[3] = windowHeight;
      layout[4] = windowWidth;
      layout[5] = f;
      layout[6] = bandRows;
    }
    float[] e = b.bias;
    if (bias != null) {
      System.arraycopy(bias, biasOff, e, 0, f);
    } else {
      java.util.Arrays.fill(e, 0, f, -0f);
    }
    float floor = relu ? 0f : Float.NEGATIVE_INFINITY;
    for (int y0 = 0; y0 < outHeight; y0 += bandRows) {
      int rows = Math.min(bandRows, outHeight - y0);
      int last = rows * perRow - 1;
      int ldt = rows * outWidth; // a filter's outputs in the band
      int a0 = inOff + y0 * pitch;
      float[] t = !banded ? out : b.band;
      int t0 = !banded ? outOff + y0 * outWidth : 0;
      int f0 = 0;
      for (; f0 + 6 <= f; f0 += 6) {
        for (int v = 0; v <= last; v += 2) {
          tile2x6(in, a0, starts, v, last, taps, count, kernel, kernelOff + f0, f, e, f0, floor,
              t, t0 + f0 * ldt, ldt, dest);
        }
      }
      if (f - f0 >= 4) {
        for (int v = 0; v <= last; v += 3) {
          tile3x4(in, a0, starts, v, last, taps, count, kernel, kernelOff + f0, f, e, f0, floor,
              t, t0 + f0 * ldt, ldt, dest);
        }
        f0 += 4;
      }
      if (f - f0 >= 2) {
        for (int v = 0; v <= last; v += 4) {
          tile4x2(in, a0, starts, v, last, taps, count, kernel, kernelOff + f0, f, e, f0, floor,
              t, t0 + f0 * ldt, ldt, dest);
        }
        f0 += 2;
      }
      if (f0 < f) {
        for (int v = 0; v <= last; v += 8) {
          tile8x1(in, a0, starts, v, last, taps, count, kernel, kernelOff + f0, f, e, f0, floor,
              t, t0 + f0 * ldt, ldt, dest);
        }
      }
      if (pool && planes) {
        int pw = outWidth / 2;
        int ldp = rows / 2 * pw;
        poolBand(t, f, ldt, rows, outWidth, b.pooled, null, 0, 0, false);
        for (int fi = 0; fi < f; fi++) { // each filter's pooled rows of the band, in its plane
          System.arraycopy(b.pooled, fi * ldp, out,
              outOff + fi * (outHeight / 2) * pw + (y0 / 2) * pw, ldp);
        }
      } else if (pool) {
        poolBand(t, f, ldt, rows, outWidth, b.pooled, argmax, argmaxOff + y0 * (outWidth / 2),
            outHeight / 2, relu);
        SCALAR.transpose(b.pooled, 0, f, rows / 2 * (outWidth / 2), out,
            outOff + (y0 / 2) * (outWidth / 2) * f);
      } else if (f > 1) {
        SCALAR.transpose(t, 0, f, ldt, out, outOff + y0 * outWidth * f);
      }
    }
  }

  /** Moves a vector's even lanes to its lower half (and again to its upper half). */
  private static final VectorShuffle<Float> EVENS = VectorShuffle.fromOp(S, i -> (2 * i) & (L - 1));

  /** Copies a vector's even lanes to the odd lanes after them. */
  private static final VectorShuffle<Integer> PAIRS = VectorShuffle.fromOp(SI, i -> i & ~1);

  /**
   * Pools a band of {@code rows} rows of {@code width} outputs of {@code f} filters, filter-major
   * ({@code ldt} values a filter), 2×2 with strides 2 into the channels-last {@code pooled}. Each
   * vector of a row holds {@code L} adjacent outputs: with the vector one value on, and the two of
   * the row below, its even lanes become the maxima of the windows that start there, in the
   * twin's order (a value replaces the kept one only if greater); the odd lanes, windows that are
   * not pooled, are dropped. A row's last vector starts at the last even column that ends in it.
   * The even lanes are moved to the vector's lower half and stored whole into the filter-major
   * {@code buffer} (each store's upper half is overwritten by the next one, in ascending order),
   * {@code rows/2 · width/2} values a filter, which the caller moves to channels-last with one
   * transposition: a vector store followed by scalar loads of its lanes, a pooled value at a time,
   * had taken twice as long as the pooling. With {@code argmax}, each window's pixel is blended
   * from the same compares (the max is the last pixel that replaced it) and copied to the odd lane
   * after it: {@code Kernels.convolvePlaneMaxPool2x2Argmax}'s record from {@code argmax[argmaxOff
   * + fi·pooledRows·2·(width/2)]}, its band's rows from {@code argmaxOff}. A NaN max and the ReLU
   * make −1 in integer arithmetic, as {@code VectorUpdates.maxWindows2x2Argmax} does.
   */
  private static void poolBand(float[] t, int f, int ldt, int rows, int width, float[] buffer,
      int[] argmax, int argmaxOff, int pooledRows, boolean relu) {
    int pw = width / 2;
    int ldp = rows / 2 * pw; // a filter's pooled values in the band
    int lastX = (width - L) & ~1;
    for (int fi = 0; fi < f; fi++) {
      for (int py = 0; py < rows / 2; py++) {
        int a = fi * ldt + 2 * py * width;
        int o = fi * ldp + py * pw;
        for (int x = 0; ; x += L) {
          x = Math.min(x, lastX);
          FloatVector v0 = FloatVector.fromArray(S, t, a + x);
          FloatVector s = FloatVector.fromArray(S, t, a + x + 1);
          VectorMask<Float> later = s.compare(VectorOperators.GT, v0);
          FloatVector m = v0.blend(s, later);
          FloatVector at = argmax == null ? null : FloatVector.fromArray(S, ZEROS, 0)
              .blend(FloatVector.fromArray(S, PIXELS, 0), later);
          s = FloatVector.fromArray(S, t, a + width + x);
          later = s.compare(VectorOperators.GT, m);
          m = m.blend(s, later);
          if (argmax != null) {
            at = at.blend(FloatVector.fromArray(S, PIXELS, L), later);
          }
          s = FloatVector.fromArray(S, t, a + width + x + 1);
          later = s.compare(VectorOperators.GT, m);
          m = m.blend(s, later);
          m.rearrange(EVENS).intoArray(buffer, o + x / 2);
          if (argmax != null) {
            at = at.blend(FloatVector.fromArray(S, PIXELS, 2 * L), later);
            // A NaN max (the first pixel's): −1. Its bits above those of infinity, once unsigned.
            IntVector pixel = at.reinterpretAsInts().or(IntVector.broadcast(SI, 0x7f800000)
                .sub(v0.reinterpretAsInts().and(0x7fffffff)).lanewise(VectorOperators.ASHR, 31));
            if (relu) { // −1 unless the max is above zero: bits b with b > 0 as an int, -b < 0
              IntVector bits = m.reinterpretAsInts();
              pixel = pixel.or(bits.neg().and(bits.not()).lanewise(VectorOperators.ASHR, 31)
                  .not());
            }
            pixel.rearrange(PAIRS)
                .intoArray(argmax, argmaxOff + (fi * pooledRows + py) * 2 * pw + x);
          }
          if (x == lastX) {
            break;
          }
        }
      }
    }
  }

  /** 2 pixel vectors by 6 filters: 12 accumulators, 2 loads and 6 broadcasts a tap. */
  static void tile2x6(
      float[] a, int aOff, int[] starts, int v, int last, int[] taps, int count, float[] w,
      int w0, int ldw, float[] e, int e0, float floor, float[] t, int t0, int ldt,
      int[] dest) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector c0_0 = zero, c0_1 = zero, c0_2 = zero, c0_3 = zero, c0_4 = zero, c0_5 = zero;
    FloatVector c1_0 = zero, c1_1 = zero, c1_2 = zero, c1_3 = zero, c1_4 = zero, c1_5 = zero;
    int a0 = aOff + starts[v];
    int a1 = aOff + starts[Math.min(v + 1, last)];
    int wq = w0;
    for (int q = 0; q < count; q++) {
      int d = taps[q];
      FloatVector x0 = FloatVector.fromArray(S, a, a0 + d);
      FloatVector x1 = FloatVector.fromArray(S, a, a1 + d);
      FloatVector u;
      u = FloatVector.broadcast(S, w[wq]);
      c0_0 = x0.fma(u, c0_0);
      c1_0 = x1.fma(u, c1_0);
      u = FloatVector.broadcast(S, w[wq + 1]);
      c0_1 = x0.fma(u, c0_1);
      c1_1 = x1.fma(u, c1_1);
      u = FloatVector.broadcast(S, w[wq + 2]);
      c0_2 = x0.fma(u, c0_2);
      c1_2 = x1.fma(u, c1_2);
      u = FloatVector.broadcast(S, w[wq + 3]);
      c0_3 = x0.fma(u, c0_3);
      c1_3 = x1.fma(u, c1_3);
      u = FloatVector.broadcast(S, w[wq + 4]);
      c0_4 = x0.fma(u, c0_4);
      c1_4 = x1.fma(u, c1_4);
      u = FloatVector.broadcast(S, w[wq + 5]);
      c0_5 = x0.fma(u, c0_5);
      c1_5 = x1.fma(u, c1_5);
      wq += ldw;
    }
    FloatVector fl = FloatVector.broadcast(S, floor);
    FloatVector s0 = FloatVector.broadcast(S, e[e0]);
    FloatVector s1 = FloatVector.broadcast(S, e[e0 + 1]);
    FloatVector s2 = FloatVector.broadcast(S, e[e0 + 2]);
    FloatVector s3 = FloatVector.broadcast(S, e[e0 + 3]);
    FloatVector s4 = FloatVector.broadcast(S, e[e0 + 4]);
    FloatVector s5 = FloatVector.broadcast(S, e[e0 + 5]);
    int d0 = t0 + dest[v];
    int d1 = t0 + dest[Math.min(v + 1, last)];
    c0_0.add(s0).max(fl).intoArray(t, d0);
    c0_1.add(s1).max(fl).intoArray(t, d0 + ldt);
    c0_2.add(s2).max(fl).intoArray(t, d0 + 2 * ldt);
    c0_3.add(s3).max(fl).intoArray(t, d0 + 3 * ldt);
    c0_4.add(s4).max(fl).intoArray(t, d0 + 4 * ldt);
    c0_5.add(s5).max(fl).intoArray(t, d0 + 5 * ldt);
    c1_0.add(s0).max(fl).intoArray(t, d1);
    c1_1.add(s1).max(fl).intoArray(t, d1 + ldt);
    c1_2.add(s2).max(fl).intoArray(t, d1 + 2 * ldt);
    c1_3.add(s3).max(fl).intoArray(t, d1 + 3 * ldt);
    c1_4.add(s4).max(fl).intoArray(t, d1 + 4 * ldt);
    c1_5.add(s5).max(fl).intoArray(t, d1 + 5 * ldt);
  }

  /** 3 pixel vectors by 4 filters: 12 accumulators, 3 loads and 4 broadcasts a tap. */
  static void tile3x4(
      float[] a, int aOff, int[] starts, int v, int last, int[] taps, int count, float[] w,
      int w0, int ldw, float[] e, int e0, float floor, float[] t, int t0, int ldt,
      int[] dest) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector c0_0 = zero, c0_1 = zero, c0_2 = zero, c0_3 = zero;
    FloatVector c1_0 = zero, c1_1 = zero, c1_2 = zero, c1_3 = zero;
    FloatVector c2_0 = zero, c2_1 = zero, c2_2 = zero, c2_3 = zero;
    int a0 = aOff + starts[v];
    int a1 = aOff + starts[Math.min(v + 1, last)];
    int a2 = aOff + starts[Math.min(v + 2, last)];
    int wq = w0;
    for (int q = 0; q < count; q++) {
      int d = taps[q];
      FloatVector x0 = FloatVector.fromArray(S, a, a0 + d);
      FloatVector x1 = FloatVector.fromArray(S, a, a1 + d);
      FloatVector x2 = FloatVector.fromArray(S, a, a2 + d);
      FloatVector u;
      u = FloatVector.broadcast(S, w[wq]);
      c0_0 = x0.fma(u, c0_0);
      c1_0 = x1.fma(u, c1_0);
      c2_0 = x2.fma(u, c2_0);
      u = FloatVector.broadcast(S, w[wq + 1]);
      c0_1 = x0.fma(u, c0_1);
      c1_1 = x1.fma(u, c1_1);
      c2_1 = x2.fma(u, c2_1);
      u = FloatVector.broadcast(S, w[wq + 2]);
      c0_2 = x0.fma(u, c0_2);
      c1_2 = x1.fma(u, c1_2);
      c2_2 = x2.fma(u, c2_2);
      u = FloatVector.broadcast(S, w[wq + 3]);
      c0_3 = x0.fma(u, c0_3);
      c1_3 = x1.fma(u, c1_3);
      c2_3 = x2.fma(u, c2_3);
      wq += ldw;
    }
    FloatVector fl = FloatVector.broadcast(S, floor);
    FloatVector s0 = FloatVector.broadcast(S, e[e0]);
    FloatVector s1 = FloatVector.broadcast(S, e[e0 + 1]);
    FloatVector s2 = FloatVector.broadcast(S, e[e0 + 2]);
    FloatVector s3 = FloatVector.broadcast(S, e[e0 + 3]);
    int d0 = t0 + dest[v];
    int d1 = t0 + dest[Math.min(v + 1, last)];
    int d2 = t0 + dest[Math.min(v + 2, last)];
    c0_0.add(s0).max(fl).intoArray(t, d0);
    c0_1.add(s1).max(fl).intoArray(t, d0 + ldt);
    c0_2.add(s2).max(fl).intoArray(t, d0 + 2 * ldt);
    c0_3.add(s3).max(fl).intoArray(t, d0 + 3 * ldt);
    c1_0.add(s0).max(fl).intoArray(t, d1);
    c1_1.add(s1).max(fl).intoArray(t, d1 + ldt);
    c1_2.add(s2).max(fl).intoArray(t, d1 + 2 * ldt);
    c1_3.add(s3).max(fl).intoArray(t, d1 + 3 * ldt);
    c2_0.add(s0).max(fl).intoArray(t, d2);
    c2_1.add(s1).max(fl).intoArray(t, d2 + ldt);
    c2_2.add(s2).max(fl).intoArray(t, d2 + 2 * ldt);
    c2_3.add(s3).max(fl).intoArray(t, d2 + 3 * ldt);
  }

  /** 4 pixel vectors by 2 filters: 8 accumulators, 4 loads and 2 broadcasts a tap. */
  static void tile4x2(
      float[] a, int aOff, int[] starts, int v, int last, int[] taps, int count, float[] w,
      int w0, int ldw, float[] e, int e0, float floor, float[] t, int t0, int ldt,
      int[] dest) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector c0_0 = zero, c0_1 = zero;
    FloatVector c1_0 = zero, c1_1 = zero;
    FloatVector c2_0 = zero, c2_1 = zero;
    FloatVector c3_0 = zero, c3_1 = zero;
    int a0 = aOff + starts[v];
    int a1 = aOff + starts[Math.min(v + 1, last)];
    int a2 = aOff + starts[Math.min(v + 2, last)];
    int a3 = aOff + starts[Math.min(v + 3, last)];
    int wq = w0;
    for (int q = 0; q < count; q++) {
      int d = taps[q];
      FloatVector x0 = FloatVector.fromArray(S, a, a0 + d);
      FloatVector x1 = FloatVector.fromArray(S, a, a1 + d);
      FloatVector x2 = FloatVector.fromArray(S, a, a2 + d);
      FloatVector x3 = FloatVector.fromArray(S, a, a3 + d);
      FloatVector u;
      u = FloatVector.broadcast(S, w[wq]);
      c0_0 = x0.fma(u, c0_0);
      c1_0 = x1.fma(u, c1_0);
      c2_0 = x2.fma(u, c2_0);
      c3_0 = x3.fma(u, c3_0);
      u = FloatVector.broadcast(S, w[wq + 1]);
      c0_1 = x0.fma(u, c0_1);
      c1_1 = x1.fma(u, c1_1);
      c2_1 = x2.fma(u, c2_1);
      c3_1 = x3.fma(u, c3_1);
      wq += ldw;
    }
    FloatVector fl = FloatVector.broadcast(S, floor);
    FloatVector s0 = FloatVector.broadcast(S, e[e0]);
    FloatVector s1 = FloatVector.broadcast(S, e[e0 + 1]);
    int d0 = t0 + dest[v];
    int d1 = t0 + dest[Math.min(v + 1, last)];
    int d2 = t0 + dest[Math.min(v + 2, last)];
    int d3 = t0 + dest[Math.min(v + 3, last)];
    c0_0.add(s0).max(fl).intoArray(t, d0);
    c0_1.add(s1).max(fl).intoArray(t, d0 + ldt);
    c1_0.add(s0).max(fl).intoArray(t, d1);
    c1_1.add(s1).max(fl).intoArray(t, d1 + ldt);
    c2_0.add(s0).max(fl).intoArray(t, d2);
    c2_1.add(s1).max(fl).intoArray(t, d2 + ldt);
    c3_0.add(s0).max(fl).intoArray(t, d3);
    c3_1.add(s1).max(fl).intoArray(t, d3 + ldt);
  }

  /** 8 pixel vectors by 1 filter: 8 accumulators, 8 loads and 1 broadcast a tap. */
  static void tile8x1(
      float[] a, int aOff, int[] starts, int v, int last, int[] taps, int count, float[] w,
      int w0, int ldw, float[] e, int e0, float floor, float[] t, int t0, int ldt,
      int[] dest) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector c0_0 = zero;
    FloatVector c1_0 = zero;
    FloatVector c2_0 = zero;
    FloatVector c3_0 = zero;
    FloatVector c4_0 = zero;
    FloatVector c5_0 = zero;
    FloatVector c6_0 = zero;
    FloatVector c7_0 = zero;
    int a0 = aOff + starts[v];
    int a1 = aOff + starts[Math.min(v + 1, last)];
    int a2 = aOff + starts[Math.min(v + 2, last)];
    int a3 = aOff + starts[Math.min(v + 3, last)];
    int a4 = aOff + starts[Math.min(v + 4, last)];
    int a5 = aOff + starts[Math.min(v + 5, last)];
    int a6 = aOff + starts[Math.min(v + 6, last)];
    int a7 = aOff + starts[Math.min(v + 7, last)];
    int wq = w0;
    for (int q = 0; q < count; q++) {
      int d = taps[q];
      FloatVector x0 = FloatVector.fromArray(S, a, a0 + d);
      FloatVector x1 = FloatVector.fromArray(S, a, a1 + d);
      FloatVector x2 = FloatVector.fromArray(S, a, a2 + d);
      FloatVector x3 = FloatVector.fromArray(S, a, a3 + d);
      FloatVector x4 = FloatVector.fromArray(S, a, a4 + d);
      FloatVector x5 = FloatVector.fromArray(S, a, a5 + d);
      FloatVector x6 = FloatVector.fromArray(S, a, a6 + d);
      FloatVector x7 = FloatVector.fromArray(S, a, a7 + d);
      FloatVector u;
      u = FloatVector.broadcast(S, w[wq]);
      c0_0 = x0.fma(u, c0_0);
      c1_0 = x1.fma(u, c1_0);
      c2_0 = x2.fma(u, c2_0);
      c3_0 = x3.fma(u, c3_0);
      c4_0 = x4.fma(u, c4_0);
      c5_0 = x5.fma(u, c5_0);
      c6_0 = x6.fma(u, c6_0);
      c7_0 = x7.fma(u, c7_0);
      wq += ldw;
    }
    FloatVector fl = FloatVector.broadcast(S, floor);
    FloatVector s0 = FloatVector.broadcast(S, e[e0]);
    int d0 = t0 + dest[v];
    int d1 = t0 + dest[Math.min(v + 1, last)];
    int d2 = t0 + dest[Math.min(v + 2, last)];
    int d3 = t0 + dest[Math.min(v + 3, last)];
    int d4 = t0 + dest[Math.min(v + 4, last)];
    int d5 = t0 + dest[Math.min(v + 5, last)];
    int d6 = t0 + dest[Math.min(v + 6, last)];
    int d7 = t0 + dest[Math.min(v + 7, last)];
    c0_0.add(s0).max(fl).intoArray(t, d0);
    c1_0.add(s0).max(fl).intoArray(t, d1);
    c2_0.add(s0).max(fl).intoArray(t, d2);
    c3_0.add(s0).max(fl).intoArray(t, d3);
    c4_0.add(s0).max(fl).intoArray(t, d4);
    c5_0.add(s0).max(fl).intoArray(t, d5);
    c6_0.add(s0).max(fl).intoArray(t, d6);
    c7_0.add(s0).max(fl).intoArray(t, d7);
  }
}
