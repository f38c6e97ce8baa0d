package golden;

import javax.annotation.processing.Generated;
import org.dendrite.runtime.support.Checks;

/**
 * {@code Perceptron} frozen for inference by Dendrite: 2 → 1 step.
 *
 * <p>Generated code: do not edit. Inference only, BatchNorm folded, dropout gone;
 * {@link #predict} and {@link #predictBatch} allocate nothing after a thread's first call and
 * are thread-safe.
 *
 * <p>Unrolled: every weight is a constant of {@link #predict}.
 */
@Generated("golden")
public final class FrozenPerceptron {
  /**
   * Values per input sample.
   */
  public static final int INPUT_SIZE = 2;

  /**
   * Values per output sample.
   */
  public static final int OUTPUT_SIZE = 1;

  private FrozenPerceptron() {
  }

  /**
   * Predicts one sample: reads {@link #INPUT_SIZE} values of {@code input}, writes
   * {@link #OUTPUT_SIZE} values to {@code output}.
   *
   * @throws IllegalArgumentException if an array is shorter than that
   */
  public static void predict(float[] input, float[] output) {
    Checks.samples("input", input, 0, 1, INPUT_SIZE);
    Checks.samples("output", output, 0, 1, OUTPUT_SIZE);
    forward(input, 0, output, 0);
  }

  private static void forward(float[] in, int inOff, float[] out, int outOff) {
    float x0 = in[inOff + 0];
    float x1 = in[inOff + 1];
    // out: 2 → 1 step
    float l0_0 = x0 * 0.13312314f + x1 * 0.49156353f + 0.9420055f >= 0f ? 1f : 0f;
    out[outOff + 0] = l0_0;
  }

  /**
   * Predicts {@code count} samples stored one after the other: reads {@code count · INPUT_SIZE}
   * values of {@code inputs}, writes {@code count · OUTPUT_SIZE} to {@code outputs}. Each
   * sample's outputs are those of {@link #predict}.
   *
   * @throws IllegalArgumentException if {@code count} is negative or an array is too short
   */
  public static void predictBatch(float[] inputs, float[] outputs, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count is negative: " + count);
    }
    Checks.samples("inputs", inputs, 0, count, INPUT_SIZE);
    Checks.samples("outputs", outputs, 0, count, OUTPUT_SIZE);
    for (int i = 0; i < count; i++) {
      forward(inputs, i * INPUT_SIZE, outputs, i * OUTPUT_SIZE);
    }
  }
}
