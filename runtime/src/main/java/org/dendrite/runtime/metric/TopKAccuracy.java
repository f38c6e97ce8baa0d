package org.dendrite.runtime.metric;

import org.dendrite.annotation.Loss;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.support.Checks;

/**
 * The fraction of samples whose true class is among the {@code k} highest outputs, as Keras'
 * {@code SparseTopKCategoricalAccuracy} (class-index targets) and
 * {@code TopKCategoricalAccuracy} (one-hot targets, whose arg-max is the true class). Reported as
 * {@code top_5_accuracy} for k = 5, the name Keras' examples give it.
 *
 * <p>Ties count in the sample's favour, as TensorFlow's {@code in_top_k}: the true class is in the
 * top k if fewer than k classes score strictly higher. A NaN score is never in the top k.
 *
 * <p>{@link #update} refuses, with an {@link IllegalArgumentException}, outputs of another number
 * of classes than the metric was made for, targets of another size (one class index when sparse,
 * one value per class when one-hot), a sparse target that is not a class index (a whole
 * number in {@code [0, classes)}; NaN is none), as the losses do, and a one-hot target value that
 * is NaN or infinite, rather than counting a miss.
 */
public final class TopKAccuracy implements Metric {
  private final int k;
  private final int classes;
  private final boolean sparse;
  private final String name;
  private long hits;
  private long total;

  /**
   * Top-k accuracy over outputs of {@code classes} units, with class-index targets if
   * {@code sparse}, else one-hot targets.
   *
   * @throws IllegalArgumentException if {@code k} is not in [1, classes]
   */
  public TopKAccuracy(int k, int classes, boolean sparse) {
    checkK(k);
    if (k > classes) {
      throw new IllegalArgumentException("top-" + k + " accuracy needs at least " + k
          + " classes; the output has " + classes + " (choose k <= " + classes + ")");
    }
    this.k = k;
    this.classes = classes;
    this.sparse = sparse;
    this.name = "top_" + k + "_accuracy";
  }

  /**
   * Top-k accuracy for {@code model}: sparse for {@link Loss#SPARSE_CATEGORICAL_CROSSENTROPY},
   * one-hot for {@link Loss#CATEGORICAL_CROSSENTROPY}.
   *
   * @throws IllegalArgumentException for any other loss, or a {@code k} larger than the output
   */
  public static TopKAccuracy forModel(int k, Model model) {
    Loss loss = model.loss();
    if (loss != Loss.SPARSE_CATEGORICAL_CROSSENTROPY && loss != Loss.CATEGORICAL_CROSSENTROPY) {
      throw new IllegalArgumentException("top-" + k + " accuracy ranks the classes of a softmax "
          + "output; " + model.name() + " is trained with " + loss
          + ", not a categorical cross-entropy");
    }
    try {
      return new TopKAccuracy(k, model.outputSize(), loss == Loss.SPARSE_CATEGORICAL_CROSSENTROPY);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(model.name() + ": " + e.getMessage(), e);
    }
  }

  static void checkK(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("top-k accuracy needs k >= 1, got " + k);
    }
  }

  /** The k of this metric. */
  public int k() {
    return k;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void reset() {
    hits = 0;
    total = 0;
  }

  @Override
  public void update(
      float[] outputs, int outputSize, float[] targets, int targetOffset, int targetSize,
      int count) {
    Metric.checkUpdate(name, outputs, outputSize, targets, targetOffset, targetSize, count);
    if (outputSize != classes) {
      throw new IllegalArgumentException(name + " was made for " + classes + " classes; the"
          + " outputs have " + outputSize + " per sample");
    }
    Accuracy.checkTargetSize(name, sparse, outputSize, targetSize);
    long found = 0; // added at the end: a refused target leaves the metric as it was
    for (int r = 0; r < count; r++) {
      int o = r * outputSize;
      int t = targetOffset + r * targetSize;
      if (!sparse) {
        Checks.finite(name, "target value", targets, t, targetSize, targetSize, r);
      }
      int label = sparse ? Checks.classIndex(name, targets[t], r, outputSize)
          : Accuracy.argMax(targets, t, targetSize);
      found += inTopK(outputs, o, outputSize, label, k) ? 1 : 0;
    }
    hits += found;
    total += count;
  }

  /** Whether class {@code label} is among the {@code k} highest of {@code n} scores. */
  static boolean inTopK(float[] scores, int off, int n, int label, int k) {
    if (label < 0 || label >= n) {
      return false;
    }
    float own = scores[off + label];
    if (Float.isNaN(own)) {
      return false;
    }
    int higher = 0;
    for (int j = 0; j < n; j++) {
      if (scores[off + j] > own && ++higher >= k) {
        return false;
      }
    }
    return true;
  }

  @Override
  public double result() {
    return total == 0 ? 0 : (double) hits / total;
  }
}
