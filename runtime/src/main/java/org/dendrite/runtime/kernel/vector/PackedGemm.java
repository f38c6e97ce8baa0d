package org.dendrite.runtime.kernel.vector;

import static org.dendrite.runtime.kernel.vector.Vectors.L;
import static org.dendrite.runtime.kernel.vector.Vectors.S;

import jdk.incubator.vector.FloatVector;

/**
 * The eight-row tiles of a product too big for the caches, on packed copies of its operands (the
 * BLIS scheme). Unpacked, a tile walks {@code depth} rows of {@code B} {@code ldb} floats apart:
 * at {@code ldb = 1024} every row maps to the same L1 sets, nothing survives from one row tile to
 * the next, and the FMAs wait on L2 (41 % of the peak on the 1024→1024 layer). Here the depth is
 * cut into blocks of {@link #KC}; each block's rows of {@code B} are copied strip by strip (three
 * vectors wide, rows adjacent) so that one strip, 24 KB, stays in L1 while every row tile of the
 * block passes over it; and each block of {@code A}'s rows is copied row by row, {@link #KC}
 * apart, so that a tile reads its eight broadcasts at fixed offsets from one index. (Read in
 * place, with row indices and a run-time column step, the tile's loop kept its indices on the
 * stack and checked every broadcast's bounds: the 1024→1024 layer ran 15–20 % slower on Zen 5.)
 *
 * <p>The results are bit-identical to the unpacked tiles': each output is still one chain of
 * fused multiply-adds over the reduction index in ascending order, starting from zero; a block
 * continues the chain from the value the previous block stored.
 */
final class PackedGemm {
  private PackedGemm() {}

  /**
   * Depth of a block: a three-vector strip of it ({@code KC × 3L} floats) is 24 KB at 512 bits,
   * half of L1. (Six-vector strips 64 deep before: each four-row tile then stored and reloaded
   * its chains every 64 steps.)
   */
  static final int KC = 128;

  /** Rows of {@code A} packed at a time, where it is packed: {@code MC × KC} floats, 128 KB. */
  static final int MC = 256;

  /**
   * Fewer rows than this go unpacked: each packed value of {@code B} then serves too few row
   * tiles to repay its copy (784-300-100-10 trained at batch 32 fell from 67,000 to 53,000
   * samples/s with 16 here, and rose to 74,000 with 33 or 64, on Zen 5).
   */
  static final int MIN_ROWS = 64;

  /** Width of a strip of {@code B}: the {@link #tile8x3} tile's. */
  private static final int STRIP = 3 * L;

  /** Per-thread copies of the operands, grown to the largest product seen and kept. */
  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  private static final class Buffers {
    float[] a = new float[0];
    float[] b = new float[0];
    float[] c = new float[0];
    float[] t = new float[0];
    float[] tail = new float[0];

    float[] a(int size) {
      return a = grown(a, size);
    }

    float[] b(int size) {
      return b = grown(b, size);
    }

    float[] c(int size) {
      return c = grown(c, size);
    }

    float[] tail(int size) {
      return tail = grown(tail, size);
    }

    float[] t(int size) {
      return t = grown(t, size);
    }

    private static float[] grown(float[] x, int size) {
      return x.length < size ? new float[size] : x;
    }
  }

  /**
   * Whether {@link #gemm} takes a product of these sizes: wide tiles, at least {@link #MIN_ROWS}
   * rows and four vectors of columns.
   */
  static boolean takes(int rows, int depth, int cols) {
    return Gemm.WIDE_TILES && rows >= MIN_ROWS && depth > 0 && cols >= 4 * L;
  }

  /**
   * {@link #takes}, for a {@code B} stored row-major {@code ldb} apart: not when it is one strip
   * wide for the unpacked tiles ({@link Gemm#WIDE_COLS}) and its rows adjacent, as it is then
   * already laid out as their strip (a convolution's 64-filter kernel, which the copy would only
   * slow down).
   */
  static boolean takes(int rows, int depth, int cols, int ldb) {
    return takes(rows, depth, cols) && !(ldb == cols && cols <= Gemm.WIDE_COLS);
  }

