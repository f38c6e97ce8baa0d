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
import org.dendrite.runtime.support.Initializers;
import org.dendrite.runtime.support.Seeds;
import org.dendrite.runtime.support.Window2D;

/**
 * {@code LeNet5} compiled by Dendrite: 784 → conv 28×28×6 relu → conv 10×10×16 relu → 120 relu → 84 relu → 10 softmax,
 * loss sparse_categorical_crossentropy; 61,706 parameters.
 *
 * <pre>
 * Model: "LeNet5"
 * _________________________________________________________________
 *  Layer (type)                Output Shape              Param #
 * =================================================================
 *  image (Input)               (None, 28, 28, 1)         0
 *  conv1 (Conv2D)              (None, 28, 28, 6)         156
 *  pool1 (MaxPool2D)           (None, 14, 14, 6)         0
 *  conv2 (Conv2D)              (None, 10, 10, 16)        2,416
 *  pool2 (MaxPool2D)           (None, 5, 5, 16)          0
 *  flat (Flatten)              (None, 400)               0
 *  fc1 (Dense)                 (None, 120)               48,120
 *  fc2 (Dense)                 (None, 84)                10,164
 *  output (Dense)              (None, 10)                850
 * =================================================================
 * Total params: 61,706 (241.04 KB)
 * Trainable params: 61,706 (241.04 KB)
 * Non-trainable params: 0 (0.00 B)
 * Forward FLOPs per sample: 833,040
 * _________________________________________________________________
 * </pre>
 *
 * <p>Generated code: do not edit. Every size is a constant; the passes call the runtime's
 * SIMD kernels.
 */
@Generated("org.dendrite.compiler.nn.NnCompiler")
public final class CompiledLeNet5 implements Model {
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
  public static final int PARAMETER_COUNT = 61_706;

  /**
   * FLOPs of one sample's forward pass, two per multiply-add.
   */
  public static final long FORWARD_FLOPS = 833_040L;

  /**
   * Bytes of the parameters as floats.
   */
  public static final long PARAMETER_BYTES = 246_824L;

  /**
   * Offset of {@code conv1.kernel}, [5][5][1][6], in {@link #parameters()}.
   */
  public static final int CONV1_KERNEL = 0;

  /**
   * Offset of {@code conv1.bias}, [6], in {@link #parameters()}.
   */
  public static final int CONV1_BIAS = 150;

  /**
   * Offset of {@code conv2.kernel}, [5][5][6][16], in {@link #parameters()}.
   */
  public static final int CONV2_KERNEL = 156;

  /**
   * Offset of {@code conv2.bias}, [16], in {@link #parameters()}.
   */
  public static final int CONV2_BIAS = 2556;

  /**
   * Offset of {@code fc1.kernel}, [400][120], in {@link #parameters()}.
   */
  public static final int FC1_KERNEL = 2572;

  /**
   * Offset of {@code fc1.bias}, [120], in {@link #parameters()}.
   */
  public static final int FC1_BIAS = 50_572;

  /**
   * Offset of {@code fc2.kernel}, [120][84], in {@link #parameters()}.
   */
  public static final int FC2_KERNEL = 50_692;

  /**
   * Offset of {@code fc2.bias}, [84], in {@link #parameters()}.
   */
  public static final int FC2_BIAS = 60_772;

  /**
   * Offset of {@code output.kernel}, [84][10], in {@link #parameters()}.
   */
  public static final int OUTPUT_KERNEL = 60_856;

  /**
   * Offset of {@code output.bias}, [10], in {@link #parameters()}.
   */
  public static final int OUTPUT_BIAS = 61_696;

  /**
   * What decides whether weights fit this network; weight files carry its hash.
   */
  public static final String ARCHITECTURE = "network LeNet5\n"
      + "input image 28x28x1\n"
      + "conv2d conv1 28x28x1->28x28x6 5x5/1x1 same relu bias\n"
      + "maxpool2d pool1 28x28x6->14x14x6 2x2/2x2 valid\n"
      + "conv2d conv2 14x14x6->10x10x16 5x5/1x1 valid relu bias\n"
      + "maxpool2d pool2 10x10x16->5x5x16 2x2/2x2 valid\n"
      + "flatten flat 400\n"
      + "dense fc1 400->120 relu bias\n"
      + "dense fc2 120->84 relu bias\n"
      + "dense output 84->10 softmax bias";

