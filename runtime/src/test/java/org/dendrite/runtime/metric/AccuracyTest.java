package org.dendrite.runtime.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dendrite.annotation.Loss;
import org.junit.jupiter.api.Test;

/** Accuracy counts correct predictions as Keras does for each loss, across batches. */
class AccuracyTest {
  @Test
  void sparseComparesArgMaxWithTheClassIndex() {
    Accuracy a = Accuracy.forLoss(Loss.SPARSE_CATEGORICAL_CROSSENTROPY);
    assertEquals("accuracy", a.name());
    float[] outputs = {
      0.1f, 0.7f, 0.2f, // 1
      0.5f, 0.2f, 0.3f, // 0
      0.3f, 0.3f, 0.4f, // 2
    };
    // targets at offset 1: 1 (hit), 2 (miss), 2 (hit)
    a.update(outputs, 3, new float[] {-5f, 1f, 2f, 2f}, 1, 1, 3);
    assertEquals(2.0 / 3, a.result(), 1e-15, "2 of 3 arg-maxes match");
    // Ties go to the first index: [0.4, 0.4, 0.2] predicts class 0.
    a.update(new float[] {0.4f, 0.4f, 0.2f}, 3, new float[] {1f}, 0, 1, 1);
    assertEquals(2.0 / 4, a.result(), 1e-15, "a tie predicts the first class: 2 of 4");
  }

  @Test
  void categoricalComparesArgMaxes() {
    Accuracy a = Accuracy.forLoss(Loss.CATEGORICAL_CROSSENTROPY);
    float[] outputs = {0.2f, 0.8f, 0.6f, 0.4f};
    float[] targets = {0f, 1f, 0f, 1f}; // both rows: class 1
    a.update(outputs, 2, targets, 0, 2, 2);
    assertEquals(0.5, a.result(), "1 of 2 rows with matching arg-max");
  }

  @Test
  void binaryThresholdsAtOneHalfAndAveragesOverUnits() {
    Accuracy a = Accuracy.forLoss(Loss.BINARY_CROSSENTROPY);
    // 2 samples × 3 units; 0.5 itself counts as 0 (threshold > 0.5).
    float[] outputs = {0.9f, 0.5f, 0.1f, 0.51f, 0.2f, 0.7f};
    float[] targets = {1f, 1f, 0f, 1f, 1f, 0f};
    a.update(outputs, 3, targets, 0, 3, 2);
    // hits: 0.9/1, 0.1/0, 0.51/1 -> 3 of 6 (0.5/1, 0.2/1, 0.7/0 miss)
    assertEquals(0.5, a.result(), "3 of 6 unit predictions");
    Accuracy perceptron = Accuracy.forLoss(Loss.PERCEPTRON);
    perceptron.update(new float[] {1f, 0f, 1f}, 1, new float[] {1f, 0f, 0f}, 0, 1, 3);
    assertEquals(2.0 / 3, perceptron.result(), 1e-15, "step outputs against 0/1 labels");
  }

  @Test
  void resetForgetsEverything() {
    Accuracy a = Accuracy.forLoss(Loss.SPARSE_CATEGORICAL_CROSSENTROPY);
    assertEquals(0.0, a.result(), "no samples yet");
    a.update(new float[] {1f, 0f}, 2, new float[] {1f}, 0, 1, 1);
    assertEquals(0.0, a.result(), "one miss");
    a.reset();
    a.update(new float[] {1f, 0f}, 2, new float[] {0f}, 0, 1, 1);
    assertEquals(1.0, a.result(), "one hit after reset");
  }

  @Test
  void mseHasNoAccuracy() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Accuracy.forLoss(Loss.MSE));
    assertTrue(e.getMessage().contains("MSE"), e.getMessage());
    assertEquals(List.of(), Metrics.defaultsFor(Loss.MSE), "MSE reports no default metric");
    assertEquals(1, Metrics.defaultsFor(Loss.BINARY_CROSSENTROPY).size());
  }
}
