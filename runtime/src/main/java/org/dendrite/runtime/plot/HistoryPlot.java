package org.dendrite.runtime.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.dendrite.runtime.train.EpochResult;
import org.dendrite.runtime.train.History;

/**
 * Draws a {@link History} as the Keras textbook does: one panel per quantity (loss, then each
 * metric) side by side, epochs from 1 on the x axis, training values as dots and validation values
 * as a line, with a title, axis labels and a legend.
 *
 * <pre>{@code
 * History history = trainer.fit(train, validation);
 * HistoryPlot.of(history).write(Path.of("history.png"));   // loss | accuracy
 * }</pre>
 *
 * <p>Needs XChart on the class path ({@value #XCHART_COORDINATES}), which the runtime declares
 * optional; without it every drawing method throws an {@link IllegalStateException} saying what
 * to add. Drawing works without a display: if {@code java.awt.headless} is not set, it is set to
 * {@code true} before the first chart is drawn.
 */
public final class HistoryPlot {
  /** The Maven coordinates of the XChart version the runtime is built and tested with. */
  public static final String XCHART_COORDINATES = "org.knowm.xchart:xchart:4.0.3";

  private final History history;
  private List<String> quantities;
  private int panelWidth = 640;
  private int panelHeight = 480;

  private HistoryPlot(History history) {
    this.history = Objects.requireNonNull(history, "history");
  }

  /** A plot of {@code history}, by default of {@code loss} and every logged metric. */
  public static HistoryPlot of(History history) {
    return new HistoryPlot(history);
  }

  /**
   * The quantities to draw, one panel each, by their training name ({@code loss},
   * {@code accuracy}); each panel also draws the {@code val_} values if they were logged.
   */
  public HistoryPlot quantities(String... names) {
    if (names.length == 0) {
      throw new IllegalArgumentException("no quantity to plot");
    }
    this.quantities = List.of(names);
    return this;
  }

  /** The size of one panel in pixels; default 640 × 480. */
  public HistoryPlot panelSize(int width, int height) {
    if (width < 100 || height < 100) {
      throw new IllegalArgumentException("a panel needs at least 100 × 100 pixels, got "
          + width + " × " + height);
    }
    this.panelWidth = width;
    this.panelHeight = height;
    return this;
  }

  /**
   * The panels drawn side by side in one image of {@code panels × width} by {@code height}.
   *
   * @throws IllegalStateException if XChart is not on the class path, or no epoch ran
   * @throws IllegalArgumentException if a chosen quantity was not logged
   */
  public BufferedImage render() {
    requireXChart();
    List<EpochResult> epochs = history.epochs();
    if (epochs.isEmpty()) {
      throw new IllegalStateException("the history has no epoch to plot");
    }
    ensureHeadless();
    List<String> names = quantities != null ? quantities : defaultQuantities(epochs);
    BufferedImage image = new BufferedImage(names.size() * panelWidth, panelHeight,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      for (int i = 0; i < names.size(); i++) {
        String name = names.get(i);
        double[] train = values(epochs, name);
        if (train == null) {
          throw new IllegalArgumentException("the history logged no '" + name + "'; it logged "
              + epochs.get(0).logs().keySet());
        }
        BufferedImage panel = XChartPanels.draw(label(name), train, values(epochs, "val_" + name),
            epochs.get(0).epoch(), panelWidth, panelHeight);
        g.drawImage(panel, i * panelWidth, 0, null);
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  /** Sets {@code java.awt.headless} if it is unset, so that drawing works without a display. */
  static void ensureHeadless() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /**
   * Writes the panels as a PNG file, creating its folder if needed.
   *
   * @throws IOException if the file cannot be written (the message names it)
   * @throws IllegalStateException if XChart is not on the class path, or no epoch ran
   */
  public void write(Path png) throws IOException {
    Png.write(render(), png);
  }

  /** {@code loss} and every other logged key but {@code val_*} and {@code learning_rate}. */
  static List<String> defaultQuantities(List<EpochResult> epochs) {
    Set<String> names = new LinkedHashSet<>();
    names.add("loss");
    for (EpochResult e : epochs) {
      for (String key : e.logs().keySet()) {
        if (!key.startsWith("val_") && !key.equals("learning_rate")) {
          names.add(key);
        }
      }
    }
    return new ArrayList<>(names);
  }

  /**
   * One value per epoch, or null if no epoch logged it. NaN stands for an epoch that did not log
   * it and for an infinite value (a diverged run), which XChart refuses: both are gaps.
   */
  private static double[] values(List<EpochResult> epochs, String name) {
    double[] v = new double[epochs.size()];
    boolean any = false;
    for (int i = 0; i < v.length; i++) {
      Double x = epochs.get(i).logs().get(name);
      v[i] = x == null || Double.isInfinite(x) ? Double.NaN : x;
      any |= x != null;
    }
    return any ? v : null;
  }

  /** An axis label: {@code loss} → Loss, {@code mae} → MAE, {@code top_5_accuracy} → Top 5 accuracy. */
  static String label(String name) {
    if (name.length() <= 4 && !name.equals("loss") && name.indexOf('_') < 0) {
      return name.toUpperCase(Locale.ROOT);
    }
    String spaced = name.replace('_', ' ');
    return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
  }

  private static void requireXChart() {
    try {
      Class.forName("org.knowm.xchart.XYChart", false, HistoryPlot.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException(missingXChartMessage(), e);
    }
  }

  /** What to do when XChart is missing: the text of the exception {@link #render()} throws. */
  static String missingXChartMessage() {
    return "HistoryPlot draws with XChart, which is not on the class path. The Dendrite runtime "
        + "declares it optional; add the dependency " + XCHART_COORDINATES
        + " to your build (Maven: groupId org.knowm.xchart, artifactId xchart, version "
        + XCHART_COORDINATES.substring(XCHART_COORDINATES.lastIndexOf(':') + 1) + ").";
  }
}
