package org.dendrite.runtime.kernel;

/**
 * The portable kernels: plain Java loops, used when the Vector API module is not in the JVM. They
 * follow the vector kernels' order of operations exactly (see {@link Kernels}), so results agree
 * bit for bit; the transcendental activations are {@link FloatMath}'s on both paths.
 */
public final class ScalarKernels extends Kernels {
  /** Creates the scalar kernels; prefer {@link Kernels#get()}. */
  public ScalarKernels() {}

  @Override
  public String description() {
    return "scalar";
  }

  @Override
  protected void product(
      float[] a, int aOff, int lda, float[] b, int bOff, float[] bias, int biasOff, float[] c,
      int cOff, int ldc, int m, int k, int n) {
    columns(a, aOff, lda, b, bOff, c, cOff, ldc, m, k, n, 0, n, false);
    if (bias != null) {
      addBias(c, cOff, ldc, m, n, bias, biasOff);
    }
  }

  /** Here: every row skips the terms of its zeros (the values {@link #product} computes). */
  @Override
  protected void productSkippingZeros(
      float[] a, int aOff, float[] b, int bOff, float[] bias, int biasOff, boolean relu,
      float[] c, int cOff, int m, int k, int n) {
    columns(a, aOff, k, b, bOff, c, cOff, n, m, k, n, 0, n, true);
    if (bias != null) {
      addBias(c, cOff, n, m, n, bias, biasOff);
    }
    if (relu) {
      reluRange(c, cOff, m * n);
    }
  }

  @Override
  protected void matmulBand(
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n,
      int from, int to) {
    columns(a, aOff, k, b, bOff, c, cOff, n, m, k, n, from, to, false);
  }

  /**
   * Columns {@code [from, to)} of {@code A · b}, {@code A}'s rows {@code lda} apart, {@code C}'s
   * {@code ldc} apart; with {@code skipZeros}, without the terms of {@code A}'s zeros.
   */
  private static void columns(
      float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff, int ldc, int m,
      int k, int n, int from, int to, boolean skipZeros) {
    for (int i = 0; i < m; i++) {
      int ci = cOff + i * ldc;
      java.util.Arrays.fill(c, ci + from, ci + to, 0f);
      int ai = aOff + i * lda;
      for (int p = 0; p < k; p++) {
        float x = a[ai + p];
        if (skipZeros && x == 0f) {
          continue;
        }
        int bp = bOff + p * n;
        for (int j = from; j < to; j++) {
          c[ci + j] = Math.fma(x, b[bp + j], c[ci + j]);
        }
      }
    }
  }

  @Override
  protected void gatheredTransA(
      float[] a, int aOff, int[] rows, int[] depths, float[] g, int gOff, float[] c, int cOff,
      int m, int k, int n) {
    for (int q = 0; q < k; q++) {
      int cq = cOff + q * n;
      for (int r = 0; r < m; r++) {
        float x = a[aOff + rows[r] + depths[q]];
        int gr = gOff + r * n;
        for (int j = 0; j < n; j++) {
          c[cq + j] = Math.fma(x, g[gr + j], c[cq + j]);
        }
      }
    }
  }

  @Override
  protected void gatheredProduct(
      float[] a, int aOff, int[] rows, int[] depths, float[] b, int bOff, float[] bias,
      int biasOff, boolean relu, float[] c, int cOff, int m, int k, int n) {
    for (int i = 0; i < m; i++) {
      int ci = cOff + i * n;
      java.util.Arrays.fill(c, ci, ci + n, 0f);
      int ai = aOff + rows[i];
      for (int p = 0; p < k; p++) {
        float x = a[ai + depths[p]];
        int bp = bOff + p * n;
        for (int j = 0; j < n; j++) {
          c[ci + j] = Math.fma(x, b[bp + j], c[ci + j]);
        }
      }
    }
    if (bias != null) {
      addBias(c, cOff, n, m, n, bias, biasOff);
    }
    if (relu) {
      reluRange(c, cOff, m * n);
    }
  }

  @Override
  protected void planeConvolution(
      float[] in, int inOff, int pitch, int outHeight, int outWidth, int windowHeight,
      int windowWidth, float[] kernel, int kernelOff, float[] bias, int biasOff, boolean relu,
      float[] out, int outOff, int filters) {
    // gatheredProduct's loops, an output pixel's filters updated together per tap.
    for (int y = 0; y < outHeight; y++) {
      for (int x = 0; x < outWidth; x++) {
        int o = outOff + (y * outWidth + x) * filters;
        java.util.Arrays.fill(out, o, o + filters, 0f);
        for (int ky = 0, q = 0; ky < windowHeight; ky++) {
          int row = inOff + (y + ky) * pitch + x;
          for (int kx = 0; kx < windowWidth; kx++, q++) {
            float v = in[row + kx];
            int wq = kernelOff + q * filters;
            for (int f = 0; f < filters; f++) {
              out[o + f] = Math.fma(v, kernel[wq + f], out[o + f]);
            }
          }
        }
        if (bias != null) {
          for (int f = 0; f < filters; f++) {
            out[o + f] += bias[biasOff + f];
          }
        }
        if (relu) {
          for (int f = 0; f < filters; f++) {
            out[o + f] = Math.max(out[o + f], 0f);
          }
        }
      }
    }
  }

