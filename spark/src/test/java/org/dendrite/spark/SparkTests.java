package org.dendrite.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
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
final class SparkTests {
  private static SparkSession session;
  private static FashionMnist fashion;

  private SparkTests() {}

  /**
   * A {@code local[2]} session shared by every test class of the JVM (starting one takes
   * seconds); a failed task is tried up to four times, as on a cluster.
   */
  static synchronized SparkSession session() {
    if (session == null) {
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
   * Samples {@code [from, to)} of {@code data} as a DataFrame of {@code partitions} partitions
   * (contiguous slices, in order) with an {@code id}, a {@code features} vector and a {@code label} double.
   */
  static Dataset<Row> frame(org.dendrite.runtime.data.Dataset data, int from, int to,
      int partitions) {
    List<Row> rows = new ArrayList<>(to - from);
    int in = data.featureSize();
    for (int i = from; i < to; i++) {
      double[] x = new double[in];
      for (int j = 0; j < in; j++) {
        x[j] = data.features()[i * in + j];
      }
      rows.add(RowFactory.create(i, Vectors.dense(x), (double) data.targets()[i]));
    }
    StructType schema = new StructType()
        .add("id", DataTypes.IntegerType, false)
        .add("features", SQLDataTypes.VectorType(), false)
        .add("label", DataTypes.DoubleType, false);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(session().sparkContext());
    return session().createDataFrame(jsc.parallelize(rows, partitions), schema);
  }
}
