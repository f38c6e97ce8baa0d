package org.dendrite.runtime.metric;

import org.dendrite.annotation.Loss;
import org.dendrite.runtime.support.Checks;

/**
 * The fraction of correct predictions, with "correct" as Keras defines it for each loss: the
 * arg-max matches the class index (sparse categorical) or the target's arg-max (categorical); each
 * output's {@code > 0.5} matches its target's (binary, averaged over units and samples); the step
 * output equals the 0/1 label (perceptron).
 *
 * <p>{@link #update} refuses, with an {@link IllegalArgumentException}, targets of a size the loss
 * does not have (one class index for sparse, one value per output otherwise), a sparse target
 * that is not a class index (a whole number in {@code [0, outputSize)}; NaN is none), as the
 * losses do, and a categorical or binary target value that is NaN or infinite (as the trainer
 * does), rather than counting it as some class or as a miss: {@code NaN > 0.5} is false, so a
 * NaN binary label read as class 0.
 */
public final class Accuracy implements Metric {
  private enum Kind {
    SPARSE,
    CATEGORICAL,
    BINARY
  }

  private final Kind kind;
  private long correct;
  private long total;

  private Accuracy(Kind kind) {
    this.kind = kind;
  }

  /**
   * The accuracy that fits a loss.
   *
   * @throws IllegalArgumentException for {@link Loss#MSE}, which has no notion of a class
   */
  public static Accuracy forLoss(Loss loss) {
    switch (loss) {
      case SPARSE_CATEGORICAL_CROSSENTROPY:
        return new Accuracy(Kind.SPARSE);
      case CATEGORICAL_CROSSENTROPY:
        return new Accuracy(Kind.CATEGORICAL);
      case BINARY_CROSSENTROPY:
      case PERCEPTRON:
        return new Accuracy(Kind.BINARY);
      default:
        throw new IllegalArgumentException(loss + " is a regression loss; accuracy needs classes");
    }
  }

  @Override
  public String name() {
    return "accuracy";
  }

  @Override
  public void reset() {
    correct = 0;
    total = 0;
  }

  @Override
  public void update(
      float[] outputs, int outputSize, float[] targets, int targetOffset, int targetSize,
      int count) {
    Metric.checkUpdate(name(), outputs, outputSize, targets, targetOffset, targetSize, count);
    checkTargetSize(name(), kind == Kind.SPARSE, outputSize, targetSize);
    // Counted aside and added at the end: a refused target leaves the metric as it was.
    long hits = 0;
    long seen = 0;
    for (int r = 0; r < count; r++) {
      int o = r * outputSize;
      int t = targetOffset + r * targetSize;
      switch (kind) {
        case SPARSE:
          hits += argMax(outputs, o, outputSize)
              == Checks.classIndex(name(), targets[t], r, outputSize) ? 1 : 0;
          seen++;
          break;
        case CATEGORICAL:
          Checks.finite(name(), "target value", targets, t, targetSize, targetSize, r);
          hits += argMax(outputs, o, outputSize) == argMax(targets, t, targetSize) ? 1 : 0;
          seen++;
          break;
        case BINARY:
          Checks.finite(name(), "target value", targets, t, targetSize, targetSize, r);
          for (int j = 0; j < outputSize; j++) {
            hits += (outputs[o + j] > 0.5f) == (targets[t + j] > 0.5f) ? 1 : 0;
          }
          seen += outputSize;
          break;
      }
    }
    correct += hits;
    total += seen;
  }

  @Override
  public double result() {
    return total == 0 ? 0 : (double) correct / total;
  }

  /**
   * Checks that targets of {@code targetSize} values fit outputs of {@code outputSize}: one class
   * index if {@code sparse}, else one value per output.
   */
  static void checkTargetSize(String metric, boolean sparse, int outputSize, int targetSize) {
    if (targetSize != (sparse ? 1 : outputSize)) {
      throw new IllegalArgumentException(metric + " reads " + (sparse ? "one class index"
          : "one target value per output") + " per sample: " + outputSize + " outputs and "
          + targetSize + " target values per sample do not fit");
    }
  }

  /** The index of the largest of {@code n} values from {@code off}; the first on ties. */
  public static int argMax(float[] values, int off, int n) {
    int best = 0;
    for (int j = 1; j < n; j++) {
      if (values[off + j] > values[off + best]) {
        best = j;
      }
    }
    return best;
  }
}
