package org.dendrite.samples.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import org.dendrite.runtime.plot.ChartStyle;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A regression model's predictions against the true values, one dot per sample, with the
 * diagonal of perfect predictions: the further a dot from the line, the larger its error. Drawn
 * with XChart in the runtime's {@link ChartStyle}, as {@code HistoryPlot} draws.
 */
public final class PredictionPlot {
  private static final Color BLUE = new Color(0x1f, 0x77, 0xb4, 0x90);
  private static final Color ORANGE = new Color(0xff, 0x7f, 0x0e);

  private PredictionPlot() {}

  /**
   * Draws {@code predicted[i]} against {@code actual[i]}.
   *
   * @throws IllegalArgumentException if the arrays differ in length or are empty
   */
  public static BufferedImage render(String title, double[] actual, double[] predicted) {
    if (actual.length != predicted.length || actual.length == 0) {
      throw new IllegalArgumentException(actual.length + " true values and " + predicted.length
          + " predictions");
    }
    XYChart chart = ChartStyle.xyChart(640, 600, title, "True value", "Predicted value");
    XYStyler s = chart.getStyler();
    s.setMarkerSize(5);

    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < actual.length; i++) {
      lo = Math.min(lo, Math.min(actual[i], predicted[i]));
      hi = Math.max(hi, Math.max(actual[i], predicted[i]));
    }
    // The same range on both axes, so that the diagonal is at 45°.
    double pad = (hi - lo) * 0.03 + 1e-9;
    s.setXAxisMin(lo - pad);
    s.setXAxisMax(hi + pad);
    s.setYAxisMin(lo - pad);
    s.setYAxisMax(hi + pad);

    XYSeries dots = chart.addSeries("Test samples (" + actual.length + ")", actual, predicted);
    dots.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    dots.setMarker(SeriesMarkers.CIRCLE);
    dots.setMarkerColor(BLUE);
    XYSeries line = chart.addSeries("Perfect prediction", new double[] {lo - pad, hi + pad},
        new double[] {lo - pad, hi + pad});
    line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    line.setMarker(SeriesMarkers.NONE);
    line.setLineColor(ORANGE);
    line.setLineStyle(new BasicStroke(2f));
    return BitmapEncoder.getBufferedImage(chart);
  }
}