  /**
   * Whether {@link #transA} takes the product {@code Aᵀ · B} of {@code m} rows, {@code k} and
   * {@code n} columns: a weight gradient whose {@code n} outputs fit one strip of the unpacked
   * tiles (a convolution's filters) and whose reduction is long (the batch's output pixels).
   * Below {@link #MIN_ROWS} columns of {@code B} the packed copy of {@code A} would serve too few
   * row tiles.
   */
  static boolean takesTransA(int m, int k, int n) {
    return n <= Gemm.WIDE_COLS && m >= MIN_REDUCTION && takes(n, m, k);
  }

  /** Reductions shorter than this (a dense layer's batch) leave {@link #transA} to the tiles. */
  static final int MIN_REDUCTION = 256;

  /**
   * {@code c[k][n] = Aᵀ · B} for {@code A(i, p) = a[aOff + i·lda + p]} and {@code B(i, j) =
   * b[bOff + i·ldb + j]}, {@code i < m}, computed as its transpose {@code Bᵀ · A} and transposed
   * into {@code c}. Read as {@code Aᵀ}, {@code A}'s rows (a convolution's windows) are columns:
   * each step of a four-row tile touched a new line of four of them and used 16 of its bytes, so
   * the windows crossed the caches four times over; as {@code B} of the transposed product they
   * are packed row by row, read once. Each value is the same chain as {@link Gemm#product}'s.
   */
  static void transA(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c,
      int cOff, int m, int k, int n) {
    float[] t = BUFFERS.get().t(n * k);
    gemm(b, bOff, 1, ldb, a, aOff, lda, false, t, 0, k, n, m, k);
    for (int j = 0; j < n; j++) {
      for (int p = 0, from = j * k; p < k; p++) {
        c[cOff + p * n + j] = t[from + p];
      }
    }
  }

  /**
   * {@code c = A · B} (no bias) with {@code A(r, q) = a[aOff + r·ars + q·aqs]} and {@code B(q, j)
   * = b[bOff + q·ldb + j]}, or {@code b[bOff + j·ldb + q]} if {@code transposedB} (packing reads
   * either as cheaply, so {@code a · bᵀ} needs no transposed copy). The columns in whole vectors
   * are cut into strips of three vectors, then single vectors, and computed in
   * place; a last, partial vector of columns is computed into a buffer one vector wide (its
   * columns past {@code cols} zeros) and copied out. A product whose rows are not a multiple of
   * four has its last four-row tile (the real rows and zero ones) computed into a buffer four rows
   * tall and copied out, so every tile is a whole one; the other rows are computed in place. The
   * first block of depth starts its chains from zero rather than from values stored in {@code c},
   * so {@code c} is not cleared first. Rows stored adjacent with a partial last vector and one
   * block of depth take {@link #overhanging} instead.
   */
  static void gemm(
      float[] a, int aOff, int ars, int aqs, float[] b, int bOff, int ldb, boolean transposedB,
      float[] c, int cOff, int ldc, int rows, int depth, int cols) {
    int width = (cols + L - 1) / L * L;
    int height = (rows + 3) & ~3;
    Buffers buffers = BUFFERS.get();
    boolean padded = height != rows;
    if (!padded && ldc == cols && width != cols && depth <= KC) {
      overhanging(a, aOff, ars, aqs, b, bOff, ldb, transposedB, c, cOff, rows, depth, cols, width,
          buffers);
      return;
    }
    // A padded product's last four-row tile (one to three real rows) goes through a buffer;
    // every other row is computed in place.
    float[] last = padded ? buffers.c(4 * width) : null;
    int full = cols - cols % L; // columns in whole vectors; the rest go through tail
    float[] tail = full < width ? buffers.tail(height * L) : null;
    float[] bp = buffers.b(KC * width);
    float[] ap = buffers.a(MC * KC);
    // Blocks of equal depth: 784 as seven of 112, not six of 128 and one of 16 whose tiles
    // would store and reload their chains after 16 steps.
    int blocks = (depth + KC - 1) / KC;
    int step = (depth + blocks - 1) / blocks;
    for (int p0 = 0; p0 < depth; p0 += step) {
      int kc = Math.min(step, depth - p0);
      boolean first = p0 == 0;
      if (transposedB) {
        packTransposedB(b, bOff + p0, ldb, kc, cols, full, width, bp);
      } else {
        packB(b, bOff + p0 * ldb, ldb, kc, cols, full, width, bp);
      }
      for (int i0 = 0; i0 < height; i0 += MC) {
        int mc = Math.min(MC, height - i0);
        int real = Math.min(mc, rows - i0); // rows of the block that exist; the rest are zeros
        packA(a, aOff + i0 * ars + p0 * aqs, ars, aqs, mc, real, kc, ap);
        int tiles = mc / 4;
        int inPlace = padded && i0 + mc == height ? tiles - 1 : tiles;
        for (int j = 0; j < width; ) {
          int w = stripWidth(j, full);
          if (j < full) {
            strip(w, ap, 0, inPlace, bp, j * kc, first, c, cOff + i0 * ldc + j, ldc, kc);
            if (inPlace < tiles) {
              strip(w, ap, inPlace, tiles, bp, j * kc, first, last, j, width, kc);
            }
          } else {
            strip(w, ap, 0, tiles, bp, j * kc, first, tail, i0 * L, L, kc);
          }
          j += w;
        }
      }
    }
    if (padded) {
      for (int r = height - 4; r < rows; r++) {
        System.arraycopy(last, (r - height + 4) * width, c, cOff + r * ldc, full);
      }
    }
    if (tail != null) {
      for (int r = 0; r < rows; r++) {
        System.arraycopy(tail, r * L, c, cOff + r * ldc + full, cols - full);
      }
    }
  }

