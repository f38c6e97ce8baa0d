package org.dendrite.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code fashion-deep} sample: 784-512-128-32-10. */
class FashionDeepTest {
  @Test
  void fiveEpochsReachEightySevenPercent(@TempDir Path dir) {
    // The sample's ten epochs reach 0.887 (>= 0.88) in about 18 s on two cores; half of them,
    // 0.876, keep the test short. Two threads, because the thread count decides how each batch's
    // gradient is summed.
    FashionDeepCommand sample = new FashionDeepCommand();
    String out = MainTest.captureOut(() -> assertEquals(0, new CommandLine(sample).execute(
        "--epochs", "5", "--threads", "2", "--out", dir.toString())));
    assertTrue(out.contains("hidden3 (Dense)"), out);
    assertEquals(5, sample.history.epochs().size());
    assertTrue(sample.test.accuracy() >= 0.87, "test accuracy " + sample.test + "\n" + out);
    assertEquals(List.of(dir.resolve("fashion-deep-history.png"),
        dir.resolve("fashion-deep-confusion.png")), sample.written);
  }
}