  @Override
  protected void winogradInputTiles(float[] in, int inOff, int pitch, int tilesY, int tilesX,
      int channels, float[] v, int vOff, int plane) {
    winogradInputFrom(in, inOff, pitch, tilesY, tilesX, channels, v, vOff, plane, 0);
  }

  /**
   * {@link #winogradInput} (unchecked) for the channels from {@code from} on: the vector kernels'
   * channels past their last whole vector.
   */
  public static void winogradInputFrom(float[] in, int inOff, int pitch, int tilesY, int tilesX,
      int channels, float[] v, int vOff, int plane, int from) {
    int c1 = channels;
    int c2 = 2 * channels;
    int c3 = 3 * channels;
    int c4 = 4 * channels;
    int c5 = 5 * channels;
    for (int ty = 0, t = 0; ty < tilesY; ty++) {
      for (int tx = 0; tx < tilesX; tx++, t++) {
        int tile = inOff + 4 * ty * pitch + 4 * tx * channels;
        for (int c = from; c < channels; c++) {
          int p = tile + c;
          for (int i = 0; i < 6; i++) {
            // Row i of Bᵀ·d, one value per column of the window, then Bᵀ's rows across them.
            float r0 = inputRow(i, in, p, pitch);
            float r1 = inputRow(i, in, p + c1, pitch);
            float r2 = inputRow(i, in, p + c2, pitch);
            float r3 = inputRow(i, in, p + c3, pitch);
            float r4 = inputRow(i, in, p + c4, pitch);
            float r5 = inputRow(i, in, p + c5, pitch);
            int w = vOff + 6 * i * plane + t * channels + c;
            v[w] = winogradB(0, r0, r1, r2, r3, r4, r5);
            v[w + plane] = winogradB(1, r0, r1, r2, r3, r4, r5);
            v[w + 2 * plane] = winogradB(2, r0, r1, r2, r3, r4, r5);
            v[w + 3 * plane] = winogradB(3, r0, r1, r2, r3, r4, r5);
            v[w + 4 * plane] = winogradB(4, r0, r1, r2, r3, r4, r5);
            v[w + 5 * plane] = winogradB(5, r0, r1, r2, r3, r4, r5);
          }
        }
      }
    }
  }

  /** {@code Bᵀ}'s row {@code i} over the six values {@code pitch} apart from {@code at}. */
  private static float inputRow(int i, float[] in, int at, int pitch) {
    return winogradB(i, in[at], in[at + pitch], in[at + 2 * pitch], in[at + 3 * pitch],
        in[at + 4 * pitch], in[at + 5 * pitch]);
  }

  /**
   * Row {@code i} of F(4×4, 3×3)'s {@code Bᵀ} (interpolation points 0, ±1, ±2) applied to
   * {@code x}, in the order of operations both kernel paths use.
   */
  static float winogradB(int i, float x0, float x1, float x2, float x3, float x4, float x5) {
    switch (i) {
      case 0: return (x0 * 4f - x2 * 5f) + x4;
      case 1: return (x3 + x4) - (x1 + x2) * 4f;
      case 2: return (x4 - x3) + (x1 - x2) * 4f;
      case 3: return (x4 - x2) + (x3 - x1) * 2f;
      case 4: return (x4 - x2) - (x3 - x1) * 2f;
      default: return (x1 * 4f - x3 * 5f) + x5;
    }
  }

  /**
   * Row {@code i} of F(4×4, 3×3)'s {@code Aᵀ} applied to {@code x}, in the order of operations
   * both kernel paths use.
   */
  static float winogradA(int i, float x0, float x1, float x2, float x3, float x4, float x5) {
    switch (i) {
      case 0: return (x0 + (x1 + x2)) + (x3 + x4);
      case 1: return (x1 - x2) + (x3 - x4) * 2f;
      case 2: return (x1 + x2) + (x3 + x4) * 4f;
      default: return ((x1 - x2) + (x3 - x4) * 8f) + x5;
    }
  }

  @Override
  protected void winogradOutputTiles(float[] m, int mOff, int plane, int tilesY, int tilesX,
      int filters, float[] bias, int biasOff, boolean relu, float[] out, int outOff,
      int outHeight, int outWidth) {
    winogradOutputFrom(m, mOff, plane, tilesY, tilesX, filters, bias, biasOff, relu, out, outOff,
        outHeight, outWidth, 0);
  }