  /**
   * {@link #gemm} for rows a multiple of four stored adjacent ({@code ldc = cols}), columns not a
   * multiple of the lanes, one block of depth: the columns are cut into strips as if the last,
   * partial vector were whole, and its strip is computed first, storing whole vectors: a row's
   * lanes past {@code cols} land on the next row's first columns, which the other strips then
   * write. The last four rows' share of that strip goes through a buffer (the last row's lanes
   * would pass {@code c}'s values). {@link #gemm}'s other route computes the partial vector into
   * a buffer one vector wide for every row and copies it out row by row (LeNet-5's conv2 input
   * gradient, 150 columns of depth 16: here strips of three vectors and the partial one stored
   * whole).
   */
  private static void overhanging(float[] a, int aOff, int ars, int aqs, float[] b, int bOff,
      int ldb, boolean transposedB, float[] c, int cOff, int rows, int depth, int cols,
      int width, Buffers buffers) {
    float[] bp = buffers.b(KC * width);
    float[] ap = buffers.a(MC * KC);
    if (transposedB) {
      packTransposedB(b, bOff, ldb, depth, cols, width, width, bp);
    } else {
      packB(b, bOff, ldb, depth, cols, width, width, bp);
    }
    int last = 0; // the last strip's first column
    for (int j = 0; j < width; j += stripWidth(j, width)) {
      last = j;
    }
    int w = width - last;
    float[] tail = buffers.tail(4 * w);
    for (int i0 = 0; i0 < rows; i0 += MC) {
      int mc = Math.min(MC, rows - i0);
      packA(a, aOff + i0 * ars, ars, aqs, mc, mc, depth, ap);
      int tiles = mc / 4;
      int c0 = cOff + i0 * cols;
      if (i0 + mc < rows) {
        strip(w, ap, 0, tiles, bp, last * depth, true, c, c0 + last, cols, depth);
      } else {
        strip(w, ap, 0, tiles - 1, bp, last * depth, true, c, c0 + last, cols, depth);
        strip(w, ap, tiles - 1, tiles, bp, last * depth, true, tail, 0, w, depth);
        for (int r = 0; r < 4; r++) {
          System.arraycopy(tail, r * w, c, c0 + (mc - 4 + r) * cols + last, cols - last);
        }
      }
      for (int j = 0; j < last; ) {
        int sw = stripWidth(j, width);
        strip(sw, ap, 0, tiles, bp, j * depth, true, c, c0 + j, cols, depth);
        j += sw;
      }
    }
  }

