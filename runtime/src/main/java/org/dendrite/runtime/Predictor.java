package org.dendrite.runtime;

import java.util.function.IntConsumer;
import org.dendrite.runtime.parallel.WorkerPool;
import org.dendrite.runtime.support.Inference;

/**
 * Batched inference on several threads. The samples of a call are split into one contiguous
 * range per thread, each run through that thread's own {@link BatchPass} in chunks of
 * {@link Inference#CHUNK}; every sample's output depends on that sample alone, so the results are
 * bit-identical to {@link Model#predictBatch} and to {@link Model#predict} one sample at a time.
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
  private final Model model;
  private final WorkerPool pool;
  private final BatchPass[] passes;
  private final IntConsumer share = this::share;
  private float[] inputs;
  private float[] outputs;
  private int count;

  /**
   * Creates a predictor of {@code model} on {@code threads} threads, the calling one included.
   *
   * @throws IllegalArgumentException if {@code threads < 1}
   */
  public Predictor(Model model, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.model = model;
    this.passes = new BatchPass[threads];
    for (int t = 0; t < threads; t++) {
      passes[t] = model.newBatchPass(Inference.CHUNK);
    }
    this.pool = new WorkerPool(threads);
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
      if (count <= Inference.CHUNK) {
        share(0, 0, count); // one chunk: waking the other threads would cost more than it saves
      } else {
        pool.run(share);
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
    share(t, Trainer.shareStart(t, count, parts), Trainer.shareStart(t + 1, count, parts));
  }

  private void share(int t, int lo, int hi) {
    Inference.predictRange(passes[t], model.inputSize(), model.outputSize(), inputs, outputs, lo,
        hi);
  }

  /** Stops the worker threads. */
  @Override
  public void close() {
    pool.close();
  }
}
