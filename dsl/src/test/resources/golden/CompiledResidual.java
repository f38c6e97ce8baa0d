package golden;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.annotation.processing.Generated;
import org.dendrite.annotation.Loss;
import org.dendrite.runtime.BatchPass;
import org.dendrite.runtime.Inference;
import org.dendrite.runtime.Layer;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.TensorView;
import org.dendrite.runtime.kernel.Kernels;
import org.dendrite.runtime.loss.Losses;
import org.dendrite.runtime.support.BatchNorms;
import org.dendrite.runtime.support.Checks;
import org.dendrite.runtime.support.Convolutions;
import org.dendrite.runtime.support.Initializers;
import org.dendrite.runtime.support.Merges;
import org.dendrite.runtime.support.Pooling;
import org.dendrite.runtime.support.Seeds;
import org.dendrite.runtime.support.Window2D;

/**
 * {@code Residual} compiled by Dendrite: 64 → conv 8×8×4 relu → conv 8×8×4 linear → conv 8×8×4 linear → 10 softmax,
 * loss sparse_categorical_crossentropy; 394 parameters.
 *
 * <pre>
 * Model: "Residual"
 * _____________________________________________________________________________
 *  Layer (type)                Output Shape              Param #   Connected to
 * =============================================================================
 *  image (Input)               (None, 8, 8, 1)           0
 *  stem (Conv2D)               (None, 8, 8, 4)           40        image
 *  conv1 (Conv2D)              (None, 8, 8, 4)           148       stem
 *  norm (BatchNorm)            (None, 8, 8, 4)           16        conv1
 *  conv2 (Conv2D)              (None, 8, 8, 4)           148       norm
 *  sum (Add)                   (None, 8, 8, 4)           0         conv2, stem
 *  out1 (Activate)             (None, 8, 8, 4)           0         sum
 *  gap (GlobalAvgPool2D)       (None, 4)                 0         out1
 *  output (Dense)              (None, 10)                50        gap
 * =============================================================================
 * Total params: 402 (1.57 KB)
 * Trainable params: 394 (1.54 KB)
 * Non-trainable params: 8 (32.00 B)
 * Forward FLOPs per sample: 41,552
 * _____________________________________________________________________________
 * </pre>
 *
 * <p>Generated code: do not edit. Every size is a constant; the passes call the runtime's
 * SIMD kernels.
 */
@Generated("org.dendrite.compiler.nn.NnCompiler")
public final class CompiledResidual implements Model {
  /**
   * Values per input sample (8×8×1).
   */
  public static final int INPUT_SIZE = 64;

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
  public static final int PARAMETER_COUNT = 394;

  /**
   * FLOPs of one sample's forward pass, two per multiply-add.
   */
  public static final long FORWARD_FLOPS = 41_552L;

  /**
   * Bytes of the parameters as floats.
   */
  public static final long PARAMETER_BYTES = 1576L;

  /**
   * Offset of {@code stem.kernel}, [3][3][1][4], in {@link #parameters()}.
   */
  public static final int STEM_KERNEL = 0;

  /**
   * Offset of {@code stem.bias}, [4], in {@link #parameters()}.
   */
  public static final int STEM_BIAS = 36;

  /**
   * Offset of {@code conv1.kernel}, [3][3][4][4], in {@link #parameters()}.
   */
  public static final int CONV1_KERNEL = 40;

  /**
   * Offset of {@code conv1.bias}, [4], in {@link #parameters()}.
   */
  public static final int CONV1_BIAS = 184;

  /**
   * Offset of {@code norm.gamma}, [4], in {@link #parameters()}.
   */
  public static final int NORM_GAMMA = 188;

  /**
   * Offset of {@code norm.beta}, [4], in {@link #parameters()}.
   */
  public static final int NORM_BETA = 192;

  /**
   * Offset of {@code conv2.kernel}, [3][3][4][4], in {@link #parameters()}.
   */
  public static final int CONV2_KERNEL = 196;

  /**
   * Offset of {@code conv2.bias}, [4], in {@link #parameters()}.
   */
  public static final int CONV2_BIAS = 340;

