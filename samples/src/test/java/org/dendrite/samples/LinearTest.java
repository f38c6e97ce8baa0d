package org.dendrite.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The {@code linear} sample: one neuron learns y = 2x − 1 from six points. */
class LinearTest {
  @Test
  void predictsNineteenForTen() {
    LinearCommand sample = new LinearCommand();
    String out = MainTest.captureOut(() -> assertEquals(0, new CommandLine(sample).execute()));
    assertTrue(Math.abs(sample.prediction - 19) < 0.05, "prediction for 10: " + sample.prediction);
    assertEquals(2, sample.weight, 0.01, "weight");
    assertEquals(-1, sample.bias, 0.03, "bias");
    assertTrue(out.contains("Prediction for x = 10.0: 1"), out);
  }

  @Test
  void fewEpochsAreNotEnough() {
    // The figure depends on training: ten steps leave the prediction far from 19.
    LinearCommand sample = new LinearCommand();
    MainTest.captureOut(() -> assertEquals(0, new CommandLine(sample).execute("--epochs", "10")));
    assertTrue(Math.abs(sample.prediction - 19) > 0.5, "prediction for 10: " + sample.prediction);
  }
}
