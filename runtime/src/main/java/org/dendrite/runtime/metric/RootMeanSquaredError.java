package org.dendrite.runtime.metric;

import org.dendrite.runtime.Model;

/**
 * The square root of the mean squared difference between outputs and targets over every output
 * unit of every sample, as Keras' {@code RootMeanSquaredError}; reported as {@code rmse}. The root
 * is taken of the mean over all samples, not averaged over batches. It needs one target value per
 * output unit.
 */
public final class RootMeanSquaredError implements Metric {
  private double sum;
  private long values;

  /** An empty metric. */
  public RootMeanSquaredError() {}

  /**
   * RMSE for {@code model}.
   *
   * @throws IllegalArgumentException if the model's targets are not one value per output
   */
  public static RootMeanSquaredError forModel(Model model) {
    Regression.check("rmse", model);
    return new RootMeanSquaredError();
  }

  @Override
  public String name() {
    return "rmse";
  }

  @Override
  public void reset() {
    sum = 0;
    values = 0;
  }

  @Override
  public void update(
      float[] outputs, int outputSize, float[] targets, int targetOffset, int targetSize,
      int count) {
    Metric.checkUpdate("rmse", outputs, outputSize, targets, targetOffset, targetSize, count);
    Regression.checkSizes("rmse", outputSize, targetSize);
    int n = count * outputSize;
    double s = 0;
    for (int i = 0; i < n; i++) {
      double d = (double) outputs[i] - targets[targetOffset + i];
      s += d * d;
    }
    sum += s;
    values += n;
  }

  @Override
  public double result() {
    return values == 0 ? 0 : Math.sqrt(sum / values);
  }
}