  /**
   * Offset of {@code output.kernel}, [4][10], in {@link #parameters()}.
   */
  public static final int OUTPUT_KERNEL = 344;

  /**
   * Offset of {@code output.bias}, [10], in {@link #parameters()}.
   */
  public static final int OUTPUT_BIAS = 384;

  /**
   * Offset of {@code norm.moving_mean}, [4], in {@link #state()}.
   */
  public static final int NORM_MOVING_MEAN = 0;

  /**
   * Offset of {@code norm.moving_variance}, [4], in {@link #state()}.
   */
  public static final int NORM_MOVING_VARIANCE = 4;

  /**
   * Non-trainable values: the length of {@link #state()}.
   */
  public static final int STATE_COUNT = 8;

  /**
   * What decides whether weights fit this network; weight files carry its hash.
   */
  public static final String ARCHITECTURE = "network Residual\n"
      + "input image 8x8x1\n"
      + "conv2d stem 8x8x1->8x8x4 3x3/1x1 same relu bias\n"
      + "conv2d conv1 8x8x4->8x8x4 3x3/1x1 same linear bias\n"
      + "batchnorm norm 8x8x4 relu epsilon=0.001\n"
      + "conv2d conv2 8x8x4->8x8x4 3x3/1x1 same linear bias\n"
      + "add sum 8x8x4 <- conv2,stem\n"
      + "activate out1 8x8x4 relu\n"
      + "globalavgpool2d gap 8x8x4->4\n"
      + "dense output 4->10 softmax bias";

  /**
   * The summary table {@link #summary()} returns.
   */
  public static final String SUMMARY = "Model: \"Residual\"\n"
      + "_____________________________________________________________________________\n"
      + " Layer (type)                Output Shape              Param #   Connected to\n"
      + "=============================================================================\n"
      + " image (Input)               (None, 8, 8, 1)           0\n"
      + " stem (Conv2D)               (None, 8, 8, 4)           40        image\n"
      + " conv1 (Conv2D)              (None, 8, 8, 4)           148       stem\n"
      + " norm (BatchNorm)            (None, 8, 8, 4)           16        conv1\n"
      + " conv2 (Conv2D)              (None, 8, 8, 4)           148       norm\n"
      + " sum (Add)                   (None, 8, 8, 4)           0         conv2, stem\n"
      + " out1 (Activate)             (None, 8, 8, 4)           0         sum\n"
      + " gap (GlobalAvgPool2D)       (None, 4)                 0         out1\n"
      + " output (Dense)              (None, 10)                50        gap\n"
      + "=============================================================================\n"
      + "Total params: 402 (1.57 KB)\n"
      + "Trainable params: 394 (1.54 KB)\n"
      + "Non-trainable params: 8 (32.00 B)\n"
      + "Forward FLOPs per sample: 41,552\n"
      + "_____________________________________________________________________________\n";

  /**
   * Values per sample of {@code stem}'s output (8×8×4).
   */
  private static final int STEM_SIZE = 256;

  /**
   * Values per sample of {@code conv1}'s output (8×8×4).
   */
  private static final int CONV1_SIZE = 256;

  /**
   * Values per sample of {@code conv2}'s output (8×8×4).
   */
  private static final int CONV2_SIZE = 256;

  /**
   * Values per sample of {@code gap}'s output (4).
   */
  private static final int GAP_SIZE = 4;

  /**
   * {@code stem}'s windows: 8×8×1 input, 3×3 kernel, strides 1×1, same padding.
   */
  private static final Window2D STEM_WINDOW = new Window2D(8, 8, 1, 3, 3, 1, 1, 1, 1, 8, 8);

  /**
   * {@code stem}'s output pixels per image (8×8): rows of its product per image.
   */
  private static final int STEM_PIXELS = 64;

  /**
   * Values of one of {@code stem}'s windows (3×3×1): its product's depth.
   */
  private static final int STEM_DEPTH = 9;

