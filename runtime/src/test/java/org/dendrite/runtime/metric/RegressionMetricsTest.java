package org.dendrite.runtime.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dendrite.annotation.Loss;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.callback.Fakes;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.optim.Sgd;
import org.dendrite.runtime.train.Evaluation;
import org.dendrite.runtime.train.History;
import org.dendrite.runtime.train.Trainer;
import org.junit.jupiter.api.Test;

/** MAE and RMSE against Keras' documented examples and hand-computed values. */
class RegressionMetricsTest {
  // Keras' docs: y_true [[0, 1], [0, 0]], y_pred [[1, 1], [0, 0]] -> MAE 0.25, RMSE 0.5.
  static final float[] Y_TRUE = {0f, 1f, 0f, 0f};
  static final float[] Y_PRED = {1f, 1f, 0f, 0f};

  @Test
  void kerasExamples() {
    MeanAbsoluteError mae = new MeanAbsoluteError();
    mae.update(Y_PRED, 2, Y_TRUE, 0, 2, 2);
    assertEquals(0.25, mae.result());
    assertEquals("mae", mae.name());
    RootMeanSquaredError rmse = new RootMeanSquaredError();
    rmse.update(Y_PRED, 2, Y_TRUE, 0, 2, 2);
    assertEquals(0.5, rmse.result());
    assertEquals("rmse", rmse.name());
  }

  @Test
  void accumulatedOverBatchesWithTargetOffsets() {
    MeanAbsoluteError mae = new MeanAbsoluteError();
    RootMeanSquaredError rmse = new RootMeanSquaredError();
    float[] targets = {100f, 1f, 2f, 3f};
    // batch 1: outputs 2, 4 against 1, 2 (offset 1): errors 1, 2
    mae.update(new float[] {2f, 4f}, 1, targets, 1, 1, 2);
    rmse.update(new float[] {2f, 4f}, 1, targets, 1, 1, 2);
    // batch 2: output -1 against 3: error 4
    mae.update(new float[] {-1f}, 1, targets, 3, 1, 1);
    rmse.update(new float[] {-1f}, 1, targets, 3, 1, 1);
    assertEquals(7.0 / 3, mae.result(), 1e-15, "(1 + 2 + 4) / 3");
    assertEquals(Math.sqrt(21.0 / 3), rmse.result(), 1e-15,
        "sqrt((1 + 4 + 16) / 3): the root of the whole mean, not a mean of roots");
    mae.reset();
    rmse.reset();
    assertEquals(0.0, mae.result());
    assertEquals(0.0, rmse.result());
  }

  @Test
  void factoriesRejectClassIndexTargets() {
    Model regression = Fakes.model("Regressor", Loss.MSE, 3, 2, 2, new float[1], null);
    assertEquals("mae", Metrics.meanAbsoluteError().create(regression).name());
    assertEquals("rmse", Metrics.rootMeanSquaredError().create(regression).name());
    Model sparse = Fakes.model("Classifier", Loss.SPARSE_CATEGORICAL_CROSSENTROPY, 3, 10, 1,
        new float[1], null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Metrics.meanAbsoluteError().create(sparse));
    assertTrue(e.getMessage().contains("mae compares every output with a target value, but "
        + "Classifier has 10 output(s) and 1 target value(s)"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Metrics.rootMeanSquaredError().create(sparse));
  }

  @Test
  void inARealFitAndEvaluation() {
    // y = x on 0..7 / 8, model y = 0.5 x + 0.25: errors 0.25 - 0.5 x.
    int n = 8;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = i / 8f;
    }
    Dataset data = Dataset.of(x, 1, x.clone(), 1);
    Trainer t = Trainer.builder(Fakes.linearRegression(0.5f, 0.25f)).optimizer(new Sgd(0.01f))
        .epochs(2).batchSize(3).seed(1).threads(2)
        .metrics(Metrics.meanAbsoluteError(), Metrics.rootMeanSquaredError()).build();
    Evaluation before = t.evaluate(data);
    double abs = 0;
    double sq = 0;
    for (float xi : x) {
      double e = 0.25 - 0.5 * xi;
      abs += Math.abs(e);
      sq += e * e;
    }
    assertEquals(abs / n, before.metric("mae"), 1e-7);
    assertEquals(Math.sqrt(sq / n), before.metric("rmse"), 1e-7);
    assertEquals(sq / n, before.loss(), 1e-7, "RMSE squared is the MSE loss");
    History h = t.fit(data, data);
    assertEquals(java.util.List.of("loss", "mae", "rmse", "val_loss", "val_mae", "val_rmse",
        "learning_rate"), java.util.List.copyOf(h.last().logs().keySet()));
    assertEquals(Math.sqrt(h.last().get("val_loss")), h.last().get("val_rmse"), 1e-6);
  }

  @Test
  void aTrainerRejectsAMetricThatDoesNotFitWhenBuilt() {
    Model threeClasses = Fakes.model("Iris", Loss.SPARSE_CATEGORICAL_CROSSENTROPY, 4, 3, 1,
        new float[1], null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Trainer.builder(threeClasses).metrics(Metrics.topK(5)).build());
    assertTrue(e.getMessage().startsWith("Iris: top-5 accuracy needs at least 5 classes"),
        e.getMessage());
  }
}
