package org.dendrite.runtime.support;

import java.util.SplittableRandom;
import org.dendrite.runtime.kernel.ScalarKernels;

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
    long z = seed + (stream + 1) * ScalarKernels.GOLDEN;
    z = (z ^ (z >>> 30)) * ScalarKernels.MIX1;
    z = (z ^ (z >>> 27)) * ScalarKernels.MIX2;
    return z ^ (z >>> 31);
  }

  /** A uniform float in [0, 1) from the top 24 bits of a mixed value. */
  public static float unitFloat(long mixed) {
    return (mixed >>> 40) * 0x1.0p-24f;
  }
}