  /**
   * {@link #winogradOutput} (unchecked) for the filters from {@code from} on: the vector kernels'
   * filters past their last whole vector.
   */
  public static void winogradOutputFrom(float[] m, int mOff, int plane, int tilesY, int tilesX,
      int filters, float[] bias, int biasOff, boolean relu, float[] out, int outOff,
      int outHeight, int outWidth, int from) {
    int k = 6 * plane; // from a point to the one below it
    float floor = relu ? 0f : Float.NEGATIVE_INFINITY;
    for (int ty = 0, t = 0; ty < tilesY; ty++) {
      for (int tx = 0; tx < tilesX; tx++, t++) {
        int rows = Math.min(4, outHeight - 4 * ty);
        int cols = Math.min(4, outWidth - 4 * tx);
        for (int f = from; f < filters; f++) {
          int p = mOff + t * filters + f;
          // Adding -0 changes nothing, as the vector kernels' absent bias does; max(x, -∞) = x.
          float b = bias == null ? -0f : bias[biasOff + f];
          for (int i = 0; i < rows; i++) {
            // Row i of Aᵀ·M, one value per column of the points, then Aᵀ's rows across them.
            float r0 = outputRow(i, m, p, k);
            float r1 = outputRow(i, m, p + plane, k);
            float r2 = outputRow(i, m, p + 2 * plane, k);
            float r3 = outputRow(i, m, p + 3 * plane, k);
            float r4 = outputRow(i, m, p + 4 * plane, k);
            float r5 = outputRow(i, m, p + 5 * plane, k);
            int o = outOff + ((4 * ty + i) * outWidth + 4 * tx) * filters + f;
            for (int j = 0; j < cols; j++) {
              out[o + j * filters] =
                  Math.max(winogradA(j, r0, r1, r2, r3, r4, r5) + b, floor);
            }
          }
        }
      }
    }
  }

  /** {@code Aᵀ}'s row {@code i} over the six points {@code step} apart from {@code at}. */
  private static float outputRow(int i, float[] m, int at, int step) {
    return winogradA(i, m[at], m[at + step], m[at + 2 * step], m[at + 3 * step],
        m[at + 4 * step], m[at + 5 * step]);
  }

  @Override
  protected void biasRows(float[] c, int cOff, int rows, int cols, float[] bias, int biasOff) {
    addBias(c, cOff, cols, rows, cols, bias, biasOff);
  }

  private static void addBias(
      float[] c, int cOff, int ldc, int rows, int cols, float[] bias, int biasOff) {
    for (int i = 0; i < rows; i++) {
      int ci = cOff + i * ldc;
      for (int j = 0; j < cols; j++) {
        c[ci + j] += bias[biasOff + j];
      }
    }
  }

  @Override
  protected void productTransA(
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int m,
      int k, int n) {
    for (int p = 0; p < k; p++) {
      int cp = cOff + p * n;
      java.util.Arrays.fill(c, cp, cp + n, 0f);
      for (int i = 0; i < m; i++) {
        float x = a[aOff + i * lda + p];
        int bi = bOff + i * ldb;
        for (int j = 0; j < n; j++) {
          c[cp + j] = Math.fma(x, b[bi + j], c[cp + j]);
        }
      }
    }
  }

  @Override
  protected void sumColumns(float[] a, int aOff, int lda, int m, int n, float[] dst, int dstOff,
      boolean add) {
    if (!add) {
      java.util.Arrays.fill(dst, dstOff, dstOff + n, 0f);
    }
    for (int i = 0; i < m; i++) {
      int ai = aOff + i * lda;
      for (int j = 0; j < n; j++) {
        dst[dstOff + j] += a[ai + j];
      }
    }
  }

  @Override
  protected void reluRange(float[] x, int off, int len) {
    for (int i = off, end = off + len; i < end; i++) {
      x[i] = Math.max(x[i], 0f);
    }
  }

  @Override
  protected void leakyReluRange(float[] x, int off, int len, float alpha) {
    for (int i = off, end = off + len; i < end; i++) {
      float v = x[i];
      x[i] = v > 0f ? v : alpha * v;
    }
  }

  @Override
  protected void sigmoidRange(float[] x, int off, int len) {
    for (int i = off, end = off + len; i < end; i++) {
      x[i] = FloatMath.sigmoid(x[i]);
    }
  }

  @Override
  protected void tanhRange(float[] x, int off, int len) {
    for (int i = off, end = off + len; i < end; i++) {
      x[i] = FloatMath.tanh(x[i]);
    }
  }

  @Override
  protected void softplusRange(float[] x, int off, int len) {
    for (int i = off, end = off + len; i < end; i++) {
      x[i] = FloatMath.softplus(x[i]);
    }
  }

