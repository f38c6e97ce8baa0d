package org.dendrite.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.dendrite.runtime.data.Scaler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The {@code iris} sample: the three species from the CSV table, a stratified split, a scaler
 * and typed predictions.
 */
class IrisTest {
  @Test
  void classifiesTheThreeSpeciesWithTypedPredictions(@TempDir Path dir) throws IOException {
    IrisCommand sample = new IrisCommand();
    String out = MainTest.captureOut(() -> assertEquals(0, new CommandLine(sample).execute(
        "--out", dir.toString())));
    assertEquals(List.of("setosa", "versicolor", "virginica"), sample.classes);
    assertEquals(30, sample.predicted.size(), "10 of each species held out:\n" + out);
    for (String species : sample.classes) {
      assertEquals(10, sample.actual.stream().filter(species::equals).count(), species);
    }
    // Iris is easy but not separable: 29 or 30 of 30 right is what an MLP gets.
    assertTrue(sample.testAccuracy >= 0.9, "test accuracy " + sample.testAccuracy + "\n" + out);
    int right = 0;
    for (int i = 0; i < sample.predicted.size(); i++) {
      right += sample.predicted.get(i).label().equals(sample.actual.get(i)) ? 1 : 0;
    }
    assertEquals(sample.testAccuracy, right / 30.0, 1e-9, "predictClass agrees with evaluate");
    assertEquals(CompiledIrisMlp.Label.VIRGINICA, CompiledIrisMlp.Label.valueOf("VIRGINICA"));
    assertEquals(List.of(dir.resolve("iris.safetensors")), sample.written);
    assertEquals(4, Scaler.load(dir.resolve("iris.safetensors")).size());
  }
}
