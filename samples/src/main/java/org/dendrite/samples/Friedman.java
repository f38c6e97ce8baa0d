package org.dendrite.samples;

import java.util.SplittableRandom;
import org.dendrite.runtime.data.Dataset;

/**
 * Friedman's first regression problem (1991), as scikit-learn's {@code make_friedman1} draws it:
 * ten inputs uniform in [0, 1], of which only the first five matter,
 * {@code y = 10 sin(π x₁ x₂) + 20 (x₃ − 0.5)² + 10 x₄ + 5 x₅ + noise · N(0, 1)}. The noise is a
 * floor no model can get under: the best test RMSE is {@code noise}.
 */
final class Friedman {
  /** Inputs per sample. */
  static final int FEATURES = 10;

  private Friedman() {}

  /** The noise-free target of one input row starting at {@code x[offset]}. */
  static double target(float[] x, int offset) {
    double centred = x[offset + 2] - 0.5;
    return 10 * StrictMath.sin(Math.PI * x[offset] * x[offset + 1])
        + 20 * centred * centred + 10 * x[offset + 3] + 5 * x[offset + 4];
  }

  /** {@code n} samples drawn from {@code seed}: the same seed gives the same data. */
  static Dataset generate(int n, double noise, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[n * FEATURES];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < FEATURES; j++) {
        x[i * FEATURES + j] = (float) random.nextDouble();
      }
      y[i] = (float) (target(x, i * FEATURES) + noise * gaussian(random));
    }
    return Dataset.of(x, FEATURES, y, 1);
  }

  /**
   * A standard normal draw by Box–Muller in StrictMath, so that every JDK and CPU draws the same
   * data from a seed.
   */
  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble(); // in (0, 1], so the log is finite
    return StrictMath.sqrt(-2 * StrictMath.log(u))
        * StrictMath.cos(2 * Math.PI * random.nextDouble());
  }
}
