package golden;

import javax.annotation.processing.Generated;
import org.dendrite.runtime.frozen.FrozenWeights;
import org.dendrite.runtime.kernel.Kernels;
import org.dendrite.runtime.support.Checks;
import org.dendrite.runtime.support.Convolutions;
import org.dendrite.runtime.support.Merges;
import org.dendrite.runtime.support.Pooling;
import org.dendrite.runtime.support.Window2D;

/**
 * {@code Residual} frozen for inference by Dendrite: 9 layers, 64 → 10.
 *
 * <p>Generated code: do not edit. Inference only, BatchNorm folded, dropout gone;
 * {@link #predict} and {@link #predictBatch} allocate nothing after a thread's first call and
 * are thread-safe.
 */
@Generated("golden")
public final class FrozenResidual {
  /**
   * Values per input sample.
   */
  public static final int INPUT_SIZE = 64;

  /**
   * Values per output sample.
   */
  public static final int OUTPUT_SIZE = 10;

  /**
   * Samples {@link #predictBatch} passes through the layers at a time: as many as
   * 2 MiB of scratch holds, at most 256.
   */
  public static final int CHUNK = 256;

  /**
   * Each thread's scratch for one sample, which {@link #predict} uses.
   */
  private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> buffers(1));

  /**
   * Each thread's scratch for {@link #CHUNK} samples, which {@link #predictBatch} uses.
   */
  private static final ThreadLocal<float[][]> CHUNK_SCRATCH = ThreadLocal.withInitial(FrozenResidual::chunkScratch);

  private static final Kernels K = Kernels.get();

  /**
   * Every weight, read once from {@code FrozenResidual.bin} beside this class.
   */
  private static final float[] W = FrozenWeights.load(FrozenResidual.class, "FrozenResidual.bin", 386);

  /**
   * {@code stem}'s windows: 8×8×1 input, 3x3, strides 1x1, same padding.
   */
  private static final Window2D STEM_WINDOW = new Window2D(8, 8, 1, 3, 3, 1, 1, 1, 1, 8, 8);

  /**
   * {@code conv1}'s windows: 8×8×4 input, 3x3, strides 1x1, same padding.
   */
  private static final Window2D CONV1_WINDOW = new Window2D(8, 8, 4, 3, 3, 1, 1, 1, 1, 8, 8);

  /**
   * {@code conv2}'s windows: 8×8×4 input, 3x3, strides 1x1, same padding.
   */
  private static final Window2D CONV2_WINDOW = new Window2D(8, 8, 4, 3, 3, 1, 1, 1, 1, 8, 8);

  static {
    // The products of these kernels skip the terms of zero inputs, which changes no bit only
    // for finite weights (0 · ∞ is NaN): those of the resource when the class was generated.
    FrozenWeights.requireFinite(W, 336, 376, "output.kernel", "FrozenResidual.bin");
  }

  private FrozenResidual() {
  }

  /**
   * A thread's scratch for a chunk, after one pass over a chunk of zeros: the kernels keep
   * per-thread buffers for large products, grown to the largest they have seen, and that pass
   * grows them to a chunk's, so that no later call of {@link #predictBatch}, of any size,
   * allocates.
   */
  private static float[][] chunkScratch() {
    float[][] s = buffers(CHUNK);
    forward(s, new float[CHUNK * INPUT_SIZE], 0, new float[CHUNK * OUTPUT_SIZE], 0, CHUNK);
    return s;
  }

  /**
   * A thread's buffers for {@code n} samples: each layer's output.
   */
  private static float[][] buffers(int n) {
    return new float[][] {
        new float[n * 256], // stem (8×8×4)
        new float[n * 256], // conv1 (8×8×4)
        new float[n * 256], // conv2 (8×8×4)
        new float[n * 256], // sum (8×8×4)
        new float[n * 4] // gap (4)
    };
  }

  /**
   * Predicts the {@code n} samples at {@code in[inOff]} into {@code out[outOff]} with the
   * buffers {@code s}, made by {@link #buffers} for at least {@code n} samples.
   */
  private static void forward(float[][] s, float[] in, int inOff, float[] out, int outOff, int n) {
    float[] stem = s[0];
    float[] conv1 = s[1];
    float[] conv2 = s[2];
    float[] sum = s[3];
    float[] gap = s[4];
    // stem: 8×8×1 → 8×8×4 relu, 3x3 window, strides 1x1, same padding
    Convolutions.convolve(STEM_WINDOW, in, inOff, n, W, 0, W, 36, true, 4, stem, 0);
    // conv1+norm: 8×8×4 → 8×8×4 relu, 3x3 window, strides 1x1, same padding
    Convolutions.convolve(CONV1_WINDOW, stem, 0, n, W, 40, W, 184, true, 4, conv1, 0);
    // conv2: 8×8×4 → 8×8×4 linear, 3x3 window, strides 1x1, same padding
    Convolutions.convolve(CONV2_WINDOW, conv1, 0, n, W, 188, W, 332, false, 4, conv2, 0);
    // sum = conv2 + stem
    Merges.add(conv2, 0, stem, 0, sum, 0, n * 256);
    // out1: relu
    K.relu(sum, 0, n * 256);
    // gap: the mean of each channel of 8×8×4
    Pooling.globalAverage(64, 4, sum, 0, n, gap);
    // output: 4 → 10 softmax
    K.matmulSkippingZeros(gap, 0, W, 336, W, 376, false, out, outOff, n, 4, 10);
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
    float[][] s = CHUNK_SCRATCH.get();
    for (int first = 0; first < count; first += CHUNK) {
      int n = Math.min(CHUNK, count - first);
      forward(s, inputs, first * INPUT_SIZE, outputs, first * OUTPUT_SIZE, n);
    }
  }
}
