package golden;

import javax.annotation.processing.Generated;
import org.dendrite.runtime.frozen.FrozenWeights;
import org.dendrite.runtime.kernel.Kernels;
import org.dendrite.runtime.support.Checks;

/**
 * {@code Dropout} frozen for inference by Dendrite: 784 → 64 relu → 10 softmax.
 *
 * <p>Generated code: do not edit. Inference only, BatchNorm folded, dropout gone;
 * {@link #predict} and {@link #predictBatch} allocate nothing after a thread's first call and
 * are thread-safe.
 */
@Generated("golden")
public final class FrozenDropout {
  /**
   * Values per input sample.
   */
  public static final int INPUT_SIZE = 784;

  /**
   * Values per output sample.
   */
  public static final int OUTPUT_SIZE = 10;

  /**
   * Samples {@link #predictBatch} passes through the layers at a time: as many as
   * 2 MiB of scratch holds, at most 256.
   */
  public static final int CHUNK = 256;

  private static final Kernels K = Kernels.get();

  /**
   * Every weight, read once from {@code FrozenDropout.bin} beside this class.
   */
  private static final float[] W = FrozenWeights.load(FrozenDropout.class, "FrozenDropout.bin", 50_890);

  /**
   * The widest output a scratch row holds: one layer's values of a sample.
   */
  private static final int WIDTH = 64;

  /**
   * Each thread's scratch for one sample, which {@link #predict} uses.
   */
  private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[2 * WIDTH]);

  /**
   * Each thread's scratch for {@link #CHUNK} samples, which {@link #predictBatch} uses.
   */
  private static final ThreadLocal<float[]> CHUNK_SCRATCH = ThreadLocal.withInitial(FrozenDropout::chunkScratch);

  static {
    // The products of these kernels skip the terms of zero inputs, which changes no bit only
    // for finite weights (0 · ∞ is NaN): those of the resource when the class was generated.
    FrozenWeights.requireFinite(W, 0, 50_176, "hidden.kernel", "FrozenDropout.bin");
    FrozenWeights.requireFinite(W, 50_240, 50_880, "output.kernel", "FrozenDropout.bin");
  }

  private FrozenDropout() {
  }

  /**
   * A thread's scratch for a chunk, after one pass over a chunk of zeros: the kernels keep
   * per-thread buffers for large products, grown to the largest they have seen, and that pass
   * grows them to a chunk's, so that no later call of {@link #predictBatch}, of any size,
   * allocates.
   */
  private static float[] chunkScratch() {
    float[] s = new float[2 * CHUNK * WIDTH];
    forward(s, new float[CHUNK * INPUT_SIZE], 0, new float[CHUNK * OUTPUT_SIZE], 0, CHUNK);
    return s;
  }

  /**
   * Predicts the {@code n} samples at {@code in[inOff]} into {@code out[outOff]} with the
   * scratch {@code s}, two halves of at least {@code n · WIDTH} values that the layers write in
   * turn.
   */
  private static void forward(float[] s, float[] in, int inOff, float[] out, int outOff, int n) {
    // hidden: 784 → 64 relu
    K.matmulSkippingZeros(in, inOff, W, 0, W, 50_176, true, s, 0, n, 784, 64);
    // output: 64 → 10 softmax
    K.matmulSkippingZeros(s, 0, W, 50_240, W, 50_880, false, out, outOff, n, 64, 10);
    K.softmax(out, outOff, n, 10);
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
    forward(SCRATCH.get(), input, 0, output, 0, 1);
  }

  /**
   * Predicts {@code count} samples stored one after the other: reads {@code count · INPUT_SIZE}
   * values of {@code inputs}, writes {@code count · OUTPUT_SIZE} to {@code outputs}. The samples
   * pass through the layers {@link #CHUNK} at a time; each sample's outputs are, bit for bit,
   * those of {@link #predict}. Allocates nothing after a thread's first call, and is thread-safe.
   *
   * @throws IllegalArgumentException if {@code count} is negative or an array is too short
   */
  public static void predictBatch(float[] inputs, float[] outputs, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count is negative: " + count);
    }
    Checks.samples("inputs", inputs, 0, count, INPUT_SIZE);
    Checks.samples("outputs", outputs, 0, count, OUTPUT_SIZE);
    if (count == 0) {
      return;
    }
    float[] s = CHUNK_SCRATCH.get();
    for (int first = 0; first < count; first += CHUNK) {
      int n = Math.min(CHUNK, count - first);
      forward(s, inputs, first * INPUT_SIZE, outputs, first * OUTPUT_SIZE, n);
    }
  }
}
