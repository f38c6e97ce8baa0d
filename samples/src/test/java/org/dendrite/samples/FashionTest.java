package org.dendrite.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The {@code fashion} sample's files: a short run (one epoch on 6,000 images) writes the history,
 * the confusion matrix and the image grid. {@link TrainingTest} asserts the full model's accuracy.
 */
class FashionTest {
  @Test
  void writesHistoryConfusionMatrixAndImages(@TempDir Path dir) throws IOException {
    FashionCommand sample = new FashionCommand();
    String out = MainTest.captureOut(() -> assertEquals(0, new CommandLine(sample).execute(
        "--epochs", "2", "--train-size", "6000", "--validation", "1000", "--out",
        dir.toString())));
    assertTrue(out.startsWith("Model: \"FashionMlp\""), out);
    // Two epochs on 5,000 images: a lower bound far above chance (0.1) and below the full run.
    assertTrue(sample.test.accuracy() >= 0.75, "test accuracy " + sample.test);
    assertEquals(10_000, sample.confusion.total());
    assertEquals(sample.test.accuracy(), sample.confusion.accuracy(), 1e-9);
    assertEquals(List.of(dir.resolve("fashion-history.png"), dir.resolve("fashion-confusion.png"),
        dir.resolve("fashion-images.png")), sample.written);
    BufferedImage history = ImageIO.read(sample.written.get(0).toFile());
    assertEquals(2 * 640, history.getWidth(), "two panels: loss and accuracy");
    BufferedImage confusion = ImageIO.read(sample.written.get(1).toFile());
    assertTrue(confusion.getWidth() >= 10 * 50 && confusion.getHeight() >= 10 * 50);
    BufferedImage images = ImageIO.read(sample.written.get(2).toFile());
    assertTrue(images.getWidth() > 2 * images.getHeight(), "10 columns of 4 rows");
    assertTrue(out.contains("Wrote " + dir.resolve("fashion-images.png")), out);
  }
}
