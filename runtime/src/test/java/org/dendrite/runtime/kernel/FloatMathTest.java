package org.dendrite.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** FloatMath against StrictMath in double precision: at most a few ulps, and exact edges. */
class FloatMathTest {
  /** The largest error allowed, in ulps of the float result. */
  static final double ULPS = 2.5;

  interface FloatFunction {
    float apply(float x);
  }

  static void assertUlps(String name, FloatFunction f, DoubleUnaryOperator reference,
      double lo, double hi, boolean logScale) {
    SplittableRandom rng = new SplittableRandom(name.hashCode());
    double worst = 0;
    float at = 0;
    for (int i = 0; i < 200_000; i++) {
      float x = logScale
          ? (float) Math.pow(10, lo + (hi - lo) * rng.nextDouble())
          : (float) (lo + (hi - lo) * rng.nextDouble());
      double want = reference.applyAsDouble(x);
      float got = f.apply(x);
      double ulps = Math.abs(got - want) / Math.ulp((float) want);
      if (ulps > worst) {
        worst = ulps;
        at = x;
      }
    }
    double w = worst;
    float a = at;
    assertTrue(worst <= ULPS, () -> name + ": " + w + " ulps at " + a);
  }

  @Test
  void withinAFewUlpsOfStrictMath() {
    assertUlps("exp", FloatMath::exp, StrictMath::exp, -87, 88, false);
    assertUlps("tanh", FloatMath::tanh, StrictMath::tanh, -12, 12, false);
    assertUlps("tanh small", FloatMath::tanh, StrictMath::tanh, -30, -0.5, true);
    assertUlps("log1p", FloatMath::log1p, StrictMath::log1p, 0, 1, false);
    assertUlps("log1p tiny", FloatMath::log1p, StrictMath::log1p, -30, 0, true);
    assertUlps("expm1", FloatMath::expm1, StrictMath::expm1, -20, 0.5, false);
    assertUlps("expm1 tiny", x -> FloatMath.expm1(-x), x -> StrictMath.expm1(-x), -20, -0.3,
        true);
    assertUlps("sigmoid", FloatMath::sigmoid, x -> 1 / (1 + StrictMath.exp(-x)), -30, 30, false);
    assertUlps("softplus", FloatMath::softplus,
        x -> Math.max(x, 0) + StrictMath.log1p(StrictMath.exp(-Math.abs(x))), -30, 30, false);
  }

  @Test
  void edges() {
    assertEquals(1f, FloatMath.exp(0f));
    // Below the range, the smallest normal float (within the polynomial's error).
    assertEquals(Float.MIN_NORMAL, FloatMath.exp(-1000f), Float.MIN_NORMAL * 1e-5f);
    assertTrue(Float.isFinite(FloatMath.exp(1000f)) && FloatMath.exp(1000f) > 1e38f);
    assertEquals(1f, FloatMath.tanh(50f));
    assertEquals(-1f, FloatMath.tanh(-50f));
    assertEquals(0f, FloatMath.tanh(0f));
    assertEquals(0f, FloatMath.log1p(0f));
    assertEquals(0f, FloatMath.expm1(0f));
    assertEquals(1f, FloatMath.sigmoid(100f));
    assertEquals(100f, FloatMath.softplus(100f));
    assertTrue(FloatMath.softplus(-100f) >= 0f);
    assertTrue(Float.isNaN(FloatMath.tanh(Float.NaN)));
  }
}