  @Override
  protected void reluBackwardRange(float[] y, int yOff, float[] g, int gOff, int len) {
    for (int i = 0; i < len; i++) {
      if (!(y[yOff + i] > 0f)) {
        g[gOff + i] = 0f;
      }
    }
  }

  @Override
  protected void leakyReluBackwardRange(float[] y, int yOff, float[] g, int gOff, int len,
      float alpha) {
    for (int i = 0; i < len; i++) {
      if (!(y[yOff + i] > 0f)) {
        g[gOff + i] = alpha * g[gOff + i];
      }
    }
  }

  @Override
  protected void sigmoidBackwardRange(float[] y, int yOff, float[] g, int gOff, int len) {
    for (int i = 0; i < len; i++) {
      float s = y[yOff + i];
      g[gOff + i] = g[gOff + i] * (s * (1f - s));
    }
  }

  @Override
  protected void tanhBackwardRange(float[] y, int yOff, float[] g, int gOff, int len) {
    for (int i = 0; i < len; i++) {
      float t = y[yOff + i];
      g[gOff + i] = g[gOff + i] * (1f - t * t);
    }
  }

  @Override
  protected void softplusBackwardRange(float[] y, int yOff, float[] g, int gOff, int len) {
    for (int i = 0; i < len; i++) {
      g[gOff + i] = g[gOff + i] * -FloatMath.expm1(-y[yOff + i]);
    }
  }

  @Override
  protected void multiplyRange(float[] a, int aOff, float[] b, int bOff, float[] dst, int dstOff,
      int len) {
    for (int i = 0; i < len; i++) {
      dst[dstOff + i] = a[aOff + i] * b[bOff + i];
    }
  }

  @Override
  protected void addRange(float[] dst, float[] src, int from, int to) {
    for (int i = from; i < to; i++) {
      dst[i] += src[i];
    }
  }

  @Override
  protected void accumulateRange(float[] src, int srcOff, float[] dst, int dstOff, int len) {
    for (int i = 0; i < len; i++) {
      dst[dstOff + i] += src[srcOff + i];
    }
  }

  @Override
  protected void addWindowsChecked(float[] src, int srcOff, int srcStep, float[] dst,
      int dstOff, int pitch, int step, int rows, int run, int count) {
    for (int w = 0; w < count; w++) {
      for (int r = 0; r < rows; r++) {
        int s = srcOff + w * srcStep + r * run;
        int d = dstOff + w * step + r * pitch;
        for (int i = 0; i < run; i++) {
          dst[d + i] += src[s + i];
        }
      }
    }
  }

  @Override
  protected void sumRunsChecked(float[] src, int srcOff, int[] offsets, int[] starts,
      int pixels, float[] dst, int dstOff, int c) {
    sumRunsOf(src, srcOff, offsets, starts, pixels, dst, dstOff, c);
  }

  /**
   * {@link #sumRuns} for one image, unchecked: the vector kernels' loop for fewer channels than
   * lanes. Each pixel's values start from +0 and take its terms in order, a run at a time.
   */
  public static void sumRunsOf(float[] src, int srcOff, int[] offsets, int[] starts,
      int pixels, float[] dst, int dstOff, int c) {
    for (int p = 0; p < pixels; p++) {
      int d = dstOff + p * c;
      java.util.Arrays.fill(dst, d, d + c, 0f);
      for (int t = starts[p]; t < starts[p + 1]; t++) {
        int s = srcOff + offsets[t];
        for (int i = 0; i < c; i++) {
          dst[d + i] += src[s + i];
        }
      }
    }
  }

  @Override
  protected void poolWindows2x2Argmax(float[] in, int inOff, int pitch, int c, float[] out,
      int outOff, int[] argmax, int argmaxOff, int count, boolean relu) {
    maxWindows2x2ArgmaxFrom(in, inOff, pitch, c, out, outOff, argmax, argmaxOff, count, relu, 0);
  }

  /**
   * {@link #maxWindows2x2Argmax} (unchecked) for the channels from {@code from} on: the vector
   * kernels' channels past their last whole vector.
   */
  public static void maxWindows2x2ArgmaxFrom(float[] in, int inOff, int pitch, int c,
      float[] out, int outOff, int[] argmax, int argmaxOff, int count, boolean relu,
      int from) {
    for (int w = 0; w < count; w++) {
      int p = inOff + 2 * w * c;
      for (int i = from; i < c; i++) {
        float v0 = in[p + i];
        float v1 = in[p + c + i];
        float v2 = in[p + pitch + i];
        float v3 = in[p + pitch + c + i];
        float m = v0; // maxInto's steps: a later value replaces the max only if greater
        if (v1 > m) {
          m = v1;
        }
        if (v2 > m) {
          m = v2;
        }
        if (v3 > m) {
          m = v3;
        }
        int at = v0 == m ? 0 : v1 == m ? 1 : v2 == m ? 2 : v3 == m ? 3 : -1;
        out[outOff + w * c + i] = m;
        argmax[argmaxOff + w * c + i] = relu && !(m > 0f) ? -1 : at;
      }
    }
  }

