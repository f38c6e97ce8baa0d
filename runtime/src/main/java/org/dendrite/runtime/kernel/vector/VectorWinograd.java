package org.dendrite.runtime.kernel.vector;

import static org.dendrite.runtime.kernel.vector.Vectors.L;
import static org.dendrite.runtime.kernel.vector.Vectors.NEGATIVE_ZEROS;
import static org.dendrite.runtime.kernel.vector.Vectors.S;

import jdk.incubator.vector.FloatVector;
import org.dendrite.runtime.kernel.ScalarKernels;

/**
 * Winograd F(4×4, 3×3)'s input and output transforms, channels (or filters) along the lanes:
 * each vector carries the same point of adjacent channels. A tile's 6×6 values go through {@code
 * Bᵀ} (or {@code Aᵀ}) column by column into a per-thread buffer of 36 vectors, then row by row
 * out of it: the formulas of {@code ScalarKernels.winogradB} and {@code winogradA}, operation for
 * operation, so the points and outputs are the scalar twin's bit for bit. No vector crosses a
 * method boundary (JDK 17 boxes one that does when the callee is not inlined).
 */
final class VectorWinograd {
  private VectorWinograd() {}

  /**
   * Each thread's vectors between the column and the row pass: 36 for the input transform; for
   * the output transform 24, then the 16 outputs.
   */
  private static final ThreadLocal<float[]> WORK = ThreadLocal.withInitial(() -> new float[40 * L]);

  static void input(float[] in, int inOff, int pitch, int tilesY, int tilesX, int channels,
      float[] v, int vOff, int plane) {
    float[] work = WORK.get();
    int full = channels - channels % L;
    int row = 6 * L; // the buffer holds Bᵀ·d's six rows of six vectors
    for (int ty = 0, t = 0; ty < tilesY; ty++) {
      for (int tx = 0; tx < tilesX; tx++, t++) {
        int tile = inOff + 4 * ty * pitch + 4 * tx * channels;
        for (int c = 0; c < full; c += L) {
          int p = tile + c;
          int w = vOff + t * channels + c;
          // One call site for both passes: C2 stops inlining a method's Vector API calls past
          // 8,000 bytecodes (DesiredMethodLimit), and a second inlined copy of the transform
          // crossed it, leaving vectors boxed and stores unintrinsified.
          for (int s = 0; s < 12; s++) {
            // Column s of the window into the buffer, then row s − 6 of the buffer into the points.
            boolean column = s < 6;
            transformB(column ? in : work, column ? p + s * channels : (s - 6) * row,
                column ? pitch : L, column ? work : v,
                column ? s * L : w + 6 * (s - 6) * plane, column ? row : plane);
          }
        }
      }
    }
    if (full < channels) {
      ScalarKernels.winogradInputFrom(in, inOff, pitch, tilesY, tilesX, channels, v, vOff, plane,
          full);
    }
  }

  /** {@code Bᵀ} over six vectors {@code step} apart from {@code at}, into six {@code to} apart. */
  private static void transformB(float[] src, int at, int step, float[] dst, int d, int to) {
    FloatVector x0 = FloatVector.fromArray(S, src, at);
    FloatVector x1 = FloatVector.fromArray(S, src, at + step);
    FloatVector x2 = FloatVector.fromArray(S, src, at + 2 * step);
    FloatVector x3 = FloatVector.fromArray(S, src, at + 3 * step);
    FloatVector x4 = FloatVector.fromArray(S, src, at + 4 * step);
    FloatVector x5 = FloatVector.fromArray(S, src, at + 5 * step);
    // (x0·4 − x2·5) + x4
    x0.mul(4f).sub(x2.mul(5f)).add(x4).intoArray(dst, d);
    // (x3 + x4) − (x1 + x2)·4
    x3.add(x4).sub(x1.add(x2).mul(4f)).intoArray(dst, d + to);
    // (x4 − x3) + (x1 − x2)·4
    x4.sub(x3).add(x1.sub(x2).mul(4f)).intoArray(dst, d + 2 * to);
    // (x4 − x2) ± (x3 − x1)·2
    x4.sub(x2).add(x3.sub(x1).mul(2f)).intoArray(dst, d + 3 * to);
    x4.sub(x2).sub(x3.sub(x1).mul(2f)).intoArray(dst, d + 4 * to);
    // (x1·4 − x3·5) + x5
    x1.mul(4f).sub(x3.mul(5f)).add(x5).intoArray(dst, d + 5 * to);
  }

