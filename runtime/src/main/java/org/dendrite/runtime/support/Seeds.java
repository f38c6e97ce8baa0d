package org.dendrite.runtime.support;

import java.util.SplittableRandom;

/**
 * Seed derivation: every random stream of a model or a training run (a layer's initial weights, a
 * dropout layer's masks, an epoch's shuffle) is keyed by the user's seed and a stream number, so
 * that streams are independent of each other and of the order in which they are used.
 */
public final class Seeds {
  private Seeds() {}

  /** A fresh seed for models constructed without one. */
  public static long random() {
    return new SplittableRandom().nextLong();
  }

  /** The seed of stream {@code stream} of {@code seed}: SplitMix64's finaliser of both. */
  public static long mix(long seed, long stream) {
    long z = seed + (stream + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A uniform float in [0, 1) from the top 24 bits of a mixed value. */
  public static float unitFloat(long mixed) {
    return (mixed >>> 40) * 0x1.0p-24f;
  }
}
