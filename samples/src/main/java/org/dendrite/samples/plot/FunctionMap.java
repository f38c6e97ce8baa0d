package org.dendrite.samples.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;

/**
 * Heat maps of functions of two inputs over the unit square, side by side with one shared colour
 * bar: each panel colours every pixel by the function's value, draws the contour where the value
 * crosses the middle of the colour scale, and marks labelled points (training samples with their
 * targets).
 */
public final class FunctionMap {
  private static final int PLOT = 360;
  private static final int LEFT = 80;
  private static final int RIGHT = 30;
  private static final int TOP = 64;
  private static final int BOTTOM = 96;
  private static final int BAR_WIDTH = 20;
  private static final int BAR_SPACE = 110;
  private static final int POINT_RADIUS = 11;

  /** A sample to mark: its inputs and the label written in its circle. */
  public record Point(double x, double y, String label) {}

  /** One panel: a title and the function drawn over {@code [0, 1]²}. */
  public record Panel(String title, DoubleBinaryOperator function) {
    public Panel {
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(function, "function");
    }
  }

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final String valueLabel;
  private final double min;
  private final double max;

  /**
   * A map whose colours span {@code [min, max]} (values outside take the end colours).
   *
   * @param title the figure's title, above the panels
   * @param valueLabel what the colour bar measures
   */
  public FunctionMap(String title, String xLabel, String yLabel, String valueLabel, double min,
      double max) {
    if (!(min < max)) {
      throw new IllegalArgumentException("the colour scale needs min < max, got " + min + ", "
          + max);
    }
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.valueLabel = valueLabel;
    this.min = min;
    this.max = max;
  }

  /** Draws the panels side by side, each with the same {@code points}. */
  public BufferedImage render(List<Panel> panels, List<Point> points) {
    if (panels.isEmpty()) {
      throw new IllegalArgumentException("no panel to draw");
    }
    int panelWidth = LEFT + PLOT + RIGHT;
    BufferedImage image = Canvas.image(panels.size() * panelWidth + BAR_SPACE,
        TOP + PLOT + BOTTOM);
    Graphics2D g = Canvas.white(image);
    try {
      g.setFont(Canvas.TITLE);
      g.setColor(Canvas.TEXT);
      Canvas.centred(g, title, image.getWidth() / 2.0, 26);
      for (int i = 0; i < panels.size(); i++) {
        drawPanel(g, panels.get(i), points, i * panelWidth + LEFT, TOP);
      }
      double mid = (min + max) / 2;
      Canvas.colourBar(g, Canvas.VIRIDIS_MAP, panels.size() * panelWidth + 10, TOP, BAR_WIDTH,
          PLOT, min, max, new double[] {min, (min + mid) / 2, mid, (mid + max) / 2, max}, "%.2f",
          valueLabel);
      g.setFont(Canvas.TICK);
      g.setColor(Canvas.TEXT);
      String key = String.format(Locale.ROOT, "Circles: the training points, labelled with their"
          + " target.   White line: %s = %s.", valueLabel.toLowerCase(Locale.ROOT),
          format(mid));
      Canvas.centred(g, key, panels.size() * panelWidth / 2.0, image.getHeight() - 14);
    } finally {
      g.dispose();
    }
    return image;
  }

  private void drawPanel(Graphics2D g, Panel panel, List<Point> points, int x0, int y0) {
    // One value per pixel, x to the right and y upwards, sampled at pixel centres.
    double[][] values = new double[PLOT][PLOT];
    for (int row = 0; row < PLOT; row++) {
      double y = 1 - (row + 0.5) / PLOT;
      for (int col = 0; col < PLOT; col++) {
        values[row][col] = panel.function().applyAsDouble((col + 0.5) / PLOT, y);
      }
    }
    BufferedImage pixels = new BufferedImage(PLOT, PLOT, BufferedImage.TYPE_INT_RGB);
    double mid = (min + max) / 2;
    for (int row = 0; row < PLOT; row++) {
      for (int col = 0; col < PLOT; col++) {
        double v = values[row][col];
        boolean contour = crosses(values, row, col, mid);
        Color c = contour ? Color.WHITE : Canvas.VIRIDIS_MAP.at((v - min) / (max - min));
        pixels.setRGB(col, row, c.getRGB());
      }
    }
    g.drawImage(pixels, x0, y0, null);

    g.setColor(Canvas.FRAME);
    g.setStroke(new BasicStroke(1f));
    g.drawRect(x0, y0, PLOT, PLOT);
    g.setFont(Canvas.TICK);
    for (int i = 0; i <= 4; i++) {
      double t = i / 4.0;
      int px = x0 + (int) Math.round(t * PLOT);
      int py = y0 + PLOT - (int) Math.round(t * PLOT);
      g.setColor(Canvas.FRAME);
      g.drawLine(px, y0 + PLOT, px, y0 + PLOT + 5);
      g.drawLine(x0 - 5, py, x0, py);
      g.setColor(Canvas.TEXT);
      // Clear of the circles that mark points on the frame.
      String label = format(t);
      Canvas.centred(g, label, px, y0 + PLOT + POINT_RADIUS + 16);
      Canvas.rightAligned(g, label, x0 - POINT_RADIUS - 4, py);
    }
    g.setFont(Canvas.AXIS);
    Canvas.centred(g, xLabel, x0 + PLOT / 2.0, y0 + PLOT + POINT_RADIUS + 40);
    Canvas.vertical(g, yLabel, x0 - 58, y0 + PLOT / 2.0);
    g.setFont(Canvas.TITLE.deriveFont(14f));
    Canvas.centred(g, panel.title(), x0 + PLOT / 2.0, y0 - 12);

    for (Point p : points) {
      int cx = x0 + (int) Math.round(p.x() * PLOT);
      int cy = y0 + PLOT - (int) Math.round(p.y() * PLOT);
      g.setColor(Color.WHITE);
      g.fillOval(cx - POINT_RADIUS, cy - POINT_RADIUS, 2 * POINT_RADIUS, 2 * POINT_RADIUS);
      g.setColor(Canvas.TEXT);
      g.setStroke(new BasicStroke(1.5f));
      g.drawOval(cx - POINT_RADIUS, cy - POINT_RADIUS, 2 * POINT_RADIUS, 2 * POINT_RADIUS);
      g.setFont(Canvas.TICK.deriveFont(java.awt.Font.BOLD));
      Canvas.centredAt(g, p.label(), cx, cy);
    }
  }

  /** Whether the value crosses {@code level} between this pixel and its right or lower one. */
  private static boolean crosses(double[][] v, int row, int col, double level) {
    boolean above = v[row][col] >= level;
    return col + 1 < v[row].length && (v[row][col + 1] >= level) != above
        || row + 1 < v.length && (v[row + 1][col] >= level) != above;
  }

  private static String format(double v) {
    String s = String.format(Locale.ROOT, "%.2f", v);
    return s.replaceFirst("0+$", "").replaceFirst("\\.$", "");
  }
}
