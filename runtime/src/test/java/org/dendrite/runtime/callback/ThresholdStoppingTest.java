package org.dendrite.runtime.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.optim.Sgd;
import org.dendrite.runtime.train.History;
import org.dendrite.runtime.train.Trainer;
import org.junit.jupiter.api.Test;

/** ThresholdStopping stops at the first epoch past the threshold, in the right direction. */
class ThresholdStoppingTest {
  static int epochsRun(ThresholdStopping stop, String key, double... values) {
    Fakes.Run run = new Fakes.Run(new float[1], 0.1f, values.length, 1);
    stop.onTrainBegin(run.context);
    int epoch = 0;
    while (epoch < values.length && !run.stop) {
      stop.onEpochEnd(run.context, Fakes.epoch(epoch, key, values[epoch]));
      epoch++;
    }
    return epoch;
  }

  @Test
  void theTextbooksLossBelowPointFour() {
    ThresholdStopping stop = ThresholdStopping.below("loss", 0.4);
    assertEquals(3, epochsRun(stop, "loss", 0.9, 0.4, 0.39, 0.3), "0.4 itself is not below");
    assertEquals(2, stop.stoppedEpoch());
    assertEquals("ThresholdStopping(loss < 0.4)", stop.toString());
  }

  @Test
  void accuracyAboveAThresholdAndAutoMode() {
    assertEquals(2, epochsRun(ThresholdStopping.above("accuracy", 0.9), "accuracy", 0.8, 0.95));
    ThresholdStopping auto = new ThresholdStopping("val_accuracy", 0.9, Mode.AUTO);
    assertEquals(3, epochsRun(auto, "val_accuracy", 0.1, 0.5, 0.91, 0.99));
    ThresholdStopping autoLoss = new ThresholdStopping("val_loss", 0.2, Mode.AUTO);
    assertEquals(2, epochsRun(autoLoss, "val_loss", 0.5, 0.1, 0.05));
    ThresholdStopping never = ThresholdStopping.below("loss", 0.0);
    assertEquals(4, epochsRun(never, "loss", 0.5, 0.4, 0.3, 0.2));
    assertEquals(-1, never.stoppedEpoch());
  }

  @Test
  void aMissingKeyWarnsOnceAndANaNThresholdIsRejected() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ThresholdStopping stop = new ThresholdStopping("val_loss", 0.4, Mode.MIN,
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(3, epochsRun(stop, "loss", 0.3, 0.2, 0.1));
    String text = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, text.lines().count(), text);
    assertTrue(text.contains("'val_loss'") && text.contains("Available metrics are: loss"), text);
    assertThrows(IllegalArgumentException.class, () -> ThresholdStopping.below("loss", Double.NaN));
  }

  @Test
  void inARealFitTrainingEndsOnceTheLossIsBelowTheThreshold() {
    int n = 32;
    float[] x = new float[n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = -1f + 2f * i / (n - 1);
      y[i] = 3f * x[i] + 0.5f;
    }
    ThresholdStopping stop = ThresholdStopping.below("loss", 0.01);
    History h = Trainer.builder(Fakes.linearRegression(0f, 0f)).optimizer(new Sgd(0.1f))
        .epochs(500).batchSize(4).seed(5).threads(1).callback(stop).build()
        .fit(Dataset.of(x, 1, y, 1));
    int epochs = h.epochs().size();
    assertTrue(epochs < 500, "stopped before 500 epochs");
    assertEquals(epochs - 1, stop.stoppedEpoch());
    assertTrue(h.last().loss() < 0.01, "last loss " + h.last().loss());
    assertFalse(h.get("loss").get(epochs - 2) < 0.01, "the epoch before was not below: "
        + h.get("loss"));
  }
}
