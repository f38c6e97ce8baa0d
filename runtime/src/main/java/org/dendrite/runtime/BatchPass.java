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
   * Training-mode forward and backward pass over the samples of {@code step}. Overwrites its
   * gradient array (length {@link Model#parameterCount()}) with the gradient of
   * {@code scale × Σ weight(sample) · loss(sample)} and returns {@code Σ weight(sample) ·
   * loss(sample)}, unscaled.
   *
   * <p>Dropout masks are a pure function of the model's seed, the step's number and the sample's
   * index {@code firstSample + i} within the step's batch, so a batch split between threads draws
   * the same masks as an unsplit one.
   *
   * <p>With {@linkplain Step#deferred deferred products}, the first layer's products are the
   * caller's ({@link #deferredKernel()}): {@code products} holds {@code inputs · kernel} for these
   * samples, {@code count × columns} values, to which the pass adds the bias and the activation
   * (the inputs are not read); the kernel's part of the gradient is not written, and the gradient
   * with respect to the first layer's pre-activations (scaled as the rest) goes to {@code
   * deferred}, from which the caller computes the kernel gradient as {@code inputsᵀ · deferred}.
   *
   * @throws IllegalArgumentException if the count is not in [1, capacity()] or an array is too
   *     short (the message names the sizes)
   * @throws UnsupportedOperationException if the step has deferred products and {@link
   *     #deferredKernel()} is null
   */
  double train(Step step);

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
   * The most samples a {@link #train} call should take at once: a trainer cuts a larger share of
   * a batch into chunks of at most this many, each trained into its own gradient array and the
   * arrays summed in a fixed order (the gradient of the whole share, up to the order of its sums).
   * Image networks, whose activations take hundreds of kilobytes a sample, return the samples
   * whose training buffers fit {@link TrainingChunks#BYTES}: past the caches, a larger batch
   * trained slower per sample. Unlimited by default: dense layers' products gain from every row.
   */
  default int trainingChunk() {
    return Integer.MAX_VALUE;
  }

  /**
   * Where the kernel of the network's first layer lies in the parameter array, when a trainer
   * may take over that layer's products ({@link Step#deferred}); {@code null} when it may not.
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
  static UnsupportedOperationException notDeferrable() {
    return new UnsupportedOperationException(
        "this model's first layer cannot leave its products to the caller");
  }

  /**
   * The arguments of one {@link #train} call: its samples, their weights, where its gradient
   * goes, and where it stands in its training step. A trainer keeps one per thread and sets it
   * before each call, so that a step allocates nothing. Each setter returns this step; the weights
   * and deferred products are null until set.
   */
  final class Step {
    private float[] inputs;
    private int inputOffset;
    private float[] targets;
    private int targetOffset;
    private int count;
    private float[] weights;
    private int weightOffset;
    private float[] gradients;
    private float scale;
    private long step;
    private int firstSample;
    private float[] products;
    private int productsOffset;
    private float[] deferred;
    private int deferredOffset;

    /** {@code count} samples: their inputs and targets from the given offsets. */
    public Step samples(float[] inputs, int inputOffset, float[] targets, int targetOffset,
        int count) {
      this.inputs = inputs;
      this.inputOffset = inputOffset;
      this.targets = targets;
      this.targetOffset = targetOffset;
      this.count = count;
      return this;
    }

    /**
     * A weight per sample from {@code offset} (Keras' sample and class weights): each sample's
     * loss and gradient are multiplied by it; {@code null}: every sample weighs 1.
     */
    public Step weights(float[] weights, int offset) {
      this.weights = weights;
      this.weightOffset = offset;
      return this;
    }

    /** The array the gradient overwrites, and the factor of the summed losses' gradient. */
    public Step gradients(float[] gradients, float scale) {
      this.gradients = gradients;
      this.scale = scale;
      return this;
    }

    /**
     * The training step (batch number since training began) and the index of the first sample
     * within that step's batch: together they key the dropout masks.
     */
    public Step at(long step, int firstSample) {
      this.step = step;
      this.firstSample = firstSample;
      return this;
    }

    /**
     * The first layer's products computed by the caller, and where its pre-activation gradient
     * goes (see {@link BatchPass#train}); {@code null} products: the pass computes them itself.
     */
    public Step deferred(float[] products, int productsOffset, float[] deferred,
        int deferredOffset) {
      this.products = products;
      this.productsOffset = productsOffset;
      this.deferred = deferred;
      this.deferredOffset = deferredOffset;
      return this;
    }

    /** The inputs, {@code count × inputSize} values from {@link #inputOffset()}. */
    public float[] inputs() {
      return inputs;
    }

    /** Where the first sample's inputs start. */
    public int inputOffset() {
      return inputOffset;
    }

    /** The targets, {@code count × targetSize} values from {@link #targetOffset()}. */
    public float[] targets() {
      return targets;
    }

    /** Where the first sample's targets start. */
    public int targetOffset() {
      return targetOffset;
    }

    /** The number of samples. */
    public int count() {
      return count;
    }

    /** The samples' weights, or null. */
    public float[] weights() {
      return weights;
    }

    /** Where the first sample's weight is. */
    public int weightOffset() {
      return weightOffset;
    }

    /** The array the gradient overwrites. */
    public float[] gradients() {
      return gradients;
    }

    /** The factor of the summed losses' gradient (1 / batch size for a mean). */
    public float scale() {
      return scale;
    }

    /** The training step. */
    public long step() {
      return step;
    }

    /** The index of the first sample within the step's batch. */
    public int firstSample() {
      return firstSample;
    }

    /** The first layer's products computed by the caller, or null. */
    public float[] products() {
      return products;
    }

    /** Where the first sample's products start. */
    public int productsOffset() {
      return productsOffset;
    }

    /** Where the first layer's pre-activation gradient goes, when the products are deferred. */
    public float[] deferred() {
      return deferred;
    }

    /** Where the first sample's pre-activation gradient starts in {@link #deferred()}. */
    public int deferredOffset() {
      return deferredOffset;
    }
  }
}
