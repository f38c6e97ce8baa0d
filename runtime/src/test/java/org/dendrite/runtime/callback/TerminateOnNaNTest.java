package org.dendrite.runtime.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.optim.Sgd;
import org.dendrite.runtime.train.BatchLogs;
import org.dendrite.runtime.train.Callback;
import org.dendrite.runtime.train.History;
import org.dendrite.runtime.train.Trainer;
import org.dendrite.runtime.train.TrainingContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** TerminateOnNaN stops at the first batch with a NaN or infinite loss, as Keras does. */
class TerminateOnNaNTest {
  @ParameterizedTest(name = "loss {0}")
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void stopsAtTheFirstInvalidBatchAndSaysWhich(double invalid) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TerminateOnNaN t = new TerminateOnNaN(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    Fakes.Run run = new Fakes.Run(new float[1], 0.1f, 3, 10);
    t.onTrainBegin(run.context);
    t.onEpochBegin(run.context, 0);
    double[] losses = {0.7, 0.6, 0.5};
    for (int b = 0; b < 3; b++) {
      t.onBatchEnd(run.context, b, Fakes.batchLogs(8 * (b + 1), losses[b]));
    }
    assertFalse(run.stop, "finite losses do not stop");
    t.onEpochBegin(run.context, 1);
    t.onBatchEnd(run.context, 0, Fakes.batchLogs(8, 0.4));
    t.onBatchEnd(run.context, 1, Fakes.batchLogs(16, invalid));
    assertTrue(run.stop);
    assertEquals(1, t.stoppedEpoch());
    assertEquals(1, t.stoppedBatch());
    assertEquals("Batch 1: Invalid loss, terminating training (epoch 2, loss " + invalid + ")",
        bytes.toString(StandardCharsets.UTF_8).trim());
  }

  @ParameterizedTest(name = "{0} thread(s)")
  @ValueSource(ints = {1, 2})
  void inARealFitTheEpochEndsAtTheBatchThatTurnedNaN(int threads) {
    // A weight turns NaN after batch 1 (the trainer refuses NaN data), so batch 2's loss is NaN.
    int n = 64;
    float[] x = new float[n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = i / (float) n;
      y[i] = x[i];
    }
    List<Integer> batches = new ArrayList<>();
    Callback counter = new Callback() {
      @Override
      public void onBatchEnd(TrainingContext context, int batch, BatchLogs logs) {
        batches.add(batch);
        if (batch == 1) {
          context.model().parameters()[0] = Float.NaN;
        }
      }
    };
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TerminateOnNaN t = new TerminateOnNaN(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    History h = Trainer.builder(Fakes.linearRegression(0.1f, 0f)).optimizer(new Sgd(0.1f))
        .epochs(5).batchSize(8).shuffle(false).seed(1).threads(threads)
        .callback(t).callback(counter).build().fit(Dataset.of(x, 1, y, 1));
    assertEquals(List.of(0, 1, 2), batches, "no batch runs after the NaN one");
    assertEquals(1, h.epochs().size());
    assertEquals(24, h.last().samples(), "the epoch covers the 3 batches trained");
    assertTrue(Double.isNaN(h.last().loss()), "loss " + h.last().loss());
    assertEquals(0, t.stoppedEpoch());
    assertEquals(2, t.stoppedBatch());
    assertTrue(bytes.toString(StandardCharsets.UTF_8).startsWith(
        "Batch 2: Invalid loss, terminating training (epoch 1, loss NaN)"),
        bytes.toString(StandardCharsets.UTF_8));
  }
}
