package org.dendrite.samples.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A regression model's predictions against the true values, one dot per sample, with the
 * diagonal of perfect predictions: the further a dot from the line, the larger its error. Drawn
 * with XChart in the style of the runtime's {@code HistoryPlot}.
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
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    XYChart chart = new XYChartBuilder().width(640).height(600).title(title)
        .xAxisTitle("True value").yAxisTitle("Predicted value").build();
    XYStyler s = chart.getStyler();
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderColor(Color.GRAY);
    s.setPlotGridLinesColor(new Color(0xe0, 0xe0, 0xe0));
    s.setChartTitleBoxVisible(false);
    s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    s.setLegendPosition(Styler.LegendPosition.OutsideS);
    s.setLegendLayout(Styler.LegendLayout.Vertical);
    s.setLegendBorderColor(Color.WHITE);
    s.setMarkerSize(5);
    s.setAntiAlias(true);
    s.setTextAntiAlias(true);

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
