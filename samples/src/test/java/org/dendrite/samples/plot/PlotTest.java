package org.dendrite.samples.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.dendrite.runtime.metric.ConfusionMatrix;
import org.junit.jupiter.api.Test;

/** The samples' Java 2D pictures draw what they are given where they say. */
class PlotTest {
  @Test
  void imageGridDrawsPixelsDarkOnLight() {
    float[] pixels = new float[2 * 4];
    java.util.Arrays.fill(pixels, 4, 8, 1f); // the second image is all ink
    BufferedImage grid = ImageGrid.render("two", pixels, 2, List.of("blank", "ink"), 2);
    int[] colours = new int[2];
    // Each image is scaled ×3 and sits below its caption; sample the centre of each.
    int cellWidth = grid.getWidth() / 2;
    for (int i = 0; i < 2; i++) {
      int x = i * cellWidth + cellWidth / 2;
      int y = grid.getHeight() - 14 - 3;
      colours[i] = grid.getRGB(x, y) & 0xffffff;
    }
    assertEquals(0xffffff, colours[0], "a pixel of 0 is white");
    assertEquals(0x000000, colours[1], "a pixel of 1 is black");
    assertThrows(IllegalArgumentException.class,
        () -> ImageGrid.render("too few", new float[7], 2, List.of("a", "b"), 2));
  }

  @Test
  void confusionMatrixShadesByShareOfTheTrueClass() {
    // Class 0: 9 right, 1 wrong; class 1: 1 wrong, 1 right.
    ConfusionMatrix m = ConfusionMatrix.of(2, new int[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1},
        new int[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1});
    BufferedImage image = ConfusionMatrixPlot.render(m, List.of("zero", "one"), "test");
    // The darkest blue of the image is the 90 % cell; the two 50 % cells of class 1 are alike.
    Color darkest = null;
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth() * 3 / 4; x += 2) {
        Color c = new Color(image.getRGB(x, y));
        if (c.getBlue() > c.getRed() + 40 && (darkest == null || c.getRed() < darkest.getRed())) {
          darkest = c;
        }
      }
    }
    assertTrue(darkest != null && darkest.getRed() < 60, "no dark cell: " + darkest);
    assertThrows(IllegalArgumentException.class,
        () -> ConfusionMatrixPlot.render(m, List.of("only one"), "test"));
  }

  @Test
  void colourMapsRunFromTheirFirstStopToTheirLast() {
    assertEquals(new Color(0x440154), Canvas.VIRIDIS_MAP.at(0));
    assertEquals(new Color(0xfde725), Canvas.VIRIDIS_MAP.at(1));
    assertEquals(new Color(0xfde725), Canvas.VIRIDIS_MAP.at(7), "clamped");
    assertEquals(new Color(0xf7fbff), Canvas.BLUES_MAP.at(-1), "clamped");
    assertEquals(Color.WHITE, Canvas.textOn(Canvas.BLUES_MAP.at(1)));
    assertEquals(Canvas.TEXT, Canvas.textOn(Canvas.BLUES_MAP.at(0)));
  }
}
