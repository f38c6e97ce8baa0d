package org.dendrite.runtime.data;

/**
 * Scales each feature to [0, 1] over the data it is fitted on: {@code x' = (x - min) / (max -
 * min)} (as scikit-learn's {@code MinMaxScaler}); a constant feature is only shifted to 0. Values
 * outside the fitted range (in other splits) fall outside [0, 1]. Fit it on the training split
 * alone, and apply it to the others.
 */
public final class MinMaxScaler extends Scaler {
  static final String KIND = "min-max";

  MinMaxScaler(float[] offset, float[] factor) {
    super(offset, factor);
  }

  /**
   * Fits the minimum and maximum of {@code data}'s features.
   *
   * @throws IllegalArgumentException if the dataset is empty or holds a NaN or an infinity
   */
  public static MinMaxScaler fit(Dataset data) {
    int n = data.featureSize();
    float[] min = new float[n];
    float[] max = new float[n];
    java.util.Arrays.fill(min, Float.POSITIVE_INFINITY);
    java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
    scan(data, (i, v) -> {
      min[i] = Math.min(min[i], v);
      max[i] = Math.max(max[i], v);
    });
    float[] factor = new float[n];
    for (int i = 0; i < n; i++) {
      double range = (double) max[i] - min[i];
      float f = (float) (1 / range);
      factor[i] = range > 0 && Float.isFinite(f) && f != 0 ? f : 1f;
    }
    return new MinMaxScaler(min, factor);
  }

  @Override
  public String kind() {
    return KIND;
  }
}
