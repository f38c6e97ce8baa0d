package org.dendrite.runtime;

import java.util.function.IntConsumer;
import org.dendrite.runtime.parallel.ColumnBands;
import org.dendrite.runtime.parallel.Shares;
import org.dendrite.runtime.parallel.WorkerPool;

/**
 * Batched inference on several threads. The samples of a call are split into one contiguous
 * range per thread, each run through that thread's own {@link BatchPass} in chunks of
 * {@link Inference#chunk}; every sample's output depends on that sample alone, so the results are
 * bit-identical to {@link Model#predictBatch} and to {@link Model#predict} one sample at a time.
 *
 * <p>When the network starts with a dense layer on its inputs ({@link BatchPass#deferredKernel()})
 * of at least {@value #SPLIT_MULTIPLY_ADDS} multiply-adds per sample, a call of at most
 * {@value #COLUMN_SPLIT_SAMPLES} samples per thread (a single sample, say) splits that layer by
 * output columns instead: each thread computes a band of its columns
 * ({@link ColumnBands}, bit-identical to the whole product) and the calling thread runs
 * the rest of the network ({@link BatchPass#predictDeferred}). Each thread then reads only its
 * band of the largest kernel, which can stay in its core's cache between calls. For other
 * networks a call of at most {@link Inference#CHUNK} samples runs on the calling thread alone.
 *
 * <p>A share or band whose worker has not woken by the time the caller's own is done runs on the
 * caller ({@link WorkerPool#runHelping}), so a parked worker does not add its wake-up to a short
 * call.
 *
 * <p>The threads are started once, by the constructor, and stopped by {@link #close}; a call
 * allocates nothing. One predictor serves one calling thread at a time (give each caller its own,
 * or use {@link Model#predictBatch}, which is safe from many threads).
 *
 * <pre>{@code
 * try (Predictor predictor = new Predictor(model, 2)) {
 *   predictor.predict(images, probabilities, count);
 * }
 * }</pre>
 */
public final class Predictor implements AutoCloseable {
  /**
   * The first layer's multiply-adds per sample from which a small call splits that layer between
   * threads: below it, handing the bands to other threads costs more than it saves.
   */
  public static final int SPLIT_MULTIPLY_ADDS = 1 << 16;

  /**
   * Samples per thread up to which a call splits the first layer by columns rather than by
   * samples: a share of one or two samples would run the product's slower few-row tiles, each
   * thread reading the whole kernel (measured: two threads, 784-300-100-10, four samples 13.9 µs
   * by columns against 17.0 by samples, five 22.4 against 19.4).
   */
  public static final int COLUMN_SPLIT_SAMPLES = 2;

  private final Model model;
  private final WorkerPool pool;
  private final BatchPass[] passes;
  private final IntConsumer share = this::share;
  /** The first layer's column bands, when small calls split it so; else null. */
  private final ColumnBands bands;
  /** The largest call split by columns. */
  private final int columnSplitLimit;
  private final IntConsumer band = this::band;
  private float[] inputs;
  private float[] outputs;
  private int count;

  /**
   * Creates a predictor of {@code model} on {@code threads} threads, the calling one included.
   *
   * @throws IllegalArgumentException if {@code threads} is not in [1, {@link
   *     WorkerPool#MAX_THREADS}]
   */
  public Predictor(Model model, int threads) {
    WorkerPool.checkThreads(threads); // before a buffer per thread is allocated
    this.model = model;
    this.passes = new BatchPass[threads];
    int chunk = Inference.chunk(model);
    for (int t = 0; t < threads; t++) {
      passes[t] = model.newBatchPass(chunk);
    }
    this.pool = new WorkerPool(threads);
    BatchPass.DeferredKernel kernel = passes[0].deferredKernel();
    if (threads > 1 && kernel != null
        && (long) kernel.rows() * kernel.columns() >= SPLIT_MULTIPLY_ADDS) {
      this.columnSplitLimit = Math.min(COLUMN_SPLIT_SAMPLES * threads, Inference.CHUNK);
      this.bands = new ColumnBands(kernel.offset(), kernel.rows(), kernel.columns(), threads,
          columnSplitLimit);
    } else {
      this.columnSplitLimit = 0;
      this.bands = null;
    }
  }

  /** The number of threads, the caller included. */
  public int threads() {
    return passes.length;
  }

  /**
   * Predicts {@code count} samples: reads {@code count × inputSize} values of {@code inputs} and
   * writes {@code count × outputSize} values of {@code outputs}.
   *
   * @throws IllegalArgumentException if {@code count} is negative or an array is too short (the
   *     message names the sizes)
   */
  public void predict(float[] inputs, float[] outputs, int count) {
    Inference.checkBatch(model, inputs, outputs, count);
    this.inputs = inputs;
    this.outputs = outputs;
    this.count = count;
    try {
      if (count == 0) {
        return;
      }
      if (bands != null && count <= columnSplitLimit) {
        pool.runHelping(band);
        passes[0].predictDeferred(bands.products(), 0, outputs, 0, count);
      } else if (bands == null && count <= Inference.CHUNK) {
        share(0, 0, count); // a small layer: handing shares over would cost more than it saves
      } else {
        pool.runHelping(share);
      }
    } finally {
      this.inputs = null;
      this.outputs = null;
    }
  }

  /**
   * Predicts every sample of {@code inputs} (whose length must be a multiple of the model's
   * input size) into a new array.
   */
  public float[] predict(float[] inputs) {
    int in = model.inputSize();
    if (inputs.length % in != 0) {
      throw new IllegalArgumentException("inputs hold " + inputs.length
          + " values, not a multiple of the input size " + in);
    }
    int n = inputs.length / in;
    float[] out = new float[n * model.outputSize()];
    predict(inputs, out, n);
    return out;
  }

  private void share(int t) {
    int parts = passes.length;
    share(t, Shares.start(t, count, parts), Shares.start(t + 1, count, parts));
  }

  private void share(int t, int lo, int hi) {
    Inference.predictRange(passes[t], model.inputSize(), model.outputSize(), inputs, outputs, lo,
        hi);
  }

  /** Thread {@code t}'s band of the first layer's products for the current small call. */
  private void band(int t) {
    bands.forward(t, inputs, count, model.parameters());
  }

  /** Stops the worker threads. */
  @Override
  public void close() {
    pool.close();
  }
}
