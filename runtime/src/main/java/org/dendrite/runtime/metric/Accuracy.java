package org.dendrite.runtime.metric;

import org.dendrite.annotation.Loss;

/**
 * The fraction of correct predictions, with "correct" as Keras defines it for each loss: the
 * arg-max matches the class index (sparse categorical) or the target's arg-max (categorical); each
 * output's {@code > 0.5} matches its target's (binary, averaged over units and samples); the step
 * output equals the 0/1 label (perceptron).
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
    for (int r = 0; r < count; r++) {
      int o = r * outputSize;
      int t = targetOffset + r * targetSize;
      switch (kind) {
        case SPARSE:
          correct += argMax(outputs, o, outputSize) == (int) targets[t] ? 1 : 0;
          total++;
          break;
        case CATEGORICAL:
          correct += argMax(outputs, o, outputSize) == argMax(targets, t, targetSize) ? 1 : 0;
          total++;
          break;
        case BINARY:
          for (int j = 0; j < outputSize; j++) {
            correct += (outputs[o + j] > 0.5f) == (targets[t + j] > 0.5f) ? 1 : 0;
          }
          total += outputSize;
          break;
      }
    }
  }

  @Override
  public double result() {
    return total == 0 ? 0 : (double) correct / total;
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
