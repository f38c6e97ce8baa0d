package org.dendrite.runtime.support;

/**
 * Batch normalisation over {@code n} rows of {@code f} features, for generated code. Statistics
 * are per feature over the rows; the variance is the biased one, as Keras computes it. Loops run
 * row by row, so that memory is read in order.
 */
public final class BatchNorms {
  private BatchNorms() {}

  /**
   * Training forward: the batch mean and inverse standard deviation per feature into
   * {@code mean} and {@code invStd}, the normalised values into {@code normalized}, and
   * {@code y = gamma · normalized + beta} into {@code y}. If {@code state} is not null, also moves
   * the moving averages towards the batch's statistics:
   * {@code moving = moving · momentum + batch · (1 - momentum)}.
   */
  public static void forwardTraining(float[] x, int xOff, int n, int f, float[] params,
      int gammaOff, int betaOff, float epsilon, float[] mean, float[] invStd, float[] normalized,
      float[] y, float[] state, int meanOff, int varianceOff, float momentum) {
    java.util.Arrays.fill(mean, 0, f, 0f);
    for (int r = 0; r < n; r++) {
      int s = xOff + r * f;
      for (int j = 0; j < f; j++) {
        mean[j] += x[s + j];
      }
    }
    float inverseCount = 1f / n;
    for (int j = 0; j < f; j++) {
      mean[j] *= inverseCount;
      invStd[j] = 0f;
    }
    for (int r = 0; r < n; r++) {
      int s = xOff + r * f;
      for (int j = 0; j < f; j++) {
        float d = x[s + j] - mean[j];
        invStd[j] += d * d; // the variance's sum, for now
      }
    }
    float rest = 1f - momentum;
    for (int j = 0; j < f; j++) {
      float variance = invStd[j] * inverseCount;
      if (state != null) {
        state[meanOff + j] = state[meanOff + j] * momentum + mean[j] * rest;
        state[varianceOff + j] = state[varianceOff + j] * momentum + variance * rest;
      }
      invStd[j] = (float) (1.0 / Math.sqrt(variance + epsilon));
    }
    for (int r = 0; r < n; r++) {
      int s = xOff + r * f;
      int o = r * f;
      for (int j = 0; j < f; j++) {
        float h = (x[s + j] - mean[j]) * invStd[j];
        normalized[o + j] = h;
        y[o + j] = params[gammaOff + j] * h + params[betaOff + j];
      }
    }
  }

  /** Inference forward: {@code y = gamma · (x - movingMean) / sqrt(movingVariance + ε) + beta}. */
  public static void forwardInference(float[] x, int xOff, int n, int f, float[] params,
      int gammaOff, int betaOff, float[] state, int meanOff, int varianceOff, float epsilon,
      float[] y) {
    for (int r = 0; r < n; r++) {
      int s = xOff + r * f;
      int o = r * f;
      for (int j = 0; j < f; j++) {
        float scale = params[gammaOff + j]
            / (float) Math.sqrt(state[varianceOff + j] + epsilon);
        y[o + j] = (x[s + j] - state[meanOff + j]) * scale + params[betaOff + j];
      }
    }
  }

  /**
   * Backward: from {@code dz}, the gradient with respect to {@code gamma · normalized + beta},
   * adds nothing but writes the gamma and beta gradients into {@code grads}, and, if {@code dx}
   * is not null, the input gradient
   * {@code dx = invStd / n · (n·dh - Σdh - normalized · Σ(dh · normalized))} with
   * {@code dh = dz · gamma}. {@code sums} is scratch of {@code 2f} values.
   */
  public static void backward(float[] dz, int n, int f, float[] normalized, float[] invStd,
      float[] params, int gammaOff, float[] grads, int gammaGradOff, int betaGradOff,
      float[] dx, int dxOff, float[] sums) {
    java.util.Arrays.fill(grads, gammaGradOff, gammaGradOff + f, 0f);
    java.util.Arrays.fill(grads, betaGradOff, betaGradOff + f, 0f);
    for (int r = 0; r < n; r++) {
      int o = r * f;
      for (int j = 0; j < f; j++) {
        grads[gammaGradOff + j] += dz[o + j] * normalized[o + j];
        grads[betaGradOff + j] += dz[o + j];
      }
    }
    if (dx == null) {
      return;
    }
    // Σ dh = gamma · Σ dz and Σ dh·h = gamma · Σ dz·h: both from the parameter gradients.
    for (int j = 0; j < f; j++) {
      float gamma = params[gammaOff + j];
      sums[j] = gamma * grads[betaGradOff + j];
      sums[f + j] = gamma * grads[gammaGradOff + j];
    }
    float inverseCount = 1f / n;
    for (int r = 0; r < n; r++) {
      int o = r * f;
      int d = dxOff + r * f;
      for (int j = 0; j < f; j++) {
        float dh = dz[o + j] * params[gammaOff + j];
        dx[d + j] = invStd[j] * inverseCount
            * (n * dh - sums[j] - normalized[o + j] * sums[f + j]);
      }
    }
  }
}
