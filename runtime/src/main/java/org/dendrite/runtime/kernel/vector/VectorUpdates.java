package org.dendrite.runtime.kernel.vector;

import static org.dendrite.runtime.kernel.vector.Vectors.L;
import static org.dendrite.runtime.kernel.vector.Vectors.PIXELS;
import static org.dendrite.runtime.kernel.vector.Vectors.S;
import static org.dendrite.runtime.kernel.vector.Vectors.SCALAR;
import static org.dendrite.runtime.kernel.vector.Vectors.SI;
import static org.dendrite.runtime.kernel.vector.Vectors.ZEROS;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.dendrite.runtime.kernel.FloatMath;
import org.dendrite.runtime.kernel.ScalarKernels;

/**
 * Element-wise kernels and the optimizers' updates over ranges of the parameters, a vector at a
 * time in the scalar twin's order of operations; the twin finishes each range's last elements.
 */
final class VectorUpdates {
  private VectorUpdates() {}

  static void multiply(float[] a, int aOff, float[] b, int bOff, float[] dst, int dstOff, int len) {
    int i = 0;
    for (int bound = S.loopBound(len); i < bound; i += L) {
      FloatVector.fromArray(S, a, aOff + i)
          .mul(FloatVector.fromArray(S, b, bOff + i))
          .intoArray(dst, dstOff + i);
    }
    SCALAR.multiply(a, aOff + i, b, bOff + i, dst, dstOff + i, len - i);
  }

