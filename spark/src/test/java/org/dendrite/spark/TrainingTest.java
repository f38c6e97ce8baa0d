package org.dendrite.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dendrite.runtime.callback.EarlyStopping;
import org.dendrite.runtime.callback.ModelCheckpoint;
import org.dendrite.runtime.callback.ThresholdStopping;
import org.dendrite.runtime.data.FashionMnist;
import org.dendrite.runtime.optim.Adam;
import org.dendrite.runtime.train.BatchLogs;
import org.dendrite.runtime.train.Callback;
import org.dendrite.runtime.train.History;
import org.dendrite.runtime.train.Trainer;
import org.dendrite.runtime.train.TrainingContext;
import org.dendrite.spark.samples.CompiledFashionMlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingTest {
  /** Failures injected so far, across the JVM (local mode runs tasks in this JVM). */
  private static final AtomicInteger INJECTED = new AtomicInteger();

  private static DendriteEstimator estimator(CompiledFashionMlp model) {
    return new DendriteEstimator(model).setBatchSize(64).setSeed(5)
        .setOptimizer(() -> new Adam(1e-3f));
  }

  @Test
  void reachesTheSingleMachineAccuracyAtTheSameEpochs() {
    FashionMnist data = SparkTests.fashion();
    int trainSize = 6000;
    int testSize = 2000;
    int epochs = 3;
    CompiledFashionMlp single = new CompiledFashionMlp(42);
    Trainer trainer = Trainer.builder(single).optimizer(new Adam(1e-3f)).epochs(epochs)
        .batchSize(64).seed(5).threads(1).build();
    trainer.fit(data.train().slice(0, trainSize));
    double expected = trainer.evaluate(data.test().slice(0, testSize)).accuracy();

    CompiledFashionMlp distributed = new CompiledFashionMlp(42);
    Dataset<Row> train = SparkTests.frame(false, 0, trainSize, 2);
    Dataset<Row> test = SparkTests.frame(true, 0, testSize, 2);
    DendriteModel fitted = estimator(distributed).setEpochs(epochs).fit(train, test);
    double accuracy = fitted.transform(test).filter("prediction = label").count()
        / (double) testSize;
    History history = fitted.history();
    assertEquals(epochs, history.epochs().size());
    assertEquals(accuracy, history.last().get("val_accuracy"), 1e-12,
        "the estimator's validation and the scorer agree");
    assertTrue(history.get("loss").get(0) > history.get("loss").get(epochs - 1));
    assertEquals(trainSize, history.last().samples());
    System.out.printf("accuracy: single machine %.4f, Spark %.4f; epochs %s%n", expected, accuracy,
        history.epochs().stream().map(e -> String.format("%.2f s", e.seconds())).toList());
    assertTrue(expected > 0.8, "single machine " + expected);
    assertEquals(expected, accuracy, 0.01, "Spark against the single machine");
  }

  /** Weights after a short fit on 1,200 images in three partitions. */
  private static float[] fit(boolean averaging, TaskHook hook) {
    CompiledFashionMlp model = new CompiledFashionMlp(3);
    Dataset<Row> train = SparkTests.frame(false, 0, 1200, 3);
    estimator(model).setBatchSize(100).setEpochs(2).setModelAveraging(averaging)
        .setTaskHook(hook).fit(train);
    return model.parameters().clone();
  }

  private static TaskHook failFirstAttempt(int partition, int step) {
    return (p, e, s) -> {
      if (p == partition && e == 1 && s == step && TaskContext.get().attemptNumber() == 0) {
        INJECTED.incrementAndGet();
        throw new IllegalStateException("injected failure of partition " + p + ", step " + s);
      }
    };
  }

  @Test
  void synchronousStepsAreDeterministicAndRetriedTasksChangeNothing() {
    float[] first = fit(false, null);
    assertArrayEquals(first, fit(false, null), "the same seed and partitioning");
    int before = INJECTED.get();
    assertArrayEquals(first, fit(false, failFirstAttempt(1, 4)), "a task retried");
    assertEquals(before + 1, INJECTED.get(), "the failure was injected once");
    float[] initial = new CompiledFashionMlp(3).parameters();
    assertTrue(!java.util.Arrays.equals(initial, first), "training changed the weights");
  }

  @Test
  void modelAveragingIsDeterministicRetrySafeAndLearns() {
    float[] first = fit(true, null);
    int before = INJECTED.get();
    assertArrayEquals(first, fit(true, failFirstAttempt(2, 0)), "a task retried");
    assertEquals(before + 1, INJECTED.get());

    FashionMnist data = SparkTests.fashion();
    CompiledFashionMlp model = new CompiledFashionMlp(42);
    DendriteModel fitted = estimator(model).setModelAveraging(true).setEpochs(3)
        .fit(SparkTests.frame(false, 0, 6000, 2), SparkTests.frame(true, 0, 2000,
            2));
    assertEquals(1, fitted.history().epochs().get(0).logs().containsKey("val_accuracy") ? 1 : 0);
    assertTrue(fitted.history().last().get("val_accuracy") > 0.75,
        fitted.history().toString());
  }

  @Test
  void callbacksRunOnTheDriverAndCanStop() {
    List<String> events = new ArrayList<>();
    Callback recorder = new Callback() {
      @Override
      public void onEpochBegin(TrainingContext context, int epoch) {
        events.add("begin " + epoch + " of " + context.epochs() + ", "
            + context.stepsPerEpoch() + " steps");
      }

      @Override
      public void onBatchEnd(TrainingContext context, int batch, BatchLogs logs) {
        if (batch == 0) {
          events.add("batch 0: " + logs.samples() + " samples, " + logs.metricNames());
        }
      }
    };
    CompiledFashionMlp model = new CompiledFashionMlp(3);
    Dataset<Row> train = SparkTests.frame(false, 0, 1000, 2);
    DendriteModel fitted = estimator(model).setBatchSize(100).setEpochs(50)
        .addCallback(recorder).addCallback(ThresholdStopping.below("loss", 0.9)).fit(train);
    History h = fitted.history();
    assertTrue(h.epochs().size() < 50, "stopped after " + h.epochs().size() + " epochs");
    assertTrue(h.last().loss() < 0.9);
    assertEquals("begin 0 of 50, 10 steps", events.get(0));
    assertEquals("batch 0: 100 samples, [accuracy]", events.get(1));
  }

  @Test
  void keepsCallbacksContracts(@TempDir Path dir) throws Exception {
    // EarlyStopping restores the best epoch's weights into the model, and the scorer the fit
    // returns holds them; ModelCheckpoint writes from the Spark loop as from Trainer's.
    CompiledFashionMlp model = new CompiledFashionMlp(3);
    Dataset<Row> train = SparkTests.frame(false, 0, 1000, 2);
    Dataset<Row> validation = SparkTests.frame(true, 0, 300, 2);
    Path checkpoint = dir.resolve("fashion-{epoch}.safetensors");
    float[][] best = new float[1][];
    double[] bestLoss = {Double.POSITIVE_INFINITY};
    Callback recorder = new Callback() {
      @Override
      public void onEpochEnd(TrainingContext context, org.dendrite.runtime.train.EpochResult r) {
        if (r.get("val_loss") < bestLoss[0]) {
          bestLoss[0] = r.get("val_loss");
          best[0] = context.model().parameters().clone();
        }
      }
    };
    DendriteModel fitted = estimator(model).setBatchSize(50).setEpochs(4)
        .setOptimizer(() -> new Adam(2e-2f)) // too fast a rate: validation loss goes up and down
        .addCallback(recorder)
        .addCallback(EarlyStopping.builder().monitor("val_loss").patience(4)
            .restoreBestWeights(true).build())
        .addCallback(new ModelCheckpoint(checkpoint))
        .fit(train, validation);
    assertEquals(4, fitted.history().epochs().size());
    assertArrayEquals(best[0], model.parameters(), "the best epoch's weights, restored");
    assertArrayEquals(best[0], fitted.newModel().parameters(), "and in the returned scorer");
    for (int e = 1; e <= 4; e++) {
      assertTrue(Files.exists(dir.resolve("fashion-" + e + ".safetensors")), "epoch " + e);
    }
  }

  @Test
  void badLabelsAndColumnsAreClearErrors() {
    CompiledFashionMlp model = new CompiledFashionMlp(3);
    Dataset<Row> train = SparkTests.frame(false, 0, 50, 2);
    Exception e = assertThrows(Exception.class,
        () -> estimator(model).fit(train.withColumn("label",
            org.apache.spark.sql.functions.col("label").plus(10))));
    assertTrue(SparkTests.messages(e).contains("is not a class index in [0, 10)"),
        SparkTests.messages(e));
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> estimator(model).setLabelCol("class").fit(train));
    assertTrue(missing.getMessage().startsWith("no label column 'class'"));
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> estimator(model).fit(train.limit(0)));
    assertEquals("the training data are empty", empty.getMessage());
  }

}
