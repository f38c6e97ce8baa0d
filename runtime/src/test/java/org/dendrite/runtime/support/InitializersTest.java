package org.dendrite.runtime.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Every initialiser draws from Keras' distribution: uniform in ±sqrt(6 / fans) or a normal
 * truncated at two sigma whose standard deviation is sqrt(2 / fans); the same seed gives the same
 * values.
 */
class InitializersTest {
  static final int FAN_IN = 300;
  static final int FAN_OUT = 200;
  static final int N = FAN_IN * FAN_OUT;
  static final int OFF = 5;
  static final float SENTINEL = -99f;

  static float[] fill(String kind, long seed) {
    float[] p = new float[OFF + N + 7];
    Arrays.fill(p, SENTINEL);
    switch (kind) {
      case "glorotUniform" -> Initializers.glorotUniform(p, OFF, FAN_IN, FAN_OUT, seed);
      case "glorotNormal" -> Initializers.glorotNormal(p, OFF, FAN_IN, FAN_OUT, seed);
      case "heUniform" -> Initializers.heUniform(p, OFF, FAN_IN, FAN_OUT, seed);
      case "heNormal" -> Initializers.heNormal(p, OFF, FAN_IN, FAN_OUT, seed);
      case "zeros" -> Initializers.zeros(p, OFF, FAN_IN, FAN_OUT, seed);
      default -> throw new IllegalArgumentException(kind);
    }
    for (int i = 0; i < p.length; i++) {
      if ((i < OFF || i >= OFF + N) && p[i] != SENTINEL) {
        fail(kind + " wrote index " + i + " outside [" + OFF + ", " + (OFF + N) + ")");
      }
    }
    return p;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"glorotUniform", "heUniform", "glorotNormal", "heNormal"})
  void boundsMeanAndStandardDeviationFollowKeras(String kind) {
    boolean uniform = kind.endsWith("Uniform");
    int fans = kind.startsWith("glorot") ? FAN_IN + FAN_OUT : FAN_IN;
    // Keras: uniform limit sqrt(6 / fans), std limit / sqrt(3) = sqrt(2 / fans); normal: std
    // sqrt(2 / fans) after truncation at 2 sigma, sigma = std / 0.87962566103423978.
    double std = Math.sqrt(2.0 / fans);
    double bound = uniform ? Math.sqrt(6.0 / fans) : 2 * std / 0.87962566103423978;
    float[] p = fill(kind, 17);
    double sum = 0;
    double sumSq = 0;
    double maxAbs = 0;
    for (int i = OFF; i < OFF + N; i++) {
      double x = p[i];
      if (!(Math.abs(x) <= (float) bound)) {
        fail(kind + " value " + x + " at " + i + " is outside ±" + bound);
      }
      sum += x;
      sumSq += x * x;
      maxAbs = Math.max(maxAbs, Math.abs(x));
    }
    double mean = sum / N;
    double sampleStd = Math.sqrt(sumSq / N - mean * mean);
    String sizes = kind + " of " + FAN_IN + "×" + FAN_OUT;
    // Mean: 5 standard errors. Std: 2 % (the standard error of a sample std of 60,000 values
    // of these distributions is below 0.3 %).
    assertTrue(Math.abs(mean) <= 5 * std / Math.sqrt(N),
        sizes + ": mean " + mean + ", expected 0 ± " + 5 * std / Math.sqrt(N));
    assertEquals(std, sampleStd, 0.02 * std, sizes + ": standard deviation");
    // The bound is reached: within 1 % (uniform) or 5 % (truncated normal, ~1 % of the values
    // lie in [1.9, 2] sigma) of it.
    assertTrue(maxAbs >= (uniform ? 0.99 : 0.95) * bound,
        sizes + ": largest |value| " + maxAbs + " far below the bound " + bound);
  }

  @Test
  void zerosFillsOnlyTheRange() {
    float[] p = fill("zeros", 1);
    for (int i = OFF; i < OFF + N; i++) {
      assertEquals(0f, p[i], "zeros at " + i);
    }
  }

  @Test
  void sameSeedSameValuesAndDifferentSeedsDiffer() {
    for (String kind : new String[] {"glorotUniform", "heUniform", "glorotNormal", "heNormal"}) {
      float[] a = fill(kind, 2024);
      assertArrayEquals(a, fill(kind, 2024), kind + " with seed 2024 twice");
      float[] b = fill(kind, 2025);
      int same = 0;
      for (int i = OFF; i < OFF + N; i++) {
        same += a[i] == b[i] ? 1 : 0;
      }
      assertTrue(same < N / 100, kind + ": seeds 2024 and 2025 agree on " + same + " of " + N
          + " values");
    }
  }
}