  /**
   * Width of the strip starting at column {@code j}: within the {@code full} columns three
   * vectors while they fit, then one; past them (the partial vector) one.
   */
  private static int stripWidth(int j, int full) {
    return full - j >= STRIP ? STRIP : L;
  }

  /**
   * {@code kc} rows of {@code B} into strips: the strip at column {@code j} of width {@code w}
   * holds row {@code q} at {@code j·kc + q·w} (strips as {@link #stripWidth} cuts them); columns
   * from {@code cols} to {@code width} are zeros.
   */
  private static void packB(
      float[] b, int b0, int ldb, int kc, int cols, int full, int width, float[] bp) {
    for (int j = 0; j < width; ) {
      int w = stripWidth(j, full);
      int real = Math.max(0, Math.min(w, cols - j));
      for (int q = 0; q < kc; q++) {
        int dst = j * kc + q * w;
        System.arraycopy(b, b0 + q * ldb + j, bp, dst, real);
        if (real < w) {
          java.util.Arrays.fill(bp, dst + real, dst + w, 0f);
        }
      }
      j += w;
    }
  }

  /** {@link #packB} from {@code B(q, j) = b[b0 + j·ldb + q]}: each column's run of depth is read in order. */
  private static void packTransposedB(
      float[] b, int b0, int ldb, int kc, int cols, int full, int width, float[] bp) {
    for (int j = 0; j < width; ) {
      int w = stripWidth(j, full);
      for (int jj = 0; jj < w; jj++) {
        int dst = j * kc + jj;
        if (j + jj < cols) {
          int src = b0 + (j + jj) * ldb;
          for (int q = 0; q < kc; q++) {
            bp[dst + q * w] = b[src + q];
          }
        } else {
          for (int q = 0; q < kc; q++) {
            bp[dst + q * w] = 0f;
          }
        }
      }
      j += w;
    }
  }

  /**
   * Four-row tiles {@code from .. tiles} of one strip of width {@code w}, tile {@code t}'s rows
   * of the packed {@code A} at {@code t·4·KC} and of {@code c} at {@code c0 + 4(t - from)·ldc},
   * computed two at a time (eight rows) but for an odd last one. The {@code first} block's chains
   * start from {@link #ZEROS} (read with a row step of 0), the others' from {@code c}.
   */
  private static void strip(int w, float[] ap, int from, int tiles, float[] bp, int b0,
      boolean first, float[] c, int c0, int ldc, int kc) {
    float[] s = first ? ZEROS : c;
    int lds = first ? 0 : ldc;
    for (int t = from; t < tiles; t++) {
      int at = t * 4 * KC;
      int ct = c0 + 4 * (t - from) * ldc;
      int st = first ? 0 : ct;
      boolean eight = t + 1 < tiles;
      if (w == STRIP) {
        if (eight) {
          tile8x3(ap, at, bp, b0, s, st, lds, c, ct, ldc, kc);
        } else {
          tile4x3(ap, at, bp, b0, s, st, lds, c, ct, ldc, kc);
        }
      } else if (eight) {
        tile8x1(ap, at, bp, b0, s, st, lds, c, ct, ldc, kc);
      } else {
        tile4x1(ap, at, bp, b0, s, st, lds, c, ct, ldc, kc);
      }
      if (eight) {
        t++; // two four-row tiles at once
      }
    }
  }

  /** A strip's row of zeros: where the first block's chains start. */
  private static final float[] ZEROS = new float[STRIP];

