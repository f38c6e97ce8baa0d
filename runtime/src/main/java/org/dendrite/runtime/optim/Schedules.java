package org.dendrite.runtime.optim;

/** Learning-rate schedules with Keras' definitions, stepped by optimizer iterations. */
public final class Schedules {
  private Schedules() {}

  /** A constant rate. */
  public static LearningRateSchedule constant(float rate) {
    positive("rate", rate);
    return step -> rate;
  }

  /**
   * {@code initial · decayRate^(step / decaySteps)}, with the exponent floored when
   * {@code staircase} (Keras' {@code ExponentialDecay}).
   */
  public static LearningRateSchedule exponential(float initial, long decaySteps, float decayRate,
      boolean staircase) {
    positive("initial", initial);
    positiveSteps(decaySteps);
    if (!(decayRate > 0)) {
      throw new IllegalArgumentException("decayRate must be positive, got " + decayRate);
    }
    return step -> {
      double p = (double) step / decaySteps;
      return (float) (initial * Math.pow(decayRate, staircase ? Math.floor(p) : p));
    };
  }

  /** Step decay: {@code initial · factor^floor(step / every)} (multiply by {@code factor} every
   * {@code every} steps). */
  public static LearningRateSchedule step(float initial, long every, float factor) {
    return exponential(initial, every, factor, true);
  }

  /**
   * Cosine decay from {@code initial} to {@code initial · alpha} over {@code decaySteps}, then
   * constant (Keras' {@code CosineDecay} without warm-up).
   */
  public static LearningRateSchedule cosine(float initial, long decaySteps, float alpha) {
    positive("initial", initial);
    positiveSteps(decaySteps);
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
    }
    return step -> {
      double progress = Math.min(step, decaySteps) / (double) decaySteps;
      double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
      return (float) (initial * ((1 - alpha) * cosine + alpha));
    };
  }

  /**
   * Piecewise constant (Keras' {@code PiecewiseConstantDecay}): {@code values[0]} up to step
   * {@code boundaries[0]}, then {@code values[1]} up to {@code boundaries[1]}, …
   */
  public static LearningRateSchedule piecewise(long[] boundaries, float[] values) {
    if (values.length != boundaries.length + 1) {
      throw new IllegalArgumentException("piecewise needs one more value than boundaries, got "
          + boundaries.length + " boundaries and " + values.length + " values");
    }
    for (int i = 1; i < boundaries.length; i++) {
      if (boundaries[i] <= boundaries[i - 1]) {
        throw new IllegalArgumentException("boundaries must increase: " + boundaries[i - 1]
            + " then " + boundaries[i]);
      }
    }
    for (float v : values) {
      positive("value", v);
    }
    long[] b = boundaries.clone();
    float[] v = values.clone();
    return step -> {
      int i = 0;
      while (i < b.length && step > b[i]) {
        i++;
      }
      return v[i];
    };
  }

  private static void positive(String what, float value) {
    if (!(value > 0) || Float.isInfinite(value)) {
      throw new IllegalArgumentException(what + " must be a positive rate, got " + value);
    }
  }

  private static void positiveSteps(long steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("decay steps must be positive, got " + steps);
    }
  }
}