  @Override
  protected void routeWindows2x2Argmax(int[] argmax, int argmaxOff, float[] g, int gOff, int c,
      float[] dst, int dstOff, int pitch, int count) {
    routeArgmax2x2From(argmax, argmaxOff, g, gOff, c, dst, dstOff, pitch, count, 0);
  }

  /**
   * {@link #routeArgmax2x2} (unchecked) for the channels from {@code from} on: the vector kernels'
   * channels past their last whole vector.
   */
  public static void routeArgmax2x2From(int[] argmax, int argmaxOff, float[] g, int gOff,
      int c, float[] dst, int dstOff, int pitch, int count, int from) {
    for (int w = 0; w < count; w++) {
      int d = dstOff + 2 * w * c;
      for (int i = from; i < c; i++) {
        int at = argmax[argmaxOff + w * c + i];
        float routed = 0f + g[gOff + w * c + i]; // +0 + g: a -0 gradient arrives as +0
        dst[d + i] = at == 0 ? routed : 0f;
        dst[d + c + i] = at == 1 ? routed : 0f;
        dst[d + pitch + i] = at == 2 ? routed : 0f;
        dst[d + pitch + c + i] = at == 3 ? routed : 0f;
      }
    }
  }

  /** Per-thread region of {@link #scatterWindows}, grown to a region's size. */
  private static final ThreadLocal<float[][]> REGION =
      ThreadLocal.withInitial(() -> new float[][] {new float[0]});

  @Override
  protected void scatterWindows(float[] kernel, int kernelOff, int fh, int fw, int c,
      int filters, int[] argmax, int argmaxOff, float[] g, int gOff, int rows, int cols,
      float[] dst, int dstOff, int h, int w, int n) {
    int run = (fw + 1) * c; // a region row: the pixels of a cell's windows, side by side
    int size = (fh + 1) * run;
    float[][] holder = REGION.get();
    if (holder[0].length < size) {
      holder[0] = new float[size];
    }
    float[] region = holder[0];
    int cells = rows * cols * filters;
    int phases = (fw + 2) / 2; // cells this many columns apart have regions apart
    for (int b = 0; b < n; b++) {
      int image = dstOff + b * h * w * c;
      java.util.Arrays.fill(dst, image, image + h * w * c, 0f);
      for (int phase = 0; phase < phases; phase++) {
        for (int cy = 0; cy < rows; cy++) {
          for (int cx = phase; cx < cols; cx += phases) {
            int cell = b * cells + (cy * cols + cx) * filters;
            java.util.Arrays.fill(region, 0, size, 0f);
            for (int f = 0; f < filters; f++) {
              int at = argmax[argmaxOff + cell + f];
              if (at >>> 2 != 0) { // −1 and other values than 0–3 route nothing
                continue;
              }
              float gv = g[gOff + cell + f];
              int from = (at >>> 1) * run + (at & 1) * c; // the window of pixel (at / 2, at % 2)
              for (int ky = 0; ky < fh; ky++) {
                for (int i = 0; i < fw * c; i++) {
                  int r = from + ky * run + i;
                  float k = kernel[kernelOff + (ky * fw * c + i) * filters + f];
                  region[r] = Math.fma(gv, k, region[r]);
                }
              }
            }
            for (int y = 0; y <= fh; y++) {
              int to = image + ((2 * cy + y) * w + 2 * cx) * c;
              for (int i = 0; i < run; i++) {
                dst[to + i] += region[y * run + i];
              }
            }
          }
        }
      }
    }
  }

  @Override
  protected void gatherWindows(float[] in, int inOff, int h, int w, int c, int fh, int fw,
      int filters, int[] argmax, int argmaxOff, float[] g, int gOff, int rows, int cols, int n,
      float[] gradients, int kernelOff, int biasOff) {
    int run = fw * c; // a window row: adjacent values of the image
    int taps = fh * run;
    java.util.Arrays.fill(gradients, kernelOff, kernelOff + taps * filters, 0f);
    if (biasOff >= 0) {
      java.util.Arrays.fill(gradients, biasOff, biasOff + filters, 0f);
    }
    for (int b = 0, cell = 0; b < n; b++) {
      int image = inOff + b * h * w * c;
      for (int cy = 0; cy < rows; cy++) {
        for (int cx = 0; cx < cols; cx++, cell += filters) {
          for (int f = 0; f < filters; f++) {
            int at = argmax[argmaxOff + cell + f];
            if (at >>> 2 != 0) { // −1 and other values than 0–3 route nothing
              continue;
            }
            float gv = g[gOff + cell + f];
            int window = image + ((2 * cy + (at >>> 1)) * w + 2 * cx + (at & 1)) * c;
            for (int ky = 0; ky < fh; ky++) {
              for (int i = 0; i < run; i++) {
                int q = kernelOff + (ky * run + i) * filters + f;
                gradients[q] = Math.fma(gv, in[window + ky * w * c + i], gradients[q]);
              }
            }
            if (biasOff >= 0) {
              gradients[biasOff + f] += gv;
            }
          }
        }
      }
    }
  }

