package org.dendrite.samples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
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

  /** The table the {@code regression} sample ships with and reads, {@code csv(6000, 1, 42)}. */
  static final String RESOURCE = "friedman1.csv";

  /** Rows of the shipped table. */
  static final int ROWS = 6000;

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
   * {@code n} samples drawn from {@code seed} as a CSV table with a header, columns
   * {@code x1..x10, y}, the inputs rounded to 4 decimals before the target is computed from them
   * (so that the file is small and its rows follow the formula exactly), the target to 4
   * decimals. The shipped table, {@value #RESOURCE}, is {@code csv(6000, 1, 42)}: regenerate it
   * with {@code java -cp samples/target/dendrite-samples-*.jar org.dendrite.samples.Friedman
   * samples/src/main/resources/org/dendrite/samples/friedman1.csv}.
   */
  static String csv(int n, double noise, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder sb = new StringBuilder();
    for (int j = 1; j <= FEATURES; j++) {
      sb.append('x').append(j).append(',');
    }
    sb.append("y\n");
    float[] x = new float[FEATURES];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < FEATURES; j++) {
        String v = String.format(Locale.ROOT, "%.4f", random.nextDouble());
        x[j] = Float.parseFloat(v);
        sb.append(v).append(',');
      }
      double y = target(x, 0) + noise * gaussian(random);
      sb.append(String.format(Locale.ROOT, "%.4f", y)).append('\n');
    }
    return sb.toString();
  }

  /** Writes {@link #csv}{@code (6000, 1, 42)} to the file named by {@code args[0]}. */
  public static void main(String[] args) throws IOException {
    Files.writeString(Path.of(args[0]), csv(ROWS, 1, 42), StandardCharsets.UTF_8);
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