  /**
   * The summary table {@link #summary()} returns.
   */
  public static final String SUMMARY = "Model: \"LeNet5\"\n"
      + "_________________________________________________________________\n"
      + " Layer (type)                Output Shape              Param #\n"
      + "=================================================================\n"
      + " image (Input)               (None, 28, 28, 1)         0\n"
      + " conv1 (Conv2D)              (None, 28, 28, 6)         156\n"
      + " pool1 (MaxPool2D)           (None, 14, 14, 6)         0\n"
      + " conv2 (Conv2D)              (None, 10, 10, 16)        2,416\n"
      + " pool2 (MaxPool2D)           (None, 5, 5, 16)          0\n"
      + " flat (Flatten)              (None, 400)               0\n"
      + " fc1 (Dense)                 (None, 120)               48,120\n"
      + " fc2 (Dense)                 (None, 84)                10,164\n"
      + " output (Dense)              (None, 10)                850\n"
      + "=================================================================\n"
      + "Total params: 61,706 (241.04 KB)\n"
      + "Trainable params: 61,706 (241.04 KB)\n"
      + "Non-trainable params: 0 (0.00 B)\n"
      + "Forward FLOPs per sample: 833,040\n"
      + "_________________________________________________________________\n";

  /**
   * Values per sample of {@code conv1}'s output (28×28×6).
   */
  private static final int CONV1_SIZE = 4704;

  /**
   * Values per sample of {@code pool1}'s output (14×14×6).
   */
  private static final int POOL1_SIZE = 1176;

  /**
   * Values per sample of {@code conv2}'s output (10×10×16).
   */
  private static final int CONV2_SIZE = 1600;

  /**
   * Values per sample of {@code pool2}'s output (5×5×16).
   */
  private static final int POOL2_SIZE = 400;

  /**
   * Values per sample of {@code fc1}'s output (120).
   */
  private static final int FC1_SIZE = 120;

  /**
   * Values per sample of {@code fc2}'s output (84).
   */
  private static final int FC2_SIZE = 84;

  /**
   * {@code conv1}'s windows: 28×28×1 input, 5×5 kernel, strides 1×1, same padding.
   */
  private static final Window2D CONV1_WINDOW = new Window2D(28, 28, 1, 5, 5, 1, 1, 2, 2, 28, 28);

  /**
   * {@code conv1}'s output pixels per image (28×28): rows of its product per image.
   */
  private static final int CONV1_PIXELS = 784;

  /**
   * Values of one of {@code conv1}'s windows (5×5×1): its product's depth.
   */
  private static final int CONV1_DEPTH = 25;

  /**
   * {@code conv1}'s filters: its output's channels.
   */
  private static final int CONV1_FILTERS = 6;

  /**
   * {@code pool1}'s windows: 28×28×6 input, 2×2 pool, strides 2×2, valid padding.
   */
  private static final Window2D POOL1_WINDOW = new Window2D(28, 28, 6, 2, 2, 2, 2, 0, 0, 14, 14);

  /**
   * {@code conv2}'s windows: 14×14×6 input, 5×5 kernel, strides 1×1, valid padding.
   */
  private static final Window2D CONV2_WINDOW = new Window2D(14, 14, 6, 5, 5, 1, 1, 0, 0, 10, 10);

  /**
   * {@code conv2}'s output pixels per image (10×10): rows of its product per image.
   */
  private static final int CONV2_PIXELS = 100;

  /**
   * Values of one of {@code conv2}'s windows (5×5×6): its product's depth.
   */
  private static final int CONV2_DEPTH = 150;

  /**
   * {@code conv2}'s filters: its output's channels.
   */
  private static final int CONV2_FILTERS = 16;

  /**
   * {@code pool2}'s windows: 10×10×16 input, 2×2 pool, strides 2×2, valid padding.
   */
  private static final Window2D POOL2_WINDOW = new Window2D(10, 10, 16, 2, 2, 2, 2, 0, 0, 5, 5);

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
   * The Dense layer {@code fc1}.
   */
  public final Layer fc1;

