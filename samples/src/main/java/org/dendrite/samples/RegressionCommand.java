package org.dendrite.samples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dendrite.runtime.callback.EarlyStopping;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.metric.Metrics;
import org.dendrite.runtime.optim.Adam;
import org.dendrite.runtime.plot.HistoryPlot;
import org.dendrite.runtime.train.Evaluation;
import org.dendrite.runtime.train.History;
import org.dendrite.runtime.train.Trainer;
import org.dendrite.samples.plot.Canvas;
import org.dendrite.samples.plot.PredictionPlot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * An MLP regressor on Friedman's synthetic nonlinear problem, with the textbook's three-way split:
 * train on the training set, stop early (keeping the best weights) when the validation loss stops
 * improving, and report the error on a test set that played no part in training. The noise puts
 * a floor under the test RMSE; predicting the mean of the training targets gives a ceiling.
 */
@Command(
    name = "regression",
    mixinStandardHelpOptions = true,
    description = "Train a 10-64-64-1 MLP regressor on Friedman's synthetic problem with a"
        + " train/validation/test split, report the test RMSE, and write the history and the"
        + " predictions as PNG.")
final class RegressionCommand implements Callable<Integer> {
  @Option(names = "--train", defaultValue = "4000",
      description = "Training samples (default: ${DEFAULT-VALUE}).")
  int trainSize;

  @Option(names = "--validation", defaultValue = "1000",
      description = "Validation samples, for early stopping (default: ${DEFAULT-VALUE}).")
  int validationSize;

  @Option(names = "--test", defaultValue = "1000",
      description = "Test samples, for the final figure (default: ${DEFAULT-VALUE}).")
  int testSize;

  @Option(names = "--noise", defaultValue = "1.0",
      description = "Standard deviation of the targets' Gaussian noise (default:"
          + " ${DEFAULT-VALUE}, as make_friedman1's examples).")
  double noise;

  @Option(names = "--epochs", defaultValue = "200",
      description = "Epochs at most (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--patience", defaultValue = "10",
      description = "Stop after this many epochs without a better validation loss"
          + " (default: ${DEFAULT-VALUE}).")
  int patience;

  @Option(names = "--batch-size", defaultValue = "32",
      description = "Samples per step (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--learning-rate", defaultValue = "0.001",
      description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
  float learningRate;

  @Option(names = "--seed", defaultValue = "42",
      description = "Seed of the data, the weights and the shuffles (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--threads", description = "Training threads (default: all processors).")
  Integer threads;

  @Mixin OutputOption out;

  /** What the run measured and wrote, for tests. */
  History history;
  double testRmse;
  double meanRmse;
  double noiseRmse;
  final List<Path> written = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    if (trainSize < 1 || validationSize < 1 || testSize < 1) {
      throw new IllegalArgumentException("--train, --validation and --test must be positive");
    }
    int n = trainSize + validationSize + testSize;
    Dataset all = Friedman.generate(n, noise, seed);
    Dataset train = all.slice(0, trainSize);
    Dataset validation = all.slice(trainSize, trainSize + validationSize);
    Dataset test = all.slice(trainSize + validationSize, n);

    CompiledFriedmanMlp model = new CompiledFriedmanMlp(seed);
    System.out.print(model.summary());
    EarlyStopping stopping = EarlyStopping.builder().monitor("val_loss").patience(patience)
        .restoreBestWeights(true).build();
    Trainer.Builder builder = Trainer.builder(model).optimizer(new Adam(learningRate))
        .epochs(epochs).batchSize(batchSize).seed(seed)
        .metrics(Metrics.rootMeanSquaredError(), Metrics.meanAbsoluteError())
        .callback(stopping).callback(new SparseProgress(System.out, 10));
    if (threads != null) {
      builder.threads(threads);
    }
    Trainer trainer = builder.build();
    System.out.printf(Locale.ROOT, "Friedman #1, noise %s: %,d training, %,d validation and %,d"
        + " test samples%n", noise, trainSize, validationSize, testSize);
    history = trainer.fit(train, validation);
    if (stopping.stoppedEpoch() >= 0) {
      System.out.printf(Locale.ROOT, "Validation loss stopped improving: stopped after epoch %d,"
          + " kept the weights of epoch %d%n", stopping.stoppedEpoch() + 1,
          stopping.bestEpoch() + 1);
    }

    Evaluation evaluation = trainer.evaluate(test);
    testRmse = evaluation.metric("rmse");
    double[] actual = new double[test.size()];
    double[] predicted = new double[test.size()];
    double trainMean = mean(train.targets(0, train.size()));
    float[] testTargets = test.targets(0, test.size());
    float[] testFeatures = test.features(0, test.size());
    double meanSquares = 0;
    double noiseSquares = 0;
    for (int i = 0; i < test.size(); i++) {
      actual[i] = testTargets[i];
      predicted[i] = model.predict(test.feature(i))[0];
      meanSquares += (actual[i] - trainMean) * (actual[i] - trainMean);
      double clean = Friedman.target(testFeatures, i * Friedman.FEATURES);
      noiseSquares += (actual[i] - clean) * (actual[i] - clean);
    }
    meanRmse = Math.sqrt(meanSquares / test.size());
    noiseRmse = Math.sqrt(noiseSquares / test.size());
    System.out.printf(Locale.ROOT, "Test RMSE %.3f, MAE %.3f; the noise alone gives %.3f,"
        + " predicting the training mean %.3f%n", testRmse, evaluation.metric("mae"), noiseRmse,
        meanRmse);

    written.add(out.write("regression-history.png",
        file -> HistoryPlot.of(history).quantities("rmse", "mae").write(file)));
    String title = String.format(Locale.ROOT, "Friedman #1: test RMSE %.2f (noise %.2f)",
        testRmse, noiseRmse);
    written.add(out.write("regression-predictions.png",
        file -> Canvas.writePng(PredictionPlot.render(title, actual, predicted), file)));
    return 0;
  }

  private static double mean(float[] values) {
    double sum = 0;
    for (float v : values) {
      sum += v;
    }
    return sum / values.length;
  }
}
