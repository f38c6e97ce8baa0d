package golden;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.annotation.processing.Generated;
import org.dendrite.annotation.Loss;
import org.dendrite.runtime.BatchPass;
import org.dendrite.runtime.Inference;
import org.dendrite.runtime.Layer;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.TensorView;
import org.dendrite.runtime.TrainingChunks;
import org.dendrite.runtime.kernel.Kernels;
import org.dendrite.runtime.loss.Losses;
import org.dendrite.runtime.support.Checks;
import org.dendrite.runtime.support.Convolutions;
import org.dendrite.runtime.support.DropoutMasks;
import org.dendrite.runtime.support.Initializers;
import org.dendrite.runtime.support.Pooling;
import org.dendrite.runtime.support.Seeds;
import org.dendrite.runtime.support.Window2D;
import org.dendrite.runtime.support.Winograd;

/**
 * {@code KerasConvnet} compiled by Dendrite: 784 → conv 26×26×32 relu → conv 11×11×64 relu → 10 softmax,
 * loss sparse_categorical_crossentropy; 34,826 parameters.
 *
 * <pre>
 * Model: "KerasConvnet"
 * _________________________________________________________________
 *  Layer (type)                Output Shape              Param #
 * =================================================================
 *  image (Input)               (None, 28, 28, 1)         0
 *  conv1 (Conv2D)              (None, 26, 26, 32)        320
 *  pool1 (MaxPool2D)           (None, 13, 13, 32)        0
 *  conv2 (Conv2D)              (None, 11, 11, 64)        18,496
 *  pool2 (MaxPool2D)           (None, 5, 5, 64)          0
 *  flat (Flatten)              (None, 1600)              0
 *  drop (Dropout)              (None, 1600)              0
 *  output (Dense)              (None, 10)                16,010
 * =================================================================
 * Total params: 34,826 (136.04 KB)
 * Trainable params: 34,826 (136.04 KB)
 * Non-trainable params: 0 (0.00 B)
 * Forward FLOPs per sample: 4,881,920
 * _________________________________________________________________
 * </pre>
 *
 * <p>Generated code: do not edit. Every size is a constant; the passes call the runtime's
 * SIMD kernels.
 */
@Generated("org.dendrite.compiler.nn.NnCompiler")
public final class CompiledKerasConvnet implements Model {
  /**
   * Values per input sample (28×28×1).
   */
  public static final int INPUT_SIZE = 784;

  /**
   * Values per output sample.
   */
  public static final int OUTPUT_SIZE = 10;

  /**
   * Values per training target: a class index or label.
   */
  public static final int TARGET_SIZE = 1;

  /**
   * Trainable parameters: the length of {@link #parameters()}.
   */
  public static final int PARAMETER_COUNT = 34_826;

  /**
   * FLOPs of one sample's forward pass, two per multiply-add.
   */
  public static final long FORWARD_FLOPS = 4_881_920L;

  /**
   * Bytes of the parameters as floats.
   */
  public static final long PARAMETER_BYTES = 139_304L;

  /**
   * Offset of {@code conv1.kernel}, [3][3][1][32], in {@link #parameters()}.
   */
  public static final int CONV1_KERNEL = 0;

  /**
   * Offset of {@code conv1.bias}, [32], in {@link #parameters()}.
   */
  public static final int CONV1_BIAS = 288;

  /**
   * Offset of {@code conv2.kernel}, [3][3][32][64], in {@link #parameters()}.
   */
  public static final int CONV2_KERNEL = 320;

  /**
   * Offset of {@code conv2.bias}, [64], in {@link #parameters()}.
   */
  public static final int CONV2_BIAS = 18_752;

  /**
   * Offset of {@code output.kernel}, [1600][10], in {@link #parameters()}.
   */
  public static final int OUTPUT_KERNEL = 18_816;

  /**
   * Offset of {@code output.bias}, [10], in {@link #parameters()}.
   */
  public static final int OUTPUT_BIAS = 34_816;

