package org.dendrite.runtime.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.optim.Sgd;
import org.dendrite.runtime.train.Callback;
import org.dendrite.runtime.train.EpochResult;
import org.dendrite.runtime.train.History;
import org.dendrite.runtime.train.Trainer;
import org.dendrite.runtime.train.TrainingContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** EarlyStopping against the cases of Keras' own early_stopping_test.py. */
class EarlyStoppingTest {
  /**
   * Keras' DummyModel loop: before each epoch end the weights are set to the epoch's index; the
   * loop stops when the callback (or, at {@code externalStop}, someone else) asks. Returns
   * {epochs trained, weight after train end}.
   */
  static int[] runDummy(EarlyStopping stop, double[] valLosses, int externalStop) {
    Fakes.Run run = new Fakes.Run(new float[] {-1f}, 0.1f, valLosses.length, 1);
    stop.onTrainBegin(run.context);
    int trained = 0;
    for (int epoch = 0; epoch < valLosses.length; epoch++) {
      trained++;
      run.parameters[0] = epoch;
      stop.onEpochEnd(run.context, Fakes.epoch(epoch, "loss", 1.0, "val_loss", valLosses[epoch]));
      if (epoch == externalStop) {
        run.context.stopTraining();
      }
      if (run.stop) {
        break;
      }
    }
    stop.onTrainEnd(run.context, new History());
    return new int[] {trained, (int) run.parameters[0]};
  }

  @Test
  void restoresTheBestEpochsWeightsAfterPatienceRunsOut() {
    EarlyStopping stop = EarlyStopping.builder()
        .monitor("val_loss").patience(2).restoreBestWeights(true).build();
    int[] r = runDummy(stop, new double[] {0.2, 0.15, 0.1, 0.11, 0.12}, -1);
    assertEquals(5, r[0], "epochs trained: stops after epoch index 4");
    assertEquals(4, stop.stoppedEpoch());
    assertEquals(2, stop.bestEpoch());
    assertEquals(2, r[1], "the weights of epoch 2 (val_loss 0.1) are restored");
    assertEquals(0.1, stop.best());
  }

  @Test
  void withoutReachingTheBaselineStopsAfterPatienceEpochsAndRestoresTheBest() {
    EarlyStopping stop = EarlyStopping.builder()
        .patience(5).baseline(0.5).restoreBestWeights(true).build();
    int[] r = runDummy(stop, new double[] {0.9, 0.8, 0.7, 0.71, 0.72, 0.73}, -1);
    assertEquals(5, r[0], "no epoch beats the baseline 0.5: 5 epochs");
    assertEquals(2, r[1], "the best of those (0.7) is restored");
  }

  @Test
  void restoresTheBestWeightsWhenAnotherCallbackStops() {
    EarlyStopping stop = EarlyStopping.builder()
        .patience(5).baseline(0.5).restoreBestWeights(true).build();
    int[] r = runDummy(stop, new double[] {0.9, 0.8, 0.7, 0.71, 0.72, 0.73}, 3);
    assertEquals(4, r[0]);
    assertEquals(-1, stop.stoppedEpoch(), "EarlyStopping itself did not stop");
    assertEquals(2, r[1]);
  }

  @ParameterizedTest(name = "patience {0} stops at epoch {1}")
  @CsvSource({"0, 3", "1, 3", "2, 4", "3, 5"})
  void patienceCountsEpochsWithoutImprovement(int patience, int stoppedEpoch) {
    // Keras' test_early_stopping_patience: stopped_epoch == max(patience, 1) + 2.
    double[] losses = {10.0, 9.0, 8.0, 9.0, 8.9, 8.8, 8.7, 8.6, 8.5};
    EarlyStopping stop = EarlyStopping.builder().monitor("loss").patience(patience).build();
    Fakes.Run run = new Fakes.Run(new float[1], 0.1f, losses.length, 1);
    stop.onTrainBegin(run.context);
    for (int epoch = 0; epoch < losses.length && !run.stop; epoch++) {
      stop.onEpochEnd(run.context, Fakes.epoch(epoch, "loss", losses[epoch]));
    }
    assertEquals(stoppedEpoch, stop.stoppedEpoch());
  }

  /** The epochs run before stopping on {@code values} of {@code monitor}. */
  static int epochsRun(EarlyStopping stop, String monitor, double... values) {
    Fakes.Run run = new Fakes.Run(new float[1], 0.1f, values.length, 1);
    stop.onTrainBegin(run.context);
    int epoch = 0;
    while (epoch < values.length && !run.stop) {
      stop.onEpochEnd(run.context, Fakes.epoch(epoch, monitor, values[epoch]));
      epoch++;
    }
    return epoch;
  }