  static void add(float[] dst, float[] src, int from, int to) {
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      FloatVector.fromArray(S, dst, i).add(FloatVector.fromArray(S, src, i)).intoArray(dst, i);
    }
    SCALAR.add(dst, src, i, to);
  }

  static void accumulate(float[] src, int srcOff, float[] dst, int dstOff, int len) {
    int i = 0;
    for (int bound = S.loopBound(len); i < bound; i += L) {
      FloatVector.fromArray(S, dst, dstOff + i).add(FloatVector.fromArray(S, src, srcOff + i))
          .intoArray(dst, dstOff + i);
    }
    SCALAR.accumulate(src, srcOff + i, dst, dstOff + i, len - i);
  }

  /**
   * {@link org.dendrite.runtime.kernel.Kernels#addWindows} a run at a time, in vectors: a run
   * that is not a whole number of them ends with a vector moved back to end at the run's last
   * value, computed from what the last whole vector loaded and stored before it, so that the
   * whole vector's store wins on the lanes they share (each value is added once). A run shorter
   * than a vector is added value by value. (col2im called {@code accumulate} per run: LeNet-5's
   * 30-value runs took a vector and 14 scalar additions, and a call, each: 11 % of its step.)
   */
  static void addWindows(float[] src, int srcOff, int srcStep, float[] dst, int dstOff,
      int pitch, int step, int rows, int run, int count) {
    if (run < L) {
      SCALAR.addWindows(src, srcOff, srcStep, dst, dstOff, pitch, step, rows, run, count);
      return;
    }
    int last = S.loopBound(run) - L; // the last whole vector
    int tail = run - L;              // the moved-back vector, == last if the run is whole
    for (int w = 0; w < count; w++) {
      for (int r = 0; r < rows; r++) {
        int s = srcOff + w * srcStep + r * run;
        int d = dstOff + w * step + r * pitch;
        for (int i = 0; i < last; i += L) {
          FloatVector.fromArray(S, dst, d + i).add(FloatVector.fromArray(S, src, s + i))
              .intoArray(dst, d + i);
        }
        FloatVector whole = FloatVector.fromArray(S, dst, d + last)
            .add(FloatVector.fromArray(S, src, s + last));
        if (tail != last) {
          FloatVector.fromArray(S, dst, d + tail).add(FloatVector.fromArray(S, src, s + tail))
              .intoArray(dst, d + tail);
        }
        whole.intoArray(dst, d + last);
      }
    }
  }

  /**
   * {@code Kernels.sumRuns} for one image: a pixel's channels a vector at a time (the last one
   * moved back to end at {@code c}: its lanes again are the same sums), each vector's terms added
   * in registers in order from zero; fewer channels than lanes as the scalar twin does.
   */
  static void sumRuns(float[] src, int srcOff, int[] offsets, int[] starts, int pixels,
      float[] dst, int dstOff, int c) {
    if (c < L) {
      ScalarKernels.sumRunsOf(src, srcOff, offsets, starts, pixels, dst, dstOff, c);
      return;
    }
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    for (int p = 0; p < pixels; p++) {
      int from = starts[p];
      int to = starts[p + 1];
      int d = dstOff + p * c;
      for (int i0 = 0; i0 < c; i0 += L) {
        int i = Math.min(i0, c - L);
        int s = srcOff + i;
        FloatVector sum = zero;
        for (int t = from; t < to; t++) {
          sum = sum.add(FloatVector.fromArray(S, src, s + offsets[t]));
        }
        sum.intoArray(dst, d + i);
      }
    }
  }

  static void maxInto(float[] src, int srcOff, float[] dst, int dstOff, int len) {
    int i = 0;
    for (int bound = S.loopBound(len); i < bound; i += L) {
      FloatVector s = FloatVector.fromArray(S, src, srcOff + i);
      FloatVector d = FloatVector.fromArray(S, dst, dstOff + i);
      d.blend(s, s.compare(VectorOperators.GT, d)).intoArray(dst, dstOff + i);
    }
    SCALAR.maxInto(src, srcOff + i, dst, dstOff + i, len - i);
  }

  /**
   * Each window's vector of channels is kept in a register over its pixels and stored once,
   * where a {@link #maxInto} a pixel loaded and stored it at each (and cost a call).
   */
  static void maxWindows(float[] in, int inOff, int pitch, int step, int rows, int cols, int c,
      float[] out, int outOff, int count) {
    if (c < L && rows == 2 && cols == 2 && step >= c && count * c >= L) {
      maxWindows2x2Narrow(in, inOff, pitch, step, c, out, outOff, count);
      return;
    }
    if (c < L && step >= c && (count - 1) * step + c >= L) {
      maxWindowsAcross(in, inOff, pitch, step, rows, cols, c, out, outOff, count);
      return;
    }
    int bound = S.loopBound(c);
    if (rows == 2 && cols == 2) {
      maxWindows2x2(in, inOff, pitch, step, c, out, outOff, count, bound);
    } else {
      maxWindowsAny(in, inOff, pitch, step, rows, cols, c, out, outOff, count, bound);
    }
    if (bound < c) {
      ScalarKernels.maxWindowsFrom(in, inOff, pitch, step, rows, cols, c, out, outOff, count,
          bound);
    }
  }

  /**
   * The 2×2 windows of {@link #maxWindows} (the sample CNNs' pools) in straight code: the same
   * compares in the same order. The general loop's pixel counter and branch kept one window's
   * compares from overlapping the next's: keras-convnet's first pool (26×26×32) took 2.16 µs,
   * now 1.62 (Zen 5, batch 1).
   */
  private static void maxWindows2x2(float[] in, int inOff, int pitch, int step, int c,
      float[] out, int outOff, int count, int bound) {
    for (int w = 0; w < count; w++) {
      int at = inOff + w * step;
      int o = outOff + w * c;
      for (int i = 0; i < bound; i += L) {
        max2x2(in, at + i, pitch, c, out, o + i, 0);
      }
    }
  }

  private static void maxWindowsAny(float[] in, int inOff, int pitch, int step, int rows,
      int cols, int c, float[] out, int outOff, int count, int bound) {
    int pixels = rows * cols;
    int next = pitch - (cols - 1) * c; // from a row's last pixel to the next row's first
    for (int w = 0; w < count; w++) {
      int at = inOff + w * step;
      int o = outOff + w * c;
      for (int i = 0; i < bound; i += L) {
        // One loop over the pixels: a vector carried through two nested loops may be boxed.
        FloatVector m = FloatVector.fromArray(S, in, at + i);
        int p = at + i;
        for (int n = 1, x = 0; n < pixels; n++) {
          if (++x == cols) {
            x = 0;
            p += next;
          } else {
            p += c;
          }
          FloatVector s = FloatVector.fromArray(S, in, p);
          m = m.blend(s, s.compare(VectorOperators.GT, m));
        }
        m.intoArray(out, o + i);
      }
    }
  }

  /** Lane numbers 0, 1, …, L − 1, whose compares give the masks of a window's lanes. */
  private static final float[] LANES = lanes();

  private static float[] lanes() {
    float[] lanes = new float[L];
    for (int i = 0; i < L; i++) {
      lanes[i] = i;
    }
    return lanes;
  }

  /**
   * How many lanes window {@code w}'s vector is moved back so as to end within the row's
   * {@code n} outputs: 0 while {@code w·c + L ≤ n}; only moved-back windows merge their stores.
   */
  private static int back(int w, int c, int n) {
    return Math.max(w * c + L - n, 0);
  }

  /**
   * {@link #maxWindows} for 2×2 windows of fewer channels than lanes (LeNet-5's six): a window at
   * a time, the lanes past its channels computed for nothing and their store overwritten by the
   * next window's — plain loads and stores, the twin's compares in its order. The row's last
   * windows, whose vectors would pass its end, are moved back to end there and merged with what
   * is stored. (LeNet-5's first pooling: 1.26 µs an image with {@link #maxWindowsAcross}, which
   * computes every value's window.)
   */
  private static void maxWindows2x2Narrow(float[] in, int inOff, int pitch, int step, int c,
      float[] out, int outOff, int count) {
    for (int w = 0; w < count; w++) {
      int back = back(w, c, count * c);
      max2x2(in, inOff + w * step - back, pitch, c, out, outOff + w * c - back, back);
    }
  }

  /**
   * One vector of 2×2 maxima, the window's top-left values at {@code in[p]}, stored at
   * {@code out[o]}: whole ({@code back} 0), or moved back by {@code back} lanes and merged into
   * what is there outside the window's channels.
   */
  private static void max2x2(float[] in, int p, int pitch, int c, float[] out, int o, int back) {
    FloatVector m = FloatVector.fromArray(S, in, p);
    FloatVector s = FloatVector.fromArray(S, in, p + c);
    m = m.blend(s, s.compare(VectorOperators.GT, m));
    s = FloatVector.fromArray(S, in, p + pitch);
    m = m.blend(s, s.compare(VectorOperators.GT, m));
    s = FloatVector.fromArray(S, in, p + pitch + c);
    m = m.blend(s, s.compare(VectorOperators.GT, m));
    if (back > 0) {
      // The window's channels, lanes back to back + c - 1 (built here: no mask crosses a call).
      FloatVector lanes = FloatVector.fromArray(S, LANES, 0);
      VectorMask<Float> own = lanes.compare(VectorOperators.GE, (float) back)
          .and(lanes.compare(VectorOperators.LT, (float) (back + c)));
      m = FloatVector.fromArray(S, out, o).blend(m, own);
    }
    m.intoArray(out, o);
  }

  /** Per-thread values of {@link #maxWindowsAcross}' sliding windows, grown to a row's. */
  private static final ThreadLocal<float[][]> SLIDES =
      ThreadLocal.withInitial(() -> new float[][] {new float[0]});

  /**
   * {@link #maxWindows} for fewer channels than lanes in windows other than 2×2 (which
   * {@link #maxWindows2x2Narrow} takes), at least a pixel's channels apart: the scalar twin's
   * compare and branch per value mispredicted on real images (8.7 µs of LeNet-5's 21 µs batch-1 latency went to its first pooling). The lanes run along
   * the row instead, each taking the max of the window that starts at its value, pixel by pixel
   * in the twin's order, so the bits are the twin's; the windows that are pooled are then copied
   * out of that buffer, those in between (a stride's worth) computed for nothing. A last partial
   * vector is moved back to end at the row's last value: the lanes it shares with the vector
   * before compute the same values again. (Gathering each output vector's window values instead
   * took 2.4 µs for LeNet's first pooling, this 1.7 µs; a second vector chain per iteration
   * gained nothing.)
   */
  private static void maxWindowsAcross(float[] in, int inOff, int pitch, int step, int rows,
      int cols, int c, float[] out, int outOff, int count) {
    int span = (count - 1) * step + c; // from the first window's first value to the last's
    float[][] holder = SLIDES.get();
    float[] t = holder[0];
    if (t.length < span) {
      t = new float[span];
      holder[0] = t;
    }
    int pixels = rows * cols;
    int next = pitch - (cols - 1) * c; // from a row's last pixel to the next row's first
    for (int q0 = 0; q0 < span; q0 += L) {
      int q = Math.min(q0, span - L);
      int p = inOff + q;
      FloatVector m = FloatVector.fromArray(S, in, p);
      for (int n = 1, x = 0; n < pixels; n++) {
        if (++x == cols) {
          x = 0;
          p += next;
        } else {
          p += c;
        }
        FloatVector s = FloatVector.fromArray(S, in, p);
        m = m.blend(s, s.compare(VectorOperators.GT, m));
      }
      m.intoArray(t, q);
    }
    for (int w = 0; w < count; w++) {
      int from = w * step;
      int to = outOff + w * c;
      for (int i = 0; i < c; i++) {
        out[to + i] = t[from + i];
      }
    }
  }

  static void routeMax(float[] in, int inOff, float[] max, int maxOff, float[] g, int gOff,
      float[] dst, int dstOff, int len) {
    int i = 0;
    for (int bound = S.loopBound(len); i < bound; i += L) {
      VectorMask<Float> at = FloatVector.fromArray(S, in, inOff + i)
          .compare(VectorOperators.EQ, FloatVector.fromArray(S, max, maxOff + i));
      FloatVector gradient = FloatVector.fromArray(S, g, gOff + i);
      FloatVector.fromArray(S, dst, dstOff + i).add(gradient, at).intoArray(dst, dstOff + i);
      gradient.blend(0f, at).intoArray(g, gOff + i);
    }
    SCALAR.routeMax(in, inOff + i, max, maxOff + i, g, gOff + i, dst, dstOff + i, len - i);
  }

  /**
   * Each window's max and gradient vectors stay in registers over its pixels, the gradient's
   * routed lanes zeroed on the way and stored once, where a {@link #routeMax} a pixel loaded both
   * and stored the gradient at each (and cost a call). Overwriting spares loading {@code dst}.
   */
  static void routeMaxWindows(float[] in, int inOff, int pitch, int step, int rows, int cols,
      int c, float[] max, int maxOff, float[] g, int gOff, float[] dst, int dstOff, int count,
      boolean overwrite) {
    int bound = S.loopBound(c);
    if (overwrite && rows == 2 && cols == 2 && c < L && step == 2 * c && count * c >= L) {
      routeWrite2x2Narrow(in, inOff, pitch, c, max, maxOff, g, gOff, dst, dstOff, count);
      return;
    }
    if (overwrite && rows == 2 && cols == 2) {
      routeWrite2x2(in, inOff, pitch, step, c, max, maxOff, g, gOff, dst, dstOff, count, bound);
    } else if (overwrite) {
      routeWrite(in, inOff, pitch, step, rows, cols, c, max, maxOff, g, gOff, dst, dstOff, count,
          bound);
    } else {
      routeAdd(in, inOff, pitch, step, rows, cols, c, max, maxOff, g, gOff, dst, dstOff, count,
          bound);
    }
    if (bound < c) {
      ScalarKernels.routeMaxWindowsFrom(in, inOff, pitch, step, rows, cols, c, max, maxOff, g,
          gOff, dst, dstOff, count, overwrite, bound);
    }
  }

  /**
   * {@link #routeWrite} for 2×2 windows (the sample CNNs' pools) in straight code, the same
   * compares in the same order: the general loop's pixel counter and branch kept one window's
   * work from overlapping the next's, as in {@link #maxWindows2x2}.
   */
  private static void routeWrite2x2(float[] in, int inOff, int pitch, int step, int c,
      float[] max, int maxOff, float[] g, int gOff, float[] dst, int dstOff, int count,
      int bound) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    for (int w = 0; w < count; w++) {
      int at = w * step;
      int o = w * c;
      for (int i = 0; i < bound; i += L) {
        FloatVector m = FloatVector.fromArray(S, max, maxOff + o + i);
        FloatVector r = FloatVector.fromArray(S, g, gOff + o + i);
        int p = at + i;
        VectorMask<Float> hit = FloatVector.fromArray(S, in, inOff + p)
            .compare(VectorOperators.EQ, m);
        zero.add(r, hit).intoArray(dst, dstOff + p);
        r = r.blend(zero, hit);
        p += c;
        hit = FloatVector.fromArray(S, in, inOff + p).compare(VectorOperators.EQ, m);
        zero.add(r, hit).intoArray(dst, dstOff + p);
        r = r.blend(zero, hit);
        p += pitch - c;
        hit = FloatVector.fromArray(S, in, inOff + p).compare(VectorOperators.EQ, m);
        zero.add(r, hit).intoArray(dst, dstOff + p);
        r = r.blend(zero, hit);
        p += c;
        hit = FloatVector.fromArray(S, in, inOff + p).compare(VectorOperators.EQ, m);
        zero.add(r, hit).intoArray(dst, dstOff + p);
        r.blend(zero, hit).intoArray(g, gOff + o + i);
      }
    }
  }

  /** Per-thread gradients of {@link #routeWrite2x2Narrow}'s row, grown to a row's. */
  private static final ThreadLocal<float[][]> ROUTED =
      ThreadLocal.withInitial(() -> new float[][] {new float[0]});

  /**
   * {@link #routeWrite2x2} for fewer channels than lanes (LeNet-5's six), windows side by side: a
   * window at a time as {@link #maxWindows2x2Narrow} runs them, each store's lanes past the
   * window's channels overwritten by the next window's. The gradients left after routing go to a
   * per-thread row first and are copied into {@code g} at the end, so that no load of {@code g}
   * waits on a store it overlaps. The same masks in the twin's order. (LeNet-5's first pooling:
   * 3.36 µs an image when the lanes ran over the row's windows and channels together, each pixel
   * gathered and its gradient scattered; the gather's index check also compiled to boxed vectors
   * in some JVMs, which made one-thread training bimodal.)
   */
  private static void routeWrite2x2Narrow(float[] in, int inOff, int pitch, int c, float[] max,
      int maxOff, float[] g, int gOff, float[] dst, int dstOff, int count) {
    int n = count * c;
    float[][] holder = ROUTED.get();
    float[] left = holder[0];
    if (left.length < n) {
      left = new float[n];
      holder[0] = left;
    }
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    FloatVector lanes = FloatVector.fromArray(S, LANES, 0);
    for (int w = 0; w < count; w++) {
      // Past the whole windows, vectors moved back by `back` lanes, stores merged outside `own`.
      int back = back(w, c, n);
      boolean merge = back > 0;
      VectorMask<Float> own = lanes.compare(VectorOperators.GE, (float) back)
          .and(lanes.compare(VectorOperators.LT, (float) (back + c)));
      int o = w * c - back;
      int p = inOff + 2 * w * c - back;
      int d = dstOff + 2 * w * c - back;
      FloatVector top = FloatVector.fromArray(S, max, maxOff + o);
      FloatVector r = FloatVector.fromArray(S, g, gOff + o);
      for (int pixel = 0, at = 0; pixel < 4; pixel++) {
        VectorMask<Float> hit = FloatVector.fromArray(S, in, p + at)
            .compare(VectorOperators.EQ, top);
        FloatVector routed = zero.add(r, hit);
        if (merge) {
          routed = FloatVector.fromArray(S, dst, d + at).blend(routed, own);
        }
        routed.intoArray(dst, d + at);
        r = r.blend(zero, hit);
        at += pixel == 1 ? pitch - c : c;
      }
      if (merge) {
        r = FloatVector.fromArray(S, left, o).blend(r, own);
      }
      r.intoArray(left, o);
    }
    System.arraycopy(left, 0, g, gOff, n);
  }

  /** {@link #routeMaxWindows}' overwriting vectors: {@code +0 + g} where routed, else {@code +0}. */
  private static void routeWrite(float[] in, int inOff, int pitch, int step, int rows, int cols,
      int c, float[] max, int maxOff, float[] g, int gOff, float[] dst, int dstOff, int count,
      int bound) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    int pixels = rows * cols;
    int next = pitch - (cols - 1) * c; // from a row's last pixel to the next row's first
    for (int w = 0; w < count; w++) {
      for (int i = 0; i < bound; i += L) {
        FloatVector m = FloatVector.fromArray(S, max, maxOff + w * c + i);
        FloatVector r = FloatVector.fromArray(S, g, gOff + w * c + i);
        // One loop over the pixels: a vector carried through two nested loops may be boxed.
        int p = w * step + i;
        for (int n = 0, x = 0; n < pixels; n++) {
          VectorMask<Float> at = FloatVector.fromArray(S, in, inOff + p)
              .compare(VectorOperators.EQ, m);
          zero.add(r, at).intoArray(dst, dstOff + p);
          r = r.blend(zero, at);
          if (++x == cols) {
            x = 0;
            p += next;
          } else {
            p += c;
          }
        }
        r.intoArray(g, gOff + w * c + i);
      }
    }
  }

  /** {@link #routeMaxWindows}' adding vectors, window after window as overlapping ones need. */
  private static void routeAdd(float[] in, int inOff, int pitch, int step, int rows, int cols,
      int c, float[] max, int maxOff, float[] g, int gOff, float[] dst, int dstOff, int count,
      int bound) {
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    int pixels = rows * cols;
    int next = pitch - (cols - 1) * c;
    for (int w = 0; w < count; w++) {
      for (int i = 0; i < bound; i += L) {
        FloatVector m = FloatVector.fromArray(S, max, maxOff + w * c + i);
        FloatVector r = FloatVector.fromArray(S, g, gOff + w * c + i);
        int p = w * step + i;
        for (int n = 0, x = 0; n < pixels; n++) {
          VectorMask<Float> at = FloatVector.fromArray(S, in, inOff + p)
              .compare(VectorOperators.EQ, m);
          FloatVector.fromArray(S, dst, dstOff + p).add(r, at).intoArray(dst, dstOff + p);
          r = r.blend(zero, at);
          if (++x == cols) {
            x = 0;
            p += next;
          } else {
            p += c;
          }
        }
        r.intoArray(g, gOff + w * c + i);
      }
    }
  }

  /**
   * The vectors of channels of each 2×2 window: the max by {@link #max2x2}'s compares, and its
   * pixel from the same compares: the max is the last pixel that replaced it (a later value
   * replaces it only if greater), so the pixels before it are strictly smaller and it is the
   * first equal to it, where the twin and {@link #routeMaxWindows} route, unless it is a NaN,
   * which only the first pixel gives and no pixel equals. The pixel numbers are blended as float
   * bits and stored as ints; −1 for a NaN and for the ReLU in integer arithmetic, without masks
   * (JDK 17 keeps masks in vector registers, and equality compares for the pixel took 5.8 µs a
   * keras-convnet image against 2.1 on Temurin 25). The channels past the last whole vector: the
   * scalar twin.
   */
  static void maxWindows2x2Argmax(float[] in, int inOff, int pitch, int c, float[] out,
      int outOff, int[] argmax, int argmaxOff, int count, boolean relu) {
    int bound = S.loopBound(c);
    for (int w = 0; w < count; w++) {
      int p = inOff + 2 * w * c;
      int o = w * c;
      for (int i = 0; i < bound; i += L) {
        FloatVector v0 = FloatVector.fromArray(S, in, p + i);
        FloatVector v1 = FloatVector.fromArray(S, in, p + c + i);
        FloatVector v2 = FloatVector.fromArray(S, in, p + pitch + i);
        FloatVector v3 = FloatVector.fromArray(S, in, p + pitch + c + i);
        VectorMask<Float> later = v1.compare(VectorOperators.GT, v0);
        FloatVector m = v0.blend(v1, later);
        FloatVector at = FloatVector.fromArray(S, ZEROS, 0)
            .blend(FloatVector.fromArray(S, PIXELS, 0), later);
        later = v2.compare(VectorOperators.GT, m);
        m = m.blend(v2, later);
        at = at.blend(FloatVector.fromArray(S, PIXELS, L), later);
        later = v3.compare(VectorOperators.GT, m);
        m = m.blend(v3, later);
        at = at.blend(FloatVector.fromArray(S, PIXELS, 2 * L), later);
        m.intoArray(out, outOff + o + i);
        // A NaN max (the first pixel's): −1. Its bits above those of infinity, once unsigned.
        IntVector b0 = v0.reinterpretAsInts();
        IntVector pixel = at.reinterpretAsInts().or(IntVector.broadcast(SI, 0x7f800000)
            .sub(b0.and(0x7fffffff)).lanewise(VectorOperators.ASHR, 31));
        if (relu) { // −1 unless the max is above zero: bits b with b > 0 as an int, -b < 0
          IntVector bits = m.reinterpretAsInts();
          pixel = pixel.or(bits.neg().and(bits.not()).lanewise(VectorOperators.ASHR, 31).not());
        }
        pixel.intoArray(argmax, argmaxOff + o + i);
      }
    }
    if (bound < c) {
      ScalarKernels.maxWindows2x2ArgmaxFrom(in, inOff, pitch, c, out, outOff, argmax, argmaxOff,
          count, relu, bound);
    }
  }

  /**
   * Each window's gradient vector, {@code +0 + g}, stored at the pixel its argmax names and zeros
   * at the others, its bits selected in integer arithmetic (no masks, as in {@link
   * #maxWindows2x2Argmax}).
   */
  static void routeArgmax2x2(int[] argmax, int argmaxOff, float[] g, int gOff, int c,
      float[] dst, int dstOff, int pitch, int count) {
    int bound = S.loopBound(c);
    FloatVector zero = FloatVector.fromArray(S, ZEROS, 0);
    for (int w = 0; w < count; w++) {
      int d = dstOff + 2 * w * c;
      int o = w * c;
      for (int i = 0; i < bound; i += L) {
        IntVector at = IntVector.fromArray(SI, argmax, argmaxOff + o + i);
        IntVector routed = zero.add(FloatVector.fromArray(S, g, gOff + o + i)).reinterpretAsInts();
        // Pixel k keeps routed's bits where at ^ k is 0: routed & ~sign((at ^ k) | -(at ^ k)).
        IntVector x = at;
        routed.lanewise(VectorOperators.AND_NOT, x.or(x.neg()).lanewise(VectorOperators.ASHR, 31))
            .reinterpretAsFloats().intoArray(dst, d + i);
        x = at.lanewise(VectorOperators.XOR, 1);
        routed.lanewise(VectorOperators.AND_NOT, x.or(x.neg()).lanewise(VectorOperators.ASHR, 31))
            .reinterpretAsFloats().intoArray(dst, d + c + i);
        x = at.lanewise(VectorOperators.XOR, 2);
        routed.lanewise(VectorOperators.AND_NOT, x.or(x.neg()).lanewise(VectorOperators.ASHR, 31))
            .reinterpretAsFloats().intoArray(dst, d + pitch + i);
        x = at.lanewise(VectorOperators.XOR, 3);
        routed.lanewise(VectorOperators.AND_NOT, x.or(x.neg()).lanewise(VectorOperators.ASHR, 31))
            .reinterpretAsFloats().intoArray(dst, d + pitch + c + i);
      }
    }
    if (bound < c) {
      ScalarKernels.routeArgmax2x2From(argmax, argmaxOff, g, gOff, c, dst, dstOff, pitch, count,
          bound);
    }
  }

  // ---- optimizers and gradient conditioning, in ScalarKernels' order of operations -------

  static void sgd(float[] p, float[] g, int from, int to, float lr) {
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      FloatVector.fromArray(S, p, i)
          .sub(FloatVector.fromArray(S, g, i).mul(lr))
          .intoArray(p, i);
    }
    SCALAR.sgd(p, g, i, to, lr);
  }

  static void adam(
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
    SCALAR.adam(p, g, m, v, i, to, alpha, beta1, beta2, epsilon);
  }

  static void clip(float[] x, int from, int to, float limit) {
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      FloatVector.fromArray(S, x, i).max(-limit).min(limit).intoArray(x, i);
    }
    SCALAR.clip(x, i, to, limit);
  }

  /** One byte per float lane: 128 bits of bytes for 512-bit floats. */
  private static final VectorSpecies<Byte> BYTES =
      VectorSpecies.of(byte.class, VectorShape.forBitSize(L * Byte.SIZE));

  /**
   * {@link org.dendrite.runtime.kernel.Kernels#unsignedBytes}: a vector's worth of bytes widened
   * to ints (sign-extended, then masked to 0..255), converted exactly to floats and divided.
   */
  static void unsignedBytes(byte[] src, int srcOff, float divisor, float[] dst, int dstOff,
      int len) {
    int i = 0;
    for (int bound = S.loopBound(len); i < bound; i += L) {
      ((IntVector) ByteVector.fromArray(BYTES, src, srcOff + i)
          .convertShape(VectorOperators.B2I, SI, 0))
          .and(0xff)
          .convert(VectorOperators.I2F, 0)
          .reinterpretAsFloats()
          .div(divisor)
          .intoArray(dst, dstOff + i);
    }
    SCALAR.unsignedBytes(src, srcOff + i, divisor, dst, dstOff + i, len - i);
  }

  static void scale(float[] x, int from, int to, float factor) {
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      FloatVector.fromArray(S, x, i).mul(factor).intoArray(x, i);
    }
    SCALAR.scale(x, i, to, factor);
  }

  static void decay(float[] p, int from, int to, float rate) {
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      FloatVector pv = FloatVector.fromArray(S, p, i);
      pv.sub(pv.mul(rate)).intoArray(p, i);
    }
    SCALAR.decay(p, i, to, rate);
  }

  /**
   * {@link FloatMath#flushSubnormal} lane by lane, in integer operations and without masks (which
   * JDK 17 allocates): {@code (bits & 0x7f800000) + 0x7fffffff} is negative exactly when the
   * exponent bits are not all zero, so its arithmetic shift by 31 is all ones for the lanes to keep
   * and zero for subnormals and zeros.
   */
  static void flushSubnormals(float[] x, int from, int to) {
    IntVector exponentBits = IntVector.broadcast(SI, 0x7f800000);
    IntVector keepBias = IntVector.broadcast(SI, 0x7fffffff);
    int i = from;
    for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
      IntVector bits = FloatVector.fromArray(S, x, i).reinterpretAsInts();
      IntVector keep = bits.and(exponentBits).add(keepBias).lanewise(VectorOperators.ASHR, 31);
      bits.and(keep).reinterpretAsFloats().intoArray(x, i);
    }
    SCALAR.flushSubnormals(x, i, to);
  }

  static void momentum(
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
    SCALAR.momentum(p, g, m, i, to, lr, momentum, nesterov);
  }

  static void adagrad(float[] p, float[] g, float[] acc, int from, int to, float lr,
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
    SCALAR.adagrad(p, g, acc, i, to, lr, epsilon);
  }

  static void rmsprop(
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
    SCALAR.rmsprop(p, g, v, a, m, i, to, lr, rho, momentum, epsilon);
  }

  static double l1l2(float[] w, int off, int len, float l1, float l2, float[] g, int gOff) {
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
    // The lanes' sums, then the scalar twin's penalty (and gradient) of the last elements.
    double absSum = abs.reduceLanes(VectorOperators.ADD);
    double squareSum = squares.reduceLanes(VectorOperators.ADD);
    return l1 * absSum + l2 * squareSum + SCALAR.l1l2(w, off + i, len - i, l1, l2, g, gOff + i);
  }
}