  /**
   * What decides whether weights fit this network; weight files carry its hash.
   */
  public static final String ARCHITECTURE = "network KerasConvnet\n"
      + "input image 28x28x1\n"
      + "conv2d conv1 28x28x1->26x26x32 3x3/1x1 valid relu bias\n"
      + "maxpool2d pool1 26x26x32->13x13x32 2x2/2x2 valid\n"
      + "conv2d conv2 13x13x32->11x11x64 3x3/1x1 valid relu bias\n"
      + "maxpool2d pool2 11x11x64->5x5x64 2x2/2x2 valid\n"
      + "flatten flat 1600\n"
      + "dropout drop 1600\n"
      + "dense output 1600->10 softmax bias";

  /**
   * The summary table {@link #summary()} returns.
   */
  public static final String SUMMARY = "Model: \"KerasConvnet\"\n"
      + "_________________________________________________________________\n"
      + " Layer (type)                Output Shape              Param #\n"
      + "=================================================================\n"
      + " image (Input)               (None, 28, 28, 1)         0\n"
      + " conv1 (Conv2D)              (None, 26, 26, 32)        320\n"
      + " pool1 (MaxPool2D)           (None, 13, 13, 32)        0\n"
      + " conv2 (Conv2D)              (None, 11, 11, 64)        18,496\n"
      + " pool2 (MaxPool2D)           (None, 5, 5, 64)          0\n"
      + " flat (Flatten)              (None, 1600)              0\n"
      + " drop (Dropout)              (None, 1600)              0\n"
      + " output (Dense)              (None, 10)                16,010\n"
      + "=================================================================\n"
      + "Total params: 34,826 (136.04 KB)\n"
      + "Trainable params: 34,826 (136.04 KB)\n"
      + "Non-trainable params: 0 (0.00 B)\n"
      + "Forward FLOPs per sample: 4,881,920\n"
      + "_________________________________________________________________\n";

  /**
   * Values per sample of {@code conv1}'s output (26×26×32).
   */
  private static final int CONV1_SIZE = 21_632;

  /**
   * Values per sample of {@code pool1}'s output (13×13×32).
   */
  private static final int POOL1_SIZE = 5408;

  /**
   * Values per sample of {@code conv2}'s output (10×10×64 computed of 11×11×64).
   */
  private static final int CONV2_SIZE = 6400;

  /**
   * Values per sample of {@code pool2}'s output (5×5×64).
   */
  private static final int POOL2_SIZE = 1600;

  /**
   * {@code conv1}'s windows: 28×28×1 input, 3×3 kernel, strides 1×1, valid padding.
   */
  private static final Window2D CONV1_WINDOW = new Window2D(28, 28, 1, 3, 3, 1, 1, 0, 0, 26, 26);

  /**
   * {@code conv1}'s output pixels per image (26×26): rows of its product per image.
   */
  private static final int CONV1_PIXELS = 676;

  /**
   * Values of one of {@code conv1}'s windows (3×3×1): its product's depth.
   */
  private static final int CONV1_DEPTH = 9;

  /**
   * {@code conv1}'s filters: its output's channels.
   */
  private static final int CONV1_FILTERS = 32;

  /**
   * {@code pool1}'s windows: 26×26×32 input, 2×2 pool, strides 2×2, valid padding.
   */
  private static final Window2D POOL1_WINDOW = new Window2D(26, 26, 32, 2, 2, 2, 2, 0, 0, 13, 13);

  /**
   * {@code conv2}'s windows: 13×13×32 input, 3×3 kernel, strides 1×1, valid padding.
   */
  private static final Window2D CONV2_WINDOW = new Window2D(13, 13, 32, 3, 3, 1, 1, 0, 0, 10, 10);

  /**
   * {@code conv2}'s output pixels per image (10×10): rows of its product per image.
   */
  private static final int CONV2_PIXELS = 100;

  /**
   * Values of one of {@code conv2}'s windows (3×3×32): its product's depth.
   */
  private static final int CONV2_DEPTH = 288;

  /**
   * {@code conv2}'s filters: its output's channels.
   */
  private static final int CONV2_FILTERS = 64;

  /**
   * {@code pool2}'s windows: 10×10×64 input, 2×2 pool, strides 2×2, valid padding.
   * They read the first 10 rows and 10 columns of conv2's 11×11×64 outputs,
   * all that conv2 computes.
   */
  private static final Window2D POOL2_WINDOW = new Window2D(10, 10, 64, 2, 2, 2, 2, 0, 0, 5, 5);

  /**
   * The kernels, Vector API or scalar, chosen once per JVM.
   */
  private static final Kernels K = Kernels.get();

