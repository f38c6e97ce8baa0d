package org.dendrite.runtime.support;

import java.util.SplittableRandom;

/**
 * Kernel initialisers, as Keras defines them, filling {@code p[off .. off + count)} from a seed.
 * A dense kernel holds {@code count = fanIn·fanOut} values. A convolution's kernel holds
 * {@code FH·FW·C·F} values and, as in Keras, its fans span the window:
 * {@code fanIn = FH·FW·C}, {@code fanOut = FH·FW·F}. Normal variants draw from a normal
 * distribution truncated at two standard deviations, with the standard deviation corrected for
 * the truncation (Keras' {@code VarianceScaling}).
 */
public final class Initializers {
  /** The standard deviation of a unit normal truncated to [-2, 2]. */
  private static final double TRUNCATED_STDDEV = 0.87962566103423978;

  private Initializers() {}

  /** Uniform in ±sqrt(6 / (fanIn + fanOut)). */
  public static void glorotUniform(float[] p, int off, int fanIn, int fanOut, long seed) {
    glorotUniform(p, off, fanIn * fanOut, fanIn, fanOut, seed);
  }

  /** Uniform in ±sqrt(6 / (fanIn + fanOut)), over {@code count} values. */
  public static void glorotUniform(float[] p, int off, int count, int fanIn, int fanOut,
      long seed) {
    uniform(p, off, count, Math.sqrt(6.0 / (fanIn + fanOut)), seed);
  }

  /** Truncated normal, standard deviation sqrt(2 / (fanIn + fanOut)). */
  public static void glorotNormal(float[] p, int off, int fanIn, int fanOut, long seed) {
    glorotNormal(p, off, fanIn * fanOut, fanIn, fanOut, seed);
  }

  /** Truncated normal, standard deviation sqrt(2 / (fanIn + fanOut)), over {@code count} values. */
  public static void glorotNormal(float[] p, int off, int count, int fanIn, int fanOut,
      long seed) {
    truncatedNormal(p, off, count, Math.sqrt(2.0 / (fanIn + fanOut)), seed);
  }

  /** Uniform in ±sqrt(6 / fanIn). */
  public static void heUniform(float[] p, int off, int fanIn, int fanOut, long seed) {
    heUniform(p, off, fanIn * fanOut, fanIn, fanOut, seed);
  }

  /** Uniform in ±sqrt(6 / fanIn), over {@code count} values. */
  public static void heUniform(float[] p, int off, int count, int fanIn, int fanOut,
      long seed) {
    uniform(p, off, count, Math.sqrt(6.0 / fanIn), seed);
  }

  /** Truncated normal, standard deviation sqrt(2 / fanIn). */
  public static void heNormal(float[] p, int off, int fanIn, int fanOut, long seed) {
    heNormal(p, off, fanIn * fanOut, fanIn, fanOut, seed);
  }

  /** Truncated normal, standard deviation sqrt(2 / fanIn), over {@code count} values. */
  public static void heNormal(float[] p, int off, int count, int fanIn, int fanOut,
      long seed) {
    truncatedNormal(p, off, count, Math.sqrt(2.0 / fanIn), seed);
  }

  /** Zeros (also the state of a new parameter array). */
  public static void zeros(float[] p, int off, int fanIn, int fanOut, long seed) {
    zeros(p, off, fanIn * fanOut, fanIn, fanOut, seed);
  }

  /** Zeros (also the state of a new parameter array), over {@code count} values. */
  public static void zeros(float[] p, int off, int count, int fanIn, int fanOut,
      long seed) {
    java.util.Arrays.fill(p, off, off + count, 0f);
  }

  private static void uniform(float[] p, int off, int n, double limit, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      p[off + i] = (float) ((2 * rng.nextDouble() - 1) * limit);
    }
  }

  private static void truncatedNormal(float[] p, int off, int n, double stddev, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double sigma = stddev / TRUNCATED_STDDEV;
    for (int i = 0; i < n; i++) {
      double z;
      do {
        z = rng.nextGaussian();
      } while (Math.abs(z) > 2);
      p[off + i] = (float) (z * sigma);
    }
  }
}
