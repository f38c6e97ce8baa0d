package org.dendrite.samples.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.dendrite.runtime.plot.Png;

/**
 * Java 2D helpers shared by the samples' pictures: a white anti-aliased canvas, text placed by
 * its centre, colour maps, a colour bar, PNG output. Fonts and colours follow the runtime's
 * {@code HistoryPlot}, so that the pictures of one run look alike.
 */
public final class Canvas {
  /** Titles. */
  static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
  /** Axis titles. */
  static final Font AXIS = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
  /** Tick labels and cell values. */
  static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  static final Color TEXT = new Color(0x20, 0x20, 0x20);
  static final Color FRAME = Color.GRAY;

  /** Matplotlib's viridis at nine stops: perceptually uniform and readable by the colour-blind. */
  private static final int[] VIRIDIS = {
    0x440154, 0x472c7a, 0x3b518b, 0x2c718e, 0x21908d, 0x27ad81, 0x5cc863, 0xaadc32, 0xfde725
  };
  /** Matplotlib's Blues at nine stops, as scikit-learn's confusion matrices use it. */
  private static final int[] BLUES = {
    0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x08519c, 0x08306b
  };

  private Canvas() {}

  /** A colour map: a value in [0, 1] (clamped) to a colour. */
  public interface ColorMap {
    Color at(double t);
  }

  /** Viridis: dark violet at 0 through teal to yellow at 1. */
  public static final ColorMap VIRIDIS_MAP = t -> interpolate(VIRIDIS, t);

  /** Blues: white at 0 to dark blue at 1. */
  public static final ColorMap BLUES_MAP = t -> interpolate(BLUES, t);

  /** A white image with anti-aliased drawing; the caller disposes of the graphics. */
  static Graphics2D white(BufferedImage image) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
        RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    return g;
  }

  /** An RGB image; headless, so that drawing works without a display. */
  static BufferedImage image(int width, int height) {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    return new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
  }

  /**
   * Writes {@code image} as a PNG file, creating its folder if needed.
   *
   * @throws IOException if the file cannot be written (the message names it)
   */
  public static void writePng(BufferedImage image, Path file) throws IOException {
    Png.write(image, file);
  }

  /** Draws {@code text} centred horizontally on {@code x}, its baseline at {@code y}. */
  static void centred(Graphics2D g, String text, double x, double y) {
    FontMetrics m = g.getFontMetrics();
    g.drawString(text, (float) (x - m.stringWidth(text) / 2.0), (float) y);
  }

  /** Draws {@code text} centred on the point {@code (x, y)}, vertically too. */
  static void centredAt(Graphics2D g, String text, double x, double y) {
    FontMetrics m = g.getFontMetrics();
    centred(g, text, x, y + (m.getAscent() - m.getDescent()) / 2.0);
  }

  /** Draws {@code text} right-aligned on {@code x}, centred vertically on {@code y}. */
  static void rightAligned(Graphics2D g, String text, double x, double y) {
    FontMetrics m = g.getFontMetrics();
    g.drawString(text, (float) (x - m.stringWidth(text)),
        (float) (y + (m.getAscent() - m.getDescent()) / 2.0));
  }

  /** Draws {@code text} turned a quarter anticlockwise, centred on {@code (x, y)}. */
  static void vertical(Graphics2D g, String text, double x, double y) {
    AffineTransform saved = g.getTransform();
    g.translate(x, y);
    g.rotate(-Math.PI / 2);
    centredAt(g, text, 0, 0);
    g.setTransform(saved);
  }

  /**
   * A vertical colour bar in the rectangle {@code (x, y, width, height)}: {@code min} at the
   * bottom, {@code max} at the top, ticks at {@code ticks}, and {@code label} along its right.
   */
  static void colourBar(Graphics2D g, ColorMap map, int x, int y, int width, int height,
      double min, double max, double[] ticks, String format, String label) {
    for (int row = 0; row < height; row++) {
      g.setColor(map.at(1 - (row + 0.5) / height));
      g.fillRect(x, y + row, width, 1);
    }
    g.setColor(FRAME);
    g.setStroke(new BasicStroke(1f));
    g.drawRect(x, y, width, height);
    g.setFont(TICK);
    int widest = 0;
    for (double tick : ticks) {
      double ty = y + height * (max - tick) / (max - min);
      g.setColor(FRAME);
      g.drawLine(x + width, (int) Math.round(ty), x + width + 4, (int) Math.round(ty));
      g.setColor(TEXT);
      String text = String.format(Locale.ROOT, format, tick);
      widest = Math.max(widest, g.getFontMetrics().stringWidth(text));
      FontMetrics m = g.getFontMetrics();
      g.drawString(text, x + width + 7, (float) (ty + (m.getAscent() - m.getDescent()) / 2.0));
    }
    g.setFont(AXIS);
    g.setColor(TEXT);
    vertical(g, label, x + width + 7 + widest + 16, y + height / 2.0);
  }

  /** Black or white, whichever reads better on {@code background}. */
  static Color textOn(Color background) {
    double luminance = 0.2126 * background.getRed() + 0.7152 * background.getGreen()
        + 0.0722 * background.getBlue();
    return luminance > 140 ? TEXT : Color.WHITE;
  }

  private static Color interpolate(int[] stops, double t) {
    double clamped = Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t));
    double pos = clamped * (stops.length - 1);
    int i = Math.min((int) pos, stops.length - 2);
    double f = pos - i;
    int a = stops[i];
    int b = stops[i + 1];
    return new Color(
        mix(a >> 16 & 0xff, b >> 16 & 0xff, f),
        mix(a >> 8 & 0xff, b >> 8 & 0xff, f),
        mix(a & 0xff, b & 0xff, f));
  }

  private static int mix(int a, int b, double f) {
    return (int) Math.round(a + (b - a) * f);
  }
}