  @Override
  protected void maxIntoRange(float[] src, int srcOff, float[] dst, int dstOff, int len) {
    for (int i = 0; i < len; i++) {
      float v = src[srcOff + i];
      if (v > dst[dstOff + i]) {
        dst[dstOff + i] = v;
      }
    }
  }

  @Override
  protected void poolWindows(float[] in, int inOff, int pitch, int step, int rows, int cols,
      int c, float[] out, int outOff, int count) {
    maxWindowsFrom(in, inOff, pitch, step, rows, cols, c, out, outOff, count, 0);
  }

  /**
   * {@link #maxWindows} (unchecked) for the channels from {@code from} on: the vector kernels'
   * channels past their last whole vector.
   */
  public static void maxWindowsFrom(float[] in, int inOff, int pitch, int step, int rows, int cols,
      int c, float[] out, int outOff, int count, int from) {
    for (int w = 0; w < count; w++) {
      int at = inOff + w * step;
      int o = outOff + w * c;
      // Channels innermost: a few channels (LeNet's 6) run short loops of adjacent values.
      for (int i = from; i < c; i++) {
        out[o + i] = in[at + i];
      }
      for (int y = 0; y < rows; y++) {
        for (int x = y == 0 ? 1 : 0; x < cols; x++) {
          int p = at + y * pitch + x * c;
          for (int i = from; i < c; i++) {
            float v = in[p + i];
            if (v > out[o + i]) {
              out[o + i] = v;
            }
          }
        }
      }
    }
  }

  @Override
  protected void routeMaxRange(float[] in, int inOff, float[] max, int maxOff, float[] g, int gOff,
      float[] dst, int dstOff, int len) {
    for (int i = 0; i < len; i++) {
      if (in[inOff + i] == max[maxOff + i]) {
        dst[dstOff + i] += g[gOff + i];
        g[gOff + i] = 0f;
      }
    }
  }

  @Override
  protected void routeWindows(float[] in, int inOff, int pitch, int step, int rows, int cols,
      int c, float[] max, int maxOff, float[] g, int gOff, float[] dst, int dstOff, int count,
      boolean overwrite) {
    routeMaxWindowsFrom(in, inOff, pitch, step, rows, cols, c, max, maxOff, g, gOff, dst, dstOff,
        count, overwrite, 0);
  }

  /**
   * Columns {@code from ≤ j < to} of one row of windows of {@link Kernels#routeArgmaxPlanes2x2}:
   * the pixels and gradients from {@code argmax[a + j]} and {@code g[o + j]}, the top row of {@code
   * dst} at {@code d}, the one below {@code pitch} on. Column {@code j} (of parity {@code dx})
   * takes the gradient in the top row for pixel {@code dx} and in the bottom row for {@code 2 +
   * dx}: selected by masking the bits, as the vector kernels do (which pixel holds the max is
   * data, and branches on it mispredicted).
   */
  public static void routeArgmaxPlaneRow(int[] argmax, int a, float[] g, int o, float[] dst,
      int d, int pitch, int from, int to) {
    for (int j = from; j < to; j++) {
      int x = argmax[a + j] ^ (j & 1);
      int routed = Float.floatToRawIntBits(0f + g[o + j]); // +0 + g: a -0 gradient arrives as +0
      dst[d + j] = Float.intBitsToFloat(routed & ~((x | -x) >> 31));
      x ^= 2;
      dst[d + pitch + j] = Float.intBitsToFloat(routed & ~((x | -x) >> 31));
    }
  }

