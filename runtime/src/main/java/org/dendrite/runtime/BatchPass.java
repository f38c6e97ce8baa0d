package org.dendrite.runtime;

/**
 * Activation and gradient buffers for forward and backward passes over batches of up to
 * {@link #capacity()} samples of one model, reading that model's live parameters. Created by
 * {@link Model#newBatchPass(int)}; not thread-safe: one pass per thread. No method allocates.
 *
 * <p>This is the low-level interface a trainer uses to split a batch between threads: each thread
 * runs {@link #train} over its share into its own gradient array, and the shares are summed in a
 * fixed order.
 */
public interface BatchPass {
  /** The largest number of samples one call accepts. */
  int capacity();

  /**
   * Inference-mode forward pass (dropout off): reads {@code count} samples from {@code inputs} at
   * {@code inputOffset}, writes {@code count × outputSize} values to {@code outputs} at
   * {@code outputOffset}.
   *
   * @throws IllegalArgumentException if {@code count} is not in [1, capacity()] or an array is
   *     too short
   */
  void predict(float[] inputs, int inputOffset, float[] outputs, int outputOffset, int count);

  /**
   * Training-mode forward and backward pass over {@code count} samples. Overwrites
   * {@code gradients} (length {@link Model#parameterCount()}) with the gradient of
   * {@code scale × Σ loss(sample)} and returns {@code Σ loss(sample)}, unscaled.
   *
   * <p>Dropout masks are a pure function of the model's seed, {@code step} and the sample's index
   * {@code firstSample + i} within the step's batch, so a batch split between threads draws the
   * same masks as an unsplit one.
   *
   * @param step the training step (batch number since training began)
   * @param firstSample the index of this call's first sample within the step's batch
   * @throws IllegalArgumentException if {@code count} is not in [1, capacity()] or an array is
   *     too short
   */
  default double train(
      float[] inputs,
      int inputOffset,
      float[] targets,
      int targetOffset,
      int count,
      float scale,
      float[] gradients,
      long step,
      int firstSample) {
    return train(inputs, inputOffset, targets, targetOffset, null, 0, count, scale, gradients,
        step, firstSample);
  }

  /**
   * {@link #train(float[], int, float[], int, int, float, float[], long, int)} with a weight per
   * sample (Keras' sample and class weights): each sample's loss and gradient are multiplied by
   * its weight. {@code weights} may be null (all ones).
   *
   * @throws IllegalArgumentException as the unweighted form, or if {@code weights} is too short
   */
  double train(
      float[] inputs,
      int inputOffset,
      float[] targets,
      int targetOffset,
      float[] weights,
      int weightOffset,
      int count,
      float scale,
      float[] gradients,
      long step,
      int firstSample);

  /**
   * Inference-mode forward pass (dropout off) that also computes the loss: returns
   * {@code Σ loss(sample)} over {@code count} samples, computed from the logits where the output
   * activation is fused with the loss, exactly as {@link #train} does. {@link #outputs()} then
   * holds the outputs.
   *
   * @throws IllegalArgumentException if {@code count} is not in [1, capacity()], an array is too
   *     short, or a target is not valid for the loss (e.g. a class index out of range)
   */
  double evaluate(float[] inputs, int inputOffset, float[] targets, int targetOffset, int count);

  /**
   * The network outputs of the last {@link #train} or {@link #evaluate} call:
   * {@code count × outputSize} values from index 0 (probabilities for a softmax output). Valid
   * until the next call.
   */
  float[] outputs();

  /**
   * Where the kernel of the network's first layer lies in the parameter array, when a trainer
   * may take over that layer's products ({@link #trainDeferred}); {@code null} when it may not.
   * It may when the first layer is a dense layer that reads the batch's inputs and has no L1/L2
   * penalty. A trainer splitting a batch between threads then gives each thread a band of the
   * kernel's rows: the thread computes that band's share of the forward product for the whole
   * batch, and later the band's gradient ({@code inputsᵀ · G} over the whole batch, {@code G}
   * the gradient with respect to the layer's pre-activations) and its optimizer step. Each
   * thread then touches only its own rows of the largest kernel, which would otherwise move
   * between the cores' caches every step, and no thread writes a whole-kernel gradient for its
   * samples that would then have to be summed. A predictor likewise splits a small call's first
   * layer by columns ({@link #predictDeferred}).
   */
  default DeferredKernel deferredKernel() {
    return null;
  }

  /**
   * {@link #train(float[], int, float[], int, float[], int, int, float, float[], long, int)}
   * with the first layer's products left to the caller ({@link #deferredKernel()}):
   * {@code products} holds {@code inputs · kernel} for these samples, {@code count × columns}
   * values from {@code productsOffset}, to which the pass adds the bias and the activation
   * (the inputs are not read); the kernel's part of {@code gradients} is not written, and the
   * gradient with respect to the first layer's pre-activations (scaled as the rest) goes to
   * {@code deferred} at {@code deferredOffset}, from which the caller computes the kernel
   * gradient as {@code inputsᵀ · deferred}.
   *
   * @throws UnsupportedOperationException if {@link #deferredKernel()} is null
   * @throws IllegalArgumentException as {@code train}, or if {@code products} or
   *     {@code deferred} is too short
   */
  default double trainDeferred(
      float[] inputs,
      int inputOffset,
      float[] targets,
      int targetOffset,
      float[] weights,
      int weightOffset,
      int count,
      float scale,
      float[] gradients,
      long step,
      int firstSample,
      float[] products,
      int productsOffset,
      float[] deferred,
      int deferredOffset) {
    throw notDeferrable();
  }

  /**
   * {@link #predict} with the first layer's products left to the caller
   * ({@link #deferredKernel()}): {@code products} holds {@code inputs · kernel} for these samples,
   * {@code count × columns} values from {@code productsOffset}, to which the pass adds the bias
   * and the activation before running the other layers. With the products computed as
   * {@link org.dendrite.runtime.kernel.Kernels#matmulColumns} bands of the same product, the
   * outputs equal {@code predict}'s bit for bit. A predictor uses it to split a small batch's
   * first layer between threads by columns.
   *
   * @throws UnsupportedOperationException if {@link #deferredKernel()} is null
   * @throws IllegalArgumentException if {@code count} is not in [1, capacity()] or an array is
   *     too short
   */
  default void predictDeferred(
      float[] products, int productsOffset, float[] outputs, int outputOffset, int count) {
    throw notDeferrable();
  }

  /**
   * The first layer's kernel in the parameter array: {@code rows × columns} values (inputs by
   * units) from {@code offset}, row-major.
   *
   * @param offset the kernel's first index in the parameter array
   * @param rows the layer's inputs
   * @param columns the layer's units
   */
  record DeferredKernel(int offset, int rows, int columns) {}

  /** The failure of the deferred-kernel methods of a pass whose first layer is not deferrable. */
  private static UnsupportedOperationException notDeferrable() {
    return new UnsupportedOperationException(
        "this model's first layer cannot leave its products to the caller");
  }
}
