package org.dendrite.runtime.parallel;

import java.util.Arrays;
import org.dendrite.runtime.kernel.Kernels;

/**
 * A training step's first layer split between threads by bands of its kernel's rows: its two
 * halves. Forward, each thread multiplies its band of input features for the whole batch
 * (gathered by the caller) by its band of rows, a partial product that the shares then sum in
 * thread order; backward, each thread computes its band's gradient, {@code inputsᵀ · G} over
 * the whole batch, where {@code G} is the gradient with respect to the layer's
 * pre-activations. No thread reads another's rows, so the largest kernel stays in its owners'
 * caches (measured: Adam over half the parameters took 130-140 µs instead of 40-45 when the
 * other core had read them since the last step), and no thread writes a whole-kernel gradient
 * to be summed.
 *
 * <p>The kernel is {@code rows × columns} floats from {@code offset} in the parameter array, rows
 * being the layer's inputs, which are the network's inputs.
 */
public final class RowBands {
  private static final Kernels K = Kernels.get();

  private final int offset;
  private final int rows;
  private final int columns;
  private final int parts;
  /** Thread t's partial products, [batch][columns] each; the sum ends in partials[0]. */
  private final float[][] partials;
  /** The gradient with respect to the layer's pre-activations, [batch][columns]. */
  private final float[] preActivationGradient;

  /**
   * Bands of a {@code rows × columns} kernel at {@code offset} for {@code parts} threads and
   * batches of up to {@code batch} samples.
   */
  public RowBands(int offset, int rows, int columns, int parts, int batch) {
    this.offset = offset;
    this.rows = rows;
    this.columns = columns;
    this.parts = parts;
    this.partials = new float[parts][batch * columns];
    this.preActivationGradient = new float[batch * columns];
  }

  /** Where thread {@code t}'s band starts in the parameter array. */
  public int bandStart(int t) {
    return offset + Shares.start(t, rows, parts) * columns;
  }

  /** Where the kernel ends in the parameter array. */
  public int kernelEnd() {
    return offset + rows * columns;
  }

  /** The kernel's columns: the layer's units. */
  public int columns() {
    return columns;
  }

  /** The kernel's first index in the parameter array. */
  public int offset() {
    return offset;
  }

  /** The summed products, [batch][columns], once every share has called {@link #sum}. */
  public float[] products() {
    return partials[0];
  }

  /** Where the passes write the gradient with respect to the pre-activations, [batch][cols]. */
  public float[] preActivationGradient() {
    return preActivationGradient;
  }

  /** The first input feature of thread {@code t}'s band ({@code t} up to the thread count). */
  public int featureStart(int t) {
    return Shares.start(t, rows, parts);
  }

  /**
   * Forward, thread {@code t}: multiplies its band of features of the {@code count} samples of
   * {@code inputs} (rows of {@code inputSize}, of which the caller gathered at least the band's
   * columns {@code [featureStart(t), featureStart(t + 1))}) by its band of rows.
   */
  public void forward(int t, float[] inputs, int inputSize, int count, float[] parameters) {
    int f0 = featureStart(t);
    int f1 = featureStart(t + 1);
    if (f0 == f1) {
      Arrays.fill(partials[t], 0, count * columns, 0f);
      return;
    }
    K.matmul(inputs, f0, inputSize, parameters, offset + f0 * columns, null, 0, partials[t], 0,
        count, f1 - f0, columns);
  }

  /** Adds the other threads' partial products of samples {@code [lo, hi)} to thread 0's. */
  public void sum(int lo, int hi) {
    for (int s = 1; s < parts; s++) {
      K.add(partials[0], partials[s], lo * columns, hi * columns); // in thread order
    }
  }

  /**
   * Backward, thread {@code t}: its band's gradient over the {@code count} samples of the batch
   * {@code inputs} (rows of {@code inputSize}), written into {@code gradients} at the band's
   * place.
   */
  public void gradient(int t, float[] inputs, int inputSize, int count, float[] gradients) {
    int f0 = Shares.start(t, rows, parts);
    int f1 = Shares.start(t + 1, rows, parts);
    if (f0 < f1) {
      K.matmulTransA(inputs, f0, inputSize, preActivationGradient, 0, gradients,
          offset + f0 * columns, count, f1 - f0, columns);
    }
  }
}