  /**
   * {@link #routeMaxWindows} (unchecked) for the channels from {@code from} on: the vector
   * kernels' channels past their last whole vector.
   */
  public static void routeMaxWindowsFrom(float[] in, int inOff, int pitch, int step, int rows,
      int cols, int c, float[] max, int maxOff, float[] g, int gOff, float[] dst, int dstOff,
      int count, boolean overwrite, int from) {
    if (overwrite && rows == 2 && cols == 2) {
      routeWrite2x2From(in, inOff, pitch, step, c, max, maxOff, g, gOff, dst, dstOff, count, from);
      return;
    }
    for (int w = 0; w < count; w++) {
      int m = maxOff + w * c;
      int o = gOff + w * c;
      // Channels innermost, as routeMax ran them (a few channels: short loops of adjacent values).
      for (int y = 0; y < rows; y++) {
        for (int x = 0; x < cols; x++) {
          int p = w * step + y * pitch + x * c;
          int s = inOff + p;
          int d = dstOff + p;
          if (overwrite) {
            // +0 + g where routed, the bits of adding to a zeroed dst (a -0 gradient arrives as
            // +0), and +0 elsewhere, selected by masking the bits: which pixel holds the max is
            // data, and with a branch on it LeNet's 6-channel pooling gradient took 2.2-2.5 times as
            // long (mispredictions).
            for (int i = from; i < c; i++) {
              float gi = g[o + i];
              int hit = in[s + i] == max[m + i] ? -1 : 0;
              dst[d + i] = Float.intBitsToFloat(Float.floatToRawIntBits(0f + gi) & hit);
              g[o + i] = Float.intBitsToFloat(Float.floatToRawIntBits(gi) & ~hit);
            }
          } else {
            for (int i = from; i < c; i++) {
              if (in[s + i] == max[m + i]) {
                dst[d + i] += g[o + i];
                g[o + i] = 0f;
              }
            }
          }
        }
      }
    }
  }

  /**
   * {@link #routeMaxWindowsFrom} for 2×2 windows side by side, overwriting: each window's
   * gradient and max stay in registers over its four pixels, where the general loop stored and
   * reloaded the gradient at every pixel and ran a loop per pixel over the channels (LeNet-5's
   * first pooling, 6 channels: 8.4 µs an image). The same masks in the same order, so the same
   * bits: a pixel receives the gradient if it holds the max and no pixel before it did.
   */
  private static void routeWrite2x2From(float[] in, int inOff, int pitch, int step, int c,
      float[] max, int maxOff, float[] g, int gOff, float[] dst, int dstOff, int count,
      int from) {
    for (int w = 0; w < count; w++) {
      int o = gOff + w * c;
      int m = maxOff + w * c;
      int s = inOff + w * step;
      int d = dstOff + w * step;
      for (int i = from; i < c; i++) {
        routeWrite2x2At(in, s + i, pitch, c, max, m + i, g, o + i, dst, d + i);
      }
    }
  }

  /**
   * One channel of one 2×2 window of {@link #routeWrite2x2From}: its top-left pixel at
   * {@code in[s]}, its max at {@code max[m]}, its gradient at {@code g[o]}.
   */
  private static void routeWrite2x2At(float[] in, int s, int pitch, int c, float[] max, int m,
      float[] g, int o, float[] dst, int d) {
    float top = max[m];
    float gi = g[o];
    int bits = Float.floatToRawIntBits(0f + gi);
    int hit = in[s] == top ? -1 : 0;
    dst[d] = Float.intBitsToFloat(bits & hit);
    int left = ~hit;
    hit = in[s + c] == top ? left : 0;
    dst[d + c] = Float.intBitsToFloat(bits & hit);
    left &= ~hit;
    hit = in[s + pitch] == top ? left : 0;
    dst[d + pitch] = Float.intBitsToFloat(bits & hit);
    left &= ~hit;
    hit = in[s + pitch + c] == top ? left : 0;
    dst[d + pitch + c] = Float.intBitsToFloat(bits & hit);
    left &= ~hit;
    g[o] = Float.intBitsToFloat(Float.floatToRawIntBits(gi) & left);
  }

  @Override
  protected void sgdRange(float[] p, float[] g, int from, int to, float lr) {
    for (int i = from; i < to; i++) {
      p[i] = p[i] - lr * g[i];
    }
  }

  @Override
  protected void adamRange(
      float[] p, float[] g, float[] m, float[] v, int from, int to, float alpha, float beta1,
      float beta2, float epsilon) {
    float oneMinusBeta1 = 1f - beta1;
    float oneMinusBeta2 = 1f - beta2;
    for (int i = from; i < to; i++) {
      float gi = g[i];
      float mi = m[i] + (gi - m[i]) * oneMinusBeta1;
      float vi = v[i] + (gi * gi - v[i]) * oneMinusBeta2;
      m[i] = mi;
      v[i] = vi;
      p[i] = p[i] - (mi * alpha) / ((float) Math.sqrt(vi) + epsilon);
    }
  }

  @Override
  protected void flushSubnormalsRange(float[] x, int from, int to) {
    for (int i = from; i < to; i++) {
      x[i] = FloatMath.flushSubnormal(x[i]);
    }
  }

  @Override
  protected void clipRange(float[] x, int from, int to, float limit) {
    for (int i = from; i < to; i++) {
      x[i] = Math.min(Math.max(x[i], -limit), limit);
    }
  }

