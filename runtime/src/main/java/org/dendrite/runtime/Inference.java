package org.dendrite.runtime;
import org.dendrite.runtime.support.Checks;


/**
 * The prediction methods of a generated model: each calling thread gets its own
 * {@link BatchPass}, created on its first call and reused afterwards, so predicting allocates
 * nothing after warm-up and is safe from several threads at once. Used by generated code.
 */
public final class Inference {
  /** Samples per forward pass of {@link #predictBatch}: large enough to keep kernels busy. */
  public static final int CHUNK = 64;

  private final Model model;
  private final ThreadLocal<BatchPass> passes;

  /** Creates the helper of {@code model}. */
  public Inference(Model model) {
    this.model = model;
    this.passes = ThreadLocal.withInitial(() -> model.newBatchPass(CHUNK));
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
   * Predicts samples {@code [from, to)} through {@code pass} (of capacity at least
   * {@link #CHUNK}), {@link #CHUNK} at a time; {@code in} and {@code out} are the model's sizes.
   */
  public static void predictRange(BatchPass pass, int in, int out, float[] inputs,
      float[] outputs, int from, int to) {
    for (int i = from; i < to; i += CHUNK) {
      int n = Math.min(CHUNK, to - i);
      pass.predict(inputs, i * in, outputs, i * out, n);
    }
  }
}