  /**
   * {@code mc × kc} values of {@code A} ({@code mc} a multiple of four) row by row, {@link #KC}
   * apart: {@code ap[r·KC + q]}; rows from {@code real} on are zeros. A row of {@code A} stored
   * in place ({@code aqs = 1}, a layer's input) is one array copy; a column ({@code ars = 1}, the
   * weight gradient's {@code xᵀ}) is written {@code KC} apart, sixteen rows at a time. Both loops
   * index through their loop variable with constant steps, so the compiler checks the bounds once
   * per loop (the four-rows-interleaved copy this replaces stepped by the run-time {@code aqs} and
   * checked every value: 50 µs of the 784-300-100-10 step's 400 µs products at batch 128).
   */
  private static void packA(
      float[] a, int a0, int ars, int aqs, int mc, int real, int kc, float[] ap) {
    if (aqs == 1) {
      for (int r = 0; r < real; r++) {
        System.arraycopy(a, a0 + r * ars, ap, r * KC, kc);
      }
    } else if (ars == 1) {
      // Sixteen rows at a time: the rows of ap are 8 lines apart, so all of a block's rows
      // at once would fall in an eighth of L1's sets and evict each other at every value.
      for (int r0 = 0; r0 < real; r0 += 16) {
        int r1 = Math.min(real, r0 + 16);
        for (int q = 0; q < kc; q++) {
          int src = a0 + q * aqs;
          for (int r = r0; r < r1; r++) {
            ap[r * KC + q] = a[src + r];
          }
        }
      }
    } else {
      for (int r = 0; r < real; r++) {
        for (int q = 0; q < kc; q++) {
          ap[r * KC + q] = a[a0 + r * ars + q * aqs];
        }
      }
    }
    for (int r = real; r < mc; r++) {
      java.util.Arrays.fill(ap, r * KC, r * KC + kc, 0f);
    }
  }

