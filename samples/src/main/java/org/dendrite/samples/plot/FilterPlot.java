package org.dendrite.samples.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.dendrite.runtime.TensorView;

/**
 * What a convolution's first layer learned, as people look at it: its filters, each drawn as a
 * small picture of its weights (red positive, blue negative, white zero, on one scale for all),
 * and the feature maps they make of one image after ReLU (each map on its own scale, dark
 * where it responds), beside the image itself.
 */
public final class FilterPlot {
  private static final int FILTER_PIXEL = 12;
  private static final int MAP_PIXEL = 3;
  private static final int COLUMNS = 8;
  private static final int PAD = 12;
  private static final int TOP = 46;
  private static final int HEADING = 28;

  private FilterPlot() {}

  /**
   * The ReLU feature maps of a one-channel convolution with VALID padding and stride 1:
   * {@code [(side − FH + 1) × (side − FW + 1) × F]}, channels last, computed directly from the
   * kernel {@code [FH][FW][1][F]} and bias {@code [F]}.
   *
   * @throws IllegalArgumentException if the kernel is not [FH][FW][1][F] with its bias, or the
   *     image is not {@code side × side}
   */
  public static float[] featureMaps(float[] image, int side, TensorView kernel, TensorView bias) {
    int[] k = kernel.shape();
    if (k.length != 4 || k[2] != 1 || bias.size() != k[3]) {
      throw new IllegalArgumentException("a one-channel kernel [FH][FW][1][F] and its bias [F]"
          + " expected, got " + kernel.name() + " " + java.util.Arrays.toString(k) + " and "
          + bias.name() + " [" + bias.size() + "]");
    }
    if (image.length != side * side || k[0] > side || k[1] > side) {
      throw new IllegalArgumentException("an image of " + side + " × " + side + " expected for "
          + k[0] + " × " + k[1] + " filters, got " + image.length + " pixels");
    }
    int fh = k[0];
    int fw = k[1];
    int filters = k[3];
    int oh = side - fh + 1;
    int ow = side - fw + 1;
    float[] kernelValues = new float[kernel.size()];
    for (int i = 0; i < kernelValues.length; i++) {
      kernelValues[i] = kernel.get(i);
    }
    float[] maps = new float[oh * ow * filters];
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        for (int f = 0; f < filters; f++) {
          float sum = bias.get(f);
          for (int dy = 0; dy < fh; dy++) {
            for (int dx = 0; dx < fw; dx++) {
              sum += image[(y + dy) * side + x + dx] * kernelValues[(dy * fw + dx) * filters + f];
            }
          }
          maps[(y * ow + x) * filters + f] = Math.max(0f, sum);
        }
      }
    }
    return maps;
  }

  /**
   * Draws the filters of {@code kernel} ({@code [FH][FW][1][F]}) in rows of eight, then the
   * image and its {@code maps} (from {@link #featureMaps}).
   */
  public static BufferedImage render(String title, TensorView kernel, float[] image, int side,
      float[] maps) {
    int[] k = kernel.shape();
    int fh = k[0];
    int fw = k[1];
    int filters = k[3];
    int oh = side - fh + 1;
    int ow = side - fw + 1;
    if (maps.length != oh * ow * filters) {
      throw new IllegalArgumentException(maps.length + " feature-map values for " + filters
          + " maps of " + oh + " × " + ow);
    }
    int rows = (filters + COLUMNS - 1) / COLUMNS;
    int mapCell = Math.max(ow * MAP_PIXEL, fw * FILTER_PIXEL) + PAD;
    int mapRowHeight = Math.max(oh * MAP_PIXEL, fh * FILTER_PIXEL) + PAD;
    int imageWidth = side * MAP_PIXEL + 2 * PAD;
    int width = imageWidth + COLUMNS * mapCell + PAD;
    int filtersTop = TOP + HEADING;
    int mapsTop = filtersTop + rows * (fh * FILTER_PIXEL + PAD) + HEADING;
    int height = mapsTop + rows * mapRowHeight + PAD;
    BufferedImage canvas = Canvas.image(width, height);
    Graphics2D g = Canvas.white(canvas);
    try {
      g.setFont(Canvas.TITLE);
      g.setColor(Canvas.TEXT);
      Canvas.centred(g, title, width / 2.0, 28);
      g.setFont(Canvas.AXIS);
      float largest = 1e-12f;
      for (int i = 0; i < kernel.size(); i++) {
        largest = Math.max(largest, Math.abs(kernel.get(i)));
      }
      g.drawString("Filters (red > 0 > blue, one scale: ±" + String.format(java.util.Locale.ROOT,
          "%.3f", largest) + ")", imageWidth, filtersTop - 8);
      for (int f = 0; f < filters; f++) {
        int x0 = imageWidth + (f % COLUMNS) * mapCell;
        int y0 = filtersTop + (f / COLUMNS) * (fh * FILTER_PIXEL + PAD);
        for (int dy = 0; dy < fh; dy++) {
          for (int dx = 0; dx < fw; dx++) {
            g.setColor(diverging(kernel.get((dy * fw + dx) * filters + f) / largest));
            g.fillRect(x0 + dx * FILTER_PIXEL, y0 + dy * FILTER_PIXEL, FILTER_PIXEL,
                FILTER_PIXEL);
          }
        }
        g.setColor(Canvas.FRAME);
        g.drawRect(x0, y0, fw * FILTER_PIXEL, fh * FILTER_PIXEL);
      }
      g.setColor(Canvas.TEXT);
      g.drawString("The image", PAD, mapsTop - 8);
      g.drawImage(grey(image, side, side, 1, 0, 1f), PAD, mapsTop, side * MAP_PIXEL,
          side * MAP_PIXEL, null);
      g.drawString("Its 32 feature maps after ReLU (each on its own scale)", imageWidth,
          mapsTop - 8);
      for (int f = 0; f < filters; f++) {
        float top = 1e-12f;
        for (int p = 0; p < oh * ow; p++) {
          top = Math.max(top, maps[p * filters + f]);
        }
        int x0 = imageWidth + (f % COLUMNS) * mapCell;
        int y0 = mapsTop + (f / COLUMNS) * mapRowHeight;
        g.drawImage(grey(maps, ow, oh, filters, f, top), x0, y0, ow * MAP_PIXEL,
            oh * MAP_PIXEL, null);
      }
    } finally {
      g.dispose();
    }
    return canvas;
  }

  /** Channel {@code c} of a channels-last image, {@code top} and above darkest. */
  private static BufferedImage grey(float[] values, int w, int h, int channels, int c,
      float top) {
    BufferedImage picture = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int p = 0; p < w * h; p++) {
      float v = Math.max(0f, Math.min(1f, values[p * channels + c] / top));
      int grey = Math.round(255 * (1 - v));
      picture.setRGB(p % w, p / w, grey << 16 | grey << 8 | grey);
    }
    return picture;
  }

  /** White at 0, saturating to red at +1 and blue at −1. */
  private static Color diverging(float t) {
    float a = Math.max(0f, Math.min(1f, Math.abs(t)));
    int fade = Math.round(255 * (1 - a));
    return t >= 0 ? new Color(255, fade, fade) : new Color(fade, fade, 255);
  }
}
