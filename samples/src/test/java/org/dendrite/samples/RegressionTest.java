package org.dendrite.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.dendrite.runtime.data.Csv;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.data.Scaler;
import org.dendrite.runtime.data.StandardScaler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The {@code regression} sample: an MLP on Friedman #1, read from the shipped CSV table and
 * scaled, gets near the noise floor and is saved with its scaler.
 */
class RegressionTest {
  @Test
  void testRmseIsWithinAQuarterOfTheNoise(@TempDir Path dir) {
    RegressionCommand sample = new RegressionCommand();
    String out = MainTest.captureOut(() -> assertEquals(0, new CommandLine(sample).execute(
        "--threads", "2", "--out", dir.toString())));
    // The noise the test rows drew is the best possible test RMSE (1.02); the bound is a quarter
    // above it (the run gives 1.24), against 4.8 for predicting the training targets' mean.
    assertEquals(1.0, sample.noiseRmse, 0.1, "the noise the test set drew");
    assertTrue(sample.meanRmse > 4, "predicting the mean: " + sample.meanRmse);
    assertTrue(sample.testRmse < 1.25 * sample.noiseRmse, "test RMSE " + sample.testRmse
        + " against the noise's " + sample.noiseRmse + "\n" + out);
    assertTrue(sample.history.epochs().size() < 200, "early stopping never stopped:\n" + out);
    assertEquals(List.of(dir.resolve("regression.safetensors"),
        dir.resolve("regression-history.png"), dir.resolve("regression-predictions.png")),
        sample.written);
    assertTrue(out.contains("from friedman1.csv: 3,840 training, 960 validation and 1,200 test"
        + " samples"), out);
  }

  /** The wide-and-deep graph trains on the same table and also gets near the noise floor. */
  @Test
  void wideAndDeepIsWithinAThirdOfTheNoise(@TempDir Path dir) {
    RegressionCommand sample = new RegressionCommand();
    String out = MainTest.captureOut(() -> assertEquals(0, new CommandLine(sample).execute(
        "--wide-and-deep", "--threads", "2", "--out", dir.toString())));
    assertTrue(sample.model instanceof CompiledFriedmanWideAndDeep, sample.model.name());
    assertTrue(sample.testRmse < 1.33 * sample.noiseRmse, "test RMSE " + sample.testRmse
        + " against the noise's " + sample.noiseRmse + "\n" + out);
    assertEquals(List.of(dir.resolve("regression-wide-and-deep.safetensors"),
        dir.resolve("regression-wide-and-deep-history.png"),
        dir.resolve("regression-wide-and-deep-predictions.png")), sample.written);
    assertTrue(out.contains("joined (Concatenate)") && out.contains("wide, deep2"), out);
  }

  /** The saved file holds the model and its scaler: a fresh model predicts as the trained one. */
  @Test
  void theModelIsSavedWithItsScaler(@TempDir Path dir) throws IOException {
    RegressionCommand sample = new RegressionCommand();
    MainTest.captureOut(() -> assertEquals(0, new CommandLine(sample).execute(
        "--threads", "1", "--epochs", "3", "--out", dir.toString())));
    Path file = dir.resolve("regression.safetensors");
    Scaler scaler = Scaler.load(file);
    assertEquals(StandardScaler.class, scaler.getClass());
    float[] offsets = scaler.offsets();
    for (int j = 0; j < 10; j++) {
      assertEquals(0.5, offsets[j], 0.03, "the mean of uniform input x" + (j + 1));
    }
    CompiledFriedmanMlp deployed = new CompiledFriedmanMlp(99);
    deployed.loadWeights(file);
    float[] raw = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 0.5f};
    assertTrue(Float.isFinite(deployed.predict(scaler.transform(raw))[0]));
    assertEquals(0, Float.compare(deployed.predict(scaler.transform(raw))[0],
        sample.model.predict(scaler.transform(raw))[0]), "the same prediction once reloaded");
  }

  /** The shipped table is what its generator writes, and its rows follow the formula. */
  @Test
  void theShippedTableIsTheGeneratorsOutput() throws IOException {
    String shipped;
    try (InputStream in = Friedman.class.getResourceAsStream(Friedman.RESOURCE)) {
      shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(Friedman.csv(Friedman.ROWS, 1, 42), shipped,
        "regenerate it with Friedman.main (see Friedman.csv)");
    Dataset noiseless = Csv.read(new StringReader(Friedman.csv(100, 0, 5)), "generated")
        .features("x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10").targets("y")
        .load().dataset();
    for (int i = 0; i < 100; i++) {
      assertEquals(Friedman.target(noiseless.feature(i), 0), noiseless.target(i)[0], 1e-4);
    }
  }

  @Test
  void friedmanDataFollowTheFormula() {
    Dataset noiseless = Friedman.generate(500, 0, 7);
    assertEquals(10, noiseless.featureSize());
    for (int i = 0; i < noiseless.size(); i++) {
      float[] x = noiseless.feature(i);
      for (float v : x) {
        assertTrue(v >= 0 && v < 1, "input " + v);
      }
      double expected = 10 * Math.sin(Math.PI * x[0] * x[1]) + 20 * (x[2] - 0.5) * (x[2] - 0.5)
          + 10 * x[3] + 5 * x[4];
      assertEquals(expected, noiseless.target(i)[0], 1e-4);
    }
    // The same seed draws the same data; another seed other data.
    assertEquals(Friedman.generate(50, 1, 3).target(49)[0],
        Friedman.generate(50, 1, 3).target(49)[0]);
    assertTrue(Friedman.generate(50, 1, 3).target(49)[0]
        != Friedman.generate(50, 1, 4).target(49)[0]);
  }
}
