package org.dendrite.runtime.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * With {@link ChartStyle}, the only classes that touch XChart: {@link HistoryPlot} checks that
 * XChart is present before loading them, so the runtime works without XChart until something is
 * plotted.
 */
final class XChartPanels {
  /** Matplotlib's default blue, the colour of the textbook's "bo" and "b" curves. */
  private static final Color BLUE = new Color(0x1f, 0x77, 0xb4);

  private XChartPanels() {}

  /**
   * One panel: training values as dots, validation values (if not null) as a line, against
   * epochs counted from 1 + {@code firstEpoch}.
   */
  static BufferedImage draw(String label, double[] train, double[] validation, int firstEpoch,
      int width, int height) {
    // Mid-sentence the label loses its capital, unless it is an acronym such as MAE.
    String lower = label.equals(label.toUpperCase(Locale.ROOT)) ? label
        : Character.toLowerCase(label.charAt(0)) + label.substring(1);
    XYChart chart = ChartStyle.xyChart(width, height,
        (validation == null ? "Training " : "Training and validation ") + lower, "Epochs", label);
    XYStyler s = chart.getStyler();
    // Dots shrink as epochs get denser, so long runs stay a row of points, not a smear.
    s.setMarkerSize(train.length <= 30 ? 8 : train.length <= 100 ? 5 : 3);
    s.setXAxisDecimalPattern("0");

    double[] epochs = epochAxis(firstEpoch, train.length);
    XYSeries t = chart.addSeries("Training " + lower, epochs, train);
    t.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    t.setMarker(SeriesMarkers.CIRCLE);
    t.setMarkerColor(BLUE);
    if (validation != null) {
      XYSeries v = chart.addSeries("Validation " + lower, epochs, validation);
      v.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      v.setMarker(SeriesMarkers.NONE);
      v.setLineColor(BLUE);
      v.setLineStyle(new BasicStroke(2f));
    }
    return BitmapEncoder.getBufferedImage(chart);
  }

  /**
   * The x values of {@code count} epochs from {@code 1 + firstEpoch}. XChart labels an axis of
   * equally spaced values at every k-th value, for the smallest k whose labels fit with 10 % to
   * spare: past about 30 epochs that gives odd steps (1, 4, 7, …) and labels that run together.
   * Values not equally spaced get its round steps (10, 20, …) instead, so the last epoch moves
   * by a thousandth, which no panel size shows.
   */
  static double[] epochAxis(int firstEpoch, int count) {
    double[] epochs = new double[count];
    for (int i = 0; i < count; i++) {
      epochs[i] = firstEpoch + i + 1;
    }
    if (count > 2) {
      epochs[count - 1] += 1e-3;
    }
    return epochs;
  }
}
