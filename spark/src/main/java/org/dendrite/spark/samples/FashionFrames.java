package org.dendrite.spark.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dendrite.runtime.data.FashionMnist;

/**
 * Fashion-MNIST as Spark reads data in production: Parquet files ({@code id} int,
 * {@code features} {@code array<float>} of 784 pixels in [0, 1], {@code label} double), written
 * once from the IDX files by the driver and read back with one partition per file.
 */
final class FashionFrames {
  private FashionFrames() {}

  /** The schema of the Parquet files. */
  static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.IntegerType, false)
      .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false)
      .add("label", DataTypes.DoubleType, false);

  /**
   * The first {@code count} samples of {@code data} from {@code dir}, written there first (in
   * {@code files} files) unless a previous run did.
   */
  static Dataset<Row> read(SparkSession spark, org.dendrite.runtime.data.Dataset data, int count,
      int files, Path dir) throws IOException {
    Path done = dir.resolve("_SUCCESS");
    if (!Files.exists(done)) {
      write(spark, data, count, files, dir);
    }
    Dataset<Row> frame = spark.read().schema(SCHEMA).parquet(dir.toString());
    return frame;
  }

  private static void write(SparkSession spark, org.dendrite.runtime.data.Dataset data, int count,
      int files, Path dir) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Row> rows = new ArrayList<>(count);
    int in = data.featureSize();
    for (int i = 0; i < count; i++) {
      float[] row = data.feature(i);
      Float[] x = new Float[in];
      for (int j = 0; j < in; j++) {
        x[j] = row[j];
      }
      rows.add(RowFactory.create(i, x, (double) data.target(i)[0]));
    }
    // parallelize keeps the order: file k holds the k-th contiguous slice.
    spark.createDataFrame(jsc.parallelize(rows, files), SCHEMA).write().mode(SaveMode.Overwrite)
        .parquet(dir.toString());
  }

  /** Loads Fashion-MNIST from the usual places (see {@link FashionMnist#load()}). */
  static FashionMnist load() throws IOException {
    return FashionMnist.load();
  }
}