  /**
   * The Dense layer {@code fc2}.
   */
  public final Layer fc2;

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
  public CompiledLeNet5() {
    this(Seeds.random());
  }

  /**
   * A model whose weights are drawn from {@code seed}: the same seed gives the same weights.
   */
  public CompiledLeNet5(long seed) {
    this.seed = seed;
    Initializers.glorotUniform(parameters, CONV1_KERNEL, CONV1_DEPTH * CONV1_FILTERS, 25, 150,
        Seeds.mix(seed, 1));
    Initializers.glorotUniform(parameters, CONV2_KERNEL, CONV2_DEPTH * CONV2_FILTERS, 150, 400,
        Seeds.mix(seed, 3));
    Initializers.glorotUniform(parameters, FC1_KERNEL, POOL2_SIZE, FC1_SIZE, Seeds.mix(seed, 6));
    Initializers.glorotUniform(parameters, FC2_KERNEL, FC1_SIZE, FC2_SIZE, Seeds.mix(seed, 7));
    Initializers.glorotUniform(parameters, OUTPUT_KERNEL, FC2_SIZE, OUTPUT_SIZE,
        Seeds.mix(seed, 8));
    this.image = new Layer("image", "Input", new int[] {28, 28, 1}, new int[] {28, 28, 1}, List.of());
    this.conv1 = new Layer("conv1", "Conv2D", new int[] {28, 28, 1}, new int[] {28, 28, 6}, List.of(
        new TensorView("conv1.kernel", parameters, CONV1_KERNEL, 5, 5, 1, 6),
        new TensorView("conv1.bias", parameters, CONV1_BIAS, 6)));
    this.pool1 = new Layer("pool1", "MaxPool2D", new int[] {28, 28, 6}, new int[] {14, 14, 6}, List.of());
    this.conv2 = new Layer("conv2", "Conv2D", new int[] {14, 14, 6}, new int[] {10, 10, 16}, List.of(
        new TensorView("conv2.kernel", parameters, CONV2_KERNEL, 5, 5, 6, 16),
        new TensorView("conv2.bias", parameters, CONV2_BIAS, 16)));
    this.pool2 = new Layer("pool2", "MaxPool2D", new int[] {10, 10, 16}, new int[] {5, 5, 16}, List.of());
    this.flat = new Layer("flat", "Flatten", new int[] {5, 5, 16}, new int[] {400}, List.of());
    this.fc1 = new Layer("fc1", "Dense", new int[] {400}, new int[] {120}, List.of(
        new TensorView("fc1.kernel", parameters, FC1_KERNEL, 400, 120),
        new TensorView("fc1.bias", parameters, FC1_BIAS, 120)));
    this.fc2 = new Layer("fc2", "Dense", new int[] {120}, new int[] {84}, List.of(
        new TensorView("fc2.kernel", parameters, FC2_KERNEL, 120, 84),
        new TensorView("fc2.bias", parameters, FC2_BIAS, 84)));
    this.output = new Layer("output", "Dense", new int[] {84}, new int[] {10}, List.of(
        new TensorView("output.kernel", parameters, OUTPUT_KERNEL, 84, 10),
        new TensorView("output.bias", parameters, OUTPUT_BIAS, 10)));
    this.layers = List.of(image, conv1, pool1, conv2, pool2, flat, fc1, fc2, output);
  }