  @Override
  protected void scaleRange(float[] x, int from, int to, float factor) {
    for (int i = from; i < to; i++) {
      x[i] = x[i] * factor;
    }
  }

  @Override
  protected void unsignedByteValues(byte[] src, int srcOff, float divisor, float[] dst,
      int dstOff, int len) {
    for (int i = 0; i < len; i++) {
      dst[dstOff + i] = (src[srcOff + i] & 0xff) / divisor;
    }
  }

  @Override
  protected void decayRange(float[] p, int from, int to, float rate) {
    for (int i = from; i < to; i++) {
      p[i] = p[i] - p[i] * rate;
    }
  }

  @Override
  protected void momentumRange(
      float[] p, float[] g, float[] m, int from, int to, float lr, float momentum,
      boolean nesterov) {
    for (int i = from; i < to; i++) {
      float mi = m[i] * momentum - g[i] * lr;
      m[i] = mi;
      p[i] = nesterov ? p[i] + (mi * momentum - g[i] * lr) : p[i] + mi;
    }
  }

  @Override
  protected void adagradRange(float[] p, float[] g, float[] acc, int from, int to, float lr,
      float epsilon) {
    for (int i = from; i < to; i++) {
      float a = acc[i] + g[i] * g[i];
      acc[i] = a;
      p[i] = p[i] - (lr * g[i]) / (float) Math.sqrt(a + epsilon);
    }
  }

  @Override
  protected void rmspropRange(
      float[] p, float[] g, float[] v, float[] a, float[] m, int from, int to, float lr, float rho,
      float momentum, float epsilon) {
    float oneMinusRho = 1f - rho;
    for (int i = from; i < to; i++) {
      float gi = g[i];
      float vi = rho * v[i] + oneMinusRho * (gi * gi);
      v[i] = vi;
      float denominator;
      if (a != null) {
        float ai = rho * a[i] + oneMinusRho * gi;
        a[i] = ai;
        denominator = vi - ai * ai + epsilon;
      } else {
        denominator = vi + epsilon;
      }
      float increment = (lr * gi) / (float) Math.sqrt(denominator);
      if (m != null) {
        float mi = momentum * m[i] + increment;
        m[i] = mi;
        p[i] = p[i] - mi;
      } else {
        p[i] = p[i] - increment;
      }
    }
  }

  @Override
  protected double l1l2Range(float[] w, int off, int len, float l1, float l2, float[] g, int gOff) {
    double abs = 0;
    double squares = 0;
    float twoL2 = 2f * l2;
    for (int i = 0; i < len; i++) {
      float x = w[off + i];
      abs += Math.abs(x);
      squares += (double) x * x;
      if (g != null) {
        float sign = x > 0f ? 1f : (x < 0f ? -1f : 0f);
        g[gOff + i] = g[gOff + i] + (l1 * sign + twoL2 * x);
      }
    }
    return l1 * abs + l2 * squares;
  }

  @Override
  public float fmaPeak(long steps) {
    float a0 = 1f, a1 = 1.1f, a2 = 1.2f, a3 = 1.3f, a4 = 1.4f, a5 = 1.5f, a6 = 1.6f, a7 = 1.7f;
    final float x = 0.9999999f;
    final float y = 1e-7f;
    for (long i = 0; i < steps; i++) {
      a0 = Math.fma(a0, x, y);
      a1 = Math.fma(a1, x, y);
      a2 = Math.fma(a2, x, y);
      a3 = Math.fma(a3, x, y);
      a4 = Math.fma(a4, x, y);
      a5 = Math.fma(a5, x, y);
      a6 = Math.fma(a6, x, y);
      a7 = Math.fma(a7, x, y);
    }
    return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
  }

  @Override
  public long fmaPeakFlopsPerStep() {
    return 8 * 2;
  }

  // ---- dropout ---------------------------------------------------------------------------------

  /** SplitMix64's increment: its state advances by this per value ({@code Seeds.mix}'s too). */
  public static final long GOLDEN = 0x9E3779B97F4A7C15L;

  /** SplitMix64's finaliser's first multiplier. */
  public static final long MIX1 = 0xBF58476D1CE4E5B9L;

  /** SplitMix64's finaliser's second multiplier. */
  public static final long MIX2 = 0x94D049BB133111EBL;

  @Override
  protected void dropoutMaskRange(
      float[] mask, int off, int len, long key, long base, float rate, float keep) {
    long threshold = keepThreshold(rate);
    for (int i = 0; i < len; i++) {
      long z = key + (base + i + 1) * GOLDEN;
      z = (z ^ (z >>> 30)) * MIX1;
      z = (z ^ (z >>> 27)) * MIX2;
      // mix's last step, z ^ (z >>> 31), leaves the top 33 bits as they are: skipped.
      mask[off + i] = z >>> 40 >= threshold ? keep : 0f;
    }
  }
}
