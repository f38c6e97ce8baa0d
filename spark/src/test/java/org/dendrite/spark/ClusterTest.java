package org.dendrite.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.dendrite.runtime.optim.Adam;
import org.dendrite.spark.samples.CompiledFashionMlp;
import org.junit.jupiter.api.Test;

/**
 * The same training and scoring on {@code local-cluster[2,1,1024]}: a master, two workers and two
 * executor JVMs, each loading the generated class and the data by itself, with weights, tasks and
 * gradients crossing JVMs as on a real cluster. The results must equal {@code local[2]}'s bit for
 * bit.
 */
class ClusterTest {
  /** Weights after a short fit on 1,200 images in three partitions, and the outputs of 200. */
  private static float[][] run(SparkSession spark) {
    CompiledFashionMlp model = new CompiledFashionMlp(11);
    DendriteModel fitted = new DendriteEstimator(model).setBatchSize(100).setEpochs(2).setSeed(5)
        .setOptimizer(() -> new Adam(1e-3f))
        .fit(SparkTests.frame(false, 0, 1200, 3));
    List<Row> rows = fitted.transform(SparkTests.frame(true, 0, 200, 2))
        .select("id", "probability").collectAsList();
    float[] outputs = new float[200 * 10];
    for (Row r : rows) {
      Vector v = (Vector) r.get(1);
      for (int j = 0; j < 10; j++) {
        outputs[r.getInt(0) * 10 + j] = (float) v.apply(j);
      }
    }
    float[] expected = new float[200 * 10];
    model.predictBatch(SparkTests.fashion().test().features(0, 200), expected, 200);
    assertArrayEquals(expected, outputs, "scored as predict, " + spark.sparkContext().master());
    return new float[][] {model.parameters().clone(), outputs};
  }

  @Test
  void twoExecutorJvmsComputeWhatLocalModeComputes() throws Exception {
    float[][] local = run(SparkTests.session());
    SparkTests.session().stop();

    String sparkHome = System.getenv("SPARK_HOME");
    assertNotNull(sparkHome, "SPARK_HOME is not set: run the test through Maven, whose surefire"
        + " configuration points it at an empty Spark home under target/");
    Path home = Path.of(sparkHome);
    Files.createDirectories(home.resolve("jars"));
    Files.writeString(home.resolve("RELEASE"), "an empty Spark home for local-cluster tests\n");
    SparkSession cluster = SparkSession.builder()
        .master("local-cluster[2,1,1024]")
        .appName("dendrite-cluster-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        // The executors get the test JVM's class path: the generated network, Dendrite, the
        // tests' data helpers. Spark adds its add-opens flags to their command lines itself.
        .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
        .getOrCreate();
    try {
      SparkTests.use(cluster);
      float[][] remote = run(cluster);
      assertFalse(Arrays.equals(new CompiledFashionMlp(11).parameters(), remote[0]));
      assertArrayEquals(local[0], remote[0], "weights trained across JVMs");
      assertArrayEquals(local[1], remote[1]);
      assertEquals(2, cluster.sparkContext().getExecutorMemoryStatus().size() - 1,
          "two executors besides the driver");
    } finally {
      cluster.stop();
    }
  }
}
