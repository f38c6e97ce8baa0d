package org.dendrite.runtime;
import org.dendrite.runtime.support.Checks;


/**
 * The prediction methods of a generated model: each calling thread gets its own
 * {@link BatchPass}, created on its first call and reused afterwards, so predicting allocates
 * nothing after warm-up and is safe from several threads at once. Used by generated code.
 */
public final class Inference {
  /**
   * The fewest samples per forward pass of {@link #predictBatch} (but for a batch's last): large
   * enough to keep the kernels busy.
   */
  public static final int CHUNK = 64;

  /** The most samples per forward pass, for a network whose activations are small ({@link #chunk}). */
  public static final int MAX_CHUNK = 256;

  /** What a forward pass's activations may take, for {@link #chunk}: they stay in L2. */
  static final long CHUNK_BYTES = 2L << 20;

  private final Model model;
  private final ThreadLocal<BatchPass> passes;

  /** Creates the helper of {@code model}. */
  public Inference(Model model) {
    this.model = model;
    // The size is read on a thread's first call: generated classes create this helper before
    // their layers.
    this.passes = ThreadLocal.withInitial(() -> model.newBatchPass(chunk(model)));
  }

  /**
   * Samples per forward pass of a batch prediction of {@code model}: {@link #MAX_CHUNK}, halved
   * while the activations of that many samples (every layer's output, the input layer's too)
   * take more than 2 MiB, down to {@link #CHUNK}. The weights are repacked for the kernels once per pass,
   * so larger passes repay the copy better: 784-300-100-10 predicted batches of 256 about 11 %
   * faster in passes of 256 than of 64 (Zen 5). An image network's passes stay at {@link
   * #CHUNK}; its generated code cuts them smaller still. Every sample's outputs are the same
   * whatever the pass's size.
   */
  public static int chunk(Model model) {
    long floats = 0;
    for (Layer layer : model.layers()) {
      long size = 1;
      for (int d : layer.outputShape()) {
        size *= d;
      }
      floats += size;
    }
    int chunk = MAX_CHUNK;
    while (chunk > CHUNK && chunk * floats * Float.BYTES > CHUNK_BYTES) {
      chunk /= 2;
    }
    return chunk;
  }

  /** See {@link Model#predict(float[], float[])}. */
  public void predict(float[] input, float[] output) {
    Checks.samples("input", input, 0, 1, model.inputSize());
    Checks.samples("output", output, 0, 1, model.outputSize());
    passes.get().predict(input, 0, output, 0, 1);
  }

  /** See {@link Model#predictBatch(float[], float[], int)}. */
  public void predictBatch(float[] inputs, float[] outputs, int count) {
    checkBatch(model, inputs, outputs, count);
    predictRange(passes.get(), model.inputSize(), model.outputSize(), inputs, outputs, 0, count);
  }

  /**
   * Checks the arguments of a batch prediction of {@code model}.
   *
   * @throws IllegalArgumentException if {@code count} is negative or an array is too short for
   *     {@code count} samples (the message names the sizes)
   */
  public static void checkBatch(Model model, float[] inputs, float[] outputs, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count is negative: " + count);
    }
    Checks.samples("inputs", inputs, 0, count, model.inputSize());
    Checks.samples("outputs", outputs, 0, count, model.outputSize());
  }

  /**
   * Predicts samples {@code [from, to)} through {@code pass}, as many at a time as its capacity
   * takes; {@code in} and {@code out} are the model's sizes.
   */
  public static void predictRange(BatchPass pass, int in, int out, float[] inputs,
      float[] outputs, int from, int to) {
    int chunk = pass.capacity();
    for (int i = from; i < to; i += chunk) {
      int n = Math.min(chunk, to - i);
      pass.predict(inputs, i * in, outputs, i * out, n);
    }
  }
}
