package org.dendrite.samples;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dendrite.runtime.callback.EarlyStopping;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.WeightFiles;
import org.dendrite.runtime.data.Csv;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.data.StandardScaler;
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
 * An MLP regressor on Friedman's synthetic nonlinear problem, read from a CSV table shipped with
 * the samples ({@value Friedman#RESOURCE}), with the textbook's workflow: a three-way split, a
 * standard scaler fitted on the training split alone, training that stops early (keeping the best
 * weights) when the validation loss stops improving, the error on a test set that played no part
 * in training, and the model saved with its scaler. The noise puts a floor under the test RMSE;
 * predicting the mean of the training targets gives a ceiling.
 */
@Command(
    name = "regression",
    mixinStandardHelpOptions = true,
    description = "Train a 10-64-64-1 MLP regressor on Friedman's synthetic problem, read from a"
        + " CSV table, with a train/validation/test split and a standard scaler; report the test"
        + " RMSE, write the history and the predictions as PNG and the model with its scaler.")
final class RegressionCommand implements Callable<Integer> {
  @Option(names = "--data", description = "A CSV table with columns x1..x10 and y (default:"
      + " the shipped " + Friedman.RESOURCE + ", 6,000 rows drawn with noise 1).")
  Path data;

  @Option(names = "--test-fraction", defaultValue = "0.2",
      description = "Fraction of the rows held out for the final test (default:"
          + " ${DEFAULT-VALUE}).")
  double testFraction;

  @Option(names = "--validation-fraction", defaultValue = "0.2",
      description = "Fraction of the other rows held out for early stopping (default:"
          + " ${DEFAULT-VALUE}).")
  double validationFraction;

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
      description = "Seed of the splits, the weights and the shuffles (default:"
          + " ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--threads", description = "Training threads (default: all processors).")
  Integer threads;

  @Option(names = "--wide-and-deep",
      description = "Train the wide-and-deep network (a linear branch beside the MLP, joined)"
          + " instead of the MLP; its files are called regression-wide-and-deep-*.")
  boolean wideAndDeep;

  @Mixin OutputOption out;

  /** What the run trained, measured and wrote, for tests. */
  Model model;
  History history;
  double testRmse;
  double meanRmse;
  double noiseRmse;
  final List<Path> written = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    Csv.Table table = read();
    Dataset all = table.dataset();
    Dataset.Split first = all.split(1 - testFraction, seed);
    Dataset.Split second = first.train().split(1 - validationFraction, seed + 1);
    Dataset rawTrain = second.train();
    Dataset test = first.test();
    // The scaler sees the training split only; the others are scaled as it was.
    StandardScaler scaler = StandardScaler.fit(rawTrain);
    Dataset train = scaler.transform(rawTrain);
    Dataset validation = scaler.transform(second.test());
    Dataset scaledTest = scaler.transform(test);

    model = wideAndDeep ? new CompiledFriedmanWideAndDeep(seed) : new CompiledFriedmanMlp(seed);
    String name = wideAndDeep ? "regression-wide-and-deep" : "regression";
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
    System.out.printf(Locale.ROOT, "Friedman #1 from %s: %,d training, %,d validation and %,d"
        + " test samples, scaled by a standard scaler fitted on the training ones%n",
        data == null ? Friedman.RESOURCE : data, train.size(), validation.size(), test.size());
    history = trainer.fit(train, validation);
    if (stopping.stoppedEpoch() >= 0) {
      System.out.printf(Locale.ROOT, "Validation loss stopped improving: stopped after epoch %d,"
          + " kept the weights of epoch %d%n", stopping.stoppedEpoch() + 1,
          stopping.bestEpoch() + 1);
    }

    Evaluation evaluation = trainer.evaluate(scaledTest);
    testRmse = evaluation.metric("rmse");
    double[] actual = new double[test.size()];
    double[] predicted = new double[test.size()];
    double trainMean = mean(rawTrain.targets(0, rawTrain.size()));
    float[] testTargets = test.targets(0, test.size());
    float[] testFeatures = test.features(0, test.size());
    double meanSquares = 0;
    double noiseSquares = 0;
    for (int i = 0; i < test.size(); i++) {
      actual[i] = testTargets[i];
      predicted[i] = model.predict(scaler.transform(test.feature(i)))[0];
      meanSquares += (actual[i] - trainMean) * (actual[i] - trainMean);
      double clean = Friedman.target(testFeatures, i * Friedman.FEATURES);
      noiseSquares += (actual[i] - clean) * (actual[i] - clean);
    }
    meanRmse = Math.sqrt(meanSquares / test.size());
    noiseRmse = Math.sqrt(noiseSquares / test.size());
    System.out.printf(Locale.ROOT, "Test RMSE %.3f, MAE %.3f; the noise alone gives %.3f,"
        + " predicting the training mean %.3f%n", testRmse, evaluation.metric("mae"), noiseRmse,
        meanRmse);

    // The model and the scaler its inputs need, in one file: a deployed model scales as trained.
    written.add(out.write(name + ".safetensors",
        file -> WeightFiles.save(model, scaler, file)));
    written.add(out.write(name + "-history.png",
        file -> HistoryPlot.of(history).quantities("rmse", "mae").write(file)));
    String title = String.format(Locale.ROOT, "Friedman #1: test RMSE %.2f (noise %.2f)",
        testRmse, noiseRmse);
    written.add(out.write(name + "-predictions.png",
        file -> Canvas.writePng(PredictionPlot.render(title, actual, predicted), file)));
    return 0;
  }

  private Csv.Table read() throws IOException {
    String[] x = new String[Friedman.FEATURES];
    for (int j = 0; j < x.length; j++) {
      x[j] = "x" + (j + 1);
    }
    if (data != null) {
      return Csv.read(data).features(x).targets("y").load();
    }
    try (InputStream in = RegressionCommand.class.getResourceAsStream(Friedman.RESOURCE)) {
      if (in == null) {
        throw new IOException(Friedman.RESOURCE + " is missing from the samples' class path");
      }
      return Csv.read(new InputStreamReader(in, StandardCharsets.UTF_8), Friedman.RESOURCE)
          .features(x).targets("y").load();
    }
  }

  private static double mean(float[] values) {
    double sum = 0;
    for (float v : values) {
      sum += v;
    }
    return sum / values.length;
  }
}