  @Test
  void accuracyIsMaximisedAndLossMinimisedInAutoMode() {
    EarlyStopping acc = EarlyStopping.builder().monitor("val_accuracy").patience(1).build();
    assertEquals(3, epochsRun(acc, "val_accuracy", 0.5, 0.6, 0.55, 0.7),
        "accuracy falling at epoch 2 stops with patience 1");
    EarlyStopping forcedMin = EarlyStopping.builder().monitor("val_accuracy").mode(Mode.MIN)
        .patience(1).build();
    assertEquals(2, epochsRun(forcedMin, "val_accuracy", 0.5, 0.6, 0.55, 0.7),
        "in MIN mode rising accuracy is no improvement");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"val_mse, false", "val_loss, false", "loss, false", "acc, true",
      "val_accuracy, true", "hinge, false", "f1_score, true", "top_5_accuracy, true",
      "mae, false", "rmse, false", "val_precision, true", "recall, true", "auc, true"})
  void autoModePicksTheDirectionFromTheName(String monitor, boolean maximize) {
    // Keras' test_early_stopping mode cases, plus this project's metric names.
    assertEquals(maximize, Mode.AUTO.maximizes(monitor));
    assertTrue(Mode.MAX.maximizes(monitor));
    assertFalse(Mode.MIN.maximizes(monitor));
  }

  @Test
  void minDeltaIsTheSmallestImprovement() {
    EarlyStopping stop = EarlyStopping.builder().monitor("loss").minDelta(-0.1).patience(1)
        .build();
    // |minDelta| = 0.1: 0.95 does not beat 1.0 by more than 0.1, so epoch 1 already waits.
    assertEquals(2, epochsRun(stop, "loss", 1.0, 0.95, 0.93, 0.5));
  }

  @Test
  void startFromEpochIgnoresTheWarmUp() {
    EarlyStopping stop = EarlyStopping.builder().monitor("loss").startFromEpoch(2).build();
    // Rising from the start: without the warm-up patience 0 would stop at epoch 1.
    assertEquals(4, epochsRun(stop, "loss", 1, 2, 3, 4, 5, 6));
    assertEquals(3, stop.stoppedEpoch());
    assertEquals(2, stop.bestEpoch(), "the first monitored epoch sets the best");
  }

  @Test
  void aMissingMonitorWarnsOnceNamingTheAvailableKeysAndNeverStops() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    EarlyStopping stop = EarlyStopping.builder()
        .warnings(new PrintStream(err, true, StandardCharsets.UTF_8)).build(); // val_loss
    Fakes.Run run = new Fakes.Run(new float[1], 0.1f, 5, 1);
    stop.onTrainBegin(run.context);
    for (int epoch = 0; epoch < 5; epoch++) {
      stop.onEpochEnd(run.context, Fakes.epoch(epoch, "loss", 1.0 + epoch, "accuracy", 0.5));
    }
    assertFalse(run.stop);
    String text = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, text.lines().count(), "one warning for 5 epochs:\n" + text);
    assertTrue(text.contains("'val_loss', which is not available"), text);
    assertTrue(text.contains("Available metrics are: loss,accuracy"), text);
  }

  @Test
  void aReusedInstanceStartsOverAndVerboseLinesSayWhatHappened() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    EarlyStopping stop = EarlyStopping.builder().patience(2).restoreBestWeights(true)
        .verbose(true).output(new PrintStream(bytes, true, StandardCharsets.UTF_8)).build();
    double[] losses = {0.2, 0.15, 0.1, 0.11, 0.12};
    int[] first = runDummy(stop, losses, -1);
    int[] second = runDummy(stop, losses, -1);
    assertEquals(first[0], second[0]);
    assertEquals(first[1], second[1]);
    String expected = "Epoch 5: early stopping\n"
        + "Restoring model weights from the end of the best epoch: 3.\n";
    assertEquals(expected + expected, bytes.toString(StandardCharsets.UTF_8).replace("\r", ""));
  }

  @Test
  void negativePatienceIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EarlyStopping.builder().patience(-1));
    assertTrue(e.getMessage().contains("patience"), e.getMessage());
  }

  /** Records a copy of the parameters at every epoch end. */
  static final class ParameterRecorder implements Callback {
    final List<float[]> parameters = new ArrayList<>();

    @Override
    public void onEpochEnd(TrainingContext context, EpochResult result) {
      parameters.add(context.model().parameters().clone());
    }
  }

  @Test
  void inARealFitTheLiveParametersAreRestored() {
    // y = 2x - 1 on [-1, 1]; an SGD rate of 1.2 overshoots further every step, so the loss
    // grows from epoch to epoch and the first epoch stays the best.
    int n = 64;
    float[] x = new float[n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = -1f + 2f * i / (n - 1);
      y[i] = 2f * x[i] - 1f;
    }
    Dataset data = Dataset.of(x, 1, y, 1);
    Model model = Fakes.linearRegression(0.5f, 0f);
    ParameterRecorder recorder = new ParameterRecorder();
    EarlyStopping stop = EarlyStopping.builder().monitor("val_loss").patience(2)
        .restoreBestWeights(true).build();
    History h = Trainer.builder(model).optimizer(new Sgd(1.2f)).epochs(20).batchSize(8)
        .seed(3).threads(1).callback(recorder).callback(stop).build()
        .fit(data, data);
    List<Double> val = h.get("val_loss");
    assertTrue(h.epochs().size() < 20, "stopped early: " + val);
    int best = stop.bestEpoch();
    for (int e = 0; e < val.size(); e++) {
      assertTrue(val.get(best) <= val.get(e), "epoch " + best + " is the best of " + val);
    }
    assertEquals(best + 2, stop.stoppedEpoch(), "patience 2 after the best: " + val);
    float[] expected = recorder.parameters.get(best);
    float[] last = recorder.parameters.get(recorder.parameters.size() - 1);
    assertFalse(java.util.Arrays.equals(expected, last), "training moved on after the best");
    assertEquals(java.util.Arrays.toString(expected),
        java.util.Arrays.toString(model.parameters()), "the live array holds epoch " + best);
  }
}
