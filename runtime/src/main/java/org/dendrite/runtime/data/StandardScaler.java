package org.dendrite.runtime.data;

/**
 * Scales each feature to mean 0 and standard deviation 1 over the data it is fitted on:
 * {@code x' = (x - mean) / std}, the population standard deviation (as scikit-learn's
 * {@code StandardScaler}); a constant feature is only centred. Fit it on the training split
 * alone, and apply it to the others.
 */
public final class StandardScaler extends Scaler {
  static final String KIND = "standard";

  StandardScaler(float[] offset, float[] factor) {
    super(offset, factor);
  }

  /**
   * Fits the means and standard deviations of {@code data}'s features, in double precision
   * (Welford's update, a chunk of samples read at a time).
   *
   * @throws IllegalArgumentException if the dataset is empty or holds a NaN or an infinity
   */
  public static StandardScaler fit(Dataset data) {
    int n = data.featureSize();
    long[] count = new long[n];
    double[] mean = new double[n];
    double[] m2 = new double[n];
    scan(data, (i, v) -> {
      long c = ++count[i];
      double d = v - mean[i];
      mean[i] += d / c;
      m2[i] += d * (v - mean[i]);
    });
    float[] offset = new float[n];
    float[] factor = new float[n];
    for (int i = 0; i < n; i++) {
      double std = Math.sqrt(m2[i] / count[i]);
      offset[i] = (float) mean[i];
      factor[i] = std > 0 && (float) (1 / std) != 0 && Float.isFinite((float) (1 / std))
          ? (float) (1 / std) : 1f;
    }
    return new StandardScaler(offset, factor);
  }

  @Override
  public String kind() {
    return KIND;
  }
}
