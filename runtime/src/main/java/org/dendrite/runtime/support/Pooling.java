package org.dendrite.runtime.support;

import java.util.Arrays;
import org.dendrite.runtime.kernel.Kernels;
import org.dendrite.runtime.kernel.ScalarKernels;

/**
 * Max and average pooling of channels-last images and their gradients, per channel. A window in
 * the padding reads only the values inside the image: max pooling ignores the padding, average
 * pooling divides by the number of values inside (Keras' {@code padding='same'}). Max pooling's
 * gradient goes to the first largest value of its window in row-major order. The per-channel
 * steps run on the selected {@link Kernels}; every sum in a fixed order.
 */
public final class Pooling {
  private static final Kernels K = Kernels.get();

  /** The scalar twin, for channel runs shorter than {@link #SHORT_RUN}. */
  private static final Kernels SCALAR = new ScalarKernels();

  /**
   * Fewer channels than this (LeNet's 6) go to the scalar twin, whose loop costs less than the
   * vector kernel's set-up for a few values, except in rows of whole windows, whose vector
   * kernels put windows side by side in the lanes; both give the same results.
   */
  private static final int SHORT_RUN = 16;

  private Pooling() {}

  /**
   * The largest value of each window of {@code n} images from {@code in} at {@code inOffset} into
   * {@code out} from 0. Of equal values the first in row-major order is kept, and a NaN never
   * replaces a number (it wins only as a window's first value).
   */
  public static void max(Window2D g, float[] in, int inOffset, int n, float[] out) {
    Checks.samples("in", in, inOffset, n, g.inputSize());
    Checks.samples("out", out, 0, n, (long) g.outputPixels() * g.channels());
    int c = g.channels();
    // A row of whole windows goes to K whatever the channels; a window cut by the padding, pixel
    // by pixel, to k.
    Kernels k = c < SHORT_RUN ? SCALAR : K;
    // The windows wholly inside the image's width, lo ≤ ox < hi, a row of them a kernel call.
    int sx = g.strideX();
    int lo = g.wholeColumnsFrom();
    int hi = g.wholeColumnsTo();
    int o = 0;
    for (int b = 0; b < n; b++) {
      int image = inOffset + b * g.inputSize();
      for (int oy = 0; oy < g.outHeight(); oy++) {
        int y0 = Math.max(oy * g.strideY() - g.padTop(), 0);
        int y1 = Math.min(oy * g.strideY() - g.padTop() + g.windowHeight(), g.height());
        for (int ox = 0; ox < g.outWidth(); ox++) {
          if (ox == lo && hi > lo && y1 > y0) {
            int x0 = lo * sx - g.padLeft();
            K.maxWindows(in, image + (y0 * g.width() + x0) * c, g.width() * c, sx * c, y1 - y0,
                g.windowWidth(), c, out, o, hi - lo);
            o += (hi - lo) * c;
            ox = hi - 1;
            continue;
          }
          int x0 = Math.max(ox * g.strideX() - g.padLeft(), 0);
          int x1 = Math.min(ox * g.strideX() - g.padLeft() + g.windowWidth(), g.width());
          System.arraycopy(in, image + (y0 * g.width() + x0) * c, out, o, c);
          for (int y = y0; y < y1; y++) {
            for (int x = y == y0 ? x0 + 1 : x0; x < x1; x++) {
              k.maxInto(in, image + (y * g.width() + x) * c, out, o, c);
            }
          }
          o += c;
        }
      }
    }
  }

  /**
   * {@link #max}'s gradient: overwrites {@code n} images of {@code gradient} from 0 with zeros,
   * then adds each output's gradient at the first position of its window (row-major, as {@link
   * #max} scans) whose input equals the output: where the max came from. {@code in} and {@code
   * out} are the forward pass's input and output; {@code outGradient} is consumed (each value is
   * zeroed where it is routed), which spares recording where every max came from.
   */
  public static void maxBackward(Window2D g, float[] in, int inOffset, float[] out,
      float[] outGradient, int n, float[] gradient) {
    maxBackward(g, in, inOffset, out, outGradient, n, gradient, false);
  }

