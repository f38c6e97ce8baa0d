package org.dendrite.runtime.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ReduceLROnPlateau against the cases of Keras' reduce_lr_on_plateau_test.py and a plateau. */
class ReduceLROnPlateauTest {
  /** The rate each epoch trained with, then the final rate, for {@code values} of val_loss. */
  static List<Float> rates(ReduceLROnPlateau r, float initial, String key, double... values) {
    Fakes.Run run = new Fakes.Run(new float[1], initial, values.length, 1);
    List<Float> rates = new ArrayList<>();
    r.onTrainBegin(run.context);
    for (int epoch = 0; epoch < values.length; epoch++) {
      rates.add(run.optimizer.learningRate());
      r.onEpochEnd(run.context, Fakes.epoch(epoch, key, values[epoch]));
    }
    rates.add(run.optimizer.learningRate());
    return rates;
  }

  @Test
  void kerasFitCases() {
    // Keras starts at 0.1 with patience 1, factor 0.1 and a min_delta no change can beat.
    ReduceLROnPlateau twoEpochs = ReduceLROnPlateau.builder().patience(1).factor(0.1)
        .minDelta(100).build();
    assertEquals(0.01f, last(rates(twoEpochs, 0.1f, "val_loss", 0.5, 0.4)), 1e-9f);
    ReduceLROnPlateau minLr = ReduceLROnPlateau.builder().patience(1).factor(0.1).minDelta(10)
        .minLr(0.005).build();
    assertEquals(0.005f, last(rates(minLr, 0.1f, "val_loss", 0.5, 0.4, 0.3, 0.2)));
    ReduceLROnPlateau cooldown = ReduceLROnPlateau.builder().patience(1).factor(0.1)
        .minDelta(100).cooldown(2).build();
    // "With a cooldown of 2 epochs ... after 4 epochs we will have reduced 2 times."
    assertEquals(0.001f, last(rates(cooldown, 0.1f, "val_loss", 0.5, 0.4, 0.3, 0.2)), 1e-9f);
    assertEquals(2, cooldown.reductions());
  }

  @Test
  void aPlateauReducesAfterPatienceEpochsAndAgainAfterTheCooldown() {
    ReduceLROnPlateau r = ReduceLROnPlateau.builder().factor(0.5).patience(2).cooldown(2)
        .build();
    // Improves until epoch 2, then sits at 0.8 (changes below min_delta 1e-4 do not count).
    List<Float> rates = rates(r, 0.4f, "val_loss", 1.0, 0.9, 0.8, 0.8, 0.80005, 0.8, 0.8, 0.8,
        0.8, 0.5, 0.5);
    // epoch 3: wait 1; 4: wait 2 -> 0.2, cooldown 2; 5: cooldown 1, no wait; 6: cooldown 0,
    // wait 1; 7: wait 2 -> 0.1; 8: cooldown 1; 9: improves; 10: wait 1.
    assertEquals(List.of(0.4f, 0.4f, 0.4f, 0.4f, 0.4f, 0.2f, 0.2f, 0.2f, 0.1f, 0.1f, 0.1f, 0.1f),
        rates);
    assertEquals(2, r.reductions());
    assertEquals(0.5, r.best());
  }

  @Test
  void aCooldownOfOneChangesNothingAsInKeras() {
    // Keras counts the cooldown down before checking it: the epoch after a reduction counts.
    ReduceLROnPlateau one = ReduceLROnPlateau.builder().factor(0.5).patience(1).cooldown(1)
        .build();
    ReduceLROnPlateau none = ReduceLROnPlateau.builder().factor(0.5).patience(1).build();
    double[] flat = {1, 1, 1, 1};
    assertEquals(List.of(0.4f, 0.4f, 0.2f, 0.1f, 0.05f), rates(one, 0.4f, "val_loss", flat));
    assertEquals(rates(none, 0.4f, "val_loss", flat), rates(one, 0.4f, "val_loss", flat));
  }

  @Test
  void accuracyPlateausUpwardsAndVerboseLinesMatchKeras() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ReduceLROnPlateau r = ReduceLROnPlateau.builder().monitor("val_accuracy").patience(1)
        .verbose(true).output(new PrintStream(bytes, true, StandardCharsets.UTF_8)).build();
    List<Float> rates = rates(r, 0.1f, "val_accuracy", 0.5, 0.7, 0.6);
    assertEquals(List.of(0.1f, 0.1f, 0.1f, (float) (0.1f * 0.1)), rates);
    assertEquals("Epoch 3: ReduceLROnPlateau reducing learning rate to " + (float) (0.1f * 0.1)
        + ".", bytes.toString(StandardCharsets.UTF_8).trim());
  }

  @Test
  void aMissingKeyWarnsOnceAndNothingChanges() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ReduceLROnPlateau r = ReduceLROnPlateau.builder().patience(0)
        .warnings(new PrintStream(err, true, StandardCharsets.UTF_8)).build();
    List<Float> rates = rates(r, 0.1f, "loss", 0.5, 0.6, 0.7);
    assertEquals(List.of(0.1f, 0.1f, 0.1f, 0.1f), rates);
    String text = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, text.lines().count(), text);
    assertTrue(text.contains("ReduceLROnPlateau is conditioned on 'val_loss'")
        && text.contains("Available metrics are: loss"), text);
  }

  @Test
  void aFactorOfOneOrMoreIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ReduceLROnPlateau.builder().factor(1.0));
    assertTrue(e.getMessage().contains("factor"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ReduceLROnPlateau.builder().minLr(-1));
  }

  static float last(List<Float> rates) {
    return rates.get(rates.size() - 1);
  }
}