  /**
   * {@code stem}'s filters: its output's channels.
   */
  private static final int STEM_FILTERS = 4;

  /**
   * {@code conv1}'s windows: 8×8×4 input, 3×3 kernel, strides 1×1, same padding.
   */
  private static final Window2D CONV1_WINDOW = new Window2D(8, 8, 4, 3, 3, 1, 1, 1, 1, 8, 8);

  /**
   * {@code conv1}'s output pixels per image (8×8): rows of its product per image.
   */
  private static final int CONV1_PIXELS = 64;

  /**
   * Values of one of {@code conv1}'s windows (3×3×4): its product's depth.
   */
  private static final int CONV1_DEPTH = 36;

  /**
   * {@code conv1}'s filters: its output's channels.
   */
  private static final int CONV1_FILTERS = 4;

  /**
   * {@code norm}'s values per feature in one sample: rows of its statistics per sample.
   */
  private static final int NORM_PIXELS = 64;

  /**
   * {@code norm}'s features: its input's channels.
   */
  private static final int NORM_FEATURES = 4;

  /**
   * {@code conv2}'s windows: 8×8×4 input, 3×3 kernel, strides 1×1, same padding.
   */
  private static final Window2D CONV2_WINDOW = new Window2D(8, 8, 4, 3, 3, 1, 1, 1, 1, 8, 8);

  /**
   * {@code conv2}'s output pixels per image (8×8): rows of its product per image.
   */
  private static final int CONV2_PIXELS = 64;

  /**
   * Values of one of {@code conv2}'s windows (3×3×4): its product's depth.
   */
  private static final int CONV2_DEPTH = 36;

  /**
   * {@code conv2}'s filters: its output's channels.
   */
  private static final int CONV2_FILTERS = 4;

  /**
   * The kernels, Vector API or scalar, chosen once per JVM.
   */
  private static final Kernels K = Kernels.get();

  /**
   * The Input layer {@code image}.
   */
  public final Layer image;

  /**
   * The Conv2D layer {@code stem}.
   */
  public final Layer stem;

  /**
   * The Conv2D layer {@code conv1}.
   */
  public final Layer conv1;

  /**
   * The BatchNorm layer {@code norm}.
   */
  public final Layer norm;

  /**
   * The Conv2D layer {@code conv2}.
   */
  public final Layer conv2;

  /**
   * The Add layer {@code sum}.
   */
  public final Layer sum;

  /**
   * The Activate layer {@code out1}.
   */
  public final Layer out1;

  /**
   * The GlobalAvgPool2D layer {@code gap}.
   */
  public final Layer gap;

  /**
   * The Dense layer {@code output}.
   */
  public final Layer output;

  private final float[] parameters = new float[PARAMETER_COUNT];

  private final float[] gradients = new float[PARAMETER_COUNT];

  /**
   * The moving averages of the batch normalisations.
   */
  private final float[] state = new float[STATE_COUNT];

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
  public CompiledResidual() {
    this(Seeds.random());
  }

