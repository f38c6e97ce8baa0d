package org.dendrite.runtime.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.imageio.ImageIO;
import org.dendrite.runtime.train.EpochResult;
import org.dendrite.runtime.train.History;
import org.dendrite.runtime.train.HistoryFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HistoryPlot writes a readable PNG of loss and accuracy, and explains a missing XChart. */
class HistoryPlotTest {
  @TempDir
  Path dir;

  @Test
  void writesAPngWithALossAndAnAccuracyPanel() throws IOException {
    Path png = dir.resolve("plots/history.png");
    HistoryPlot.of(HistoryFixtures.overfitting(20)).write(png);
    assertTrue(Files.size(png) > 1000, "a real image, " + Files.size(png) + " bytes");
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(2 * 640, image.getWidth(), "two panels of 640 side by side");
    assertEquals(480, image.getHeight());
    // Each panel draws the curves in the textbook's blue.
    assertTrue(bluePixels(image, 0, 640) > 200, "blue in the loss panel");
    assertTrue(bluePixels(image, 640, 1280) > 200, "blue in the accuracy panel");
    // Keep a copy to look at: target/plots/history.png.
    Path keep = Path.of("target", "plots", "history.png");
    Files.createDirectories(keep.getParent());
    Files.copy(png, keep, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void longHistoriesGetRoundEpochTicks() throws IOException {
    // XChart would label equally spaced epochs 1, 4, 7, … with the labels touching; the axis
    // values are not equally spaced, so it picks round steps, and every point stays in place.
    double[] axis = XChartPanels.epochAxis(2, 63);
    assertEquals(63, axis.length);
    assertEquals(3.0, axis[0]);
    assertEquals(65.0, axis[62], 0.01);
    boolean equallySpaced = true;
    for (int i = 1; i < axis.length; i++) {
      assertEquals(axis[0] + i, axis[i], 0.01);
      equallySpaced &= Math.abs(axis[i] - axis[i - 1] - (axis[1] - axis[0])) < 1e-4;
    }
    assertTrue(!equallySpaced, "XChart treats equally spaced values apart");
    assertEquals(List.of(1.0, 2.0), List.of(XChartPanels.epochAxis(0, 2)[0],
        XChartPanels.epochAxis(0, 2)[1]));
    Path keep = Path.of("target", "plots", "history-200.png");
    Files.createDirectories(keep.getParent());
    HistoryPlot.of(HistoryFixtures.overfitting(200)).write(keep);
  }

  @Test
  void chosenQuantitiesSizesAndTrainingOnlyHistories() {
    History noValidation = HistoryFixtures.of(List.of(
        new EpochResult(0, Map.of("loss", 0.9, "mae", 0.5), 1, 10),
        new EpochResult(1, Map.of("loss", 0.5, "mae", 0.3), 1, 10),
        new EpochResult(2, Map.of("loss", Double.NaN, "mae", 0.2), 1, 10)));
    BufferedImage three = HistoryPlot.of(noValidation).quantities("mae").panelSize(400, 300)
        .render();
    assertEquals(400, three.getWidth());
    assertEquals(300, three.getHeight());
    BufferedImage both = HistoryPlot.of(noValidation).render();
    assertEquals(2 * 640, both.getWidth(), "loss and mae, NaN included");
    History one = HistoryFixtures.of(List.of(
        new EpochResult(0, Map.of("loss", 0.9, "val_loss", 1.0), 1, 10)));
    assertEquals(640, HistoryPlot.of(one).render().getWidth(), "a single epoch draws too");
  }

  @Test
  void unknownQuantitiesAndEmptyHistoriesAreClearErrors() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HistoryPlot.of(HistoryFixtures.overfitting(3)).quantities("precision").render());
    assertTrue(e.getMessage().contains("no 'precision'") && e.getMessage().contains("val_loss"),
        e.getMessage());
    IllegalStateException empty = assertThrows(IllegalStateException.class,
        () -> HistoryPlot.of(new History()).render());
    assertTrue(empty.getMessage().contains("no epoch"), empty.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> HistoryPlot.of(new History()).panelSize(50, 400));
  }

  @Test
  void defaultPanelsAndLabels() {
    assertEquals(List.of("loss", "accuracy"),
        HistoryPlot.defaultQuantities(HistoryFixtures.overfitting(2).epochs()));
    assertEquals("Loss", HistoryPlot.label("loss"));
    assertEquals("Accuracy", HistoryPlot.label("accuracy"));
    assertEquals("MAE", HistoryPlot.label("mae"));
    assertEquals("Top 5 accuracy", HistoryPlot.label("top_5_accuracy"));
  }

  @Test
  void theMissingXChartMessageNamesTheCoordinatesOfTheXChartOnTheClassPath() throws IOException {
    Properties pom = new Properties();
    try (InputStream in = HistoryPlot.class.getClassLoader().getResourceAsStream(
        "META-INF/maven/org.knowm.xchart/xchart/pom.properties")) {
      assertTrue(in != null, "XChart's pom.properties is on the test class path");
      pom.load(in);
    }
    String coordinates = "org.knowm.xchart:xchart:" + pom.getProperty("version");
    assertEquals(coordinates, HistoryPlot.XCHART_COORDINATES,
        "the pinned version in pom.xml and the one the message names agree");
    String message = HistoryPlot.missingXChartMessage();
    assertTrue(message.contains("XChart, which is not on the class path"), message);
    assertTrue(message.contains("add the dependency " + coordinates), message);
    assertTrue(message.contains("groupId org.knowm.xchart, artifactId xchart, version "
        + pom.getProperty("version")), message);
  }

  static int bluePixels(BufferedImage image, int fromX, int toX) {
    int count = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = fromX; x < toX; x++) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        if (b > 150 && r < 100 && g > 90 && g < 150) {
          count++;
        }
      }
    }
    return count;
  }

  /** A PNG that cannot be written names the file and why; ImageIO alone names nothing. */
  @Test
  void aFileThatCannotBeWrittenIsNamed() throws IOException {
    BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
    Path d = Files.createDirectory(dir.resolve("a.png"));
    assertEquals("cannot write " + d + ": it is a directory",
        assertThrows(IOException.class, () -> Png.write(image, d)).getMessage());
    Path file = Files.writeString(dir.resolve("file"), "x");
    Path under = file.resolve("b.png");
    IOException e = assertThrows(IOException.class, () -> Png.write(image, under));
    assertTrue(e.getMessage().startsWith("cannot write " + under + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  /** A run that diverged: NaN and infinite losses are drawn as gaps, not an exception. */
  @Test
  void nanAndInfiniteValuesDoNotStopThePlot() throws IOException {
    List<EpochResult> epochs = new java.util.ArrayList<>();
    double[] losses = {0.5, Double.POSITIVE_INFINITY, Double.NaN, 0.4};
    for (int e = 0; e < losses.length; e++) {
      epochs.add(new EpochResult(e, Map.of("loss", losses[e], "accuracy", 0.5), 1.0, 10));
    }
    Path png = dir.resolve("diverged.png");
    HistoryPlot.of(HistoryFixtures.of(epochs)).write(png);
    assertTrue(Files.size(png) > 1000);
    List<EpochResult> allNan = List.of(
        new EpochResult(0, Map.of("loss", Double.NaN, "accuracy", 0.1), 1.0, 10),
        new EpochResult(1, Map.of("loss", Double.NaN, "accuracy", 0.1), 1.0, 10));
    HistoryPlot.of(HistoryFixtures.of(allNan)).write(dir.resolve("all-nan.png"));
  }
}
