package org.dendrite.spark.samples;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.dendrite.runtime.data.FashionMnist;
import org.dendrite.runtime.optim.Adam;
import org.dendrite.runtime.train.Callback;
import org.dendrite.runtime.train.EpochResult;
import org.dendrite.runtime.train.History;
import org.dendrite.runtime.train.TrainingContext;
import org.dendrite.spark.DendriteEstimator;
import org.dendrite.spark.DendriteModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The {@code spark-fashion} sample: trains the 784-300-100-10 Fashion-MNIST network on Spark with
 * {@link DendriteEstimator} and scores the test images with the {@link DendriteModel} it returns.
 * The images go through Parquet files first, as data reach Spark in production.
 */
@Command(name = "spark-fashion", mixinStandardHelpOptions = true,
    description = "Train and score Fashion-MNIST's 784-300-100-10 network on Apache Spark.")
public final class SparkFashion implements Callable<Integer> {
  @Option(names = "--master", description = "Spark master when not set by spark-submit"
      + " (default: local[*]).")
  String master;

  @Option(names = "--epochs", defaultValue = "5",
      description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "64",
      description = "Samples per step over all partitions (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--partitions", description = "Parquet files, hence partitions, of the"
      + " training data (default: Spark's default parallelism).")
  Integer partitions;

  @Option(names = "--train-size", paramLabel = "N", defaultValue = "60000",
      description = "Train on the first N images (default: ${DEFAULT-VALUE}).")
  int trainSize;

  @Option(names = "--averaging", description = "Per-epoch model averaging instead of"
      + " synchronous steps.")
  boolean averaging;

  @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", defaultValue = "out/spark-fashion",
      description = "Directory of the Parquet files and the weight file (default:"
          + " ${DEFAULT-VALUE}).")
  Path out;

  /** What the run measured, for tests. */
  History history;
  double testAccuracy;

  @Override
  public Integer call() throws Exception {
    SparkSession.Builder builder = SparkSession.builder().appName("dendrite-spark-fashion");
    if (master != null) {
      builder.master(master);
    } else if (!new org.apache.spark.SparkConf().contains("spark.master")) {
      builder.master("local[*]");
    }
    SparkSession spark = builder.getOrCreate();
    try {
      return run(spark);
    } finally {
      spark.stop();
    }
  }

  int run(SparkSession spark) throws Exception {
    FashionMnist data = FashionMnist.load();
    if (trainSize < 1 || trainSize > data.train().size()) {
      throw new IllegalArgumentException("--train-size must be in [1, " + data.train().size()
          + "]");
    }
    int files = partitions != null ? partitions : spark.sparkContext().defaultParallelism();
    Dataset<Row> train = FashionFrames.read(spark, data.train(), trainSize, files,
        out.resolve("train-" + trainSize + "-" + files + ".parquet"));
    Dataset<Row> test = FashionFrames.read(spark, data.test(), data.test().size(), files,
        out.resolve("test-" + files + ".parquet"));
    System.out.printf(Locale.ROOT, "Spark %s on %s: %,d training images in %d partitions,"
        + " %,d test images in %d%n", spark.version(), spark.sparkContext().master(),
        train.count(), train.rdd().getNumPartitions(), test.count(),
        test.rdd().getNumPartitions());

    CompiledFashionMlp model = new CompiledFashionMlp(seed);
    System.out.print(model.summary());
    DendriteModel fitted = new DendriteEstimator(model)
        .setEpochs(epochs).setBatchSize(batchSize).setSeed(seed).setModelAveraging(averaging)
        .setOptimizer(() -> new Adam(1e-3f))
        .addCallback(new EpochPrinter())
        .fit(train, test);
    history = fitted.history();

    long start = System.nanoTime();
    long correct = fitted.transform(test).filter("prediction = label").count();
    double seconds = (System.nanoTime() - start) / 1e9;
    testAccuracy = correct / (double) data.test().size();
    System.out.printf(Locale.ROOT, "Scored %,d test images in %.2f s (%,.0f images/s):"
        + " accuracy %.4f%n", data.test().size(), seconds, data.test().size() / seconds,
        testAccuracy);
    Path weights = out.resolve("fashion.safetensors");
    model.save(weights);
    System.out.println("Weights written to " + weights);
    return 0;
  }

  /** One line per epoch. */
  private static final class EpochPrinter implements Callback {
    @Override
    public void onEpochEnd(TrainingContext context, EpochResult r) {
      System.out.printf(Locale.ROOT, "Epoch %d/%d: %.2f s, loss %.4f, accuracy %.4f,"
          + " val_loss %.4f, val_accuracy %.4f%n", r.epoch() + 1, context.epochs(),
          r.seconds(), r.loss(), r.get("accuracy"), r.get("val_loss"), r.get("val_accuracy"));
    }
  }

  /** Runs the sample; the exit code is 0 on success. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new SparkFashion()).execute(args));
  }
}