  /**
   * Eight rows by three vectors over packed operands: 24 chains that start from {@code s}'s rows
   * ({@code lds} apart: {@code c} itself, or a row of zeros with {@code lds = 0}) and end in
   * {@code c}'s. Each step loads three vectors of the strip and broadcasts eight values of
   * {@code A}: few full-width loads, so a strip that straddles cache lines (Java aligns arrays to
   * 8 bytes, a vector is 64) costs little; the four-by-six tile this replaced loaded six vectors a
   * step and ran 25 % slower when the strip was misaligned.
   */
  static void tile8x3(float[] ap, int a0, float[] bp, int b0, float[] s, int s0, int lds,
      float[] c, int c0, int ldc, int kc) {
    FloatVector c00 = FloatVector.fromArray(S, s, s0);
    FloatVector c01 = FloatVector.fromArray(S, s, s0 + L);
    FloatVector c02 = FloatVector.fromArray(S, s, s0 + 2 * L);
    FloatVector c10 = FloatVector.fromArray(S, s, s0 + lds);
    FloatVector c11 = FloatVector.fromArray(S, s, s0 + lds + L);
    FloatVector c12 = FloatVector.fromArray(S, s, s0 + lds + 2 * L);
    FloatVector c20 = FloatVector.fromArray(S, s, s0 + 2 * lds);
    FloatVector c21 = FloatVector.fromArray(S, s, s0 + 2 * lds + L);
    FloatVector c22 = FloatVector.fromArray(S, s, s0 + 2 * lds + 2 * L);
    FloatVector c30 = FloatVector.fromArray(S, s, s0 + 3 * lds);
    FloatVector c31 = FloatVector.fromArray(S, s, s0 + 3 * lds + L);
    FloatVector c32 = FloatVector.fromArray(S, s, s0 + 3 * lds + 2 * L);
    FloatVector c40 = FloatVector.fromArray(S, s, s0 + 4 * lds);
    FloatVector c41 = FloatVector.fromArray(S, s, s0 + 4 * lds + L);
    FloatVector c42 = FloatVector.fromArray(S, s, s0 + 4 * lds + 2 * L);
    FloatVector c50 = FloatVector.fromArray(S, s, s0 + 5 * lds);
    FloatVector c51 = FloatVector.fromArray(S, s, s0 + 5 * lds + L);
    FloatVector c52 = FloatVector.fromArray(S, s, s0 + 5 * lds + 2 * L);
    FloatVector c60 = FloatVector.fromArray(S, s, s0 + 6 * lds);
    FloatVector c61 = FloatVector.fromArray(S, s, s0 + 6 * lds + L);
    FloatVector c62 = FloatVector.fromArray(S, s, s0 + 6 * lds + 2 * L);
    FloatVector c70 = FloatVector.fromArray(S, s, s0 + 7 * lds);
    FloatVector c71 = FloatVector.fromArray(S, s, s0 + 7 * lds + L);
    FloatVector c72 = FloatVector.fromArray(S, s, s0 + 7 * lds + 2 * L);
    for (int q = 0; q < kc; q++) {
      int bq = b0 + q * 3 * L;
      FloatVector b0v = FloatVector.fromArray(S, bp, bq);
      FloatVector b1v = FloatVector.fromArray(S, bp, bq + L);
      FloatVector b2v = FloatVector.fromArray(S, bp, bq + 2 * L);
      FloatVector x = FloatVector.broadcast(S, ap[a0 + q]);
      c00 = x.fma(b0v, c00);
      c01 = x.fma(b1v, c01);
      c02 = x.fma(b2v, c02);
      x = FloatVector.broadcast(S, ap[a0 + KC + q]);
      c10 = x.fma(b0v, c10);
      c11 = x.fma(b1v, c11);
      c12 = x.fma(b2v, c12);
      x = FloatVector.broadcast(S, ap[a0 + 2 * KC + q]);
      c20 = x.fma(b0v, c20);
      c21 = x.fma(b1v, c21);
      c22 = x.fma(b2v, c22);
      x = FloatVector.broadcast(S, ap[a0 + 3 * KC + q]);
      c30 = x.fma(b0v, c30);
      c31 = x.fma(b1v, c31);
      c32 = x.fma(b2v, c32);
      x = FloatVector.broadcast(S, ap[a0 + 4 * KC + q]);
      c40 = x.fma(b0v, c40);
      c41 = x.fma(b1v, c41);
      c42 = x.fma(b2v, c42);
      x = FloatVector.broadcast(S, ap[a0 + 5 * KC + q]);
      c50 = x.fma(b0v, c50);
      c51 = x.fma(b1v, c51);
      c52 = x.fma(b2v, c52);
      x = FloatVector.broadcast(S, ap[a0 + 6 * KC + q]);
      c60 = x.fma(b0v, c60);
      c61 = x.fma(b1v, c61);
      c62 = x.fma(b2v, c62);
      x = FloatVector.broadcast(S, ap[a0 + 7 * KC + q]);
      c70 = x.fma(b0v, c70);
      c71 = x.fma(b1v, c71);
      c72 = x.fma(b2v, c72);
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + L);
    c02.intoArray(c, c0 + 2 * L);
    c10.intoArray(c, c0 + ldc);
    c11.intoArray(c, c0 + ldc + L);
    c12.intoArray(c, c0 + ldc + 2 * L);
    c20.intoArray(c, c0 + 2 * ldc);
    c21.intoArray(c, c0 + 2 * ldc + L);
    c22.intoArray(c, c0 + 2 * ldc + 2 * L);
    c30.intoArray(c, c0 + 3 * ldc);
    c31.intoArray(c, c0 + 3 * ldc + L);
    c32.intoArray(c, c0 + 3 * ldc + 2 * L);
    c40.intoArray(c, c0 + 4 * ldc);
    c41.intoArray(c, c0 + 4 * ldc + L);
    c42.intoArray(c, c0 + 4 * ldc + 2 * L);
    c50.intoArray(c, c0 + 5 * ldc);
    c51.intoArray(c, c0 + 5 * ldc + L);
    c52.intoArray(c, c0 + 5 * ldc + 2 * L);
    c60.intoArray(c, c0 + 6 * ldc);
    c61.intoArray(c, c0 + 6 * ldc + L);
    c62.intoArray(c, c0 + 6 * ldc + 2 * L);
    c70.intoArray(c, c0 + 7 * ldc);
    c71.intoArray(c, c0 + 7 * ldc + L);
    c72.intoArray(c, c0 + 7 * ldc + 2 * L);
  }

