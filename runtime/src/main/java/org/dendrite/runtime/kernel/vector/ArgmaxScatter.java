package org.dendrite.runtime.kernel.vector;

import static org.dendrite.runtime.kernel.vector.Vectors.L;
import static org.dendrite.runtime.kernel.vector.Vectors.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * {@code Kernels.scatterArgmaxWindows} on vectors. A pooled cell's region of the input gradient
 * ({@code fh + 1} rows of {@code (fw + 1)·c} values) is summed in registers over the cell's terms
 * (its filters whose max came from one of the window's pixels), each a filter's kernel rows times
 * the gradient, then added to the image. A region row is cut into vectors, the last moved back to
 * end at the row's last value; the kernel is copied once a call into rows laid out alike, a copy
 * per filter and pixel of the window's top row, a zero row before and after its own, the lanes of
 * the moved-back vector that the vector before it covers zero. A term from the window's bottom
 * row reads its copy from the zero row before, one from the top row from its first row: either
 * way the same region rows, with no branch on the record. LeNet-5's conv2 (5×5×6, 16 filters):
 * regions of six rows of 36 values, three vectors of 16 a row, 18 {@code fma} a term where the
 * product over all four pixels did 40 (ten vectors of a window's 150 values for each) and {@code
 * col2im} then added the four windows back.
 *
 * <p>Summing in memory instead, a term's {@code fma} loading what the last one stored, ran at a
 * quarter of the speed on Zen 5 (a load waits for the store before it).
 */
final class ArgmaxScatter {
  private ArgmaxScatter() {}

  /** The kernel's copies, a region's sums, and a cell's terms' gradients, grown as needed. */
  private static final ThreadLocal<float[][]> BUFFERS =
      ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0], new float[0]});

  /** A cell's terms (where each one's copy rows start), then the region vectors' offsets. */
  private static final ThreadLocal<int[][]> INTS =
      ThreadLocal.withInitial(() -> new int[][] {new int[0], new int[0]});

  /** Region rows, and vectors a row, of {@link #sum}'s register tile. */
  private static final int TILE_ROWS = 6;

  private static final int TILE_VECTORS = 3;

  static void scatter(float[] kernel, int kernelOff, int fh, int fw, int c, int filters,
      int[] argmax, int argmaxOff, float[] g, int gOff, int rows, int cols, float[] dst,
      int dstOff, int h, int w, int n) {
    int run = (fw + 1) * c;
    if (run < L) { // a region row shorter than a vector
      Vectors.SCALAR.scatterArgmaxWindows(kernel, kernelOff, fh, fw, c, filters, argmax,
          argmaxOff, g, gOff, rows, cols, dst, dstOff, h, w, n);
      return;
    }
    int per = (run + L - 1) / L; // vectors a region row
    boolean tiled = fh < TILE_ROWS && per == TILE_VECTORS;
    int copyRows = tiled ? TILE_ROWS + 1 : fh + 2; // the tile reads six rows whatever fh
    int rowSize = per * L;
    int span = Math.toIntExact((long) copyRows * rowSize);
    int vectors = (fh + 1) * per; // a region's
    int slots = (vectors + ArgmaxGather.CHAINS - 1) / ArgmaxGather.CHAINS * ArgmaxGather.CHAINS;
    float[][] buffers = BUFFERS.get();
    int[][] ints = INTS.get();
    if (buffers[0].length < 2L * filters * span) {
      buffers[0] = new float[Math.toIntExact(2L * filters * span)];
    }
    if (buffers[1].length < (long) slots * L) {
      buffers[1] = new float[Math.toIntExact((long) slots * L)];
    }
    if (buffers[2].length < filters) {
      buffers[2] = new float[filters];
      ints[0] = new int[filters];
    }
    if (ints[1].length < slots) {
      ints[1] = new int[slots];
    }
    float[] copies = buffers[0];
    float[] region = buffers[1];
    float[] gs = buffers[2];
    int[] ks = ints[0];
    int[] offsets = ints[1];
    for (int j = 0; j < slots; j++) { // slots past the region's repeat its last vector
      int q = Math.min(j, vectors - 1);
      offsets[j] = q / per * rowSize + q % per * L;
    }
    int last = (per - 1) * L; // the moved-back vector's place in a copy's row
    int moved = run - L; // its first value in a region row
    Arrays.fill(copies, 0, 2 * filters * span, 0f);
    for (int dx = 0; dx < 2; dx++) {
      for (int f = 0; f < filters; f++) {
        int to = (dx * filters + f) * span + rowSize; // past the zero row
        for (int ky = 0; ky < fh; ky++) {
          for (int i = 0; i < fw * c; i++) {
            int col = dx * c + i; // its column in the region's row
            copies[to + ky * rowSize + (col < last ? col : last + col - moved)] =
                kernel[kernelOff + (ky * fw * c + i) * filters + f];
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
      for (int end = image + h * w * c - L; z <= end; z += L) { // vector stores: see addRow
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
            int to = image + (2 * cy * w + 2 * cx) * c;
            if (tiled) {
              sum(copies, ks, gs, terms, dst, to, pitch, moved, fh);
              continue;
            }
            for (int o = 0; o < slots; o += ArgmaxGather.CHAINS) {
              for (int i = o * L; i < (o + ArgmaxGather.CHAINS) * L; i += L) {
                FloatVector.fromArray(S, Vectors.ZEROS, 0).intoArray(region, i);
              }
              ArgmaxGather.chains(copies, ks, gs, 0, terms, offsets, o, region, o * L);
            }
            for (int y = 0; y <= fh; y++) {
              addRow(region, y * rowSize, dst, to + y * pitch, per, moved);
            }
          }
        }
      }
    }
  }

  /**
   * A region row ({@code per} vectors from {@code r}) into {@code dst} at {@code to}: the last two
   * vectors loaded before either is stored, the moved-back last stored first, so that the one
   * before it then overwrites the lanes they share (the last's hold {@code +0} there: {@code dst}
   * as it was) and no load reads part of a pending store.
   */
  private static void addRow(float[] region, int r, float[] dst, int to, int per, int moved) {
    for (int v = 0; v < per - 2; v++) {
      FloatVector.fromArray(S, dst, to + v * L)
          .add(FloatVector.fromArray(S, region, r + v * L))
          .intoArray(dst, to + v * L);
    }
    FloatVector tail = FloatVector.fromArray(S, dst, to + moved);
    if (per == 1) {
      tail.add(FloatVector.fromArray(S, region, r)).intoArray(dst, to + moved);
      return;
    }
    int before = (per - 2) * L;
    FloatVector d = FloatVector.fromArray(S, dst, to + before);
    tail.add(FloatVector.fromArray(S, region, r + before + L)).intoArray(dst, to + moved);
    d.add(FloatVector.fromArray(S, region, r + before)).intoArray(dst, to + before);
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

}
