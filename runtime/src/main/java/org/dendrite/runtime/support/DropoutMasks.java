package org.dendrite.runtime.support;

/**
 * Inverted-dropout masks: each value is kept with probability {@code 1 - rate} and scaled by
 * {@code 1 / (1 - rate)}. A mask value is a pure function of (layer seed, step, sample index,
 * unit), so a batch split between threads draws the same masks as an unsplit one.
 */
public final class DropoutMasks {
  private DropoutMasks() {}

  /**
   * Fills {@code mask[0 .. count·units)} for samples {@code firstSample .. firstSample + count)}
   * of training step {@code step}.
   */
  public static void fill(
      float[] mask, int count, int units, float rate, long layerSeed, long step, int firstSample) {
    long key = Seeds.mix(layerSeed, step);
    float keep = 1f / (1f - rate);
    long base = (long) firstSample * units;
    for (int i = 0, n = count * units; i < n; i++) {
      mask[i] = Seeds.unitFloat(Seeds.mix(key, base + i)) >= rate ? keep : 0f;
    }
  }
}