  /**
   * A model whose weights are drawn from {@code seed}: the same seed gives the same weights.
   */
  public CompiledResidual(long seed) {
    this.seed = seed;
    Initializers.glorotUniform(parameters, STEM_KERNEL, STEM_DEPTH * STEM_FILTERS, 9, 36,
        Seeds.mix(seed, 1));
    Initializers.glorotUniform(parameters, CONV1_KERNEL, CONV1_DEPTH * CONV1_FILTERS, 36, 36,
        Seeds.mix(seed, 2));
    Arrays.fill(parameters, NORM_GAMMA, NORM_GAMMA + NORM_FEATURES, 1f);
    Arrays.fill(state, NORM_MOVING_VARIANCE, NORM_MOVING_VARIANCE + NORM_FEATURES, 1f);
    Initializers.glorotUniform(parameters, CONV2_KERNEL, CONV2_DEPTH * CONV2_FILTERS, 36, 36,
        Seeds.mix(seed, 4));
    Initializers.glorotUniform(parameters, OUTPUT_KERNEL, GAP_SIZE, OUTPUT_SIZE,
        Seeds.mix(seed, 8));
    this.image = new Layer("image", "Input", new int[] {8, 8, 1}, new int[] {8, 8, 1}, List.of());
    this.stem = new Layer("stem", "Conv2D", new int[] {8, 8, 1}, new int[] {8, 8, 4}, List.of(
        new TensorView("stem.kernel", parameters, STEM_KERNEL, 3, 3, 1, 4),
        new TensorView("stem.bias", parameters, STEM_BIAS, 4)));
    this.conv1 = new Layer("conv1", "Conv2D", new int[] {8, 8, 4}, new int[] {8, 8, 4}, List.of(
        new TensorView("conv1.kernel", parameters, CONV1_KERNEL, 3, 3, 4, 4),
        new TensorView("conv1.bias", parameters, CONV1_BIAS, 4)));
    this.norm = new Layer("norm", "BatchNorm", new int[] {8, 8, 4}, new int[] {8, 8, 4}, List.of(
        new TensorView("norm.gamma", parameters, NORM_GAMMA, 4),
        new TensorView("norm.beta", parameters, NORM_BETA, 4)), List.of(
        new TensorView("norm.moving_mean", state, NORM_MOVING_MEAN, 4),
        new TensorView("norm.moving_variance", state, NORM_MOVING_VARIANCE, 4)));
    this.conv2 = new Layer("conv2", "Conv2D", new int[] {8, 8, 4}, new int[] {8, 8, 4}, List.of(
        new TensorView("conv2.kernel", parameters, CONV2_KERNEL, 3, 3, 4, 4),
        new TensorView("conv2.bias", parameters, CONV2_BIAS, 4)));
    this.sum = new Layer("sum", "Add", new int[] {8, 8, 4}, new int[] {8, 8, 4}, List.of());
    this.out1 = new Layer("out1", "Activate", new int[] {8, 8, 4}, new int[] {8, 8, 4}, List.of());
    this.gap = new Layer("gap", "GlobalAvgPool2D", new int[] {8, 8, 4}, new int[] {4}, List.of());
    this.output = new Layer("output", "Dense", new int[] {4}, new int[] {10}, List.of(
        new TensorView("output.kernel", parameters, OUTPUT_KERNEL, 4, 10),
        new TensorView("output.bias", parameters, OUTPUT_BIAS, 10)));
    this.layers = List.of(image, stem, conv1, norm, conv2, sum, out1, gap, output);
  }

