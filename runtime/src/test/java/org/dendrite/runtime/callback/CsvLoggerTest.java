package org.dendrite.runtime.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.optim.Sgd;
import org.dendrite.runtime.train.History;
import org.dendrite.runtime.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CsvLogger writes Keras' CSV layout, a row per epoch on disk at once, and appends sensibly. */
class CsvLoggerTest {
  @TempDir
  Path dir;

  @Test
  void oneHeaderAndOneRowPerEpochEachOnDiskWhenTheEpochEnds() throws IOException {
    Path file = dir.resolve("logs/training.csv");
    CsvLogger csv = new CsvLogger(file);
    Fakes.Run run = new Fakes.Run(new float[1], 0.1f, 2, 1);
    csv.onTrainBegin(run.context);
    assertEquals("", Files.readString(file), "created empty, folder included");
    csv.onEpochEnd(run.context, Fakes.epoch(0, "loss", 0.5, "accuracy", 0.75, "val_loss", 0.625,
        "val_accuracy", 0.5, "learning_rate", 0.001));
    assertEquals("epoch,loss,accuracy,val_loss,val_accuracy,learning_rate\n"
        + "0,0.5,0.75,0.625,0.5,0.001\n", Files.readString(file), "flushed after epoch 0");
    csv.onEpochEnd(run.context, Fakes.epoch(1, "loss", 0.25, "accuracy", 1.0, "val_loss",
        1e-5, "val_accuracy", 0.875, "learning_rate", 0.001));
    csv.onTrainEnd(run.context, new History());
    assertEquals(List.of("epoch,loss,accuracy,val_loss,val_accuracy,learning_rate",
        "0,0.5,0.75,0.625,0.5,0.001", "1,0.25,1.0,1.0E-5,0.875,0.001"),
        Files.readAllLines(file));
  }

  @Test
  void missingKeysAreNaAndLaterKeysAreLeftOutWithOneWarning() throws IOException {
    Path file = dir.resolve("a.csv");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CsvLogger csv = new CsvLogger(file, ';', false,
        new PrintStream(err, true, StandardCharsets.UTF_8));
    Fakes.Run run = new Fakes.Run(new float[1], 0.1f, 3, 1);
    csv.onTrainBegin(run.context);
    csv.onEpochEnd(run.context, Fakes.epoch(0, "loss", 1.5, "mae", 2.0));
    csv.onEpochEnd(run.context, Fakes.epoch(1, "loss", 1.0, "extra", 9.0));
    csv.onEpochEnd(run.context, Fakes.epoch(2, "loss", 0.5, "mae", 1.0, "extra", 8.0));
    assertEquals(List.of("epoch;loss;mae", "0;1.5;2.0", "1;1.0;NA", "2;0.5;1.0"),
        Files.readAllLines(file));
    String warning = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, warning.lines().count(), warning);
    assertTrue(warning.contains("no column for 'extra'") && warning.contains("epoch 1"), warning);
  }

  @Test
  void appendingKeepsTheExistingHeadersColumnsAndReplacingStartsOver() throws IOException {
    Path file = dir.resolve("b.csv");
    Fakes.Run run = new Fakes.Run(new float[1], 0.1f, 1, 1);
    CsvLogger first = new CsvLogger(file);
    first.onTrainBegin(run.context);
    first.onEpochEnd(run.context, Fakes.epoch(0, "loss", 0.5, "accuracy", 0.5));
    CsvLogger appending = new CsvLogger(file, ',', true);
    appending.onTrainBegin(run.context);
    // Logged in another order: the rows still follow the file's header.
    appending.onEpochEnd(run.context, Fakes.epoch(1, "accuracy", 0.75, "loss", 0.25));
    assertEquals(List.of("epoch,loss,accuracy", "0,0.5,0.5", "1,0.25,0.75"),
        Files.readAllLines(file));
    CsvLogger replacing = new CsvLogger(file);
    replacing.onTrainBegin(run.context);
    replacing.onEpochEnd(run.context, Fakes.epoch(0, "loss", 0.125));
    assertEquals(List.of("epoch,loss", "0,0.125"), Files.readAllLines(file));
    Path fresh = dir.resolve("fresh.csv");
    CsvLogger appendNew = new CsvLogger(fresh, ',', true);
    appendNew.onTrainBegin(run.context);
    appendNew.onEpochEnd(run.context, Fakes.epoch(0, "loss", 0.125));
    assertEquals(List.of("epoch,loss", "0,0.125"), Files.readAllLines(fresh),
        "appending to a missing file writes the header");
  }

  @Test
  void fieldsWithTheSeparatorAreQuotedAndReadBack() throws IOException {
    Path file = dir.resolve("c.csv");
    Fakes.Run run = new Fakes.Run(new float[1], 0.1f, 1, 1);
    CsvLogger csv = new CsvLogger(file);
    csv.onTrainBegin(run.context);
    csv.onEpochEnd(run.context, Fakes.epoch(0, "loss", 0.5, "odd,\"name\"", 1.0));
    assertEquals("epoch,loss,\"odd,\"\"name\"\"\"", Files.readAllLines(file).get(0));
    assertEquals(List.of("epoch", "loss", "odd,\"name\""),
        CsvLogger.parseFields(Files.readAllLines(file).get(0), ','));
    CsvLogger appending = new CsvLogger(file, ',', true);
    appending.onTrainBegin(run.context);
    appending.onEpochEnd(run.context, Fakes.epoch(1, "loss", 0.25, "odd,\"name\"", 2.0));
    assertEquals("1,0.25,2.0", Files.readAllLines(file).get(2));
    assertThrows(IllegalArgumentException.class, () -> new CsvLogger(file, '"', false));
  }

  @Test
  void aRealFitWritesEveryEpoch() throws IOException {
    int n = 40;
    float[] x = new float[n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = i / (float) n;
      y[i] = 1 - x[i];
    }
    Path file = dir.resolve("fit.csv");
    History h = Trainer.builder(Fakes.linearRegression(0f, 0f)).optimizer(new Sgd(0.1f))
        .epochs(4).batchSize(8).seed(2).threads(1).validationSplit(0.25)
        .callback(new CsvLogger(file)).build().fit(Dataset.of(x, 1, y, 1));
    List<String> lines = Files.readAllLines(file);
    assertEquals("epoch,loss,val_loss,learning_rate", lines.get(0));
    assertEquals(5, lines.size(), "header and 4 epochs: " + lines);
    for (int e = 0; e < 4; e++) {
      List<String> f = CsvLogger.parseFields(lines.get(e + 1), ',');
      assertEquals(Integer.toString(e), f.get(0));
      assertEquals(h.get("loss").get(e), Double.parseDouble(f.get(1)), "loss round-trips");
      assertEquals(h.get("val_loss").get(e), Double.parseDouble(f.get(2)));
    }
  }
}
