package org.dendrite.runtime.metric;

import org.dendrite.runtime.Model;

/**
 * The mean absolute difference between outputs and targets over every output unit of every
 * sample, as Keras' {@code MeanAbsoluteError}; reported as {@code mae}. It needs one target value
 * per output unit, as {@link org.dendrite.annotation.Loss#MSE} and binary cross-entropy have.
 */
public final class MeanAbsoluteError implements Metric {
  private double sum;
  private long values;

  /** An empty metric. */
  public MeanAbsoluteError() {}

  /**
   * MAE for {@code model}.
   *
   * @throws IllegalArgumentException if the model's targets are not one value per output
   */
  public static MeanAbsoluteError forModel(Model model) {
    Regression.check("mae", model);
    return new MeanAbsoluteError();
  }

  @Override
  public String name() {
    return "mae";
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
    Metric.checkUpdate("mae", outputs, outputSize, targets, targetOffset, targetSize, count);
    Regression.checkSizes("mae", outputSize, targetSize);
    int n = count * outputSize;
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += Math.abs((double) outputs[i] - targets[targetOffset + i]);
    }
    sum += s;
    values += n;
  }

  @Override
  public double result() {
    return values == 0 ? 0 : sum / values;
  }
}
