package org.dendrite.runtime.kernel.vector;

import static org.dendrite.runtime.kernel.vector.Vectors.L;
import static org.dendrite.runtime.kernel.vector.Vectors.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * {@code Kernels.scatterArgmaxWindows} on vectors: a pooled cell's region of input pixels summed
 * in a per-thread buffer whose rows are whole vectors, from copies of the kernel laid out as those
 * rows (each filter's {@code fh} rows of {@code fw·c} values, at the region's first pixel or its
 * second). A filter's term is then {@code fh} rows of whole vectors, at the same lanes of the
 * buffer whichever pixel its max came from: each {@code fma} reads back the buffer exactly where
 * the last one wrote (no partial store forwarding), and the lanes past a row's values add {@code
 * g·0}. LeNet-5's conv2 (5×5×6, 16 filters): rows of 36 values in three vectors of 16, fifteen
 * {@code fma} a filter where the product and {@code col2im} did 60 over its four pixels.
 */
final class ArgmaxScatter {
  private ArgmaxScatter() {}

  /** The kernel's copies, a region, and a cell's terms' gradients, grown to a call's sizes. */
  private static final ThreadLocal<float[][]> BUFFERS =
      ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0], new float[0]});

  static void scatter(float[] kernel, int kernelOff, int fh, int fw, int c, int filters,
      int[] argmax, int argmaxOff, float[] g, int gOff, int rows, int cols, float[] dst,
      int dstOff, int h, int w, int n) {
    int run = (fw + 1) * c;
    if (run < L) { // a region row shorter than a vector
      Vectors.SCALAR.scatterArgmaxWindows(kernel, kernelOff, fh, fw, c, filters, argmax,
          argmaxOff, g, gOff, rows, cols, dst, dstOff, h, w, n);
      return;
    }
    if (fh <= TILE_ROWS - 1 && (run + L - 1) / L == TILE_VECTORS) {
      tiled(kernel, kernelOff, fh, fw, c, filters, argmax, argmaxOff, g, gOff, rows, cols, dst,
          dstOff, h, w, n);
      return;
    }
    int pitch = (run + L - 1) / L * L; // a region row in whole vectors
    int span = fh * pitch; // a filter's rows
    int regionSize = (fh + 1) * pitch;
    float[][] buffers = BUFFERS.get();
    if (buffers[0].length < 2L * filters * span) {
      buffers[0] = new float[Math.multiplyExact(2 * filters, span)];
    }
    if (buffers[1].length < regionSize) {
      buffers[1] = new float[regionSize];
    }
    float[] copies = buffers[0];
    float[] region = buffers[1];
    // copies[dx][f][ky][pitch]: the filter's row ky at the region's pixel dx, zero elsewhere.
    Arrays.fill(copies, 0, 2 * filters * span, 0f);
    for (int dx = 0; dx < 2; dx++) {
      for (int f = 0; f < filters; f++) {
        int to = (dx * filters + f) * span + dx * c;
        for (int ky = 0; ky < fh; ky++) {
          for (int i = 0; i < fw * c; i++) {
            copies[to + ky * pitch + i] = kernel[kernelOff + (ky * fw * c + i) * filters + f];
          }
        }
      }
    }
    int tail = run % L;
    int whole = run - tail;
    int cells = rows * cols * filters;
    int phases = (fw + 2) / 2; // as ScalarKernels: cells whose regions overlap are not adjacent
    for (int b = 0; b < n; b++) {
      int image = dstOff + b * h * w * c;
      int z = image;
      for (int end = image + h * w * c - L; z <= end; z += L) { // vector stores, as the region's
        FloatVector.fromArray(S, Vectors.ZEROS, 0).intoArray(dst, z);
      }
      Arrays.fill(dst, z, image + h * w * c, 0f);
      for (int phase = 0; phase < phases; phase++) {
        for (int cy = 0; cy < rows; cy++) {
          for (int cx = phase; cx < cols; cx += phases) {
            int cell = b * cells + (cy * cols + cx) * filters;
            // Zeroed by vector stores: a vector load straddling narrower stores waits for them.
            for (int i = 0; i < regionSize; i += L) {
              FloatVector.fromArray(S, Vectors.ZEROS, 0).intoArray(region, i);
            }
            for (int f = 0; f < filters; f++) {
              int at = argmax[argmaxOff + cell + f];
              if (at >>> 2 != 0) {
                continue;
              }
              FloatVector gv = FloatVector.broadcast(S, g[gOff + cell + f]);
              int top = (at >>> 1) * pitch;
              int from = ((at & 1) * filters + f) * span;
              for (int i = 0; i < span; i += L) {
                gv.fma(FloatVector.fromArray(S, copies, from + i),
                        FloatVector.fromArray(S, region, top + i))
                    .intoArray(region, top + i);
              }
            }
            for (int y = 0; y <= fh; y++) {
              add(region, y * pitch, dst, image + ((2 * cy + y) * w + 2 * cx) * c, run, whole);
            }
          }
        }
      }
    }
  }

  /** {@link #tiled}'s terms of a cell: where each one's copy starts. */
  private static final ThreadLocal<int[]> TERMS = ThreadLocal.withInitial(() -> new int[0]);

  /** Region rows, and vectors a row, of {@link #tiled}'s register tile. */
  private static final int TILE_ROWS = 6;

  private static final int TILE_VECTORS = 3;

  /** A filter's copy in {@link #tiled}: a zero row, its rows (zero past {@code fh}), a zero row. */
  private static final int COPY_ROWS = TILE_ROWS + 1;

  /**
   * {@link #scatter} with a cell's region in registers: up to six rows of three vectors (LeNet-5's
   * conv2 at 512 bits: six rows of 36 values), the third moved back to end at the row's last
   * value, its lanes that the second covers zero in the kernel's copies. Each filter has a copy
   * per pixel of the window's top row, seven rows of three vectors: a zero row, its kernel rows,
   * zero rows. A term from the top row reads its copy's rows 1–6, one from the bottom row rows
   * 0–5, into the region's six rows: eighteen {@code fma} a term (three of zeros) in one loop
   * without a branch, and each accumulator's lanes are the region's values (or sums of zeros).
   */
  private static void tiled(float[] kernel, int kernelOff, int fh, int fw, int c, int filters,
      int[] argmax, int argmaxOff, float[] g, int gOff, int rows, int cols, float[] dst,
      int dstOff, int h, int w, int n) {
    int run = (fw + 1) * c;
    int moved = run - L; // the third vector's first value
    int rowSize = TILE_VECTORS * L;
    int span = COPY_ROWS * rowSize;
    float[][] buffers = BUFFERS.get();
    if (buffers[0].length < 2L * filters * span) {
      buffers[0] = new float[Math.multiplyExact(2 * filters, span)];
    }
    if (buffers[2].length < filters) {
      buffers[2] = new float[filters];
    }
    float[] copies = buffers[0];
    float[] gs = buffers[2];
    int[] ks = TERMS.get();
    if (ks.length < filters) {
      ks = new int[filters];
      TERMS.set(ks);
    }
    Arrays.fill(copies, 0, 2 * filters * span, 0f);
    for (int dx = 0; dx < 2; dx++) {
      for (int f = 0; f < filters; f++) {
        int to = (dx * filters + f) * span + rowSize; // past the zero row
        for (int ky = 0; ky < fh; ky++) {
          for (int i = 0; i < fw * c; i++) {
            int col = dx * c + i; // its column in the region's row
            float k = kernel[kernelOff + (ky * fw * c + i) * filters + f];
            copies[to + ky * rowSize + (col < 2 * L ? col : 2 * L + col - moved)] = k;
          }
        }
      }
    }
    int cells = rows * cols * filters;
    int phases = (fw + 2) / 2; // as ScalarKernels: cells whose regions overlap are not adjacent
    int pitch = w * c;
    for (int b = 0; b < n; b++) {
      int image = dstOff + b * h * w * c;
      int z = image;
      for (int end = image + h * w * c - L; z <= end; z += L) {
        FloatVector.fromArray(S, Vectors.ZEROS, 0).intoArray(dst, z);
      }
      Arrays.fill(dst, z, image + h * w * c, 0f);
      for (int phase = 0; phase < phases; phase++) {
        for (int cy = 0; cy < rows; cy++) {
          for (int cx = phase; cx < cols; cx += phases) {
            int cell = b * cells + (cy * cols + cx) * filters;
            // The cell's terms: each filter's written, and kept (the count moved on) if its
            // record is 0–3. Without a branch: the records are as random as the data, and a
            // mispredicted branch a filter cost as much as the sums.
            int terms = 0;
            for (int f = 0; f < filters; f++) {
              int at = argmax[argmaxOff + cell + f];
              ks[terms] = ((at & 1) * filters + f) * span + (1 - (at >>> 1 & 1)) * rowSize;
              gs[terms] = g[gOff + cell + f];
              terms += ((at >>> 2) - 1) >>> 31; // 1 for 0–3; 0 for −1 and the rest
            }
            sum(copies, ks, gs, terms, dst, image + (2 * cy * w + 2 * cx) * c, pitch, moved,
                fh);
          }
        }
      }
    }
  }

  /**
   * A cell's terms (each one's copy rows from {@code ks[e]}, its gradient {@code gs[e]}) summed
   * in registers from zero, in order, as six rows of three vectors, then its {@code fh + 1} rows
   * added into {@code dst} from {@code to}, {@code pitch} apart. A method of its own, called for
   * each cell, so that both compilers take it whole: C2 with its accumulators in registers, C1
   * within its registers (a method with the cell loops around this failed there and was then
   * left to slow code, boxing every vector).
   */
  private static void sum(float[] copies, int[] ks, float[] gs, int terms, float[] dst, int to,
      int pitch, int moved, int fh) {
    FloatVector a00 = FloatVector.fromArray(S, Vectors.ZEROS, 0);
    FloatVector a01 = FloatVector.fromArray(S, Vectors.ZEROS, 0);
    FloatVector a02 = FloatVector.fromArray(S, Vectors.ZEROS, 0);
    FloatVector a10 = FloatVector.fromArray(S, Vectors.ZEROS, 0);
    FloatVector a11 = FloatVector.fromArray(S, Vectors.ZEROS, 0);
    FloatVector a12 = FloatVector.fromArray(S, Vectors.ZEROS, 0);
    FloatVector a20 = FloatVector.fromArray(S, Vectors.ZEROS, 0);
    FloatVector a21 = FloatVector.fromArray(S, Vectors.ZEROS, 0);
    FloatVector a22 = FloatVector.fromArray(S, Vectors.ZEROS, 0);
    FloatVector a30 = FloatVector.fromArray(S, Vectors.ZEROS, 0);
    FloatVector a31 = FloatVector.fromArray(S, Vectors.ZEROS, 0);
    FloatVector a32 = FloatVector.fromArray(S, Vectors.ZEROS, 0);
    FloatVector a40 = FloatVector.fromArray(S, Vectors.ZEROS, 0);
    FloatVector a41 = FloatVector.fromArray(S, Vectors.ZEROS, 0);
    FloatVector a42 = FloatVector.fromArray(S, Vectors.ZEROS, 0);
    FloatVector a50 = FloatVector.fromArray(S, Vectors.ZEROS, 0);
    FloatVector a51 = FloatVector.fromArray(S, Vectors.ZEROS, 0);
    FloatVector a52 = FloatVector.fromArray(S, Vectors.ZEROS, 0);
    for (int e = 0; e < terms; e++) {
      FloatVector gv = FloatVector.broadcast(S, gs[e]);
      int k = ks[e];
      a00 = gv.fma(FloatVector.fromArray(S, copies, k), a00);
      a01 = gv.fma(FloatVector.fromArray(S, copies, k + L), a01);
      a02 = gv.fma(FloatVector.fromArray(S, copies, k + 2 * L), a02);
      a10 = gv.fma(FloatVector.fromArray(S, copies, k + 3 * L), a10);
      a11 = gv.fma(FloatVector.fromArray(S, copies, k + 4 * L), a11);
      a12 = gv.fma(FloatVector.fromArray(S, copies, k + 5 * L), a12);
      a20 = gv.fma(FloatVector.fromArray(S, copies, k + 6 * L), a20);
      a21 = gv.fma(FloatVector.fromArray(S, copies, k + 7 * L), a21);
      a22 = gv.fma(FloatVector.fromArray(S, copies, k + 8 * L), a22);
      a30 = gv.fma(FloatVector.fromArray(S, copies, k + 9 * L), a30);
      a31 = gv.fma(FloatVector.fromArray(S, copies, k + 10 * L), a31);
      a32 = gv.fma(FloatVector.fromArray(S, copies, k + 11 * L), a32);
      a40 = gv.fma(FloatVector.fromArray(S, copies, k + 12 * L), a40);
      a41 = gv.fma(FloatVector.fromArray(S, copies, k + 13 * L), a41);
      a42 = gv.fma(FloatVector.fromArray(S, copies, k + 14 * L), a42);
      a50 = gv.fma(FloatVector.fromArray(S, copies, k + 15 * L), a50);
      a51 = gv.fma(FloatVector.fromArray(S, copies, k + 16 * L), a51);
      a52 = gv.fma(FloatVector.fromArray(S, copies, k + 17 * L), a52);
    }
    // Each row's three vectors are loaded before any is stored, the moved-back third stored
    // before the second, which then overwrites the lanes they share (the third's hold +0 there:
    // dst as it was): no load reads part of a pending store. Rows past fh are not the region's.
    int r0 = to;
    FloatVector d00 = FloatVector.fromArray(S, dst, r0);
    FloatVector d01 = FloatVector.fromArray(S, dst, r0 + L);
    FloatVector d02 = FloatVector.fromArray(S, dst, r0 + moved);
    d02.add(a02).intoArray(dst, r0 + moved);
    d01.add(a01).intoArray(dst, r0 + L);
    d00.add(a00).intoArray(dst, r0);
    int r1 = to + pitch;
    FloatVector d10 = FloatVector.fromArray(S, dst, r1);
    FloatVector d11 = FloatVector.fromArray(S, dst, r1 + L);
    FloatVector d12 = FloatVector.fromArray(S, dst, r1 + moved);
    d12.add(a12).intoArray(dst, r1 + moved);
    d11.add(a11).intoArray(dst, r1 + L);
    d10.add(a10).intoArray(dst, r1);
    if (fh >= 2) {
      int r2 = to + 2 * pitch;
      FloatVector d20 = FloatVector.fromArray(S, dst, r2);
      FloatVector d21 = FloatVector.fromArray(S, dst, r2 + L);
      FloatVector d22 = FloatVector.fromArray(S, dst, r2 + moved);
      d22.add(a22).intoArray(dst, r2 + moved);
      d21.add(a21).intoArray(dst, r2 + L);
      d20.add(a20).intoArray(dst, r2);
    }
    if (fh >= 3) {
      int r3 = to + 3 * pitch;
      FloatVector d30 = FloatVector.fromArray(S, dst, r3);
      FloatVector d31 = FloatVector.fromArray(S, dst, r3 + L);
      FloatVector d32 = FloatVector.fromArray(S, dst, r3 + moved);
      d32.add(a32).intoArray(dst, r3 + moved);
      d31.add(a31).intoArray(dst, r3 + L);
      d30.add(a30).intoArray(dst, r3);
    }
    if (fh >= 4) {
      int r4 = to + 4 * pitch;
      FloatVector d40 = FloatVector.fromArray(S, dst, r4);
      FloatVector d41 = FloatVector.fromArray(S, dst, r4 + L);
      FloatVector d42 = FloatVector.fromArray(S, dst, r4 + moved);
      d42.add(a42).intoArray(dst, r4 + moved);
      d41.add(a41).intoArray(dst, r4 + L);
      d40.add(a40).intoArray(dst, r4);
    }
    if (fh >= 5) {
      int r5 = to + 5 * pitch;
      FloatVector d50 = FloatVector.fromArray(S, dst, r5);
      FloatVector d51 = FloatVector.fromArray(S, dst, r5 + L);
      FloatVector d52 = FloatVector.fromArray(S, dst, r5 + moved);
      d52.add(a52).intoArray(dst, r5 + moved);
      d51.add(a51).intoArray(dst, r5 + L);
      d50.add(a50).intoArray(dst, r5);
    }
  }

  /** Lane numbers, a vector of them. */
  private static final float[] IOTA = iota();

  private static float[] iota() {
    float[] a = new float[L];
    for (int i = 0; i < L; i++) {
      a[i] = i;
    }
    return a;
  }

  /**
   * {@code dst[to + i] += region[r + i]} for {@code i < run}, {@code whole} of them a whole
   * number of vectors. The rest (if {@code run ≥ L}) is a vector moved back to end at the row's
   * last value, its lanes that the vector before it adds left as loaded; both are loaded before
   * either is stored, and the one before stored last: no load reads part of a pending store.
   */
  private static void add(float[] region, int r, float[] dst, int to, int run, int whole) {
    if (run < L) {
      for (int i = 0; i < run; i++) {
        dst[to + i] += region[r + i];
      }
      return;
    }
    int end = whole == run ? whole : whole - L; // the vectors before the last two, or one
    for (int i = 0; i < end; i += L) {
      FloatVector.fromArray(S, dst, to + i)
          .add(FloatVector.fromArray(S, region, r + i))
          .intoArray(dst, to + i);
    }
    if (end == whole) {
      return;
    }
    int last = run - L;
    FloatVector before = FloatVector.fromArray(S, dst, to + end);
    FloatVector moved = FloatVector.fromArray(S, dst, to + last);
    // Built here (a mask passed to a method would be boxed): the lanes past the whole vectors.
    VectorMask<Float> fresh = FloatVector.fromArray(S, IOTA, 0)
        .compare(VectorOperators.GE, (float) (whole - last));
    moved.blend(moved.add(FloatVector.fromArray(S, region, r + last)), fresh)
        .intoArray(dst, to + last);
    before.add(FloatVector.fromArray(S, region, r + end)).intoArray(dst, to + end);
  }
}
