package org.dendrite.compiler.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.dendrite.runtime.Model;

/** Two generated classes that must compute the same thing, the same way. */
public final class SameBits {
  private SameBits() {}

  /**
   * Asserts that {@code actual} predicts, and computes the loss and gradients of, {@code count}
   * random samples with random class targets bit for bit as {@code expected} does; both must hold
   * the same parameters.
   */
  public static void assertSameTraining(Model expected, Model actual, int count, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] inputs = new float[count * expected.inputSize()];
    float[] targets = new float[count];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = (float) rng.nextDouble(-2, 2);
    }
    for (int i = 0; i < count; i++) {
      targets[i] = rng.nextInt(expected.outputSize());
    }
    float[] p1 = new float[count * expected.outputSize()];
    float[] p2 = new float[count * actual.outputSize()];
    expected.predictBatch(inputs, p1, count);
    actual.predictBatch(inputs, p2, count);
    assertArrayEquals(bits(p1), bits(p2), "predictions");
    float loss1 = expected.computeGradients(inputs, targets, count);
    float loss2 = actual.computeGradients(inputs, targets, count);
    assertEquals(Float.floatToRawIntBits(loss1), Float.floatToRawIntBits(loss2), "loss");
    assertArrayEquals(bits(expected.gradients()), bits(actual.gradients()), "gradients");
  }

  /** The raw bits of each value. */
  public static int[] bits(float[] x) {
    int[] b = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      b[i] = Float.floatToRawIntBits(x[i]);
    }
    return b;
  }
}
