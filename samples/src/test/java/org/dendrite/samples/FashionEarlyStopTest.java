package org.dendrite.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code fashion-early-stop} sample: training stops at the first epoch under 0.4. */
class FashionEarlyStopTest {
  @Test
  void stopsAfterTheFirstEpochWithLossUnderPointFour(@TempDir Path dir) {
    // On all images the loss falls under 0.4 in epoch 2; on the 11,000 used here, to keep the
    // scalar build short, in epoch 3. Either way the run stops well before the tenth.
    FashionEarlyStopCommand sample = new FashionEarlyStopCommand();
    String out = MainTest.captureOut(() -> assertEquals(0, new CommandLine(sample).execute(
        "--train-size", "12000", "--validation", "1000", "--threads", "2", "--out",
        dir.toString())));
    List<Double> losses = sample.history.get("loss");
    int epochs = losses.size();
    assertTrue(epochs < 10, "ran all 10 epochs: " + losses);
    assertTrue(losses.get(epochs - 1) < 0.4, "last loss " + losses);
    for (int e = 0; e < epochs - 1; e++) {
      assertTrue(losses.get(e) >= 0.4, "epoch " + (e + 1) + " was already under 0.4: " + losses);
    }
    assertEquals(epochs - 1, sample.stopping.stoppedEpoch());
    assertTrue(out.contains("Loss is under 0.4 after epoch " + epochs + ", so training stops."),
        out);
    assertTrue(sample.test.accuracy() >= 0.80, "test accuracy " + sample.test);
    assertEquals(List.of(dir.resolve("fashion-early-stop-history.png"),
        dir.resolve("fashion-early-stop-confusion.png")), sample.written);
  }
}
