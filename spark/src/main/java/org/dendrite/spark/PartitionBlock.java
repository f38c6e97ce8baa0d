package org.dendrite.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import org.apache.spark.sql.Row;
import org.dendrite.annotation.Loss;

/**
 * One partition's samples as the training tasks read them: features and targets flat, row after
 * row, in the partition's order. The estimator builds one per partition, once, and caches them.
 */
final class PartitionBlock implements Serializable {
  private static final long serialVersionUID = 1L;

  final int partition;
  final int size;
  final float[] features;
  final float[] targets;

  PartitionBlock(int partition, int size, float[] features, float[] targets) {
    this.partition = partition;
    this.size = size;
    this.features = features;
    this.targets = targets;
  }

  /** What a block needs to know of the columns and the network. */
  record Layout(int featuresIndex, Columns.Kind featuresKind, int labelIndex,
      Columns.Kind labelKind, int inputSize, int targetSize, Loss loss, int outputSize)
      implements Serializable {}

  /**
   * Reads partition {@code partition}'s rows.
   *
   * @throws IllegalArgumentException if a row does not fit the network (the message says how),
   *     or a class index is out of range
   */
  static PartitionBlock read(int partition, Iterator<Row> rows, Layout layout) {
    int in = layout.inputSize();
    int ts = layout.targetSize();
    float[] x = new float[1024 * in];
    float[] y = new float[1024 * ts];
    int n = 0;
    while (rows.hasNext()) {
      Row row = rows.next();
      if (n == Integer.MAX_VALUE / in || (long) (n + 1) * in > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("partition " + partition + " holds more than " + n
            + " samples of " + in + " features, more than one Java array takes; repartition"
            + " the data into more partitions");
      }
      if ((n + 1) * in > x.length) {
        x = Arrays.copyOf(x, (int) Math.min(Integer.MAX_VALUE - 8, 2L * x.length));
        y = Arrays.copyOf(y, (int) Math.min(Integer.MAX_VALUE - 8, 2L * y.length));
      }
      Columns.read(row, layout.featuresIndex(), layout.featuresKind(), x, n * in, in, "features");
      Columns.read(row, layout.labelIndex(), layout.labelKind(), y, n * ts, ts, "label");
      if (layout.loss() == Loss.SPARSE_CATEGORICAL_CROSSENTROPY) {
        float t = y[n];
        if (t != (int) t || t < 0 || t >= layout.outputSize()) {
          throw new IllegalArgumentException("label " + t + " is not a class index in [0, "
              + layout.outputSize() + ")");
        }
      }
      n++;
    }
    return new PartitionBlock(partition, n, Arrays.copyOf(x, n * in), Arrays.copyOf(y, n * ts));
  }
}
