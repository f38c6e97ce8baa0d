package golden;

import javax.annotation.processing.Generated;
import org.dendrite.runtime.frozen.FrozenWeights;
import org.dendrite.runtime.kernel.Kernels;
import org.dendrite.runtime.support.Checks;
import org.dendrite.runtime.support.Merges;

/**
 * {@code Branches} frozen for inference by Dendrite: 10 layers, 6 → 1.
 *
 * <p>Generated code: do not edit. Inference only, BatchNorm folded, dropout gone;
 * {@link #predict} and {@link #predictBatch} allocate nothing after a thread's first call and
 * are thread-safe.
 */
@Generated("golden")
public final class FrozenBranches {
  /**
   * Values per input sample.
   */
  public static final int INPUT_SIZE = 6;

  /**
   * Values per output sample.
   */
  public static final int OUTPUT_SIZE = 1;

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
  private static final ThreadLocal<float[][]> CHUNK_SCRATCH = ThreadLocal.withInitial(FrozenBranches::chunkScratch);

  private static final Kernels K = Kernels.get();

  /**
   * Every weight, read once from {@code FrozenBranches.bin} beside this class.
   */
  private static final float[] W = FrozenWeights.load(FrozenBranches.class, "FrozenBranches.bin", 193);

  static {
    // The products of these kernels skip the terms of zero inputs, which changes no bit only
    // for finite weights (0 · ∞ is NaN): those of the resource when the class was generated.
    FrozenWeights.requireFinite(W, 0, 24, "wide.kernel", "FrozenBranches.bin");
    FrozenWeights.requireFinite(W, 28, 76, "deep1.kernel", "FrozenBranches.bin");
    FrozenWeights.requireFinite(W, 84, 116, "deep2.kernel", "FrozenBranches.bin");
    FrozenWeights.requireFinite(W, 120, 152, "deep3.kernel", "FrozenBranches.bin");
    FrozenWeights.requireFinite(W, 156, 174, "side.kernel", "FrozenBranches.bin");
    FrozenWeights.requireFinite(W, 177, 192, "price.kernel", "FrozenBranches.bin");
  }

  private FrozenBranches() {
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
        new float[n * 4], // wide (4)
        new float[n * 8], // deep1 (8)
        new float[n * 4], // deep2 (4)
        new float[n * 4], // deep3 (4)
        new float[n * 4], // total (4)
        new float[n * 3], // side (3)
        new float[n * 15] // joined (15)
    };
  }

  /**
   * Predicts the {@code n} samples at {@code in[inOff]} into {@code out[outOff]} with the
   * buffers {@code s}, made by {@link #buffers} for at least {@code n} samples.
   */
  private static void forward(float[][] s, float[] in, int inOff, float[] out, int outOff, int n) {
    float[] wide = s[0];
    float[] deep1 = s[1];
    float[] deep2 = s[2];
    float[] deep3 = s[3];
    float[] total = s[4];
    float[] side = s[5];
    float[] joined = s[6];
    // wide: 6 → 4 linear
    K.matmulSkippingZeros(in, inOff, W, 0, W, 24, false, wide, 0, n, 6, 4);
    // deep1: 6 → 8 relu
    K.matmulSkippingZeros(in, inOff, W, 28, W, 76, true, deep1, 0, n, 6, 8);
    // deep2: 8 → 4 tanh
    K.matmulSkippingZeros(deep1, 0, W, 84, W, 116, false, deep2, 0, n, 8, 4);
    K.tanh(deep2, 0, n * 4);
    // deep3: 8 → 4 tanh
    K.matmulSkippingZeros(deep1, 0, W, 120, W, 152, false, deep3, 0, n, 8, 4);
    K.tanh(deep3, 0, n * 4);
    // total = wide + deep2 + deep3
    Merges.add(wide, 0, deep2, 0, total, 0, n * 4);
    Merges.accumulate(deep3, 0, total, 0, n * 4);
    // side: 6 → 3 sigmoid
    K.matmulSkippingZeros(in, inOff, W, 156, W, 174, false, side, 0, n, 6, 3);
    K.sigmoid(side, 0, n * 3);
    // joined = [total | side | deep1] along axis 0
    Merges.concatenate(total, 0, n, 4, joined, 0, 15);
    Merges.concatenate(side, 0, n, 3, joined, 4, 15);
    Merges.concatenate(deep1, 0, n, 8, joined, 7, 15);
    // price: 15 → 1 linear
    K.matmulSkippingZeros(joined, 0, W, 177, W, 192, false, out, outOff, n, 15, 1);
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