  /** Four rows by three vectors: the last four-row tile of a strip (twelve chains). */
  static void tile4x3(float[] ap, int a0, float[] bp, int b0, float[] s, int s0, int lds,
      float[] c, int c0, int ldc, int kc) {
    FloatVector c00 = FloatVector.fromArray(S, s, s0);
    FloatVector c01 = FloatVector.fromArray(S, s, s0 + L);
    FloatVector c02 = FloatVector.fromArray(S, s, s0 + 2 * L);
    FloatVector c10 = FloatVector.fromArray(S, s, s0 + lds);
    FloatVector c11 = FloatVector.fromArray(S, s, s0 + lds + L);
    FloatVector c12 = FloatVector.fromArray(S, s, s0 + lds + 2 * L);
    FloatVector c20 = FloatVector.fromArray(S, s, s0 + 2 * lds);
    FloatVector c21 = FloatVector.fromArray(S, s, s0 + 2 * lds + L);
    FloatVector c22 = FloatVector.fromArray(S, s, s0 + 2 * lds + 2 * L);
    FloatVector c30 = FloatVector.fromArray(S, s, s0 + 3 * lds);
    FloatVector c31 = FloatVector.fromArray(S, s, s0 + 3 * lds + L);
    FloatVector c32 = FloatVector.fromArray(S, s, s0 + 3 * lds + 2 * L);
    for (int q = 0; q < kc; q++) {
      int bq = b0 + q * 3 * L;
      FloatVector b0v = FloatVector.fromArray(S, bp, bq);
      FloatVector b1v = FloatVector.fromArray(S, bp, bq + L);
      FloatVector b2v = FloatVector.fromArray(S, bp, bq + 2 * L);
      FloatVector x = FloatVector.broadcast(S, ap[a0 + q]);
      c00 = x.fma(b0v, c00);
      c01 = x.fma(b1v, c01);
      c02 = x.fma(b2v, c02);
      x = FloatVector.broadcast(S, ap[a0 + KC + q]);
      c10 = x.fma(b0v, c10);
      c11 = x.fma(b1v, c11);
      c12 = x.fma(b2v, c12);
      x = FloatVector.broadcast(S, ap[a0 + 2 * KC + q]);
      c20 = x.fma(b0v, c20);
      c21 = x.fma(b1v, c21);
      c22 = x.fma(b2v, c22);
      x = FloatVector.broadcast(S, ap[a0 + 3 * KC + q]);
      c30 = x.fma(b0v, c30);
      c31 = x.fma(b1v, c31);
      c32 = x.fma(b2v, c32);
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + L);
    c02.intoArray(c, c0 + 2 * L);
    c10.intoArray(c, c0 + ldc);
    c11.intoArray(c, c0 + ldc + L);
    c12.intoArray(c, c0 + ldc + 2 * L);
    c20.intoArray(c, c0 + 2 * ldc);
    c21.intoArray(c, c0 + 2 * ldc + L);
    c22.intoArray(c, c0 + 2 * ldc + 2 * L);
    c30.intoArray(c, c0 + 3 * ldc);
    c31.intoArray(c, c0 + 3 * ldc + L);
    c32.intoArray(c, c0 + 3 * ldc + 2 * L);
  }

