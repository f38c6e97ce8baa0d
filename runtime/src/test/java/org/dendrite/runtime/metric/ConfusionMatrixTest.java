package org.dendrite.runtime.metric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dendrite.annotation.Loss;
import org.dendrite.runtime.BatchPass;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.callback.Fakes;
import org.dendrite.runtime.data.Dataset;
import org.junit.jupiter.api.Test;

/** The confusion matrix and per-class figures against a hand-computed 3-class case. */
class ConfusionMatrixTest {
  static final int[] ACTUAL = {0, 0, 0, 0, 1, 1, 1, 2, 2, 2};
  static final int[] PREDICTED = {0, 0, 1, 2, 1, 1, 0, 2, 2, 1};

  @Test
  void countsPrecisionRecallF1AndSupportByHand() {
    ConfusionMatrix cm = ConfusionMatrix.of(3, ACTUAL, PREDICTED);
    assertArrayEquals(new long[][] {{2, 1, 1}, {1, 2, 0}, {0, 1, 2}}, cm.counts());
    assertEquals(10, cm.total());
    // Precision: diagonal over column sums 3, 4, 3. Recall: diagonal over row sums 4, 3, 3.
    assertEquals(2.0 / 3, cm.precision(0), 1e-15);
    assertEquals(2.0 / 4, cm.precision(1), 1e-15);
    assertEquals(2.0 / 3, cm.precision(2), 1e-15);
    assertEquals(2.0 / 4, cm.recall(0), 1e-15);
    assertEquals(2.0 / 3, cm.recall(1), 1e-15);
    assertEquals(2.0 / 3, cm.recall(2), 1e-15);
    // F1 = 2pr / (p + r): classes 0 and 1 have {2/3, 1/2} -> 4/7; class 2 has 2/3.
    assertEquals(4.0 / 7, cm.f1(0), 1e-15);
    assertEquals(4.0 / 7, cm.f1(1), 1e-15);
    assertEquals(2.0 / 3, cm.f1(2), 1e-15);
    assertEquals(4, cm.support(0));
    assertEquals(3, cm.support(2));
    assertEquals(4, cm.predicted(1));
    assertEquals(0.6, cm.accuracy(), 1e-15);
    assertEquals((4.0 / 7 + 4.0 / 7 + 2.0 / 3) / 3, cm.macroF1(), 1e-15);
  }

  @Test
  void aClassNeverPredictedHasPrecisionZero() {
    ConfusionMatrix cm = ConfusionMatrix.of(3, new int[] {0, 1, 2}, new int[] {0, 0, 0});
    assertEquals(0.0, cm.precision(1), "no sample predicted as 1: 0, as scikit-learn");
    assertEquals(0.0, cm.f1(1));
    assertEquals(1.0 / 3, cm.precision(0), 1e-15);
  }

  @Test
  void aReadableTableWithClassNames() {
    String table = ConfusionMatrix.of(3, ACTUAL, PREDICTED).format(List.of("cat", "dog", "bird"));
    // Weighted averages by support 4, 3, 3: precision (4·2/3 + 3·1/2 + 3·2/3) / 10 = 0.6167,
    // F1 (4·4/7 + 3·4/7 + 3·2/3) / 10 = 0.6.
    String expected = String.join("\n",
        "Confusion matrix (rows: true class, columns: predicted class)",
        "               cat   dog  bird",
        "cat              2     1     1",
        "dog              1     2     0",
        "bird             0     1     2",
        "",
        "             precision    recall  f1-score   support",
        "cat             0.6667    0.5000    0.5714         4",
        "dog             0.5000    0.6667    0.5714         3",
        "bird            0.6667    0.6667    0.6667         3",
        "",
        "accuracy                            0.6000        10",
        "macro avg       0.6111    0.6111    0.6032        10",
        "weighted avg    0.6167    0.6000    0.6000        10",
        "");
    assertEquals(expected, table.replace("\r\n", "\n"));
    assertTrue(ConfusionMatrix.of(3, ACTUAL, PREDICTED).toString().contains("\n0    "));
    assertThrows(IllegalArgumentException.class,
        () -> ConfusionMatrix.of(3, ACTUAL, PREDICTED).format(List.of("a", "b")));
  }

