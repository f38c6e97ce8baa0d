package org.dendrite.spark.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dendrite.spark.SparkTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SparkFashionTest {
  @Test
  void trainsAndScoresThroughParquet(@TempDir Path out) throws Exception {
    SparkFashion sample = new SparkFashion();
    new CommandLine(sample).parseArgs("--train-size", "3000", "--epochs", "2", "--partitions",
        "2", "--out", out.toString());
    assertEquals(0, sample.run(SparkTests.session()));
    assertEquals(2, sample.history.epochs().size());
    assertTrue(sample.testAccuracy > 0.74, "test accuracy " + sample.testAccuracy);
    assertEquals(sample.testAccuracy, sample.history.last().get("val_accuracy"), 1e-12);
    assertTrue(Files.size(out.resolve("fashion.safetensors")) > 1_000_000);
    assertTrue(Files.exists(out.resolve("train-3000-2.parquet").resolve("_SUCCESS")));
  }
}
