package org.dendrite.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.dendrite.runtime.TensorView;
import org.dendrite.samples.plot.FilterPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The {@code fashion-cnn} sample on a slice (one epoch on 5,000 images, to keep CI short): the
 * network has Keras' shape, learns, and writes its history, confusion matrix and filters picture;
 * the feature maps it draws are what the generated network computes.
 */
class FashionCnnTest {
  @Test
  void declaredShape() {
    CompiledFashionCnn model = new CompiledFashionCnn(1);
    // Keras' model.summary() of its example convnet: 320 + 18,496 + 16,010 = 34,826.
    assertEquals(34_826, model.parameterCount());
    assertArrayEquals(new int[] {3, 3, 1, 32}, model.conv1.kernel().shape());
    assertArrayEquals(new int[] {3, 3, 32, 64}, model.conv2.kernel().shape());
    assertArrayEquals(new int[] {5, 5, 64}, model.pool2.outputShape());
    assertArrayEquals(new int[] {1600, 10}, model.output.kernel().shape());
    String summary = model.summary();
    assertTrue(summary.contains("(None, 26, 26, 32)"), summary);
    assertTrue(summary.contains("(None, 1600)"), summary);
  }

  @Test
  void trainsOnASliceAndDrawsItsFilters(@TempDir Path dir) throws IOException {
    FashionCnnCommand sample = new FashionCnnCommand();
    String out = MainTest.captureOut(() -> assertEquals(0, new CommandLine(sample).execute(
        "--epochs", "1", "--train-size", "6000", "--validation", "1000", "--batch-size", "32",
        "--image", "3", "--out", dir.toString())));
    assertTrue(out.startsWith("Model: \"FashionCnn\""), out);
    // One epoch on 5,000 images: far above chance (0.1), below the full run's 0.91.
    // One epoch of 5,000 images reaches 0.7459 with the Glorot default (chance is 0.1).
    assertTrue(sample.test.accuracy() >= 0.72, "test accuracy " + sample.test);
    assertEquals(10_000, sample.confusion.total());
    assertEquals(List.of(dir.resolve("fashion-cnn-history.png"),
        dir.resolve("fashion-cnn-confusion.png"), dir.resolve("fashion-cnn-filters.png")),
        sample.written);
    BufferedImage filters = ImageIO.read(sample.written.get(2).toFile());
    assertTrue(filters.getWidth() > 8 * 26 * 3 && filters.getHeight() > 4 * 26 * 3,
        filters.getWidth() + "×" + filters.getHeight());

    float[] maps = sample.featureMaps;
    assertEquals(26 * 26 * 32, maps.length);
    int positive = 0;
    for (float v : maps) {
      assertTrue(v >= 0, "a ReLU map holds " + v);
      positive += v > 0 ? 1 : 0;
    }
    assertTrue(positive > maps.length / 10, positive + " positive values of " + maps.length);
  }

  @Test
  void featureMapsAreTheValidConvolutionAfterReLU() {
    // A 3×3 image and two 2×2 filters: a sum filter with bias −10, and a difference filter.
    float[] p = {1, 1, 1, -1, 1, 1, 1, -1, -10, 0};
    TensorView kernel = new TensorView("c.kernel", p, 0, 2, 2, 1, 2);
    TensorView bias = new TensorView("c.bias", p, 8, 2);
    float[] image = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    float[] maps = FilterPlot.featureMaps(image, 3, kernel, bias);
    // Windows (1,2,4,5), (2,3,5,6), (4,5,7,8), (5,6,8,9): sums 12, 16, 24, 28; differences
    // 1 − 2 + 4 − 5 = −2 (cut by ReLU) at every window.
    assertArrayEquals(new float[] {2, 0, 6, 0, 14, 0, 18, 0}, maps);
  }

  @Test
  void featureMapsRefuseAnImageOfTheWrongSizeNamingTheSizes() {
    float[] p = new float[3 * 3 * 2 + 2];
    TensorView kernel = new TensorView("c.kernel", p, 0, 3, 3, 1, 2);
    TensorView bias = new TensorView("c.bias", p, 18, 2);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> FilterPlot.featureMaps(new float[10], 4, kernel,
            bias));
    assertTrue(e.getMessage().contains("4 × 4") && e.getMessage().contains("10 pixels"),
        e.getMessage());
  }
}