  @Test
  void fromOutputsAndTargetsOfEachLoss() {
    float[] softmax = {0.7f, 0.2f, 0.1f, 0.1f, 0.3f, 0.6f, 0.2f, 0.5f, 0.3f}; // 0, 2, 1
    ConfusionMatrix sparse = ConfusionMatrix.of(Loss.SPARSE_CATEGORICAL_CROSSENTROPY, softmax, 3,
        new float[] {0f, 1f, 1f}, 1, 3);
    assertArrayEquals(new long[][] {{1, 0, 0}, {0, 1, 1}, {0, 0, 0}}, sparse.counts());
    ConfusionMatrix oneHot = ConfusionMatrix.of(Loss.CATEGORICAL_CROSSENTROPY, softmax, 3,
        new float[] {1, 0, 0, 0, 1, 0, 0, 1, 0}, 3, 3);
    assertArrayEquals(sparse.counts(), oneHot.counts());
    ConfusionMatrix binary = ConfusionMatrix.of(Loss.BINARY_CROSSENTROPY,
        new float[] {0.9f, 0.2f, 0.6f, 0.5f}, 1, new float[] {1f, 0f, 0f, 1f}, 1, 4);
    assertArrayEquals(new long[][] {{1, 1}, {1, 1}}, binary.counts(), "0.5 is class 0");
    IllegalArgumentException mse = assertThrows(IllegalArgumentException.class,
        () -> ConfusionMatrix.of(Loss.MSE, softmax, 3, softmax, 3, 3));
    assertTrue(mse.getMessage().contains("regression"), mse.getMessage());
    IllegalArgumentException multiLabel = assertThrows(IllegalArgumentException.class,
        () -> ConfusionMatrix.of(Loss.BINARY_CROSSENTROPY, softmax, 3, softmax, 3, 3));
    assertTrue(multiLabel.getMessage().contains("one class per sample"), multiLabel.getMessage());
    IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
        () -> ConfusionMatrix.of(3, new int[] {0, 3}, new int[] {0, 0}));
    assertTrue(range.getMessage().contains("sample 1: true class 3 is not in [0, 3)"),
        range.getMessage());
  }

  @Test
  void fromAModelAndADatasetLargerThanOneChunk() {
    // The "network" outputs one-hot of (input mod 3); the label is (input mod 4) capped at 2.
    int n = 600;
    float[] x = new float[n];
    float[] y = new float[n];
    int[] actual = new int[n];
    int[] predicted = new int[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
      actual[i] = Math.min(i % 4, 2);
      predicted[i] = i % 3;
      y[i] = actual[i];
    }
    Model model = Fakes.model("ModThree", Loss.SPARSE_CATEGORICAL_CROSSENTROPY, 1, 3, 1,
        new float[1], capacity -> new BatchPass() {
          @Override
          public int capacity() {
            return capacity;
          }

          @Override
          public void predict(float[] in, int off, float[] out, int outOff, int count) {
            for (int i = 0; i < count; i++) {
              for (int c = 0; c < 3; c++) {
                out[outOff + 3 * i + c] = ((int) in[off + i]) % 3 == c ? 0.8f : 0.1f;
              }
            }
          }

          @Override
          public double train(BatchPass.Step step) {
            throw new UnsupportedOperationException();
          }

          @Override
          public double evaluate(float[] a, int b, float[] c, int d, int e) {
            throw new UnsupportedOperationException();
          }

          @Override
          public float[] outputs() {
            throw new UnsupportedOperationException();
          }
        });
    ConfusionMatrix fromModel = ConfusionMatrix.of(model, Dataset.of(x, 1, y, 1));
    assertArrayEquals(ConfusionMatrix.of(3, actual, predicted).counts(), fromModel.counts());
    assertEquals(n, fromModel.total());
    IllegalArgumentException wide = assertThrows(IllegalArgumentException.class,
        () -> ConfusionMatrix.of(model, Dataset.of(new float[4], 2, new float[2], 1)));
    assertTrue(wide.getMessage().contains("2 features"), wide.getMessage());
  }
}