  /**
   * The Input layer {@code image}.
   */
  public final Layer image;

  /**
   * The Conv2D layer {@code conv1}.
   */
  public final Layer conv1;

  /**
   * The MaxPool2D layer {@code pool1}.
   */
  public final Layer pool1;

  /**
   * The Conv2D layer {@code conv2}.
   */
  public final Layer conv2;

  /**
   * The MaxPool2D layer {@code pool2}.
   */
  public final Layer pool2;

  /**
   * The Flatten layer {@code flat}.
   */
  public final Layer flat;

  /**
   * The Dropout layer {@code drop}.
   */
  public final Layer drop;

  /**
   * The Dense layer {@code output}.
   */
  public final Layer output;

  private final float[] parameters = new float[PARAMETER_COUNT];

  private final float[] gradients = new float[PARAMETER_COUNT];

  /**
   * The seed of the initial weights and the dropout masks.
   */
  private final long seed;

  private final List<Layer> layers;

  private final Inference inference = new Inference(this);

  /**
   * The pass of {@link #computeGradients}, grown on demand.
   */
  private Pass trainingPass;

  /**
   * Calls of {@link #computeGradients} so far: the step of its dropout masks.
   */
  private long trainingSteps;

  /**
   * The arguments of {@link #computeGradients}' pass.
   */
  private final BatchPass.Step trainingCall = new BatchPass.Step();

  /**
   * A model with weights drawn from a random seed.
   */
  public CompiledKerasConvnet() {
    this(Seeds.random());
  }

  /**
   * A model whose weights are drawn from {@code seed}: the same seed gives the same weights.
   */
  public CompiledKerasConvnet(long seed) {
    this.seed = seed;
    Initializers.glorotUniform(parameters, CONV1_KERNEL, CONV1_DEPTH * CONV1_FILTERS, 9, 288,
        Seeds.mix(seed, 1));
    Initializers.glorotUniform(parameters, CONV2_KERNEL, CONV2_DEPTH * CONV2_FILTERS, 288, 576,
        Seeds.mix(seed, 3));
    Initializers.glorotUniform(parameters, OUTPUT_KERNEL, POOL2_SIZE, OUTPUT_SIZE,
        Seeds.mix(seed, 7));
    this.image = new Layer("image", "Input", new int[] {28, 28, 1}, new int[] {28, 28, 1}, List.of());
    this.conv1 = new Layer("conv1", "Conv2D", new int[] {28, 28, 1}, new int[] {26, 26, 32}, List.of(
        new TensorView("conv1.kernel", parameters, CONV1_KERNEL, 3, 3, 1, 32),
        new TensorView("conv1.bias", parameters, CONV1_BIAS, 32)));
    this.pool1 = new Layer("pool1", "MaxPool2D", new int[] {26, 26, 32}, new int[] {13, 13, 32}, List.of());
    this.conv2 = new Layer("conv2", "Conv2D", new int[] {13, 13, 32}, new int[] {11, 11, 64}, List.of(
        new TensorView("conv2.kernel", parameters, CONV2_KERNEL, 3, 3, 32, 64),
        new TensorView("conv2.bias", parameters, CONV2_BIAS, 64)));
    this.pool2 = new Layer("pool2", "MaxPool2D", new int[] {11, 11, 64}, new int[] {5, 5, 64}, List.of());
    this.flat = new Layer("flat", "Flatten", new int[] {5, 5, 64}, new int[] {1600}, List.of());
    this.drop = new Layer("drop", "Dropout", new int[] {1600}, new int[] {1600}, List.of());
    this.output = new Layer("output", "Dense", new int[] {1600}, new int[] {10}, List.of(
        new TensorView("output.kernel", parameters, OUTPUT_KERNEL, 1600, 10),
        new TensorView("output.bias", parameters, OUTPUT_BIAS, 10)));
    this.layers = List.of(image, conv1, pool1, conv2, pool2, flat, drop, output);
  }

  @Override
  public String name() {
    return "KerasConvnet";
  }

  @Override
  public Loss loss() {
    return Loss.SPARSE_CATEGORICAL_CROSSENTROPY;
  }

  @Override
  public int inputSize() {
    return INPUT_SIZE;
  }

  @Override
  public int outputSize() {
    return OUTPUT_SIZE;
  }

