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
import org.dendrite.runtime.EpochResult;
import org.dendrite.runtime.Evaluation;
import org.dendrite.runtime.History;
import org.dendrite.runtime.ProgressLogger;
import org.dendrite.runtime.Trainer;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.data.FashionMnist;
import org.dendrite.runtime.kernel.Kernels;
import org.dendrite.runtime.optim.Adam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains the Keras book's 784-300-100-10 classifier on Fashion-MNIST with Adam and reports the
 * test accuracy.
 */
@Command(
    name = "fashion",
    mixinStandardHelpOptions = true,
    description = "Train the 784-300-100-10 MLP on Fashion-MNIST (Adam) and evaluate it on the"
        + " 10,000 test images.")
final class FashionCommand implements Callable<Integer> {
  @Option(names = "--epochs", defaultValue = "5", description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "32",
      description = "Samples per step (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--threads", description = "Training threads (default: all processors).")
  Integer threads;

  @Option(names = "--seed", defaultValue = "42",
      description = "Seed of the weights and the shuffles (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--learning-rate", defaultValue = "0.001",
      description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
  float learningRate;

  @Option(names = "--validation", defaultValue = "5000",
      description = "Training images held out for validation, taken from the end as Keras'"
          + " validation_split does (default: ${DEFAULT-VALUE}).")
  int validation;

  @Option(names = "--train-size", paramLabel = "N",
      description = "Train on the first N images only, for quick runs (default: all).")
  Integer trainSize;

  @Option(names = "--metrics-json", paramLabel = "FILE",
      description = "Also write the test accuracy and per-epoch figures to FILE as JSON.")
  Path metricsJson;

  @Override
  public Integer call() throws IOException {
    FashionMnist data = FashionMnist.load();
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

    CompiledFashionMlp model = new CompiledFashionMlp(seed);
    System.out.print(model.summary());
    Trainer.Builder builder = Trainer.builder(model)
        .optimizer(new Adam(learningRate))
        .epochs(epochs)
        .batchSize(batchSize)
        .seed(seed)
        .callback(new ProgressLogger(System.out));
    if (threads != null) {
      builder.threads(threads);
    }
    Trainer trainer = builder.build();
    System.out.printf(Locale.ROOT, "Training on %,d images (%,d for validation), %d thread(s),"
        + " %s kernels%n", train.size(), validation, trainer.threads(), Kernels.get());
    History history = trainer.fit(train, valid);
    Evaluation test = trainer.evaluate(data.test());
    System.out.printf(Locale.ROOT, "Test accuracy: %.4f (loss %.4f)%n", test.accuracy(),
        test.loss());
    if (metricsJson != null) {
      writeMetrics(history, test);
    }
    return 0;
  }

  private void writeMetrics(History history, Evaluation test) throws IOException {
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
    Files.writeString(metricsJson, Json.write(json) + "\n", StandardCharsets.UTF_8);
  }
}
