package org.dendrite.spark;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.TaskCompletionListener;
import org.dendrite.annotation.Loss;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.Predictor;

/**
 * Scores one partition: reads up to {@code batchSize} rows, predicts them in one
 * {@link Predictor} call, and emits each row with the prediction and the output vector appended.
 * The buffers are allocated once per partition; per row, only the output row and its vector.
 */
final class ScoringFunction implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final Broadcast<NetworkSnapshot> snapshot;
  private final int featuresIndex;
  private final Columns.Kind featuresKind;
  private final int batchSize;
  private final boolean prediction;
  private final boolean outputs;

  ScoringFunction(Broadcast<NetworkSnapshot> snapshot, int featuresIndex, Columns.Kind kind,
      int batchSize, boolean prediction, boolean outputs) {
    this.snapshot = snapshot;
    this.featuresIndex = featuresIndex;
    this.featuresKind = kind;
    this.batchSize = batchSize;
    this.prediction = prediction;
    this.outputs = outputs;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    ExecutorModels.Entry entry = ExecutorModels.entry(snapshot.value());
    Predictor predictor = entry.borrow();
    TaskContext task = TaskContext.get();
    if (task != null) {
      task.addTaskCompletionListener((TaskCompletionListener) c -> entry.release(predictor));
    }
    return new Batches(rows, entry.model, predictor);
  }

  /** The class index or value a row's outputs predict (see {@link DendriteModel}). */
  static double predict(Loss loss, float[] out, int offset, int size) {
    if (size == 1) {
      return loss == Loss.MSE ? out[offset] : out[offset] > 0.5f ? 1 : 0;
    }
    int best = 0;
    for (int i = 1; i < size; i++) {
      if (out[offset + i] > out[offset + best]) {
        best = i;
      }
    }
    return best;
  }

  /** The partition's rows, scored a batch at a time. */
  private final class Batches implements Iterator<Row> {
    private final Iterator<Row> rows;
    private final Model model;
    private final Predictor predictor;
    private final Row[] pending;
    private final float[] inputs;
    private final float[] results;
    private int count;
    private int next;

    Batches(Iterator<Row> rows, Model model, Predictor predictor) {
      this.rows = rows;
      this.model = model;
      this.predictor = predictor;
      this.pending = new Row[batchSize];
      this.inputs = new float[batchSize * model.inputSize()];
      this.results = new float[batchSize * model.outputSize()];
    }

    @Override
    public boolean hasNext() {
      if (next < count) {
        return true;
      }
      count = 0;
      next = 0;
      int in = model.inputSize();
      while (count < batchSize && rows.hasNext()) {
        Row row = rows.next();
        Columns.read(row, featuresIndex, featuresKind, inputs, count * in, in, "features");
        pending[count++] = row;
      }
      if (count > 0) {
        predictor.predict(inputs, results, count);
      }
      return count > 0;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      int i = next++;
      Row row = pending[i];
      pending[i] = null;
      int width = row.length();
      Object[] values = new Object[width + (prediction ? 1 : 0) + (outputs ? 1 : 0)];
      for (int c = 0; c < width; c++) {
        values[c] = row.get(c);
      }
      int out = model.outputSize();
      if (prediction) {
        values[width++] = predict(model.loss(), results, i * out, out);
      }
      if (outputs) {
        double[] v = new double[out];
        for (int j = 0; j < out; j++) {
          v[j] = results[i * out + j];
        }
        values[width] = new DenseVector(v);
      }
      return RowFactory.create(values);
    }
  }
}
