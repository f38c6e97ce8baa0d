package org.dendrite.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dendrite.runtime.data.FashionMnist;

/** The tests' one Spark session and their data. */
public final class SparkTests {
  private static SparkSession session;
  private static FashionMnist fashion;

  private SparkTests() {}

  /**
   * A {@code local[2]} session shared by every test class of the JVM (starting one takes
   * seconds); a failed task is tried up to four times, as on a cluster.
   */
  public static synchronized SparkSession session() {
    if (session == null || session.sparkContext().isStopped()) {
      session = SparkSession.builder()
          .master("local[2,4]")
          .appName("dendrite-spark-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }

  /** Makes {@code other} the session of the tests that follow, until it stops. */
  static synchronized void use(SparkSession other) {
    session = other;
  }

  static synchronized FashionMnist fashion() {
    if (fashion == null) {
      try {
        fashion = FashionMnist.load();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return fashion;
  }

  /**
   * Samples {@code [from, to)} of the Fashion-MNIST training ({@code test == false}) or test set
   * as a DataFrame of {@code partitions} partitions (contiguous slices, in order) with an
   * {@code id}, a {@code features} vector and a {@code label} double. The rows are made inside
   * the tasks from this JVM's copy of the data (local mode runs tasks here), so that a task
   * carries two numbers instead of its rows, as a task reading a file split would.
   */
  static Dataset<Row> frame(boolean test, int from, int to, int partitions) {
    List<int[]> slices = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      slices.add(new int[] {
        from + (int) ((long) p * (to - from) / partitions),
        from + (int) ((long) (p + 1) * (to - from) / partitions)});
    }
    StructType schema = new StructType()
        .add("id", DataTypes.IntegerType, false)
        .add("features", SQLDataTypes.VectorType(), false)
        .add("label", DataTypes.DoubleType, false);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(session().sparkContext());
    JavaRDD<Row> rows = jsc.parallelize(slices, partitions).flatMap(slice -> {
      org.dendrite.runtime.data.Dataset data = test ? fashion().test() : fashion().train();
      List<Row> out = new ArrayList<>(slice[1] - slice[0]);
      int in = data.featureSize();
      for (int i = slice[0]; i < slice[1]; i++) {
        float[] row = data.feature(i);
        double[] x = new double[in];
        for (int j = 0; j < in; j++) {
          x[j] = row[j];
        }
        out.add(RowFactory.create(i, Vectors.dense(x), (double) data.target(i)[0]));
      }
      return out.iterator();
    });
    return session().createDataFrame(rows, schema);
  }

  /** The messages of {@code t} and its causes, for errors that reach us wrapped by Spark. */
  static String messages(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getMessage()).append(" | ");
    }
    return sb.toString();
  }
}
