package org.dendrite.samples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.callback.ProgressLogger;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.data.FashionMnist;
import org.dendrite.runtime.io.FileErrors;
import org.dendrite.runtime.kernel.Kernels;
import org.dendrite.runtime.metric.ConfusionMatrix;
import org.dendrite.runtime.optim.Adam;
import org.dendrite.runtime.plot.HistoryPlot;
import org.dendrite.runtime.train.EpochResult;
import org.dendrite.runtime.train.Evaluation;
import org.dendrite.runtime.train.History;
import org.dendrite.runtime.train.Trainer;
import org.dendrite.samples.plot.Canvas;
import org.dendrite.samples.plot.ConfusionMatrixPlot;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every Fashion-MNIST sample does, as the textbook does it: print the model's summary, train
 * with Adam while validating on the last training images, evaluate on the 10,000 test images, and
 * write the training history ({@code NAME-history.png}: loss and accuracy, training and
 * validation) and the test set's confusion matrix ({@code NAME-confusion.png}) into {@code --out}.
 * Subclasses choose the network, the number of epochs and any callback.
 */
abstract class FashionSample implements Callable<Integer> {
  @Option(names = "--batch-size", defaultValue = "32",
      description = "Samples per step (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--threads", description = "Training threads (default: all processors).")
  Integer threads;

  @Option(names = "--seed", defaultValue = "42",
      description = "Seed of the weights and the shuffles (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--learning-rate",
      description = "Adam's learning rate (default: 0.001; fashion-cnn: 0.002).")
  Float learningRateOption;

  @Option(names = "--validation", defaultValue = "5000",
      description = "Training images held out for validation, taken from the end as Keras'"
          + " validation_split does (default: ${DEFAULT-VALUE}).")
  int validation;

  @Option(names = "--train-size", paramLabel = "N",
      description = "Train on the first N images only, for quick runs (default: all).")
  Integer trainSize;

  @Option(names = "--data", paramLabel = "DIR",
      description = "Load Fashion-MNIST from DIR (default: the usual places, downloading it into"
          + " ~/.dendrite/datasets/fashion-mnist if it is in none of them).")
  Path dataDirectory;

  @Option(names = "--metrics-json", paramLabel = "FILE",
      description = "Also write the test accuracy and per-epoch figures to FILE as JSON.")
  Path metricsJson;

  @Mixin OutputOption out;

  @Spec CommandSpec spec;

  /** The trained model, and what the run measured and wrote, for subclasses and tests. */
  Model model;
  History history;
  Evaluation test;
  ConfusionMatrix confusion;
  final List<Path> written = new ArrayList<>();

  /** The maximum number of epochs: each sample's {@code --epochs} option. */
  abstract int epochs();

  /** Adam's learning rate: {@code --learning-rate}, else the sample's default. */
  float learningRate() {
    return learningRateOption != null ? learningRateOption : defaultLearningRate();
  }

  /** The learning rate without {@code --learning-rate}: Keras' default for Adam. */
  float defaultLearningRate() {
    return 0.001f;
  }

  /** The network to train, its weights drawn from {@code seed}. */
  abstract Model newModel(long seed);

  /** Adds the sample's callbacks, if any; the progress logger is already there. */
  void configure(Trainer.Builder builder) {}

  /** The prefix of the files it writes: the command's name by default. */
  String outputName() {
    return spec.name();
  }

  /** Writes the sample's own extra files; {@link #written} collects them. */
  void writeExtras(FashionMnist data) throws IOException {}

  @Override
  public Integer call() throws IOException {
    FashionMnist data = dataDirectory == null ? FashionMnist.load()
        : FashionMnist.load(dataDirectory);
    Dataset all = data.train();
    if (trainSize != null) {
      if (trainSize <= validation || trainSize > all.size()) {
        throw new IllegalArgumentException("--train-size must be in (" + validation + ", "
            + all.size() + "], the validation images included");
      }
      all = all.slice(0, trainSize);
    }
    if (validation < 0 || validation >= all.size()) {
      throw new IllegalArgumentException("--validation must be in [0, " + all.size() + ")");
    }
    Dataset train = all.slice(0, all.size() - validation);
    Dataset valid = validation == 0 ? null : all.slice(all.size() - validation, all.size());

    model = newModel(seed);
    System.out.print(model.summary());
    Trainer.Builder builder = Trainer.builder(model)
        .optimizer(new Adam(learningRate()))
        .epochs(epochs())
        .batchSize(batchSize)
        .seed(seed)
        .callback(new ProgressLogger(System.out));
    if (threads != null) {
      builder.threads(threads);
    }
    configure(builder);
    Trainer trainer = builder.build();
    System.out.printf(Locale.ROOT, "Training on %,d images (%,d for validation), %d thread(s),"
        + " %s kernels%n", train.size(), validation, trainer.threads(), Kernels.get());
    history = trainer.fit(train, valid);
    test = trainer.evaluate(data.test());
    System.out.printf(Locale.ROOT, "Test accuracy: %.4f (loss %.4f)%n", test.accuracy(),
        test.loss());
    confusion = ConfusionMatrix.of(model, data.test());
    System.out.print(confusion.format(FashionMnist.CLASS_NAMES));

    String name = outputName();
    write(name + "-history.png", file -> HistoryPlot.of(history).write(file));
    String title = String.format(Locale.ROOT, "Confusion matrix of %s on the test set"
        + " (accuracy %.1f %%)", name, 100 * test.accuracy());
    write(name + "-confusion.png", file -> Canvas.writePng(
        ConfusionMatrixPlot.render(confusion, FashionMnist.CLASS_NAMES, title), file));
    writeExtras(data);
    if (metricsJson != null) {
      writeMetrics();
    }
    return 0;
  }

  /** Writes {@code name} into the output folder and records it in {@link #written}. */
  void write(String name, OutputOption.FileWriter writer) throws IOException {
    written.add(out.write(name, writer));
  }

  private void writeMetrics() throws IOException {
    List<Object> epochs = new ArrayList<>();
    for (EpochResult e : history.epochs()) {
      Map<String, Object> m = new LinkedHashMap<>(e.logs());
      m.put("seconds", e.seconds());
      m.put("samples_per_second", e.samplesPerSecond());
      epochs.add(m);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("test_accuracy", test.accuracy());
    json.put("test_loss", test.loss());
    json.put("kernels", Kernels.get().description());
    json.put("epochs", epochs);
    try {
      Files.writeString(metricsJson, Json.write(json) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw FileErrors.wrap("write the metrics to", metricsJson, e);
    }
  }
}
