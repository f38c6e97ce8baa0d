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
import org.dendrite.runtime.WeightFiles;
import org.dendrite.runtime.data.Csv;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.data.StandardScaler;
import org.dendrite.runtime.metric.Metrics;
import org.dendrite.runtime.optim.Adam;
import org.dendrite.runtime.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * All three iris species from a CSV table with a categorical column: the species column read as
 * class indices, a stratified split (each species keeps its share of the test set), a standard
 * scaler fitted on the training split, an MLP whose declared classes give a typed
 * {@code predictClass}, and the model saved with its scaler.
 */
@Command(
    name = "iris",
    mixinStandardHelpOptions = true,
    description = "Classify the three iris species from iris.csv: stratified split, standard"
        + " scaler, a 4-16-3 MLP; report the test accuracy, name the species of a few test"
        + " flowers with predictClass, and write the model with its scaler.")
final class IrisCommand implements Callable<Integer> {
  @Option(names = "--epochs", defaultValue = "200",
      description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--test-fraction", defaultValue = "0.2",
      description = "Fraction of each species held out for the test (default:"
          + " ${DEFAULT-VALUE}).")
  double testFraction;

  @Option(names = "--seed", defaultValue = "42",
      description = "Seed of the split, the weights and the shuffles (default:"
          + " ${DEFAULT-VALUE}).")
  long seed;

  @Mixin OutputOption out;

  /** What the run measured and wrote, for tests. */
  double testAccuracy;
  List<String> classes;
  final List<CompiledIrisMlp.Label> predicted = new ArrayList<>();
  final List<String> actual = new ArrayList<>();
  final List<Path> written = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    Csv.Table table;
    try (InputStream in = IrisCommand.class.getResourceAsStream("iris.csv")) {
      if (in == null) {
        throw new IOException("iris.csv is missing from the samples' class path");
      }
      table = Csv.read(new InputStreamReader(in, StandardCharsets.UTF_8), "iris.csv")
          .features("sepal_length", "sepal_width", "petal_length", "petal_width")
          .classTarget("species").categories("species", Iris.SPECIES.toArray(new String[0]))
          .load();
    }
    classes = table.classes();
    Dataset.Split split = table.dataset().stratifiedSplit(1 - testFraction, seed);
    StandardScaler scaler = StandardScaler.fit(split.train());
    Dataset train = scaler.transform(split.train());
    Dataset test = scaler.transform(split.test());

    CompiledIrisMlp model = new CompiledIrisMlp(seed);
    Trainer trainer = Trainer.builder(model).optimizer(new Adam(0.01f)).epochs(epochs)
        .batchSize(16).seed(seed).threads(1).metrics(Metrics.accuracy()).build();
    trainer.fit(train);
    testAccuracy = trainer.evaluate(test).metric("accuracy");
    System.out.printf(Locale.ROOT, "Iris: %d training and %d test flowers (stratified); test"
        + " accuracy %.3f%n", train.size(), test.size(), testAccuracy);
    for (int i = 0; i < test.size(); i++) {
      CompiledIrisMlp.Label label = model.predictClass(test.feature(i));
      predicted.add(label);
      actual.add(classes.get((int) test.target(i)[0]));
      if (i < 5) {
        System.out.printf(Locale.ROOT, "  %s -> %s (is %s)%n",
            java.util.Arrays.toString(split.test().feature(i)), label, actual.get(i));
      }
    }
    written.add(out.write("iris.safetensors", file -> WeightFiles.save(model, scaler, file)));
    return 0;
  }
}
