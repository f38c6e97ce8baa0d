package golden;

import javax.annotation.processing.Generated;
import org.dendrite.runtime.frozen.FrozenWeights;
import org.dendrite.runtime.kernel.Kernels;
import org.dendrite.runtime.support.Checks;
import org.dendrite.runtime.support.Convolutions;
import org.dendrite.runtime.support.Pooling;
import org.dendrite.runtime.support.Window2D;
import org.dendrite.runtime.support.Winograd;

/**
 * {@code KerasConvnet} frozen for inference by Dendrite: 8 layers, 784 → 10.
 *
 * <p>Generated code: do not edit. Inference only, BatchNorm folded, dropout gone;
 * {@link #predict} and {@link #predictBatch} allocate nothing after a thread's first call and
 * are thread-safe.
 */
@Generated("golden")
public final class FrozenKerasConvnet {
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
  public static final int CHUNK = 35;

  /**
   * Each thread's scratch for one sample, which {@link #predict} uses.
   */
  private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> buffers(1));

  /**
   * Each thread's scratch for {@link #CHUNK} samples, which {@link #predictBatch} uses.
   */
  private static final ThreadLocal<float[][]> CHUNK_SCRATCH = ThreadLocal.withInitial(FrozenKerasConvnet::chunkScratch);

  private static final Kernels K = Kernels.get();

  /**
   * Every weight, read once from {@code FrozenKerasConvnet.bin} beside this class.
   */
  private static final float[] W = FrozenWeights.load(FrozenKerasConvnet.class, "FrozenKerasConvnet.bin", 34_826);

  /**
   * {@code conv1}'s windows: 28×28×1 input, 3x3, strides 1x1, valid padding.
   */
  private static final Window2D CONV1_WINDOW = new Window2D(28, 28, 1, 3, 3, 1, 1, 0, 0, 26, 26);

  /**
   * {@code pool1}'s windows: 26×26×32 input, 2x2, strides 2x2, valid padding.
   */
  private static final Window2D POOL1_WINDOW = new Window2D(26, 26, 32, 2, 2, 2, 2, 0, 0, 13, 13);

  /**
   * {@code conv2}'s windows: 13×13×32 input, 3x3, strides 1x1, valid padding.
   */
  private static final Window2D CONV2_WINDOW = new Window2D(13, 13, 32, 3, 3, 1, 1, 0, 0, 11, 11);

  /**
   * {@code conv2}'s kernel as Winograd's 36 points.
   */
  private static final Winograd.Points CONV2_POINTS = Winograd.transform(CONV2_WINDOW, W, 320, 64);

  /**
   * {@code pool2}'s windows: 11×11×64 input, 2x2, strides 2x2, valid padding.
   */
  private static final Window2D POOL2_WINDOW = new Window2D(11, 11, 64, 2, 2, 2, 2, 0, 0, 5, 5);

  static {
    // The products of these kernels skip the terms of zero inputs, which changes no bit only
    // for finite weights (0 · ∞ is NaN): those of the resource when the class was generated.
    FrozenWeights.requireFinite(W, 18_816, 34_816, "output.kernel", "FrozenKerasConvnet.bin");
  }

  private FrozenKerasConvnet() {
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
        new float[n * 5408], // pool1 (13×13×32)
        new float[n * 7744], // conv2 (11×11×64)
        new float[n * 1600] // pool2 (5×5×64)
    };
  }

  /**
   * Predicts the {@code n} samples at {@code in[inOff]} into {@code out[outOff]} with the
   * buffers {@code s}, made by {@link #buffers} for at least {@code n} samples.
   */
  private static void forward(float[][] s, float[] in, int inOff, float[] out, int outOff, int n) {
    float[] pool1 = s[0];
    float[] conv2 = s[1];
    float[] pool2 = s[2];
    // conv1: 28×28×1 → 26×26×32 relu, 3x3 window, strides 1x1, valid padding
    // (computed with pool1, which alone reads it)
    // pool1: 26×26×32 → 13×13×32
    Convolutions.convolveMaxPool(CONV1_WINDOW, POOL1_WINDOW, in, inOff, n, W, 0, W, 288, true, 32, null, 0, pool1);
    // conv2: 13×13×32 → 11×11×64 relu, 3x3 window, strides 1x1, valid padding
    Winograd.convolve(CONV2_WINDOW, pool1, 0, n, CONV2_POINTS, W, 18_752, true, conv2, 0);
    // pool2: 11×11×64 → 5×5×64
    Pooling.max(POOL2_WINDOW, conv2, 0, n, pool2);
    // output: 1600 → 10 softmax
    K.matmulSkippingZeros(pool2, 0, W, 18_816, W, 34_816, false, out, outOff, n, 1600, 10);
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
