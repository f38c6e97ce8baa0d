package org.dendrite.samples.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;
import org.dendrite.runtime.metric.ConfusionMatrix;

/**
 * A confusion matrix as scikit-learn's {@code ConfusionMatrixDisplay} draws it: true classes down,
 * predicted classes across, the count in every cell. Cells are shaded by the share of their row
 * (the recall on the diagonal), so that classes of different sizes compare, with a colour bar.
 */
public final class ConfusionMatrixPlot {
  private static final int CELL = 58;
  private static final int TOP = 64;
  private static final int RIGHT = 130;
  private static final int GAP = 8;

  private ConfusionMatrixPlot() {}

  /**
   * Draws {@code matrix} with one name per class.
   *
   * @throws IllegalArgumentException if the number of names differs from the classes'
   */
  public static BufferedImage render(ConfusionMatrix matrix, List<String> classNames,
      String title) {
    int n = matrix.classes();
    if (classNames.size() != n) {
      throw new IllegalArgumentException(classNames.size() + " class names for " + n
          + " classes");
    }
    // Margins fit the longest class name: beside the rows, and turned 45° under the columns.
    BufferedImage probe = Canvas.image(1, 1);
    Graphics2D pg = probe.createGraphics();
    pg.setFont(Canvas.TICK);
    FontMetrics tm = pg.getFontMetrics();
    int longest = 0;
    for (String name : classNames) {
      longest = Math.max(longest, tm.stringWidth(name));
    }
    pg.dispose();
    int left = longest + GAP + 44;
    int bottom = (int) Math.ceil(longest * Math.sqrt(0.5)) + GAP + 56;
    int side = n * CELL;
    BufferedImage image = Canvas.image(left + side + RIGHT, TOP + side + bottom);
    Graphics2D g = Canvas.white(image);
    try {
      g.setFont(Canvas.TITLE);
      g.setColor(Canvas.TEXT);
      Canvas.centred(g, title, left + side / 2.0, 30);

      long[][] counts = matrix.counts();
      g.setFont(Canvas.TICK);
      for (int a = 0; a < n; a++) {
        long support = matrix.support(a);
        for (int p = 0; p < n; p++) {
          double share = support == 0 ? 0 : (double) counts[a][p] / support;
          Color c = Canvas.BLUES_MAP.at(share);
          int x = left + p * CELL;
          int y = TOP + a * CELL;
          g.setColor(c);
          g.fillRect(x, y, CELL, CELL);
          g.setColor(Canvas.textOn(c));
          Canvas.centredAt(g, Long.toString(counts[a][p]), x + CELL / 2.0, y + CELL / 2.0);
        }
      }
      g.setColor(Canvas.FRAME);
      g.setStroke(new BasicStroke(1f));
      g.drawRect(left, TOP, side, side);

      g.setColor(Canvas.TEXT);
      for (int c = 0; c < n; c++) {
        Canvas.rightAligned(g, classNames.get(c), left - GAP, TOP + c * CELL + CELL / 2.0);
        // Column names run down-left from their column's centre, turned 45°.
        AffineTransform saved = g.getTransform();
        g.translate(left + c * CELL + CELL / 2.0 + 4, TOP + side + GAP);
        g.rotate(-Math.PI / 4);
        FontMetrics m = g.getFontMetrics();
        g.drawString(classNames.get(c), -m.stringWidth(classNames.get(c)), m.getAscent() / 2f);
        g.setTransform(saved);
      }
      g.setFont(Canvas.AXIS);
      Canvas.centred(g, "Predicted class", left + side / 2.0, image.getHeight() - 16);
      Canvas.vertical(g, "True class", 20, TOP + side / 2.0);

      Canvas.colourBar(g, Canvas.BLUES_MAP, left + side + 20, TOP, 20, side, 0, 1,
          new double[] {0, 0.2, 0.4, 0.6, 0.8, 1}, "%.1f", "Share of the true class");
    } finally {
      g.dispose();
    }
    return image;
  }
}
