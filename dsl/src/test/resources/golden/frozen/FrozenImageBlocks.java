package golden;

import javax.annotation.processing.Generated;
import org.dendrite.runtime.frozen.FrozenWeights;
import org.dendrite.runtime.kernel.Kernels;
import org.dendrite.runtime.support.Checks;
import org.dendrite.runtime.support.Convolutions;
import org.dendrite.runtime.support.Pooling;
import org.dendrite.runtime.support.Window2D;

/**
 * {@code ImageBlocks} frozen for inference by Dendrite: 7 layers, 432 → 5.
 *
 * <p>Generated code: do not edit. Inference only, BatchNorm folded, dropout gone;
 * {@link #predict} and {@link #predictBatch} allocate nothing after a thread's first call and
 * are thread-safe.
 */
@Generated("golden")
public final class FrozenImageBlocks {
  /**
   * Values per input sample.
   */
  public static final int INPUT_SIZE = 432;

  /**
   * Values per output sample.
   */
  public static final int OUTPUT_SIZE = 5;

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
  private static final ThreadLocal<float[][]> CHUNK_SCRATCH = ThreadLocal.withInitial(FrozenImageBlocks::chunkScratch);

  private static final Kernels K = Kernels.get();

  /**
   * Every weight, read once from {@code FrozenImageBlocks.bin} beside this class.
   */
  private static final float[] W = FrozenWeights.load(FrozenImageBlocks.class, "FrozenImageBlocks.bin", 293);

  /**
   * {@code c1}'s windows: 12×12×3 input, 3x3, strides 2x2, same padding.
   */
  private static final Window2D C1_WINDOW = new Window2D(12, 12, 3, 3, 3, 2, 2, 0, 0, 6, 6);

  /**
   * {@code avg}'s windows: 6×6×8 input, 2x2, strides 1x1, same padding.
   */
  private static final Window2D AVG_WINDOW = new Window2D(6, 6, 8, 2, 2, 1, 1, 0, 0, 6, 6);

  static {
    // The products of these kernels skip the terms of zero inputs, which changes no bit only
    // for finite weights (0 · ∞ is NaN): those of the resource when the class was generated.
    FrozenWeights.requireFinite(W, 268, 288, "out.kernel", "FrozenImageBlocks.bin");
  }

  private FrozenImageBlocks() {
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
        new float[n * 288], // c1 (6×6×8)
        new float[n * 288], // bn (6×6×8)
        new float[n * 288], // avg (6×6×8)
        new float[n * 144], // c2 (6×6×4)
        new float[n * 4] // gap (4)
    };
  }

  /**
   * Predicts the {@code n} samples at {@code in[inOff]} into {@code out[outOff]} with the
   * buffers {@code s}, made by {@link #buffers} for at least {@code n} samples.
   */
  private static void forward(float[][] s, float[] in, int inOff, float[] out, int outOff, int n) {
    float[] c1 = s[0];
    float[] bn = s[1];
    float[] avg = s[2];
    float[] c2 = s[3];
    float[] gap = s[4];
    // c1: 12×12×3 → 6×6×8 leaky_relu, 3x3 window, strides 2x2, same padding
    Convolutions.convolve(C1_WINDOW, in, inOff, n, W, 0, null, 0, false, 8, c1, 0);
    K.leakyRelu(c1, 0, n * 288, 0.1f);
    // bn: per channel, x · scale + shift (BatchNorm at inference), then relu
    for (int p = 0; p < n * 36; p++) {
      for (int c = 0; c < 8; c++) {
        bn[p * 8 + c] = c1[p * 8 + c] * W[216 + c] + W[224 + c];
      }
    }
    K.relu(bn, 0, n * 288);
    // avg: 6×6×8 → 6×6×8
    Pooling.average(AVG_WINDOW, bn, 0, n, avg);
    // c2: 6×6×8 → 6×6×4 linear, 1x1 window, strides 1x1, valid padding
    K.matmul(avg, 0, W, 232, W, 264, c2, 0, n * 36, 8, 4);
    // gap: the mean of each channel of 6×6×4
    Pooling.globalAverage(36, 4, c2, 0, n, gap);
    // out: 4 → 5 softmax
    K.matmulSkippingZeros(gap, 0, W, 268, W, 288, false, out, outOff, n, 4, 5);
    K.softmax(out, outOff, n, 5);
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
