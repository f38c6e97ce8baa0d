package org.dendrite.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dendrite.runtime.callback.ModelCheckpoint;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.optim.Sgd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ModelCheckpoint in a real fit: one file per epoch, or only the best. */
class ModelCheckpointTest {
  @TempDir Path dir;

  @Test
  void everyEpochGetsItsFile() {
    LogisticRegression model = new LogisticRegression(0f, 0f, 0f);
    Trainer.builder(model).optimizer(new Sgd(0.5f)).epochs(3).batchSize(20).seed(1).threads(1)
        .callback(new ModelCheckpoint(dir.resolve("e{epoch}.safetensors"))).build()
        .fit(TrainerTest.separable(1));
    for (int e = 1; e <= 3; e++) {
      assertTrue(Files.exists(dir.resolve("e" + e + ".safetensors")), "epoch " + e);
    }
  }

  @Test
  void saveBestOnlyKeepsTheBestEpochsWeights() throws IOException {
    Dataset data = TrainerTest.separable(1);
    LogisticRegression model = new LogisticRegression(0f, 0f, 0f);
    Path best = dir.resolve("best.safetensors");
    float[] rates = {0.1f, 0.3f, 0.9f, 0.2f, 0.5f};
    java.util.List<float[]> weights = new java.util.ArrayList<>();
    // The monitored value is the logged learning rate, set per epoch: epoch 2 is the best.
    Trainer.builder(model).optimizer(new Sgd(0.1f)).epochs(5).batchSize(50).seed(1).threads(1)
        .callback(new Callback() {
          @Override
          public void onEpochBegin(TrainingContext context, int epoch) {
            context.optimizer().setLearningRate(rates[epoch]);
          }

          @Override
          public void onEpochEnd(TrainingContext context, EpochResult result) {
            weights.add(context.model().parameters().clone());
          }
        })
        .callback(new ModelCheckpoint(best).monitor("learning_rate").maximize(true)
            .saveBestOnly(true))
        .build().fit(data);
    LogisticRegression restored = new LogisticRegression(0f, 0f, 0f);
    Checkpoint c = Checkpoint.restore(best, restored, new Sgd(0.1f));
    assertEquals(2, c.epoch());
    assertEquals(0.9f, c.learningRate());
    assertArrayEquals(weights.get(2), restored.parameters());
  }

  /** A NaN loss is named as such, not as a missing key; nothing is saved for it. */
  @Test
  void aNanMonitoredValueIsReportedAsNan() {
    // A NaN weight: the loss is NaN from the first batch (NaN data is refused before training).
    LogisticRegression model = new LogisticRegression(Float.NaN, 0f, 0f);
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    Path best = dir.resolve("best.safetensors");
    Dataset nan = Dataset.of(new float[] {0.5f, 1, 0, 1}, 2, new float[] {1, 0}, 1);
    Trainer.builder(model).optimizer(new Sgd(0.1f)).epochs(2).batchSize(2).seed(1).threads(1)
        .callback(new ModelCheckpoint(best).monitor("loss").saveBestOnly(true)
            .warnings(new java.io.PrintStream(err, true)))
        .build().fit(nan);
    assertEquals("ModelCheckpoint: 'loss' is NaN in epoch 1; not saving it\n"
        + "ModelCheckpoint: 'loss' is NaN in epoch 2; not saving it\n", err.toString());
    assertTrue(!Files.exists(best));
  }
}
