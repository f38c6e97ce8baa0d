package org.dendrite.runtime.support;

import org.dendrite.runtime.kernel.Kernels;

/**
 * Inverted-dropout masks: each value is kept with probability {@code 1 - rate} and scaled by
 * {@code 1 / (1 - rate)}. A mask value is a pure function of (layer seed, step, sample index,
 * unit), so a batch split between threads draws the same masks as an unsplit one.
 */
public final class DropoutMasks {
  private static final Kernels K = Kernels.get();

  private DropoutMasks() {}

  /**
   * Fills {@code mask[0 .. count·units)} for samples {@code firstSample .. firstSample + count)}
   * of training step {@code step}: value {@code i} is kept where {@code
   * Seeds.unitFloat(Seeds.mix(key, firstSample·units + i)) >= rate}, {@code key} being {@code
   * Seeds.mix(layerSeed, step)} (see {@link Kernels#dropoutMask}).
   */
  public static void fill(
      float[] mask, int count, int units, float rate, long layerSeed, long step, int firstSample) {
    long key = Seeds.mix(layerSeed, step);
    float keep = 1f / (1f - rate);
    K.dropoutMask(mask, 0, count * units, key, (long) firstSample * units, rate, keep);
  }
}