  @Override
  public String name() {
    return "LeNet5";
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
  public static CompiledLeNet5 load(Path file) throws IOException {
    CompiledLeNet5 model = new CompiledLeNet5(0L);
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
     * twice, once for each column of the window, as planes: [capacity][6][14][28].
     */
    private final int[] pool1Argmax;

    /**
     * pool1's outputs, [capacity][14×14×6].
     */
    private final float[] pool1;

    /**
     * The loss gradient with respect to pool1's outputs; [capacity][14×14×6].
     */
    private final float[] pool1Grad;

    /**
     * For each of pool2's outputs, the pixel of its 2×2 window the max came from (0–3,
     * row-major), or −1 where no gradient goes back (not above zero: conv2's ReLU);
     * [capacity][5×5×16].
     */
    private final int[] pool2Argmax;

    /**
     * pool2's outputs, [capacity][5×5×16].
     */
    private final float[] pool2;

    /**
     * The loss gradient with respect to pool2's outputs; [capacity][5×5×16].
     */
    private final float[] pool2Grad;

    /**
     * fc1's outputs, [capacity][120].
     */
    private final float[] fc1;

    /**
     * The loss gradient with respect to fc1's outputs, then its pre-activations;
     * [capacity][120].
     */
    private final float[] fc1Grad;

    /**
     * fc2's outputs, [capacity][84].
     */
    private final float[] fc2;

    /**
     * The loss gradient with respect to fc2's outputs, then its pre-activations;
     * [capacity][84].
     */
    private final float[] fc2Grad;

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
     * Scratch for a kernel transposed to compute an input gradient: the largest, fc1's.
     */
    private final float[] transposed;

    Pass(int capacity) {
      this.capacity = capacity;
      this.pool1Argmax = new int[Checks.bufferSize(capacity, 2 * POOL1_SIZE)];
      this.pool1 = new float[Checks.bufferSize(capacity, POOL1_SIZE)];
      this.pool1Grad = new float[Checks.bufferSize(capacity, POOL1_SIZE)];
      this.pool2Argmax = new int[Checks.bufferSize(capacity, POOL2_SIZE)];
      this.pool2 = new float[Checks.bufferSize(capacity, POOL2_SIZE)];
      this.pool2Grad = new float[Checks.bufferSize(capacity, POOL2_SIZE)];
      this.fc1 = new float[Checks.bufferSize(capacity, FC1_SIZE)];
      this.fc1Grad = new float[Checks.bufferSize(capacity, FC1_SIZE)];
      this.fc2 = new float[Checks.bufferSize(capacity, FC2_SIZE)];
      this.fc2Grad = new float[Checks.bufferSize(capacity, FC2_SIZE)];
      this.output = new float[Checks.bufferSize(capacity, OUTPUT_SIZE)];
      this.outputGrad = new float[Checks.bufferSize(capacity, OUTPUT_SIZE)];
      this.transposed = new float[POOL2_SIZE * FC1_SIZE];
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
      // 56 samples at a time: what their layers write then stays in the caches.
      for (int done = 0; done < count; done += 56) {
        predictChunk(inputs, inputOffset + done * INPUT_SIZE,
            outputs, outputOffset + done * OUTPUT_SIZE, count - done < 56 ? count - done : 56);
      }
    }

    /**
     * Predicts {@code count} samples, at most a chunk, checked by {@code predict}.
     */
    private void predictChunk(float[] inputs, int inputOffset, float[] outputs, int outputOffset,
        int count) {
      conv1InferPooled(inputs, inputOffset, count);
      conv2InferPooled(pool1, 0, count);
      fc1Forward(pool2, 0, count);
      fc2Forward(fc1, 0, count);
      outputForward(fc2, 0, count);
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
      conv2InferPooled(pool1, 0, count);
      fc1Forward(pool2, 0, count);
      fc2Forward(fc1, 0, count);
      outputForward(fc2, 0, count);
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
      fc1Forward(pool2, 0, count);
      fc2Forward(fc1, 0, count);
      outputForward(fc2, 0, count);
      double loss = Losses.sparseSoftmaxCrossEntropy(output, count, OUTPUT_SIZE, targets,
          targetOffset, weights, weightOffset, outputGrad, scale);
      outputBackward(fc2, 0, count, gradients);
      fc2Backward(fc1, 0, count, gradients);
      fc1Backward(pool2, 0, count, gradients);
      conv2Backward(pool1, 0, count, gradients);
      conv1Backward(inputs, inputOffset, count, gradients);
      return loss;
    }

    /**
     * The samples whose buffers fit {@link TrainingChunks#BYTES}: these values (4 bytes each) per sample.
     */
    @Override
    public int trainingChunk() {
      return TrainingChunks.forSample(0L + 2 * POOL1_SIZE + POOL1_SIZE + POOL1_SIZE + POOL2_SIZE
          + POOL2_SIZE + POOL2_SIZE + FC1_SIZE + FC1_SIZE + FC2_SIZE + FC2_SIZE + OUTPUT_SIZE
          + OUTPUT_SIZE);
    }

    /**
     * conv1 (Conv2D 28×28×1 → 28×28×6, 5×5 kernel, strides 1×1, same padding, relu)
     * and pool1, image by image: {@code pool1 = max2×2(relu(windows · kernel + bias))},
     * each window read in place, channels-last, and {@code pool1Argmax} where each max came from,
     * as planes. An image's outputs are pooled as its tiles make them; none are kept.
     */
    private void conv1Forward(float[] in, int inOffset, int n) {
      Convolutions.convolveMaxPoolKeep(CONV1_WINDOW, POOL1_WINDOW, in, inOffset, n, parameters,
          CONV1_KERNEL, parameters, CONV1_BIAS, true, CONV1_FILTERS, pool1Argmax, pool1);
    }

    /**
     * pool1 and conv1 backward: {@code pool1Grad} routed to where each max came from
     * ({@code pool1Argmax}) on planes, then {@code kernel gradient = windowsᵀ · routed}
     * and {@code bias gradient = Σ routed}.
     */
    private void conv1Backward(float[] in, int inOffset, int n, float[] gradients) {
      Convolutions.kernelGradientPooled(CONV1_WINDOW, POOL1_WINDOW, in, inOffset, n, pool1Argmax,
          pool1Grad, CONV1_FILTERS, gradients, CONV1_KERNEL, CONV1_BIAS);
    }

    /**
     * conv1 and pool1 for prediction: the values of {@link #conv1Forward},
     * without recording where the maxima came from.
     */
    private void conv1InferPooled(float[] in, int inOffset, int n) {
      Convolutions.convolveMaxPoolKeep(CONV1_WINDOW, POOL1_WINDOW, in, inOffset, n, parameters,
          CONV1_KERNEL, parameters, CONV1_BIAS, true, CONV1_FILTERS, null, pool1);
    }

    /**
     * conv2 (Conv2D 14×14×6 → 10×10×16, 5×5 kernel, strides 1×1, valid padding, relu)
     * and pool2, image by image: {@code pool2 = max2×2(relu(windows · kernel + bias))},
     * each window read in place, and {@code pool2Argmax} where each max came from.
     * An image's outputs are pooled while they are in the core's cache; none are kept.
     */
    private void conv2Forward(float[] in, int inOffset, int n) {
      Convolutions.convolveMaxPoolArgmax(CONV2_WINDOW, POOL2_WINDOW, in, inOffset, n, parameters,
          CONV2_KERNEL, parameters, CONV2_BIAS, true, CONV2_FILTERS, pool2, pool2Argmax);
    }

    /**
     * pool2 and conv2 backward, from each g of {@code pool2Grad} and where its max came
     * from ({@code pool2Argmax}; the other three pixels' gradients are zero):
     * {@code kernel gradient = Σ g · the window of the max's pixel},
     * {@code bias gradient = Σ g}.
     * Then {@code pool1Grad}: each g times its filter's kernel, added into the window
     * of the pixel its max came from.
     */
    private void conv2Backward(float[] in, int inOffset, int n, float[] gradients) {
      Convolutions.kernelGradientSparse(CONV2_WINDOW, POOL2_WINDOW, in, inOffset, n, pool2Argmax,
          pool2Grad, CONV2_FILTERS, gradients, CONV2_KERNEL, CONV2_BIAS);
      Convolutions.inputGradientArgmax(CONV2_WINDOW, POOL2_WINDOW, n, pool2Argmax, pool2Grad,
          parameters, CONV2_KERNEL, CONV2_FILTERS, pool1Grad);
    }

    /**
     * conv2 and pool2 for prediction: the values of {@link #conv2Forward},
     * without recording where the maxima came from.
     */
    private void conv2InferPooled(float[] in, int inOffset, int n) {
      Convolutions.convolveMaxPoolArgmax(CONV2_WINDOW, POOL2_WINDOW, in, inOffset, n, parameters,
          CONV2_KERNEL, parameters, CONV2_BIAS, true, CONV2_FILTERS, pool2, null);
    }

    /**
     * fc1 (Dense 400 → 120, relu):
     * {@code fc1[n][120] = relu(in[n][400] · kernel[400][120] + bias[120])}.
     */
    private void fc1Forward(float[] in, int inOffset, int n) {
      K.matmulRelu(in, inOffset, parameters, FC1_KERNEL, parameters, FC1_BIAS, fc1, 0, n,
          POOL2_SIZE, FC1_SIZE);
    }

    /**
     * fc1 backward: {@code fc1Grad} holds the loss gradient with respect to the outputs;
     * times relu′ it becomes the gradient with respect to the pre-activations.
     * Then {@code kernel gradient = inᵀ · fc1Grad},
     * {@code bias gradient = Σ rows of fc1Grad}
     * and {@code pool2Grad = fc1Grad · kernelᵀ}.
     */
    private void fc1Backward(float[] in, int inOffset, int n, float[] gradients) {
      K.reluBackward(fc1, 0, fc1Grad, 0, n * FC1_SIZE);
      K.matmulTransA(in, inOffset, fc1Grad, 0, gradients, FC1_KERNEL, n, POOL2_SIZE, FC1_SIZE);
      K.columnSums(fc1Grad, 0, n, FC1_SIZE, gradients, FC1_BIAS);
      K.matmulTransB(fc1Grad, 0, parameters, FC1_KERNEL, pool2Grad, 0, n, FC1_SIZE, POOL2_SIZE,
          transposed);
    }

    /**
     * fc2 (Dense 120 → 84, relu):
     * {@code fc2[n][84] = relu(in[n][120] · kernel[120][84] + bias[84])}.
     */
    private void fc2Forward(float[] in, int inOffset, int n) {
      K.matmulRelu(in, inOffset, parameters, FC2_KERNEL, parameters, FC2_BIAS, fc2, 0, n, FC1_SIZE,
          FC2_SIZE);
    }

    /**
     * fc2 backward: {@code fc2Grad} holds the loss gradient with respect to the outputs;
     * times relu′ it becomes the gradient with respect to the pre-activations.
     * Then {@code kernel gradient = inᵀ · fc2Grad},
     * {@code bias gradient = Σ rows of fc2Grad}
     * and {@code fc1Grad = fc2Grad · kernelᵀ}.
     */
    private void fc2Backward(float[] in, int inOffset, int n, float[] gradients) {
      K.reluBackward(fc2, 0, fc2Grad, 0, n * FC2_SIZE);
      K.matmulTransA(in, inOffset, fc2Grad, 0, gradients, FC2_KERNEL, n, FC1_SIZE, FC2_SIZE);
      K.columnSums(fc2Grad, 0, n, FC2_SIZE, gradients, FC2_BIAS);
      K.matmulTransB(fc2Grad, 0, parameters, FC2_KERNEL, fc1Grad, 0, n, FC2_SIZE, FC1_SIZE,
          transposed);
    }

    /**
     * output (Dense 84 → 10, softmax):
     * {@code output[n][10] = in[n][84] · kernel[84][10] + bias[10]}.
     * These are the logits: the loss applies softmax, and so does {@code predict}.
     */
    private void outputForward(float[] in, int inOffset, int n) {
      K.matmul(in, inOffset, parameters, OUTPUT_KERNEL, parameters, OUTPUT_BIAS, output, 0, n,
          FC2_SIZE, OUTPUT_SIZE);
    }

    /**
     * output backward: {@code outputGrad} holds the loss gradient with respect to the logits
     * (the fused loss wrote it).
     * Then {@code kernel gradient = inᵀ · outputGrad},
     * {@code bias gradient = Σ rows of outputGrad}
     * and {@code fc2Grad = outputGrad · kernelᵀ}.
     */
    private void outputBackward(float[] in, int inOffset, int n, float[] gradients) {
      K.matmulTransA(in, inOffset, outputGrad, 0, gradients, OUTPUT_KERNEL, n, FC2_SIZE,
          OUTPUT_SIZE);
      K.columnSums(outputGrad, 0, n, OUTPUT_SIZE, gradients, OUTPUT_BIAS);
      K.matmulTransB(outputGrad, 0, parameters, OUTPUT_KERNEL, fc2Grad, 0, n, OUTPUT_SIZE, FC2_SIZE,
          transposed);
    }
  }
}