  /**
   * {@link #max}'s gradient as {@link #maxBackward(Window2D, float[], int, float[], float[], int,
   * float[])} computes it, and with {@code relu} through the ReLU whose outputs {@code in} holds
   * as well: the bits of {@link Kernels#reluBackward reluBackward(in, gradient)} applied
   * afterwards, at a quarter of the cost for 2×2 windows. A routed pixel holds its window's max,
   * so its ReLU′ is the max's: each output gradient is first zeroed where its max is not above
   * zero ({@code reluBackward} over the pooled values), and the other pixels receive zero either
   * way.
   */
  public static void maxBackward(Window2D g, float[] in, int inOffset, float[] out,
      float[] outGradient, int n, float[] gradient, boolean relu) {
    Checks.samples("in", in, inOffset, n, g.inputSize());
    Checks.samples("out", out, 0, n, (long) g.outputPixels() * g.channels());
    Checks.samples(
        "outGradient", outGradient, 0, n, (long) g.outputPixels() * g.channels());
    Checks.samples("gradient", gradient, 0, n, g.inputSize());
    if (relu) {
      K.reluBackward(out, 0, outGradient, 0, n * g.outputPixels() * g.channels());
    }
    int c = g.channels();
    // As in max: a row of whole windows goes to K whatever the channels, a window cut by the
    // padding to k.
    Kernels k = c < SHORT_RUN ? SCALAR : K;
    int sx = g.strideX();
    int w = g.width();
    // Windows side by side (strides equal to the window) cover each pixel at most once, so the
    // kernels write their pixels (+0 + gradient, the bits of an add to zero) and only the pixels
    // past the last window need zeros; overlapping windows or gaps add into a zeroed gradient.
    boolean overwrite = sx == g.windowWidth() && g.strideY() == g.windowHeight();
    if (!overwrite) {
      Arrays.fill(gradient, 0, n * g.inputSize(), 0f);
    }
    int xEnd = Math.min(w, g.outWidth() * sx - g.padLeft());
    int yEnd = Math.min(g.height(), g.outHeight() * g.strideY() - g.padTop());
    // The windows wholly inside the image's width, lo ≤ ox < hi, a row of them a kernel call;
    // those cut by the padding one call each, in the same window order.
    int lo = g.wholeColumnsFrom();
    int hi = g.wholeColumnsTo();
    int o = 0;
    for (int b = 0; b < n; b++) {
      int image = b * g.inputSize();
      if (overwrite && (xEnd < w || yEnd < g.height())) {
        for (int y = 0; y < yEnd; y++) {
          Arrays.fill(gradient, image + (y * w + xEnd) * c, image + (y + 1) * w * c, 0f);
        }
        Arrays.fill(gradient, image + yEnd * w * c, image + g.inputSize(), 0f);
      }
      for (int oy = 0; oy < g.outHeight(); oy++) {
        int y0 = Math.max(oy * g.strideY() - g.padTop(), 0);
        int y1 = Math.min(oy * g.strideY() - g.padTop() + g.windowHeight(), g.height());
        for (int ox = 0; ox < g.outWidth(); ox++) {
          if (ox == lo && hi > lo) {
            int at = image + (y0 * w + lo * sx - g.padLeft()) * c;
            K.routeMaxWindows(in, inOffset + at, w * c, sx * c, y1 - y0, g.windowWidth(), c, out,
                o, outGradient, o, gradient, at, hi - lo, overwrite);
            o += (hi - lo) * c;
            ox = hi - 1;
            continue;
          }
          int x0 = Math.max(ox * sx - g.padLeft(), 0);
          int x1 = Math.min(ox * sx - g.padLeft() + g.windowWidth(), w);
          int at = image + (y0 * w + x0) * c;
          k.routeMaxWindows(in, inOffset + at, w * c, 0, y1 - y0, x1 - x0, c, out, o,
              outGradient, o, gradient, at, 1, overwrite);
          o += c;
        }
      }
    }
  }

