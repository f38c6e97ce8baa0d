package org.dendrite.runtime.loss;

import org.dendrite.runtime.support.Checks;

/**
 * Loss functions over a batch of {@code n} output rows of {@code units} values at offset 0, as the
 * generated classes call them. Each returns the sum of the per-sample losses (the caller divides)
 * and, when {@code grad} is not {@code null}, writes {@code scale ×} the gradient of that sum with
 * respect to its input into {@code grad}.
 *
 * <p>{@code weights}, if not null, holds one weight per row from {@code wOff} (Keras' sample and
 * class weights): a row's loss and gradient are multiplied by it; the caller still divides by the
 * number of rows, as Keras' {@code sum_over_batch_size} reduction does.
 *
 * <p>Where the output activation and the loss are fused (softmax with cross-entropy, sigmoid with
 * binary cross-entropy) the input is the logits, which are replaced in place by the activated
 * outputs; the loss goes through log-sum-exp and the gradient is {@code p - y}, which is exact and
 * never divides by a small probability.
 */
public final class Losses {
  private Losses() {}

  /**
   * Softmax and cross-entropy against class indices ({@code SPARSE_CATEGORICAL_CROSSENTROPY}):
   * {@code loss = logΣexp(z) - z[y]}, gradient {@code softmax(z) - onehot(y)}.
   *
   * @throws IllegalArgumentException if a target is not an integer in [0, units)
   */
  public static double sparseSoftmaxCrossEntropy(
      float[] z, int n, int units, float[] targets, int tOff, float[] weights, int wOff,
      float[] grad, float scale) {
    double total = 0;
    for (int r = 0; r < n; r++) {
      int s = r * units;
      int label = Checks.classIndex(null, targets[tOff + r], r, units);
      float logit = z[s + label];
      float w = weight(weights, wOff, r);
      total += w * (softmaxInPlace(z, s, units) - logit);
      if (grad != null) {
        float k = scale * w;
        for (int j = 0; j < units; j++) {
          grad[s + j] = z[s + j] * k;
        }
        grad[s + label] = (z[s + label] - 1f) * k;
      }
    }
    return total;
  }

  /**
   * Softmax and cross-entropy against target distributions ({@code CATEGORICAL_CROSSENTROPY}):
   * {@code loss = Σ_j y_j (logΣexp(z) - z_j)}, gradient {@code (Σ_j y_j) softmax(z) - y}.
   */
  public static double softmaxCrossEntropy(
      float[] z, int n, int units, float[] targets, int tOff, float[] weights, int wOff,
      float[] grad, float scale) {
    double total = 0;
    for (int r = 0; r < n; r++) {
      int s = r * units;
      int t = tOff + r * units;
      double ySum = 0;
      double sample = 0;
      for (int j = 0; j < units; j++) {
        double y = targets[t + j];
        sample -= y * z[s + j];
        ySum += y;
      }
      sample += ySum * softmaxInPlace(z, s, units);
      float w = weight(weights, wOff, r);
      total += w * sample;
      if (grad != null) {
        float ys = (float) ySum;
        float k = scale * w;
        for (int j = 0; j < units; j++) {
          grad[s + j] = (ys * z[s + j] - targets[t + j]) * k;
        }
      }
    }
    return total;
  }

  /**
   * Sigmoid and binary cross-entropy, averaged over the units ({@code BINARY_CROSSENTROPY}):
   * {@code loss = mean_j max(z,0) - z·y + log(1 + e^-|z|)}, gradient {@code (sigmoid(z) - y) /
   * units}.
   */
  public static double sigmoidBinaryCrossEntropy(
      float[] z, int n, int units, float[] targets, int tOff, float[] weights, int wOff,
      float[] grad, float scale) {
    double total = 0;
    for (int r = 0; r < n; r++) {
      int s = r * units;
      int t = tOff + r * units;
      float w = weight(weights, wOff, r);
      float perUnit = scale * w / units;
      double sample = 0;
      for (int j = 0; j < units; j++) {
        double x = z[s + j];
        double y = targets[t + j];
        double e = StrictMath.exp(-Math.abs(x));
        sample += Math.max(x, 0) - x * y + StrictMath.log1p(e);
        float p = (float) (x >= 0 ? 1 / (1 + e) : e / (1 + e));
        z[s + j] = p;
        if (grad != null) {
          grad[s + j] = (p - targets[t + j]) * perUnit;
        }
      }
      total += w * sample / units;
    }
    return total;
  }

  /**
   * Mean squared error over the units ({@code MSE}): {@code loss = mean_j (a_j - y_j)²}, gradient
   * {@code 2 (a - y) / units} with respect to the activated outputs {@code a} (left unchanged).
   */
  public static double meanSquaredError(
      float[] a, int n, int units, float[] targets, int tOff, float[] weights, int wOff,
      float[] grad, float scale) {
    double total = 0;
    for (int r = 0; r < n; r++) {
      int s = r * units;
      int t = tOff + r * units;
      float w = weight(weights, wOff, r);
      float perUnit = 2f * scale * w / units;
      double sample = 0;
      for (int j = 0; j < units; j++) {
        float d = a[s + j] - targets[t + j];
        sample += (double) d * d;
        if (grad != null) {
          grad[s + j] = d * perUnit;
        }
      }
      total += w * sample / units;
    }
    return total;
  }

  /**
   * The perceptron criterion ({@code PERCEPTRON}): with {@code s = +1} for label 1 and {@code -1}
   * for label 0, {@code loss = max(0, -s·z)} and the gradient is {@code -s} where {@code s·z <= 0}
   * (a mistake, or on the boundary) and 0 elsewhere, so that gradient descent on it is
   * Rosenblatt's rule, as scikit-learn's {@code Perceptron} applies it. The logits are replaced by
   * the predictions: {@code step(z)} for a STEP output, else left as they are.
   *
   * @throws IllegalArgumentException if a label is not 0 or 1
   */
  public static double perceptron(
      float[] z, int n, int units, float[] targets, int tOff, float[] weights, int wOff,
      float[] grad, float scale, boolean step) {
    double total = 0;
    for (int r = 0; r < n; r++) {
      float w = weight(weights, wOff, r);
      for (int j = 0; j < units; j++) {
        int i = r * units + j;
        float label = targets[tOff + i];
        if (label != 0f && label != 1f) {
          throw new IllegalArgumentException(
              "target " + label + " of sample " + r + " is not a perceptron label (0 or 1)");
        }
        float sign = label == 1f ? 1f : -1f;
        float margin = sign * z[i];
        total += w * Math.max(0f, -margin);
        if (grad != null) {
          grad[i] = margin <= 0f ? -sign * scale * w : 0f;
        }
        if (step) {
          z[i] = z[i] >= 0f ? 1f : 0f;
        }
      }
    }
    return total;
  }

  /** Replaces row {@code z[s .. s + units)} by its softmax; returns log Σ exp(z). */
  private static double softmaxInPlace(float[] z, int s, int units) {
    double max = z[s];
    for (int j = 1; j < units; j++) {
      max = Math.max(max, z[s + j]);
    }
    double sum = 0;
    for (int j = 0; j < units; j++) {
      sum += StrictMath.exp(z[s + j] - max);
    }
    double logSum = max + StrictMath.log(sum);
    for (int j = 0; j < units; j++) {
      z[s + j] = (float) StrictMath.exp(z[s + j] - logSum);
    }
    return logSum;
  }

  /** The weight of row {@code r}: 1 without weights. */
  private static float weight(float[] weights, int wOff, int r) {
    return weights == null ? 1f : weights[wOff + r];
  }
}