  static void output(float[] m, int mOff, int plane, int tilesY, int tilesX, int filters,
      float[] bias, int biasOff, boolean relu, float[] out, int outOff, int outHeight,
      int outWidth) {
    float[] work = WORK.get();
    int full = filters - filters % L;
    int row = 6 * L; // the buffer holds Aᵀ·M's four rows of six vectors
    float floor = relu ? 0f : Float.NEGATIVE_INFINITY;
    for (int ty = 0, t = 0; ty < tilesY; ty++) {
      for (int tx = 0; tx < tilesX; tx++, t++) {
        int rows = Math.min(4, outHeight - 4 * ty);
        int cols = Math.min(4, outWidth - 4 * tx);
        for (int f = 0; f < full; f += L) {
          int p = mOff + t * filters + f;
          // Both passes through one call site, as in input; the row pass's four rows of four
          // outputs land after the column pass's four rows of six.
          for (int s = 0; s < 10; s++) {
            // Column s of the products into the buffer, then row s − 6 of the buffer after it.
            boolean column = s < 6;
            transformA(column ? m : work, column ? p + s * plane : (s - 6) * row,
                column ? 6 * plane : L, work, column ? s * L : 4 * row + (s - 6) * 4 * L,
                column ? row : L);
          }
          finish(work, 4 * row, bias, biasOff + f, floor, out,
              outOff + (4 * ty * outWidth + 4 * tx) * filters + f, filters * outWidth, filters,
              rows, cols);
        }
      }
    }
    if (full < filters) {
      ScalarKernels.winogradOutputFrom(m, mOff, plane, tilesY, tilesX, filters, bias, biasOff,
          relu, out, outOff, outHeight, outWidth, full);
    }
  }

  /** {@code Aᵀ} over six vectors {@code step} apart from {@code at}, into four {@code to} apart. */
  private static void transformA(float[] src, int at, int step, float[] dst, int d, int to) {
    FloatVector x0 = FloatVector.fromArray(S, src, at);
    FloatVector x1 = FloatVector.fromArray(S, src, at + step);
    FloatVector x2 = FloatVector.fromArray(S, src, at + 2 * step);
    FloatVector x3 = FloatVector.fromArray(S, src, at + 3 * step);
    FloatVector x4 = FloatVector.fromArray(S, src, at + 4 * step);
    FloatVector x5 = FloatVector.fromArray(S, src, at + 5 * step);
    x0.add(x1.add(x2)).add(x3.add(x4)).intoArray(dst, d);
    x1.sub(x2).add(x3.sub(x4).mul(2f)).intoArray(dst, d + to);
    x1.add(x2).add(x3.add(x4).mul(4f)).intoArray(dst, d + 2 * to);
    x1.sub(x2).add(x3.sub(x4).mul(8f)).add(x5).intoArray(dst, d + 3 * to);
  }

  /**
   * The tile's {@code rows × cols} outputs that lie inside the image: the sixteen vectors at
   * {@code work[at]}, row by row, plus the bias, at least {@code floor}, stored rows {@code
   * pitch} and columns {@code filters} apart from {@code o}.
   */
  private static void finish(float[] work, int at, float[] bias, int biasAt, float floor,
      float[] out, int o, int pitch, int filters, int rows, int cols) {
    // No bias adds -0 (x + -0 = x, even for x = -0), loaded like a bias: one vector, one path.
    float[] b = bias == null ? NEGATIVE_ZEROS : bias;
    int bAt = bias == null ? 0 : biasAt;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        FloatVector.fromArray(S, work, at + (4 * i + j) * L).add(FloatVector.fromArray(S, b, bAt))
            .max(floor).intoArray(out, o + i * pitch + j * filters);
      }
    }
  }
}
