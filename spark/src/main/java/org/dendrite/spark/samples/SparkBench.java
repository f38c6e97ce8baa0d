package org.dendrite.spark.samples;

import static org.apache.spark.sql.functions.col;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.dendrite.runtime.Predictor;
import org.dendrite.runtime.data.FashionMnist;
import org.dendrite.runtime.optim.Adam;
import org.dendrite.runtime.train.Callback;
import org.dendrite.runtime.train.EpochResult;
import org.dendrite.runtime.train.History;
import org.dendrite.runtime.train.Trainer;
import org.dendrite.runtime.train.TrainingContext;
import org.dendrite.spark.DendriteEstimator;
import org.dendrite.spark.DendriteModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The figures of docs/performance.md's Spark section, one JSON line each: scoring images/s of
 * {@link DendriteModel} and of MLlib's {@code MultilayerPerceptronClassificationModel} on the same
 * cached test images, and of a {@link Predictor} without Spark; training time and test accuracy
 * of MLlib's {@code MultilayerPerceptronClassifier} (L-BFGS, its default and best solver) and of
 * {@link DendriteEstimator} (synchronous steps and model averaging), on the same 784-300-100-10
 * layers and data; and the single-machine trainer's epoch at the same batch size.
 */
@Command(name = "spark-bench", mixinStandardHelpOptions = true,
    description = "Dendrite on Spark against Spark MLlib's multilayer perceptron.")
public final class SparkBench implements Callable<Integer> {
  @Option(names = "--master", defaultValue = "local[2]",
      description = "Spark master (default: ${DEFAULT-VALUE}).")
  String master;

  @Option(names = "--mllib-iterations", split = ",", defaultValue = "10,25,50",
      description = "MLlib fits to time, by maximum L-BFGS iterations (default: ${DEFAULT-VALUE}).")
  List<Integer> mllibIterations;

  @Option(names = "--epochs", defaultValue = "5",
      description = "Dendrite epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "128",
      description = "Dendrite's batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--rounds", defaultValue = "5",
      description = "Timed rounds per scoring figure; the best is reported (default:"
          + " ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--out", defaultValue = "out/spark-fashion",
      description = "Directory of the Parquet files (default: ${DEFAULT-VALUE}).")
  Path out;

  private static void json(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }

  @Override
  public Integer call() throws Exception {
    SparkSession spark = SparkSession.builder().appName("dendrite-spark-bench").master(master)
        .config("spark.ui.enabled", "false").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    try {
      run(spark);
    } finally {
      spark.stop();
    }
    return 0;
  }

