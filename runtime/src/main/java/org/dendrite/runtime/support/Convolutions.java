package org.dendrite.runtime.support;

import java.util.Arrays;
import org.dendrite.runtime.kernel.Kernels;

/**
 * The data movement around a convolution's product, for channels-last images: {@link #im2col}
 * lays each output pixel's window out as a row, so that the convolution is one matrix product
 * with the kernel {@code [FH·FW·C][filters]}; {@link #col2im} adds the rows' gradients back into
 * the input's. Plain copies and sums in a fixed order, shared by both kernel paths.
 */
public final class Convolutions {
  /** Window rows shorter than this are copied by a loop rather than by arraycopy. */
  private static final int SHORT_RUN = 16;

  private static final Kernels K = Kernels.get();

  private Convolutions() {}

  /**
   * Writes the windows of {@code n} images from {@code in} at {@code inOffset} into {@code
   * patches} from 0: row {@code (image · OH + y) · OW + x} holds the window at output pixel
   * {@code (y, x)}, {@code [FH][FW][C]} values, with zeros where the window lies in the padding.
   */
  public static void im2col(Window2D g, float[] in, int inOffset, int n, float[] patches) {
    Checks.samples("in", in, inOffset, n, g.inputSize());
    Checks.samples("patches", patches, 0, n, g.outputPixels() * g.depth());
    int h = g.height();
    int w = g.width();
    int c = g.channels();
    int fh = g.windowHeight();
    int fw = g.windowWidth();
    int run = fw * c; // one window row: contiguous in the input when inside it
    int p = 0;
    for (int b = 0; b < n; b++) {
      int image = inOffset + b * g.inputSize();
      for (int oy = 0; oy < g.outHeight(); oy++) {
        int y0 = oy * g.strideY() - g.padTop();
        for (int ox = 0; ox < g.outWidth(); ox++) {
          int x0 = ox * g.strideX() - g.padLeft();
          boolean inside = x0 >= 0 && x0 + fw <= w;
          for (int ky = 0; ky < fh; ky++) {
            int y = y0 + ky;
            if (y < 0 || y >= h) {
              Arrays.fill(patches, p, p + run, 0f);
            } else if (inside && run < SHORT_RUN) {
              // A few values (a one-channel input's window row): a call to arraycopy costs more.
              int from = image + (y * w + x0) * c;
              for (int i = 0; i < run; i++) {
                patches[p + i] = in[from + i];
              }
            } else if (inside) {
              System.arraycopy(in, image + (y * w + x0) * c, patches, p, run);
            } else {
              for (int kx = 0; kx < fw; kx++) {
                int x = x0 + kx;
                int at = p + kx * c;
                if (x < 0 || x >= w) {
                  Arrays.fill(patches, at, at + c, 0f);
                } else {
                  System.arraycopy(in, image + (y * w + x) * c, patches, at, c);
                }
              }
            }
            p += run;
          }
        }
      }
    }
  }

  /**
   * The gradient of {@link #im2col}: overwrites {@code n} images of {@code gradient} from 0 with
   * the sum, for each input value, of the rows of {@code patches} that copied it (in row order;
   * padding's values are dropped).
   */
  public static void col2im(Window2D g, float[] patches, int n, float[] gradient) {
    Checks.samples("patches", patches, 0, n, g.outputPixels() * g.depth());
    Checks.samples("gradient", gradient, 0, n, g.inputSize());
    int h = g.height();
    int w = g.width();
    int c = g.channels();
    int fh = g.windowHeight();
    int fw = g.windowWidth();
    Arrays.fill(gradient, 0, n * g.inputSize(), 0f);
    int run = fw * c;
    int p = 0;
    // Each gradient value receives its windows' values in the order (oy, ox, ky, kx), as a
    // value-by-value loop would add them: the kernels' additions are element-wise.
    for (int b = 0; b < n; b++) {
      int image = b * g.inputSize();
      for (int oy = 0; oy < g.outHeight(); oy++) {
        int y0 = oy * g.strideY() - g.padTop();
        for (int ox = 0; ox < g.outWidth(); ox++) {
          int x0 = ox * g.strideX() - g.padLeft();
          boolean inside = x0 >= 0 && x0 + fw <= w;
          for (int ky = 0; ky < fh; ky++) {
            int y = y0 + ky;
            if (y >= 0 && y < h && inside) {
              K.accumulate(patches, p, gradient, image + (y * w + x0) * c, run);
            } else if (y >= 0 && y < h) {
              for (int kx = 0; kx < fw; kx++) {
                int x = x0 + kx;
                if (x >= 0 && x < w) {
                  K.accumulate(patches, p + kx * c, gradient, image + (y * w + x) * c, c);
                }
              }
            }
            p += run;
          }
        }
      }
    }
  }
}