  @Override
  public int targetSize() {
    return TARGET_SIZE;
  }

  @Override
  public int parameterCount() {
    return PARAMETER_COUNT;
  }

  @Override
  public List<Layer> layers() {
    return layers;
  }

  @Override
  public float[] parameters() {
    return parameters;
  }

  @Override
  public float[] gradients() {
    return gradients;
  }

  @Override
  public void predict(float[] input, float[] output) {
    inference.predict(input, output);
  }

  @Override
  public void predictBatch(float[] inputs, float[] outputs, int count) {
    inference.predictBatch(inputs, outputs, count);
  }

  @Override
  public float computeGradients(float[] inputs, float[] targets, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, got " + count);
    }
    Checks.samples("inputs", inputs, 0, count, INPUT_SIZE);
    Checks.samples("targets", targets, 0, count, TARGET_SIZE);
    if (trainingPass == null || trainingPass.capacity() < count) {
      trainingPass = new Pass(count);
    }
    double loss = trainingPass.train(trainingCall.samples(inputs, 0, targets, 0, count)
        .gradients(gradients, 1f / count).at(trainingSteps++, 0));
    return (float) (loss / count);
  }

  @Override
  public BatchPass newBatchPass(int capacity) {
    return new Pass(capacity);
  }

  @Override
  public String summary() {
    return SUMMARY;
  }

  @Override
  public String architecture() {
    return ARCHITECTURE;
  }

  @Override
  public long seed() {
    return seed;
  }

  /**
   * A model with the weights of a file written by {@link #save}; see {@link Model#loadWeights}.
   */
  public static CompiledKerasConvnet load(Path file) throws IOException {
    CompiledKerasConvnet model = new CompiledKerasConvnet(0L);
    model.loadWeights(file);
    return model;
  }

  /**
   * Activation and gradient buffers for passes over up to {@code capacity} samples; one per thread.
   * Reads the model's live parameters; allocates nothing after construction.
   */
  private final class Pass implements BatchPass {
    private final int capacity;

    /**
     * For each of pool1's outputs, the pixel of its 2×2 window the max came from (0–3,
     * row-major), or −1 where no gradient goes back (not above zero: conv1's ReLU);
     * [capacity][13×13×32].
     */
    private final int[] pool1Argmax;

    /**
     * pool1's outputs, [capacity][13×13×32].
     */
    private final float[] pool1;

    /**
     * The loss gradient with respect to pool1's outputs; [capacity][13×13×32].
     */
    private final float[] pool1Grad;

    /**
     * conv2's outputs, [capacity][10×10×64 of 11×11×64 (the rows and columns pool2 reads)].
     */
    private final float[] conv2;

    /**
     * The loss gradient with respect to conv2's outputs, then its pre-activations;
     * [capacity][10×10×64 of 11×11×64 (the rows and columns pool2 reads)].
     */
    private final float[] conv2Grad;

    /**
     * conv2's input windows side by side, [capacity][100][288], then their gradient.
     */
    private final float[] conv2Patches;

    /**
     * conv2's kernel as Winograd's 36 points, for the forward passes; transformed again
     * when the kernel changes (after each training step).
     */
    private final Winograd.Cache conv2Points;

    /**
     * pool2's outputs, [capacity][5×5×64].
     */
    private final float[] pool2;

    /**
     * The loss gradient with respect to pool2's outputs; [capacity][5×5×64].
     */
    private final float[] pool2Grad;

    /**
     * drop's outputs in training, [capacity][1600]; inference skips the layer.
     */
    private final float[] drop;

    /**
     * drop's mask of the current step: 0 or 1 / (1 - rate) per value.
     */
    private final float[] dropMask;

    /**
     * output's outputs, [capacity][10].
     */
    private final float[] output;

    /**
     * The loss gradient with respect to output's outputs, then its pre-activations;
     * [capacity][10].
     */
    private final float[] outputGrad;

    /**
     * Scratch for a kernel transposed to compute an input gradient: the largest, conv2's.
     */
    private final float[] transposed;

    Pass(int capacity) {
      this.capacity = capacity;
      this.pool1Argmax = new int[Checks.bufferSize(capacity, POOL1_SIZE)];
      this.pool1 = new float[Checks.bufferSize(capacity, POOL1_SIZE)];
      this.pool1Grad = new float[Checks.bufferSize(capacity, POOL1_SIZE)];
      this.conv2 = new float[Checks.bufferSize(capacity, CONV2_SIZE)];
      this.conv2Grad = new float[Checks.bufferSize(capacity, CONV2_SIZE)];
      this.conv2Patches = new float[Checks.bufferSize(capacity, CONV2_PIXELS * CONV2_DEPTH)];
      this.conv2Points = new Winograd.Cache(CONV2_WINDOW, CONV2_FILTERS);
      this.pool2 = new float[Checks.bufferSize(capacity, POOL2_SIZE)];
      this.pool2Grad = new float[Checks.bufferSize(capacity, POOL2_SIZE)];
      this.drop = new float[Checks.bufferSize(capacity, POOL2_SIZE)];
      this.dropMask = new float[Checks.bufferSize(capacity, POOL2_SIZE)];
      this.output = new float[Checks.bufferSize(capacity, OUTPUT_SIZE)];
      this.outputGrad = new float[Checks.bufferSize(capacity, OUTPUT_SIZE)];
      this.transposed = new float[CONV2_DEPTH * CONV2_FILTERS];
    }

    @Override
    public int capacity() {
      return capacity;
    }

    @Override
    public float[] outputs() {
      return output;
    }

    @Override
    public void predict(float[] inputs, int inputOffset, float[] outputs, int outputOffset,
        int count) {
      Checks.batch(count, capacity);
      Checks.samples("inputs", inputs, inputOffset, count, INPUT_SIZE);
      Checks.samples("outputs", outputs, outputOffset, count, OUTPUT_SIZE);
      // 13 samples at a time: what their layers write then stays in the caches.
      for (int done = 0; done < count; done += 13) {
        predictChunk(inputs, inputOffset + done * INPUT_SIZE,
            outputs, outputOffset + done * OUTPUT_SIZE, count - done < 13 ? count - done : 13);
      }
    }

    /**
     * Predicts {@code count} samples, at most a chunk, checked by {@code predict}.
     */
    private void predictChunk(float[] inputs, int inputOffset, float[] outputs, int outputOffset,
        int count) {
      conv1InferPooled(inputs, inputOffset, count);
      conv2Infer(pool1, 0, count);
      pool2Forward(conv2, 0, count);
      outputForward(pool2, 0, count);
      K.softmax(output, 0, count, OUTPUT_SIZE);
      System.arraycopy(output, 0, outputs, outputOffset, count * OUTPUT_SIZE);
    }

    @Override
    public double evaluate(float[] inputs, int inputOffset, float[] targets, int targetOffset,
        int count) {
      Checks.batch(count, capacity);
      Checks.samples("inputs", inputs, inputOffset, count, INPUT_SIZE);
      Checks.samples("targets", targets, targetOffset, count, TARGET_SIZE);
      conv1InferPooled(inputs, inputOffset, count);
      conv2Infer(pool1, 0, count);
      pool2Forward(conv2, 0, count);
      outputForward(pool2, 0, count);
      return Losses.sparseSoftmaxCrossEntropy(output, count, OUTPUT_SIZE, targets, targetOffset,
          null, 0, null, 0f);
    }

    @Override
    public double train(BatchPass.Step share) {
      float[] inputs = share.inputs();
      int inputOffset = share.inputOffset();
      float[] targets = share.targets();
      int targetOffset = share.targetOffset();
      float[] weights = share.weights();
      int weightOffset = share.weightOffset();
      int count = share.count();
      float scale = share.scale();
      float[] gradients = share.gradients();
      long step = share.step();
      int firstSample = share.firstSample();
      if (share.products() != null) {
        throw new UnsupportedOperationException("this model's first layer cannot leave its products to the caller");
      }
      Checks.batch(count, capacity);
      Checks.samples("inputs", inputs, inputOffset, count, INPUT_SIZE);
      Checks.samples("targets", targets, targetOffset, count, TARGET_SIZE);
      Checks.gradients(gradients, PARAMETER_COUNT);
      if (weights != null) {
        Checks.samples("weights", weights, weightOffset, count, 1);
      }
      conv1Forward(inputs, inputOffset, count);
      conv2Forward(pool1, 0, count);
      pool2Forward(conv2, 0, count);
      dropForward(pool2, 0, count, step, firstSample);
      outputForward(drop, 0, count);
      double loss = Losses.sparseSoftmaxCrossEntropy(output, count, OUTPUT_SIZE, targets,
          targetOffset, weights, weightOffset, outputGrad, scale);
      outputBackward(drop, 0, count, gradients);
      dropBackward(count);
      pool2Backward(conv2, 0, count);
      conv2Backward(pool1, 0, count, gradients);
      conv1Backward(inputs, inputOffset, count, gradients);
      return loss;
    }

    /**
     * The samples whose buffers fit {@link TrainingChunks#BYTES}: these values (4 bytes each) per sample.
     */
    @Override
    public int trainingChunk() {
      return TrainingChunks.forSample(0L + POOL1_SIZE + POOL1_SIZE + POOL1_SIZE + CONV2_SIZE
          + CONV2_SIZE + CONV2_PIXELS * CONV2_DEPTH + POOL2_SIZE + POOL2_SIZE + POOL2_SIZE
          + POOL2_SIZE + OUTPUT_SIZE + OUTPUT_SIZE);
    }

    /**
     * conv1 (Conv2D 28×28×1 → 26×26×32, 3×3 kernel, strides 1×1, valid padding, relu)
     * and pool1, image by image: {@code pool1 = max2×2(relu(windows · kernel + bias))},
     * each window read in place, and {@code pool1Argmax} where each max came from.
     * An image's outputs are pooled while they are in the core's cache; none are kept.
     */
    private void conv1Forward(float[] in, int inOffset, int n) {
      Convolutions.convolveMaxPoolArgmax(CONV1_WINDOW, POOL1_WINDOW, in, inOffset, n, parameters,
          CONV1_KERNEL, parameters, CONV1_BIAS, true, CONV1_FILTERS, pool1, pool1Argmax);
    }

    /**
     * pool1 and conv1 backward, image by image: {@code pool1Grad} routed to where each
     * max came from ({@code pool1Argmax}), then
     * {@code kernel gradient = windowsᵀ · routed} and {@code bias gradient = Σ routed},
     * each window read in place. An image's routed gradient is read while it is in
     * the core's cache.
     */
    private void conv1Backward(float[] in, int inOffset, int n, float[] gradients) {
      Convolutions.kernelGradientArgmax(CONV1_WINDOW, POOL1_WINDOW, in, inOffset, n, pool1Argmax,
          pool1Grad, CONV1_FILTERS, gradients, CONV1_KERNEL, CONV1_BIAS);
    }

    /**
     * conv1 and pool1 for prediction: the values of {@link #conv1Forward},
     * without recording where the maxima came from.
     */
    private void conv1InferPooled(float[] in, int inOffset, int n) {
      Convolutions.convolveMaxPoolArgmax(CONV1_WINDOW, POOL1_WINDOW, in, inOffset, n, parameters,
          CONV1_KERNEL, parameters, CONV1_BIAS, true, CONV1_FILTERS, pool1, null);
    }

    /**
     * conv2 (Conv2D 13×13×32 → 11×11×64, 3×3 kernel, strides 1×1, valid padding, relu):
     * {@code conv2[n][10×10×64] = relu(windows[n·100][288] · kernel[288][64] + bias[64])}.
     * The outputs by Winograd's F(4×4, 3×3), as {@link #conv2Infer}'s: those of the product
     * to within rounding. The backward pass differentiates the product.
     */
    private void conv2Forward(float[] in, int inOffset, int n) {
      Convolutions.im2col(CONV2_WINDOW, in, inOffset, n, conv2Patches);
      Winograd.convolve(CONV2_WINDOW, in, inOffset, n, conv2Points.of(parameters, CONV2_KERNEL),
          parameters, CONV2_BIAS, true, conv2, 0);
    }

    /**
     * conv2 backward: {@code conv2Grad} holds the loss gradient with respect to the
     * pre-activations (relu′ applied by the max pooling's backward pass, which routes it).
     * Then {@code kernel gradient = windowsᵀ · conv2Grad},
     * {@code bias gradient = Σ rows of conv2Grad}
     * and {@code pool1Grad} = conv2Grad · kernelᵀ, added back into the input's pixels.
     */
    private void conv2Backward(float[] in, int inOffset, int n, float[] gradients) {
      K.matmulTransA(conv2Patches, 0, conv2Grad, 0, gradients, CONV2_KERNEL, n * CONV2_PIXELS,
          CONV2_DEPTH, CONV2_FILTERS);
      K.columnSums(conv2Grad, 0, n * CONV2_PIXELS, CONV2_FILTERS, gradients, CONV2_BIAS);
      K.matmulTransB(conv2Grad, 0, parameters, CONV2_KERNEL, conv2Patches, 0, n * CONV2_PIXELS,
          CONV2_FILTERS, CONV2_DEPTH, transposed);
      Convolutions.col2im(CONV2_WINDOW, conv2Patches, n, pool1Grad);
    }

    /**
     * conv2's forward pass for prediction: the values of {@link #conv2Forward}, by Winograd's
     * F(4×4, 3×3) (36 multiplications per 4×4 outputs, channel and filter, instead of
     * 144), without the copy of the windows that only a backward pass needs.
     */
    private void conv2Infer(float[] in, int inOffset, int n) {
      Winograd.convolve(CONV2_WINDOW, in, inOffset, n, conv2Points.of(parameters, CONV2_KERNEL),
          parameters, CONV2_BIAS, true, conv2, 0);
    }

    /**
     * pool2 (MaxPool2D 11×11×64 → 5×5×64, 2×2 pool, strides 2×2, valid padding).
     */
    private void pool2Forward(float[] in, int inOffset, int n) {
      Pooling.max(POOL2_WINDOW, in, inOffset, n, pool2);
    }

    /**
     * pool2 backward: {@code conv2Grad} from {@code pool2Grad} (consumed), at each window's max.
     * Also takes it through conv2's ReLU: a window whose max is not above zero routes zero.
     */
    private void pool2Backward(float[] in, int inOffset, int n) {
      Pooling.maxBackward(POOL2_WINDOW, in, inOffset, pool2, pool2Grad, n, conv2Grad, true);
    }

    /**
     * drop (Dropout, rate 0.5), training only: {@code drop[n][1600] = in ⊙ mask}.
     * Each value is kept with probability 0.5 and scaled by 1 / 0.5; the mask depends on the seed,
     * the step and the sample index.
     */
    private void dropForward(float[] in, int inOffset, int n, long step, int firstSample) {
      DropoutMasks.fill(dropMask, n, POOL2_SIZE, 0.5f, Seeds.mix(seed, 6), step, firstSample);
      K.multiply(in, inOffset, dropMask, 0, drop, 0, n * POOL2_SIZE);
    }

    /**
     * drop backward: {@code pool2Grad ⊙= mask}
     * (the gradient of drop's output shares {@code pool2Grad}).
     */
    private void dropBackward(int n) {
      K.multiply(pool2Grad, 0, dropMask, 0, pool2Grad, 0, n * POOL2_SIZE);
    }

    /**
     * output (Dense 1600 → 10, softmax):
     * {@code output[n][10] = in[n][1600] · kernel[1600][10] + bias[10]}.
     * These are the logits: the loss applies softmax, and so does {@code predict}.
     */
    private void outputForward(float[] in, int inOffset, int n) {
      K.matmul(in, inOffset, parameters, OUTPUT_KERNEL, parameters, OUTPUT_BIAS, output, 0, n,
          POOL2_SIZE, OUTPUT_SIZE);
    }

    /**
     * output backward: {@code outputGrad} holds the loss gradient with respect to the logits
     * (the fused loss wrote it).
     * Then {@code kernel gradient = inᵀ · outputGrad},
     * {@code bias gradient = Σ rows of outputGrad}
     * and {@code pool2Grad = outputGrad · kernelᵀ}.
     */
    private void outputBackward(float[] in, int inOffset, int n, float[] gradients) {
      K.matmulTransA(in, inOffset, outputGrad, 0, gradients, OUTPUT_KERNEL, n, POOL2_SIZE,
          OUTPUT_SIZE);
      K.columnSums(outputGrad, 0, n, OUTPUT_SIZE, gradients, OUTPUT_BIAS);
      K.matmulTransB(outputGrad, 0, parameters, OUTPUT_KERNEL, pool2Grad, 0, n, OUTPUT_SIZE,
          POOL2_SIZE, transposed);
    }
  }
}