  @Override
  public String name() {
    return "Residual";
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
  public float[] state() {
    return state;
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
  public static CompiledResidual load(Path file) throws IOException {
    CompiledResidual model = new CompiledResidual(0L);
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
     * stem's outputs, [capacity][8×8×4].
     */
    private final float[] stem;

    /**
     * The loss gradient with respect to stem's outputs, then its pre-activations;
     * [capacity][8×8×4].
     */
    private final float[] stemGrad;

    /**
     * conv1's outputs, [capacity][8×8×4].
     */
    private final float[] conv1;

    /**
     * The loss gradient with respect to conv1's outputs, then its pre-activations;
     * [capacity][8×8×4].
     */
    private final float[] conv1Grad;

    /**
     * conv1's input windows side by side, [capacity][64][36], then their gradient.
     */
    private final float[] conv1Patches;

    /**
     * norm's outputs, [capacity][4].
     */
    private final float[] norm;

    /**
     * The loss gradient with respect to norm's outputs; [capacity][4].
     */
    private final float[] normGrad;

    /**
     * norm's inputs normalised with the batch's statistics, for the backward pass.
     */
    private final float[] normNormalized;

    /**
     * norm's batch mean per feature.
     */
    private final float[] normMean;

    /**
     * norm's batch 1 / sqrt(variance + epsilon) per feature.
     */
    private final float[] normInvStd;

    /**
     * Scratch of norm's backward pass.
     */
    private final float[] normSums;

    /**
     * conv2's outputs, [capacity][8×8×4].
     */
    private final float[] conv2;

    /**
     * The loss gradient with respect to conv2's outputs, then its pre-activations;
     * [capacity][8×8×4].
     */
    private final float[] conv2Grad;

    /**
     * conv2's input windows side by side, [capacity][64][36], then their gradient.
     */
    private final float[] conv2Patches;

    /**
     * sum's outputs, [capacity][256].
     */
    private final float[] sum;

    /**
     * The loss gradient with respect to sum's outputs.
     */
    private final float[] sumGrad;

    /**
     * out1's outputs, relu of its input, [capacity][256].
     */
    private final float[] out1;

    /**
     * gap's outputs, [capacity][4].
     */
    private final float[] gap;

    /**
     * The loss gradient with respect to gap's outputs; [capacity][4].
     */
    private final float[] gapGrad;

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
     * Scratch for a kernel transposed to compute an input gradient: the largest, conv1's.
     */
    private final float[] transposed;

    /**
     * Scratch for a gradient that is added to one already written (a layer read by several
     * layers); as wide as stem's output.
     */
    private final float[] partialGrad;

    Pass(int capacity) {
      this.capacity = capacity;
      this.stem = new float[Checks.bufferSize(capacity, STEM_SIZE)];
      this.stemGrad = new float[Checks.bufferSize(capacity, STEM_SIZE)];
      this.conv1 = new float[Checks.bufferSize(capacity, CONV1_SIZE)];
      this.conv1Grad = new float[Checks.bufferSize(capacity, CONV1_SIZE)];
      this.conv1Patches = new float[Checks.bufferSize(capacity, CONV1_PIXELS * CONV1_DEPTH)];
      this.norm = new float[Checks.bufferSize(capacity, CONV1_SIZE)];
      this.normGrad = new float[Checks.bufferSize(capacity, CONV1_SIZE)];
      this.normNormalized = new float[Checks.bufferSize(capacity, CONV1_SIZE)];
      this.normMean = new float[NORM_FEATURES];
      this.normInvStd = new float[NORM_FEATURES];
      this.normSums = new float[2 * NORM_FEATURES];
      this.conv2 = new float[Checks.bufferSize(capacity, CONV2_SIZE)];
      this.conv2Grad = new float[Checks.bufferSize(capacity, CONV2_SIZE)];
      this.conv2Patches = new float[Checks.bufferSize(capacity, CONV2_PIXELS * CONV2_DEPTH)];
      this.sum = new float[Checks.bufferSize(capacity, CONV2_SIZE)];
      this.sumGrad = new float[Checks.bufferSize(capacity, CONV2_SIZE)];
      this.out1 = new float[Checks.bufferSize(capacity, CONV2_SIZE)];
      this.gap = new float[Checks.bufferSize(capacity, GAP_SIZE)];
      this.gapGrad = new float[Checks.bufferSize(capacity, GAP_SIZE)];
      this.output = new float[Checks.bufferSize(capacity, OUTPUT_SIZE)];
      this.outputGrad = new float[Checks.bufferSize(capacity, OUTPUT_SIZE)];
      this.transposed = new float[CONV1_DEPTH * CONV1_FILTERS];
      this.partialGrad = new float[Checks.bufferSize(capacity, STEM_SIZE)];
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
      stemForward(inputs, inputOffset, count);
      conv1Infer(stem, 0, count);
      normForward(conv1, 0, count);
      conv2Infer(norm, 0, count);
      // sum = conv2 + stem
      Merges.add(conv2, 0, stem, 0, sum, 0, count * CONV2_SIZE);
      // out1 = relu(sum)
      System.arraycopy(sum, 0, out1, 0, count * CONV2_SIZE);
      K.relu(out1, 0, count * CONV2_SIZE);
      gapForward(out1, 0, count);
      outputForward(gap, 0, count);
      K.softmax(output, 0, count, OUTPUT_SIZE);
      System.arraycopy(output, 0, outputs, outputOffset, count * OUTPUT_SIZE);
    }

    @Override
    public double evaluate(float[] inputs, int inputOffset, float[] targets, int targetOffset,
        int count) {
      Checks.batch(count, capacity);
      Checks.samples("inputs", inputs, inputOffset, count, INPUT_SIZE);
      Checks.samples("targets", targets, targetOffset, count, TARGET_SIZE);
      stemForward(inputs, inputOffset, count);
      conv1Infer(stem, 0, count);
      normForward(conv1, 0, count);
      conv2Infer(norm, 0, count);
      // sum = conv2 + stem
      Merges.add(conv2, 0, stem, 0, sum, 0, count * CONV2_SIZE);
      // out1 = relu(sum)
      System.arraycopy(sum, 0, out1, 0, count * CONV2_SIZE);
      K.relu(out1, 0, count * CONV2_SIZE);
      gapForward(out1, 0, count);
      outputForward(gap, 0, count);
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
      stemForward(inputs, inputOffset, count);
      conv1Forward(stem, 0, count);
      normForwardTraining(conv1, 0, count, firstSample == 0);
      conv2Forward(norm, 0, count);
      // sum = conv2 + stem
      Merges.add(conv2, 0, stem, 0, sum, 0, count * CONV2_SIZE);
      // out1 = relu(sum)
      System.arraycopy(sum, 0, out1, 0, count * CONV2_SIZE);
      K.relu(out1, 0, count * CONV2_SIZE);
      gapForward(out1, 0, count);
      outputForward(gap, 0, count);
      double loss = Losses.sparseSoftmaxCrossEntropy(output, count, OUTPUT_SIZE, targets,
          targetOffset, weights, weightOffset, outputGrad, scale);
      outputBackward(gap, 0, count, gradients);
      gapBackward(count);
      // out1 backward
      K.reluBackward(out1, 0, sumGrad, 0, count * CONV2_SIZE);
      // sum backward: its gradient is each input's
      System.arraycopy(sumGrad, 0, conv2Grad, 0, count * CONV2_SIZE);
      System.arraycopy(sumGrad, 0, stemGrad, 0, count * CONV2_SIZE);
      conv2Backward(norm, 0, count, gradients);
      normBackward(count, gradients);
      conv1Backward(stem, 0, count, gradients);
      // conv1's part of stem's gradient, added to the parts of the layers after it
      K.add(stemGrad, partialGrad, 0, count * STEM_SIZE);
      stemBackward(inputs, inputOffset, count, gradients);
      return loss;
    }

    /**
     * stem (Conv2D 8×8×1 → 8×8×4, 3×3 kernel, strides 1×1, same padding, relu):
     * {@code stem[n][8×8×4] = relu(windows[n·64][9] · kernel[9][4] + bias[4])},
     * each window read in place; the backward pass reads them again rather than a copy.
     */
    private void stemForward(float[] in, int inOffset, int n) {
      Convolutions.convolve(STEM_WINDOW, in, inOffset, n, parameters, STEM_KERNEL,
          parameters, STEM_BIAS, true, STEM_FILTERS, stem, 0);
    }

    /**
     * stem backward: {@code stemGrad} holds the loss gradient with respect to the outputs;
     * times relu′ it becomes the gradient with respect to the pre-activations.
     * Then {@code kernel gradient = windowsᵀ · stemGrad},
     * {@code bias gradient = Σ rows of stemGrad}.
     */
    private void stemBackward(float[] in, int inOffset, int n, float[] gradients) {
      K.reluBackward(stem, 0, stemGrad, 0, n * STEM_SIZE);
      Convolutions.kernelGradient(STEM_WINDOW, in, inOffset, n, stemGrad, STEM_FILTERS, gradients,
          STEM_KERNEL);
      K.columnSums(stemGrad, 0, n * STEM_PIXELS, STEM_FILTERS, gradients, STEM_BIAS);
    }

    /**
     * conv1 (Conv2D 8×8×4 → 8×8×4, 3×3 kernel, strides 1×1, same padding, linear):
     * {@code conv1[n][8×8×4] = linear(windows[n·64][36] · kernel[36][4] + bias[4])}.
     */
    private void conv1Forward(float[] in, int inOffset, int n) {
      Convolutions.im2col(CONV1_WINDOW, in, inOffset, n, conv1Patches);
      K.matmul(conv1Patches, 0, parameters, CONV1_KERNEL, parameters, CONV1_BIAS, conv1, 0,
          n * CONV1_PIXELS, CONV1_DEPTH, CONV1_FILTERS);
    }

    /**
     * conv1 backward: {@code conv1Grad} holds the loss gradient with respect to the outputs;
     * times linear′ it becomes the gradient with respect to the pre-activations.
     * Then {@code kernel gradient = windowsᵀ · conv1Grad},
     * {@code bias gradient = Σ rows of conv1Grad}
     * and {@code partialGrad} = conv1Grad · kernelᵀ, added back into the input's pixels.
     */
    private void conv1Backward(float[] in, int inOffset, int n, float[] gradients) {
      K.matmulTransA(conv1Patches, 0, conv1Grad, 0, gradients, CONV1_KERNEL, n * CONV1_PIXELS,
          CONV1_DEPTH, CONV1_FILTERS);
      K.columnSums(conv1Grad, 0, n * CONV1_PIXELS, CONV1_FILTERS, gradients, CONV1_BIAS);
      K.matmulTransB(conv1Grad, 0, parameters, CONV1_KERNEL, conv1Patches, 0, n * CONV1_PIXELS,
          CONV1_FILTERS, CONV1_DEPTH, transposed);
      Convolutions.col2im(CONV1_WINDOW, conv1Patches, n, partialGrad);
    }

    /**
     * conv1's forward pass for prediction: the values of {@link #conv1Forward},
     * with each window read in place rather than copied out, as no backward pass
     * needs the copy.
     */
    private void conv1Infer(float[] in, int inOffset, int n) {
      Convolutions.convolve(CONV1_WINDOW, in, inOffset, n, parameters, CONV1_KERNEL,
          parameters, CONV1_BIAS, false, CONV1_FILTERS, conv1, 0);
    }

    /**
     * norm (BatchNorm of 4, relu), training: normalises with the batch's mean and variance
     * per feature, scales by gamma, shifts by beta; moves the moving averages (momentum 0.99)
     * when {@code updateMovingAverages}.
     */
    private void normForwardTraining(float[] in, int inOffset, int n,
        boolean updateMovingAverages) {
      BatchNorms.forwardTraining(in, inOffset, n * NORM_PIXELS, NORM_FEATURES, parameters,
          NORM_GAMMA, NORM_BETA, 0.001f, normMean, normInvStd, normNormalized, norm,
          updateMovingAverages ? state : null, NORM_MOVING_MEAN, NORM_MOVING_VARIANCE, 0.99f);
      K.relu(norm, 0, n * CONV1_SIZE);
    }

    /**
     * norm (BatchNorm of 4, relu), inference:
     * {@code norm = gamma · (in - moving_mean) / sqrt(moving_variance + 0.001) + beta}.
     */
    private void normForward(float[] in, int inOffset, int n) {
      BatchNorms.forwardInference(in, inOffset, n * NORM_PIXELS, NORM_FEATURES, parameters,
          NORM_GAMMA, NORM_BETA, state, NORM_MOVING_MEAN, NORM_MOVING_VARIANCE, 0.001f, norm);
      K.relu(norm, 0, n * CONV1_SIZE);
    }

    /**
     * norm backward: the gamma and beta gradients and {@code conv1Grad}, the input gradient.
     */
    private void normBackward(int n, float[] gradients) {
      K.reluBackward(norm, 0, normGrad, 0, n * CONV1_SIZE);
      BatchNorms.backward(normGrad, n * NORM_PIXELS, NORM_FEATURES, normNormalized, normInvStd,
          parameters, NORM_GAMMA, gradients, NORM_GAMMA, NORM_BETA, conv1Grad, 0, normSums);
    }

    /**
     * conv2 (Conv2D 8×8×4 → 8×8×4, 3×3 kernel, strides 1×1, same padding, linear):
     * {@code conv2[n][8×8×4] = linear(windows[n·64][36] · kernel[36][4] + bias[4])}.
     */
    private void conv2Forward(float[] in, int inOffset, int n) {
      Convolutions.im2col(CONV2_WINDOW, in, inOffset, n, conv2Patches);
      K.matmul(conv2Patches, 0, parameters, CONV2_KERNEL, parameters, CONV2_BIAS, conv2, 0,
          n * CONV2_PIXELS, CONV2_DEPTH, CONV2_FILTERS);
    }

    /**
     * conv2 backward: {@code conv2Grad} holds the loss gradient with respect to the outputs;
     * times linear′ it becomes the gradient with respect to the pre-activations.
     * Then {@code kernel gradient = windowsᵀ · conv2Grad},
     * {@code bias gradient = Σ rows of conv2Grad}
     * and {@code normGrad} = conv2Grad · kernelᵀ, added back into the input's pixels.
     */
    private void conv2Backward(float[] in, int inOffset, int n, float[] gradients) {
      K.matmulTransA(conv2Patches, 0, conv2Grad, 0, gradients, CONV2_KERNEL, n * CONV2_PIXELS,
          CONV2_DEPTH, CONV2_FILTERS);
      K.columnSums(conv2Grad, 0, n * CONV2_PIXELS, CONV2_FILTERS, gradients, CONV2_BIAS);
      K.matmulTransB(conv2Grad, 0, parameters, CONV2_KERNEL, conv2Patches, 0, n * CONV2_PIXELS,
          CONV2_FILTERS, CONV2_DEPTH, transposed);
      Convolutions.col2im(CONV2_WINDOW, conv2Patches, n, normGrad);
    }

    /**
     * conv2's forward pass for prediction: the values of {@link #conv2Forward},
     * with each window read in place rather than copied out, as no backward pass
     * needs the copy.
     */
    private void conv2Infer(float[] in, int inOffset, int n) {
      Convolutions.convolve(CONV2_WINDOW, in, inOffset, n, parameters, CONV2_KERNEL,
          parameters, CONV2_BIAS, false, CONV2_FILTERS, conv2, 0);
    }

    /**
     * gap (GlobalAvgPool2D 8×8×4 → 4): each channel's mean over 64 pixels.
     */
    private void gapForward(float[] in, int inOffset, int n) {
      Pooling.globalAverage(64, GAP_SIZE, in, inOffset, n, gap);
    }

    /**
     * gap backward: each pixel's gradient is its channel's over 64.
     */
    private void gapBackward(int n) {
      Pooling.globalAverageBackward(64, GAP_SIZE, gapGrad, n, sumGrad);
    }

    /**
     * output (Dense 4 → 10, softmax):
     * {@code output[n][10] = in[n][4] · kernel[4][10] + bias[10]}.
     * These are the logits: the loss applies softmax, and so does {@code predict}.
     */
    private void outputForward(float[] in, int inOffset, int n) {
      K.matmul(in, inOffset, parameters, OUTPUT_KERNEL, parameters, OUTPUT_BIAS, output, 0, n,
          GAP_SIZE, OUTPUT_SIZE);
    }

    /**
     * output backward: {@code outputGrad} holds the loss gradient with respect to the logits
     * (the fused loss wrote it).
     * Then {@code kernel gradient = inᵀ · outputGrad},
     * {@code bias gradient = Σ rows of outputGrad}
     * and {@code gapGrad = outputGrad · kernelᵀ}.
     */
    private void outputBackward(float[] in, int inOffset, int n, float[] gradients) {
      K.matmulTransA(in, inOffset, outputGrad, 0, gradients, OUTPUT_KERNEL, n, GAP_SIZE,
          OUTPUT_SIZE);
      K.columnSums(outputGrad, 0, n, OUTPUT_SIZE, gradients, OUTPUT_BIAS);
      K.matmulTransB(outputGrad, 0, parameters, OUTPUT_KERNEL, gapGrad, 0, n, OUTPUT_SIZE, GAP_SIZE,
          transposed);
    }
  }
}
