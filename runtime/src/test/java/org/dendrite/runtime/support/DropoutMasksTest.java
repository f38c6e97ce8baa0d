package org.dendrite.runtime.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Dropout masks keep 1 - rate of the values, scaled by 1 / (1 - rate), as a pure function of
 * (seed, step, sample) that does not depend on how a batch is split.
 */
class DropoutMasksTest {
  static final long SEED = 0x5eed_1234L;

  @Test
  void keptFractionIsWithinThreeStandardDeviationsAndKeptValuesAreExact() {
    for (float rate : new float[] {0.1f, 0.3f, 0.5f, 0.8f}) {
      int samples = 1000;
      int units = 100;
      int n = samples * units;
      float[] mask = new float[n];
      DropoutMasks.fill(mask, samples, units, rate, SEED, 7, 0);
      float keep = 1f / (1f - rate);
      int kept = 0;
      for (int i = 0; i < n; i++) {
        if (mask[i] != 0f) {
          assertEquals(keep, mask[i], "rate " + rate + ": a kept value at " + i);
          kept++;
        } else {
          assertEquals(0, Float.floatToIntBits(mask[i]), "rate " + rate + ": +0 at " + i);
        }
      }
      double p = 1 - rate;
      double sigma = Math.sqrt(p * (1 - p) / n);
      double fraction = (double) kept / n;
      assertTrue(Math.abs(fraction - p) <= 3 * sigma,
          "rate " + rate + ": kept " + fraction + " of " + n + ", expected " + p + " ± 3·"
              + sigma);
    }
    float[] half = new float[64];
    DropoutMasks.fill(half, 8, 8, 0.5f, SEED, 0, 0);
    for (float v : half) {
      assertTrue(v == 0f || v == 2f, "rate 0.5 keeps values as exactly 2, got " + v);
    }
  }

  @Test
  void sameSeedStepAndSampleGiveTheSameMask() {
    float[] a = new float[5 * 30];
    float[] b = new float[5 * 30];
    DropoutMasks.fill(a, 5, 30, 0.4f, SEED, 3, 11);
    DropoutMasks.fill(b, 5, 30, 0.4f, SEED, 3, 11);
    assertArrayEquals(a, b, "masks of seed, step 3, samples [11, 16)");
    float[] otherSeed = new float[5 * 30];
    DropoutMasks.fill(otherSeed, 5, 30, 0.4f, SEED + 1, 3, 11);
    assertTrue(!Arrays.equals(a, otherSeed), "another seed gives another mask");
  }

  @Test
  void splitFillEqualsWholeFill() {
    int units = 17;
    float[] whole = new float[8 * units];
    DropoutMasks.fill(whole, 8, units, 0.25f, SEED, 42, 0);
    float[] first = new float[3 * units];
    float[] rest = new float[5 * units];
    DropoutMasks.fill(first, 3, units, 0.25f, SEED, 42, 0);
    DropoutMasks.fill(rest, 5, units, 0.25f, SEED, 42, 3);
    assertArrayEquals(Arrays.copyOfRange(whole, 0, 3 * units), first, "samples [0, 3)");
    assertArrayEquals(Arrays.copyOfRange(whole, 3 * units, 8 * units), rest, "samples [3, 8)");
  }

  @Test
  void differentStepsGiveDifferentMasks() {
    int n = 10_000;
    float[] s1 = new float[n];
    float[] s2 = new float[n];
    DropoutMasks.fill(s1, 100, 100, 0.5f, SEED, 1, 0);
    DropoutMasks.fill(s2, 100, 100, 0.5f, SEED, 2, 0);
    int same = 0;
    for (int i = 0; i < n; i++) {
      same += s1[i] == s2[i] ? 1 : 0;
    }
    // Independent masks at rate 0.5 agree on half the values: 5,000 ± 50 (σ).
    assertTrue(Math.abs(same - n / 2) <= 300, "steps 1 and 2 agree on " + same + " of " + n
        + " values; independent masks agree on about " + n / 2);
  }
}