  private void run(SparkSession spark) throws Exception {
    FashionMnist data = FashionMnist.load();
    int files = spark.sparkContext().defaultParallelism();
    Dataset<Row> train = vectors(FashionFrames.read(spark, data.train(), data.train().size(),
        files, out.resolve("train-60000-" + files + ".parquet")));
    Dataset<Row> test = vectors(FashionFrames.read(spark, data.test(), data.test().size(), files,
        out.resolve("test-" + files + ".parquet")));
    json("{\"what\":\"setup\",\"spark\":\"%s\",\"master\":\"%s\",\"java\":\"%s\","
        + "\"train_partitions\":%d,\"test_partitions\":%d}", spark.version(), master,
        System.getProperty("java.version"), train.rdd().getNumPartitions(),
        test.rdd().getNumPartitions());

    // Training: MLlib's L-BFGS at several iteration counts, then Dendrite.
    MultilayerPerceptronClassificationModel mllib = null;
    for (int iterations : mllibIterations) {
      MultilayerPerceptronClassifier mlp = new MultilayerPerceptronClassifier()
          .setLayers(new int[] {784, 300, 100, 10}).setMaxIter(iterations).setSeed(42)
          .setTol(0);
      long start = System.nanoTime();
      mllib = mlp.fit(train);
      double seconds = (System.nanoTime() - start) / 1e9;
      double accuracy = accuracy(mllib.transform(test));
      json("{\"what\":\"train\",\"who\":\"mllib\",\"solver\":\"l-bfgs\",\"iterations\":%d,"
          + "\"seconds\":%.1f,\"test_accuracy\":%.4f}", iterations, seconds, accuracy);
    }
    for (boolean averaging : new boolean[] {false, true}) {
      CompiledFashionMlp model = new CompiledFashionMlp(42);
      List<double[]> epochsSeen = new ArrayList<>();
      long start = System.nanoTime();
      DendriteModel fitted = new DendriteEstimator(model).setEpochs(epochs)
          .setBatchSize(batchSize).setSeed(42).setModelAveraging(averaging)
          .setOptimizer(() -> new Adam(1e-3f))
          .addCallback(new Callback() {
            @Override
            public void onEpochEnd(TrainingContext context, EpochResult r) {
              epochsSeen.add(new double[] {(System.nanoTime() - start) / 1e9, r.seconds(),
                  r.get("val_accuracy")});
            }
          })
          .fit(train, test);
      History h = fitted.history();
      for (int e = 0; e < epochsSeen.size(); e++) {
        double[] s = epochsSeen.get(e);
        json("{\"what\":\"train\",\"who\":\"dendrite-spark\",\"mode\":\"%s\",\"batch\":%d,"
            + "\"epoch\":%d,\"elapsed_s\":%.1f,\"epoch_train_s\":%.2f,\"steps\":%d,"
            + "\"test_accuracy\":%.4f}", averaging ? "averaging" : "synchronous", batchSize,
            e + 1, s[0], s[1], averaging ? 1 : (60000 + batchSize - 1) / batchSize, s[2]);
      }
      if (!averaging) {
        score(spark, test, fitted, mllib, data);
      }
      h.epochs();
    }

    // The single-machine trainer at the same batch size, for Spark's overhead per step.
    for (int threads : new int[] {1, 2}) {
      CompiledFashionMlp model = new CompiledFashionMlp(42);
      Trainer trainer = Trainer.builder(model).optimizer(new Adam(1e-3f)).epochs(2)
          .batchSize(batchSize).seed(42).threads(threads).build();
      History h = trainer.fit(data.train());
      json("{\"what\":\"train\",\"who\":\"dendrite\",\"threads\":%d,\"batch\":%d,"
          + "\"epoch_train_s\":%.2f,\"test_accuracy\":%.4f}", threads, batchSize,
          h.last().seconds(), trainer.evaluate(data.test()).accuracy());
    }
  }

  private void score(SparkSession spark, Dataset<Row> test, DendriteModel dendrite,
      MultilayerPerceptronClassificationModel mllib, FashionMnist data) {
    int n = (int) test.count();
    double best = 0;
    for (int r = 0; r < rounds; r++) {
      long start = System.nanoTime();
      dendrite.transform(test).write().format("noop").mode("overwrite").save();
      best = Math.max(best, n / ((System.nanoTime() - start) / 1e9));
    }
    json("{\"what\":\"score\",\"who\":\"dendrite-spark\",\"images_per_s\":%.0f}", best);
    if (mllib != null) {
      best = 0;
      for (int r = 0; r < rounds; r++) {
        long start = System.nanoTime();
        mllib.transform(test).write().format("noop").mode("overwrite").save();
        best = Math.max(best, n / ((System.nanoTime() - start) / 1e9));
      }
      json("{\"what\":\"score\",\"who\":\"mllib\",\"images_per_s\":%.0f}", best);
    }
    for (int threads : new int[] {1, 2}) {
      try (Predictor predictor = new Predictor(dendrite.newModel(), threads)) {
        float[] outputs = new float[data.test().size() * 10];
        float[] images = data.test().features(0, data.test().size());
        best = 0;
        for (int r = 0; r < rounds * 4; r++) {
          long start = System.nanoTime();
          predictor.predict(images, outputs, data.test().size());
          best = Math.max(best, data.test().size() / ((System.nanoTime() - start) / 1e9));
        }
        json("{\"what\":\"score\",\"who\":\"dendrite\",\"threads\":%d,\"images_per_s\":%.0f}",
            threads, best);
      }
    }
  }

  /** The frame with its pixels as an MLlib vector, cached in memory as such. */
  private static Dataset<Row> vectors(Dataset<Row> frame) {
    Dataset<Row> v = frame.withColumn("features", functions.array_to_vector(col("features")))
        .persist(StorageLevel.MEMORY_ONLY());
    v.count();
    return v;
  }

  private static double accuracy(Dataset<Row> scored) {
    long n = scored.count();
    return scored.filter("prediction = label").count() / (double) n;
  }

  /** Runs the benchmark. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new SparkBench()).execute(args));
  }
}