  /**
   * Eight rows by one vector: eight chains, enough to keep two 4-cycle FMA pipes busy, where the
   * four-row tile keeps half of them waiting (it took 10 % of 784-300-100-10's batch-256
   * prediction for 1/19 and 1/7 of its two large products' columns).
   */
  static void tile8x1(float[] ap, int a0, float[] bp, int b0, float[] s, int s0, int lds,
      float[] c, int c0, int ldc, int kc) {
    FloatVector c00 = FloatVector.fromArray(S, s, s0);
    FloatVector c10 = FloatVector.fromArray(S, s, s0 + lds);
    FloatVector c20 = FloatVector.fromArray(S, s, s0 + 2 * lds);
    FloatVector c30 = FloatVector.fromArray(S, s, s0 + 3 * lds);
    FloatVector c40 = FloatVector.fromArray(S, s, s0 + 4 * lds);
    FloatVector c50 = FloatVector.fromArray(S, s, s0 + 5 * lds);
    FloatVector c60 = FloatVector.fromArray(S, s, s0 + 6 * lds);
    FloatVector c70 = FloatVector.fromArray(S, s, s0 + 7 * lds);
    for (int q = 0; q < kc; q++) {
      FloatVector b0v = FloatVector.fromArray(S, bp, b0 + q * L);
      FloatVector x = FloatVector.broadcast(S, ap[a0 + q]);
      c00 = x.fma(b0v, c00);
      x = FloatVector.broadcast(S, ap[a0 + KC + q]);
      c10 = x.fma(b0v, c10);
      x = FloatVector.broadcast(S, ap[a0 + 2 * KC + q]);
      c20 = x.fma(b0v, c20);
      x = FloatVector.broadcast(S, ap[a0 + 3 * KC + q]);
      c30 = x.fma(b0v, c30);
      x = FloatVector.broadcast(S, ap[a0 + 4 * KC + q]);
      c40 = x.fma(b0v, c40);
      x = FloatVector.broadcast(S, ap[a0 + 5 * KC + q]);
      c50 = x.fma(b0v, c50);
      x = FloatVector.broadcast(S, ap[a0 + 6 * KC + q]);
      c60 = x.fma(b0v, c60);
      x = FloatVector.broadcast(S, ap[a0 + 7 * KC + q]);
      c70 = x.fma(b0v, c70);
    }
    c00.intoArray(c, c0);
    c10.intoArray(c, c0 + ldc);
    c20.intoArray(c, c0 + 2 * ldc);
    c30.intoArray(c, c0 + 3 * ldc);
    c40.intoArray(c, c0 + 4 * ldc);
    c50.intoArray(c, c0 + 5 * ldc);
    c60.intoArray(c, c0 + 6 * ldc);
    c70.intoArray(c, c0 + 7 * ldc);
  }

  /**
   * Four rows by one vector over packed operands: {@code A}'s four rows {@link #KC} apart from
   * {@code a0}, the strip's rows {@code L} apart. Every index is the loop's {@code q} times a
   * constant plus a fixed offset, so the bounds are checked once, not per load.
   */
  static void tile4x1(float[] ap, int a0, float[] bp, int b0, float[] s, int s0, int lds,
      float[] c, int c0, int ldc, int kc) {
    FloatVector c00 = FloatVector.fromArray(S, s, s0);
    FloatVector c10 = FloatVector.fromArray(S, s, s0 + lds);
    FloatVector c20 = FloatVector.fromArray(S, s, s0 + 2 * lds);
    FloatVector c30 = FloatVector.fromArray(S, s, s0 + 3 * lds);
    for (int q = 0; q < kc; q++) {
      FloatVector b0v = FloatVector.fromArray(S, bp, b0 + q * L);
      FloatVector x = FloatVector.broadcast(S, ap[a0 + q]);
      c00 = x.fma(b0v, c00);
      x = FloatVector.broadcast(S, ap[a0 + KC + q]);
      c10 = x.fma(b0v, c10);
      x = FloatVector.broadcast(S, ap[a0 + 2 * KC + q]);
      c20 = x.fma(b0v, c20);
      x = FloatVector.broadcast(S, ap[a0 + 3 * KC + q]);
      c30 = x.fma(b0v, c30);
    }
    c00.intoArray(c, c0);
    c10.intoArray(c, c0 + ldc);
    c20.intoArray(c, c0 + 2 * ldc);
    c30.intoArray(c, c0 + 3 * ldc);
  }
}