  /**
   * The mean of each window's values inside the image, of {@code n} images from {@code in} at
   * {@code inOffset} into {@code out} from 0.
   */
  public static void average(Window2D g, float[] in, int inOffset, int n, float[] out) {
    Checks.samples("in", in, inOffset, n, g.inputSize());
    Checks.samples("out", out, 0, n, (long) g.outputPixels() * g.channels());
    int c = g.channels();
    int o = 0;
    for (int b = 0; b < n; b++) {
      int image = inOffset + b * g.inputSize();
      for (int oy = 0; oy < g.outHeight(); oy++) {
        int y0 = Math.max(oy * g.strideY() - g.padTop(), 0);
        int y1 = Math.min(oy * g.strideY() - g.padTop() + g.windowHeight(), g.height());
        for (int ox = 0; ox < g.outWidth(); ox++) {
          int x0 = Math.max(ox * g.strideX() - g.padLeft(), 0);
          int x1 = Math.min(ox * g.strideX() - g.padLeft() + g.windowWidth(), g.width());
          Arrays.fill(out, o, o + c, 0f);
          for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
              int at = image + (y * g.width() + x) * c;
              for (int ch = 0; ch < c; ch++) {
                out[o + ch] += in[at + ch];
              }
            }
          }
          float count = (y1 - y0) * (x1 - x0);
          for (int ch = 0; ch < c; ch++) {
            out[o + ch] /= count;
          }
          o += c;
        }
      }
    }
  }

  /**
   * {@link #average}'s gradient: overwrites {@code n} images of {@code gradient} from 0 with the
   * sum over the windows containing each value of their output's gradient over their count.
   */
  public static void averageBackward(Window2D g, float[] outGradient, int n, float[] gradient) {
    Checks.samples(
        "outGradient", outGradient, 0, n, (long) g.outputPixels() * g.channels());
    Checks.samples("gradient", gradient, 0, n, g.inputSize());
    int c = g.channels();
    Arrays.fill(gradient, 0, n * g.inputSize(), 0f);
    int o = 0;
    for (int b = 0; b < n; b++) {
      int image = b * g.inputSize();
      for (int oy = 0; oy < g.outHeight(); oy++) {
        int y0 = Math.max(oy * g.strideY() - g.padTop(), 0);
        int y1 = Math.min(oy * g.strideY() - g.padTop() + g.windowHeight(), g.height());
        for (int ox = 0; ox < g.outWidth(); ox++) {
          int x0 = Math.max(ox * g.strideX() - g.padLeft(), 0);
          int x1 = Math.min(ox * g.strideX() - g.padLeft() + g.windowWidth(), g.width());
          float count = (y1 - y0) * (x1 - x0);
          for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
              int at = image + (y * g.width() + x) * c;
              for (int ch = 0; ch < c; ch++) {
                gradient[at + ch] += outGradient[o + ch] / count;
              }
            }
          }
          o += c;
        }
      }
    }
  }

  /**
   * The mean of each channel over the {@code pixels} pixels of {@code n} images from {@code in}
   * at {@code inOffset} into {@code out} from 0, {@code channels} values per image.
   */
  public static void globalAverage(int pixels, int channels, float[] in, int inOffset, int n,
      float[] out) {
    Checks.samples("in", in, inOffset, n, (long) pixels * channels);
    Checks.samples("out", out, 0, n, channels);
    Arrays.fill(out, 0, n * channels, 0f);
    for (int b = 0; b < n; b++) {
      int image = inOffset + b * pixels * channels;
      int o = b * channels;
      for (int p = 0; p < pixels; p++) {
        for (int ch = 0; ch < channels; ch++) {
          out[o + ch] += in[image + p * channels + ch];
        }
      }
      for (int ch = 0; ch < channels; ch++) {
        out[o + ch] /= pixels;
      }
    }
  }

  /** {@link #globalAverage}'s gradient: each pixel's value gets its channel's gradient / pixels. */
  public static void globalAverageBackward(int pixels, int channels, float[] outGradient, int n,
      float[] gradient) {
    Checks.samples("outGradient", outGradient, 0, n, channels);
    Checks.samples("gradient", gradient, 0, n, (long) pixels * channels);
    for (int b = 0; b < n; b++) {
      for (int p = 0; p < pixels; p++) {
        int at = (b * pixels + p) * channels;
        for (int ch = 0; ch < channels; ch++) {
          gradient[at + ch] = outGradient[b * channels + ch] / pixels;
        }
      }
    }
  }
}
