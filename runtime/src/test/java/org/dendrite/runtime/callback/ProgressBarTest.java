package org.dendrite.runtime.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.optim.Sgd;
import org.dendrite.runtime.train.Trainer;
import org.junit.jupiter.api.Test;

/**
 * The progress bar redraws one line on a terminal and prints plain lines elsewhere. A fake clock
 * makes the throttling and the times deterministic.
 */
class ProgressBarTest {
  static final long MS = 1_000_000L;

  final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  final AtomicLong clock = new AtomicLong(1_000 * MS);

  /** One epoch of {@code steps} batches, {@code msPerBatch} apart, with validation logs. */
  String runEpoch(ProgressBar bar, int epochs, int steps, long msPerBatch) {
    Fakes.Run run = new Fakes.Run(new float[1], 0.1f, epochs, steps);
    bar.onTrainBegin(run.context);
    bar.onEpochBegin(run.context, 0);
    for (int b = 0; b < steps; b++) {
      clock.addAndGet(msPerBatch * MS);
      bar.onBatchEnd(run.context, b, Fakes.batchLogs(8 * (b + 1), 0.5, "accuracy", 0.75));
    }
    bar.onEpochEnd(run.context, Fakes.epoch(0, "loss", 0.5, "accuracy", 0.75, "val_loss",
        0.0005, "val_accuracy", 0.625, "learning_rate", 0.001));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void onATerminalOneLineIsRedrawnAtMostEvery50Ms() {
    ProgressBar bar = new ProgressBar(out, true, clock::get, 120, 30_000 * MS);
    String text = runEpoch(bar, 3, 20, 10);
    assertTrue(text.startsWith("Epoch 1/3" + System.lineSeparator() + "\r"), text);
    String[] frames = text.substring(text.indexOf('\r') + 1).split("\r");
    // 10 ms per batch, 50 ms apart: batches 1, 6, 11 and 16, the last one, then the epoch's end.
    assertEquals(6, frames.length, String.join("|\n", frames));
    assertEquals(" 1/20 [>.............................] - ETA: 0s - loss: 0.5000 - accuracy:"
        + " 0.7500", frames[0]);
    assertEquals("11/20 [===============>..............] - ETA: 0s - loss: 0.5000 - accuracy:"
        + " 0.7500", frames[2]);
    // No ETA on the last step; spaces blank the " - ETA: 0s" of the longer frame before.
    assertEquals("20/20 [==============================] - loss: 0.5000 - accuracy: 0.7500"
        + " ".repeat(10), frames[4]);
    assertEquals("20/20 [==============================] - 0s 10ms/step - loss: 0.5000"
        + " - accuracy: 0.7500 - val_loss: 5.0000e-04 - val_accuracy: 0.6250"
        + System.lineSeparator(), frames[5]);
    assertFalse(text.contains("\u001b"), "no escape code");
    assertFalse(text.contains("learning_rate"), text);
  }

  @Test
  void etaAndShorterLinesAreBlankedOut() {
    ProgressBar bar = new ProgressBar(out, true, clock::get, 120, 30_000 * MS);
    Fakes.Run run = new Fakes.Run(new float[1], 0.1f, 1, 200);
    bar.onEpochBegin(run.context, 0);
    clock.addAndGet(1_000 * MS);
    bar.onBatchEnd(run.context, 0, Fakes.batchLogs(8, 123.25));
    clock.addAndGet(1_000 * MS);
    bar.onBatchEnd(run.context, 1, Fakes.batchLogs(16, 1.5));
    String[] frames = bytes.toString(StandardCharsets.UTF_8).split("\r");
    assertEquals("  1/200 [..............................] - ETA: 3:19 - loss: 123.2500",
        frames[1]);
    // The second frame is two characters shorter; two spaces blank the old last characters.
    assertEquals("  2/200 [..............................] - ETA: 3:18 - loss: 1.5000  ",
        frames[2]);
    clock.addAndGet(3_600_000 * MS);
    bar.onBatchEnd(run.context, 2, Fakes.batchLogs(24, 1.5));
    assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("ETA: 65:42:11"),
        "3602 s for 3 batches, 197 to go: 236531 s as h:mm:ss");
  }

  @Test
  void progressLinesFitTheTerminalWidth() {
    ProgressBar bar = new ProgressBar(out, true, clock::get, 60, 30_000 * MS);
    String text = runEpoch(bar, 3, 20, 10);
    String[] frames = text.substring(text.indexOf('\r') + 1).split("\r");
    for (int i = 0; i < frames.length - 1; i++) {
      assertTrue(frames[i].length() <= 59, "frame " + i + " '" + frames[i] + "' has "
          + frames[i].length() + " characters for 60 columns");
    }
    // The bar shrank to 10 and the accuracy was left out whole.
    assertEquals(" 1/20 [..........] - ETA: 0s - loss: 0.5000", frames[0].stripTrailing());
  }

  @Test
  void withoutATerminalOnlyPlainLinesOnePerEpoch() {
    ProgressBar bar = new ProgressBar(out, false, clock::get, 80, 30_000 * MS);
    String text = runEpoch(bar, 3, 20, 10);
    assertFalse(text.contains("\r"), "no carriage return");
    assertFalse(text.contains("\u001b"), "no escape code");
    assertEquals(List.of("Epoch 1/3 - 20/20 - 0s 10ms/step - loss: 0.5000 - accuracy: 0.7500"
        + " - val_loss: 5.0000e-04 - val_accuracy: 0.6250"), text.lines().toList());
  }

  @Test
  void withoutATerminalLongEpochsPrintAProgressLineEveryInterval() {
    ProgressBar bar = new ProgressBar(out, false, clock::get, 80, 1_000 * MS);
    String text = runEpoch(bar, 1, 25, 100);
    assertFalse(text.contains("\r") || text.contains("\u001b"), text);
    assertEquals(List.of(
        "Epoch 1/1 - 10/25 - ETA: 2s - loss: 0.5000 - accuracy: 0.7500",
        "Epoch 1/1 - 20/25 - ETA: 1s - loss: 0.5000 - accuracy: 0.7500",
        "Epoch 1/1 - 25/25 - 2s 100ms/step - loss: 0.5000 - accuracy: 0.7500 - val_loss:"
            + " 5.0000e-04 - val_accuracy: 0.6250"), text.lines().toList());
  }

  @Test
  void aTestJvmsOutputIsNoTerminal() {
    // Surefire's forked JVM writes to a pipe: on every JDK this must read as no terminal.
    assertFalse(ProgressBar.isInteractiveTerminal(), "a test JVM's output is not a terminal");
    assertFalse(new ProgressBar(out).interactive());
  }

  @Test
  void aRealFitPrintsOneLinePerEpochOffTerminal() {
    int n = 48;
    float[] x = new float[n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = i / (float) n;
      y[i] = 2 * x[i];
    }
    Trainer.builder(Fakes.linearRegression(0f, 0f)).optimizer(new Sgd(0.1f)).epochs(3)
        .batchSize(16).seed(4).threads(2).validationSplit(0.25)
        .callback(new ProgressBar(out, false)).build().fit(Dataset.of(x, 1, y, 1));
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(3, lines.size(), String.join("\n", lines));
    for (int e = 0; e < 3; e++) {
      String l = lines.get(e);
      assertTrue(l.startsWith("Epoch " + (e + 1) + "/3 - 3/3 - "), l);
      assertTrue(l.matches(".* - loss: [0-9.e+-]+ - val_loss: [0-9.e+-]+"), l);
    }
  }
}
