package org.dendrite.runtime.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dendrite.annotation.Loss;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.callback.Fakes;
import org.junit.jupiter.api.Test;

/** Top-k accuracy against Keras' documented examples and hand-counted cases. */
class TopKAccuracyTest {
  static final float[] KERAS_OUTPUTS = {0.1f, 0.9f, 0.8f, 0.05f, 0.95f, 0f};

  static Model classifier(Loss loss, int classes) {
    return Fakes.model("Classifier", loss, 4, classes,
        loss == Loss.SPARSE_CATEGORICAL_CROSSENTROPY ? 1 : classes, new float[1], null);
  }

  @Test
  void kerasSparseExample() {
    // SparseTopKCategoricalAccuracy(k=1).update_state([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
    TopKAccuracy top1 = new TopKAccuracy(1, 3, true);
    top1.update(KERAS_OUTPUTS, 3, new float[] {2f, 1f}, 0, 1, 2);
    assertEquals(0.5, top1.result());
    TopKAccuracy top2 = new TopKAccuracy(2, 3, true);
    top2.update(KERAS_OUTPUTS, 3, new float[] {2f, 1f}, 0, 1, 2);
    assertEquals(1.0, top2.result(), "class 2 scores 0.8, second highest");
  }

  @Test
  void kerasOneHotExample() {
    // TopKCategoricalAccuracy(k=1).update_state([[0, 0, 1], [0, 1, 0]], ...) -> 0.5
    TopKAccuracy top1 = new TopKAccuracy(1, 3, false);
    top1.update(KERAS_OUTPUTS, 3, new float[] {9f, 0f, 0f, 1f, 0f, 1f, 0f}, 1, 3, 2);
    assertEquals(0.5, top1.result());
  }

  @Test
  void handCountedFiveClassesAcrossBatches() {
    TopKAccuracy top3 = new TopKAccuracy(3, 5, true);
    float[] outputs = {
      0.05f, 0.10f, 0.50f, 0.20f, 0.15f, // ranks: 2, 3, 4, 1, 0
      0.30f, 0.25f, 0.20f, 0.15f, 0.10f, // ranks: 0, 1, 2, 3, 4
    };
    top3.update(outputs, 5, new float[] {4f, 3f}, 0, 1, 2); // 3rd (hit), 4th (miss)
    assertEquals(0.5, top3.result());
    top3.update(new float[] {0.2f, 0.2f, 0.2f, 0.2f, 0.2f}, 5, new float[] {4f}, 0, 1, 1);
    assertEquals(2.0 / 3, top3.result(), 1e-15, "all tied: nobody scores higher, a hit");
    top3.update(new float[] {Float.NaN, 0f, 0f, 0f, 0f}, 5, new float[] {0f}, 0, 1, 1);
    assertEquals(0.5, top3.result(), "a NaN score is a miss");
    top3.reset();
    assertEquals(0.0, top3.result());
    assertEquals("top_3_accuracy", top3.name());
  }

  @Test
  void factoriesFitTheModelOrSayWhyNot() {
    Metric sparse = Metrics.topK(5).create(classifier(Loss.SPARSE_CATEGORICAL_CROSSENTROPY, 10));
    assertEquals("top_5_accuracy", sparse.name());
    Metric oneHot = Metrics.topK(2).create(classifier(Loss.CATEGORICAL_CROSSENTROPY, 3));
    oneHot.update(KERAS_OUTPUTS, 3, new float[] {0f, 0f, 1f, 0f, 0f, 1f}, 0, 3, 2);
    assertEquals(0.5, oneHot.result(), "class 2 of sample 1 scores 0, third");

    MetricFactory top5 = Metrics.topK(5);
    IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
        () -> top5.create(classifier(Loss.SPARSE_CATEGORICAL_CROSSENTROPY, 3)));
    assertTrue(few.getMessage().contains("top-5 accuracy needs at least 5 classes; the output "
        + "has 3"), few.getMessage());
    IllegalArgumentException mse = assertThrows(IllegalArgumentException.class,
        () -> top5.create(classifier(Loss.MSE, 10)));
    assertTrue(mse.getMessage().contains("trained with MSE"), mse.getMessage());
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
        () -> Metrics.topK(0));
    assertTrue(zero.getMessage().contains("k >= 1"), zero.getMessage());
  }
}
