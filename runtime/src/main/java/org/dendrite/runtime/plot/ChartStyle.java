package org.dendrite.runtime.plot;

import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;

/**
 * The look of {@link HistoryPlot}'s panels, for XChart charts of your own that should match
 * them: white background, a light grid, sans-serif fonts, the legend below the plot with one
 * entry per line. Needs XChart ({@value HistoryPlot#XCHART_COORDINATES}) on the class path.
 */
public final class ChartStyle {
  private static final Color GRID = new Color(0xe0, 0xe0, 0xe0);

  private ChartStyle() {}

  /**
   * A new XY chart of {@code width × height} pixels in this style; sets {@code java.awt.headless}
   * first if it is unset, as {@link HistoryPlot} does.
   */
  public static XYChart xyChart(int width, int height, String title, String xAxisTitle,
      String yAxisTitle) {
    HistoryPlot.ensureHeadless();
    XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
        .xAxisTitle(xAxisTitle).yAxisTitle(yAxisTitle).build();
    XYStyler s = chart.getStyler();
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderColor(Color.GRAY);
    s.setPlotGridLinesColor(GRID);
    s.setChartTitleBoxVisible(false);
    s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    // Below the plot, so the legend never hides a point whatever the curves do; one entry per
    // line, as XChart's horizontal layout sets entries almost touching.
    s.setLegendPosition(Styler.LegendPosition.OutsideS);
    s.setLegendLayout(Styler.LegendLayout.Vertical);
    s.setLegendBorderColor(Color.WHITE);
    s.setAntiAlias(true);
    s.setTextAntiAlias(true);
    return chart;
  }
}
