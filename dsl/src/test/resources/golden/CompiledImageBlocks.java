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
import org.dendrite.runtime.support.Pooling;
import org.dendrite.runtime.support.Seeds;
import org.dendrite.runtime.support.Window2D;

/**
 * {@code ImageBlocks} compiled by Dendrite: 432 → conv 6×6×8 leaky_relu → conv 6×6×4 linear → 5 softmax,
 * loss categorical_crossentropy; 293 parameters.
 *
 * <pre>
 * Model: "ImageBlocks"
 * _________________________________________________________________
 *  Layer (type)                Output Shape              Param #
 * =================================================================
 *  x (Input)                   (None, 12, 12, 3)         0
 *  c1 (Conv2D)                 (None, 6, 6, 8)           216
 *  bn (BatchNorm)              (None, 6, 6, 8)           32
 *  avg (AvgPool2D)             (None, 6, 6, 8)           0
 *  c2 (Conv2D)                 (None, 6, 6, 4)           36
 *  gap (GlobalAvgPool2D)       (None, 4)                 0
 *  out (Dense)                 (None, 5)                 25
 * =================================================================
 * Total params: 309 (1.21 KB)
 * Trainable params: 293 (1.14 KB)
 * Non-trainable params: 16 (64.00 B)
 * Forward FLOPs per sample: 17,896
 * _________________________________________________________________
 * </pre>
 *
 * <p>Generated code: do not edit. Every size is a constant; the passes call the runtime's
 * SIMD kernels.
 */
@Generated("org.dendrite.compiler.nn.NnCompiler")
public final class CompiledImageBlocks implements Model {
  /**
   * Values per input sample (12×12×3).
   */
  public static final int INPUT_SIZE = 432;

  /**
   * Values per output sample.
   */
  public static final int OUTPUT_SIZE = 5;

  /**
   * Values per training target: one per output.
   */
  public static final int TARGET_SIZE = 5;

  /**
   * Trainable parameters: the length of {@link #parameters()}.
   */
  public static final int PARAMETER_COUNT = 293;

  /**
   * FLOPs of one sample's forward pass, two per multiply-add.
   */
  public static final long FORWARD_FLOPS = 17_896L;

  /**
   * Bytes of the parameters as floats.
   */
  public static final long PARAMETER_BYTES = 1172L;

  /**
   * Offset of {@code c1.kernel}, [3][3][3][8], in {@link #parameters()}.
   */
  public static final int C1_KERNEL = 0;

  /**
   * Offset of {@code bn.gamma}, [8], in {@link #parameters()}.
   */
  public static final int BN_GAMMA = 216;

  /**
   * Offset of {@code bn.beta}, [8], in {@link #parameters()}.
   */
  public static final int BN_BETA = 224;

  /**
   * Offset of {@code c2.kernel}, [1][1][8][4], in {@link #parameters()}.
   */
  public static final int C2_KERNEL = 232;

  /**
   * Offset of {@code c2.bias}, [4], in {@link #parameters()}.
   */
  public static final int C2_BIAS = 264;

  /**
   * Offset of {@code out.kernel}, [4][5], in {@link #parameters()}.
   */
  public static final int OUT_KERNEL = 268;

  /**
   * Offset of {@code out.bias}, [5], in {@link #parameters()}.
   */
  public static final int OUT_BIAS = 288;

  /**
   * Offset of {@code bn.moving_mean}, [8], in {@link #state()}.
   */
  public static final int BN_MOVING_MEAN = 0;

  /**
   * Offset of {@code bn.moving_variance}, [8], in {@link #state()}.
   */
  public static final int BN_MOVING_VARIANCE = 8;

  /**
   * Non-trainable values: the length of {@link #state()}.
   */
  public static final int STATE_COUNT = 16;

  /**
   * What decides whether weights fit this network; weight files carry its hash.
   */
  public static final String ARCHITECTURE = "network ImageBlocks\n"
      + "input x 12x12x3\n"
      + "conv2d c1 12x12x3->6x6x8 3x3/2x2 same leaky_relu(0.1) no-bias\n"
      + "batchnorm bn 6x6x8 relu epsilon=0.001\n"
      + "avgpool2d avg 6x6x8->6x6x8 2x2/1x1 same\n"
      + "conv2d c2 6x6x8->6x6x4 1x1/1x1 valid linear bias\n"
      + "globalavgpool2d gap 6x6x4->4\n"
      + "dense out 4->5 softmax bias";

  /**
   * The summary table {@link #summary()} returns.
   */
  public static final String SUMMARY = "Model: \"ImageBlocks\"\n"
      + "_________________________________________________________________\n"
      + " Layer (type)                Output Shape              Param #\n"
      + "=================================================================\n"
      + " x (Input)                   (None, 12, 12, 3)         0\n"
      + " c1 (Conv2D)                 (None, 6, 6, 8)           216\n"
      + " bn (BatchNorm)              (None, 6, 6, 8)           32\n"
      + " avg (AvgPool2D)             (None, 6, 6, 8)           0\n"
      + " c2 (Conv2D)                 (None, 6, 6, 4)           36\n"
      + " gap (GlobalAvgPool2D)       (None, 4)                 0\n"
      + " out (Dense)                 (None, 5)                 25\n"
      + "=================================================================\n"
      + "Total params: 309 (1.21 KB)\n"
      + "Trainable params: 293 (1.14 KB)\n"
      + "Non-trainable params: 16 (64.00 B)\n"
      + "Forward FLOPs per sample: 17,896\n"
      + "_________________________________________________________________\n";

  /**
   * Values per sample of {@code c1}'s output (6×6×8).
   */
  private static final int C1_SIZE = 288;

  /**
   * Values per sample of {@code avg}'s output (6×6×8).
   */
  private static final int AVG_SIZE = 288;

  /**
   * Values per sample of {@code c2}'s output (6×6×4).
   */
  private static final int C2_SIZE = 144;

  /**
   * Values per sample of {@code gap}'s output (4).
   */
  private static final int GAP_SIZE = 4;

  /**
   * {@code c1}'s windows: 12×12×3 input, 3×3 kernel, strides 2×2, same padding.
   */
  private static final Window2D C1_WINDOW = new Window2D(12, 12, 3, 3, 3, 2, 2, 0, 0, 6, 6);

  /**
   * {@code c1}'s output pixels per image (6×6): rows of its product per image.
   */
  private static final int C1_PIXELS = 36;

  /**
   * Values of one of {@code c1}'s windows (3×3×3): its product's depth.
   */
  private static final int C1_DEPTH = 27;

  /**
   * {@code c1}'s filters: its output's channels.
   */
  private static final int C1_FILTERS = 8;

  /**
   * {@code bn}'s values per feature in one sample: rows of its statistics per sample.
   */
  private static final int BN_PIXELS = 36;

  /**
   * {@code bn}'s features: its input's channels.
   */
  private static final int BN_FEATURES = 8;

  /**
   * {@code avg}'s windows: 6×6×8 input, 2×2 pool, strides 1×1, same padding.
   */
  private static final Window2D AVG_WINDOW = new Window2D(6, 6, 8, 2, 2, 1, 1, 0, 0, 6, 6);

  /**
   * {@code c2}'s windows: 6×6×8 input, 1×1 kernel, strides 1×1, valid padding.
   */
  private static final Window2D C2_WINDOW = new Window2D(6, 6, 8, 1, 1, 1, 1, 0, 0, 6, 6);

  /**
   * {@code c2}'s output pixels per image (6×6): rows of its product per image.
   */
  private static final int C2_PIXELS = 36;

  /**
   * Values of one of {@code c2}'s windows (1×1×8): its product's depth.
   */
  private static final int C2_DEPTH = 8;

  /**
   * {@code c2}'s filters: its output's channels.
   */
  private static final int C2_FILTERS = 4;

  /**
   * The kernels, Vector API or scalar, chosen once per JVM.
   */
  private static final Kernels K = Kernels.get();

  /**
   * The Input layer {@code x}.
   */
  public final Layer x;

  /**
   * The Conv2D layer {@code c1}.
   */
  public final Layer c1;

  /**
   * The BatchNorm layer {@code bn}.
   */
  public final Layer bn;

  /**
   * The AvgPool2D layer {@code avg}.
   */
  public final Layer avg;

  /**
   * The Conv2D layer {@code c2}.
   */
  public final Layer c2;

  /**
   * The GlobalAvgPool2D layer {@code gap}.
   */
  public final Layer gap;

  /**
   * The Dense layer {@code out}.
   */
  public final Layer out;

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
  public CompiledImageBlocks() {
    this(Seeds.random());
  }

  /**
   * A model whose weights are drawn from {@code seed}: the same seed gives the same weights.
   */
  public CompiledImageBlocks(long seed) {
    this.seed = seed;
    Initializers.glorotUniform(parameters, C1_KERNEL, C1_DEPTH * C1_FILTERS, 27, 72,
        Seeds.mix(seed, 1));
    Arrays.fill(parameters, BN_GAMMA, BN_GAMMA + BN_FEATURES, 1f);
    Arrays.fill(state, BN_MOVING_VARIANCE, BN_MOVING_VARIANCE + BN_FEATURES, 1f);
    Initializers.glorotUniform(parameters, C2_KERNEL, C2_DEPTH * C2_FILTERS, 8, 4,
        Seeds.mix(seed, 4));
    Initializers.glorotUniform(parameters, OUT_KERNEL, GAP_SIZE, OUTPUT_SIZE, Seeds.mix(seed, 6));
    this.x = new Layer("x", "Input", new int[] {12, 12, 3}, new int[] {12, 12, 3}, List.of());
    this.c1 = new Layer("c1", "Conv2D", new int[] {12, 12, 3}, new int[] {6, 6, 8}, List.of(
        new TensorView("c1.kernel", parameters, C1_KERNEL, 3, 3, 3, 8)));
    this.bn = new Layer("bn", "BatchNorm", new int[] {6, 6, 8}, new int[] {6, 6, 8}, List.of(
        new TensorView("bn.gamma", parameters, BN_GAMMA, 8),
        new TensorView("bn.beta", parameters, BN_BETA, 8)), List.of(
        new TensorView("bn.moving_mean", state, BN_MOVING_MEAN, 8),
        new TensorView("bn.moving_variance", state, BN_MOVING_VARIANCE, 8)));
    this.avg = new Layer("avg", "AvgPool2D", new int[] {6, 6, 8}, new int[] {6, 6, 8}, List.of());
    this.c2 = new Layer("c2", "Conv2D", new int[] {6, 6, 8}, new int[] {6, 6, 4}, List.of(
        new TensorView("c2.kernel", parameters, C2_KERNEL, 1, 1, 8, 4),
        new TensorView("c2.bias", parameters, C2_BIAS, 4)));
    this.gap = new Layer("gap", "GlobalAvgPool2D", new int[] {6, 6, 4}, new int[] {4}, List.of());
    this.out = new Layer("out", "Dense", new int[] {4}, new int[] {5}, List.of(
        new TensorView("out.kernel", parameters, OUT_KERNEL, 4, 5),
        new TensorView("out.bias", parameters, OUT_BIAS, 5)));
    this.layers = List.of(x, c1, bn, avg, c2, gap, out);
  }

  @Override
  public String name() {
    return "ImageBlocks";
  }

  @Override
  public Loss loss() {
    return Loss.CATEGORICAL_CROSSENTROPY;
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
  public static CompiledImageBlocks load(Path file) throws IOException {
    CompiledImageBlocks model = new CompiledImageBlocks(0L);
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
     * c1's outputs, [capacity][6×6×8].
     */
    private final float[] c1;

    /**
     * The loss gradient with respect to c1's outputs, then its pre-activations;
     * [capacity][6×6×8].
     */
    private final float[] c1Grad;

    /**
     * bn's outputs, [capacity][8].
     */
    private final float[] bn;

    /**
     * The loss gradient with respect to bn's outputs; [capacity][8].
     */
    private final float[] bnGrad;

    /**
     * bn's inputs normalised with the batch's statistics, for the backward pass.
     */
    private final float[] bnNormalized;

    /**
     * bn's batch mean per feature.
     */
    private final float[] bnMean;

    /**
     * bn's batch 1 / sqrt(variance + epsilon) per feature.
     */
    private final float[] bnInvStd;

    /**
     * Scratch of bn's backward pass.
     */
    private final float[] bnSums;

    /**
     * avg's outputs, [capacity][6×6×8].
     */
    private final float[] avg;

    /**
     * The loss gradient with respect to avg's outputs; [capacity][6×6×8].
     */
    private final float[] avgGrad;

    /**
     * c2's outputs, [capacity][6×6×4].
     */
    private final float[] c2;

    /**
     * The loss gradient with respect to c2's outputs, then its pre-activations;
     * [capacity][6×6×4].
     */
    private final float[] c2Grad;

    /**
     * gap's outputs, [capacity][4].
     */
    private final float[] gap;

    /**
     * The loss gradient with respect to gap's outputs; [capacity][4].
     */
    private final float[] gapGrad;

    /**
     * out's outputs, [capacity][5].
     */
    private final float[] out;

    /**
     * The loss gradient with respect to out's outputs, then its pre-activations;
     * [capacity][5].
     */
    private final float[] outGrad;

    /**
     * Scratch for a kernel transposed to compute an input gradient: the largest, c2's.
     */
    private final float[] transposed;

    Pass(int capacity) {
      this.capacity = capacity;
      this.c1 = new float[Checks.bufferSize(capacity, C1_SIZE)];
      this.c1Grad = new float[Checks.bufferSize(capacity, C1_SIZE)];
      this.bn = new float[Checks.bufferSize(capacity, C1_SIZE)];
      this.bnGrad = new float[Checks.bufferSize(capacity, C1_SIZE)];
      this.bnNormalized = new float[Checks.bufferSize(capacity, C1_SIZE)];
      this.bnMean = new float[BN_FEATURES];
      this.bnInvStd = new float[BN_FEATURES];
      this.bnSums = new float[2 * BN_FEATURES];
      this.avg = new float[Checks.bufferSize(capacity, AVG_SIZE)];
      this.avgGrad = new float[Checks.bufferSize(capacity, AVG_SIZE)];
      this.c2 = new float[Checks.bufferSize(capacity, C2_SIZE)];
      this.c2Grad = new float[Checks.bufferSize(capacity, C2_SIZE)];
      this.gap = new float[Checks.bufferSize(capacity, GAP_SIZE)];
      this.gapGrad = new float[Checks.bufferSize(capacity, GAP_SIZE)];
      this.out = new float[Checks.bufferSize(capacity, OUTPUT_SIZE)];
      this.outGrad = new float[Checks.bufferSize(capacity, OUTPUT_SIZE)];
      this.transposed = new float[C2_DEPTH * C2_FILTERS];
    }

    @Override
    public int capacity() {
      return capacity;
    }

    @Override
    public float[] outputs() {
      return out;
    }

    @Override
    public void predict(float[] inputs, int inputOffset, float[] outputs, int outputOffset,
        int count) {
      Checks.batch(count, capacity);
      Checks.samples("inputs", inputs, inputOffset, count, INPUT_SIZE);
      Checks.samples("outputs", outputs, outputOffset, count, OUTPUT_SIZE);
      c1Forward(inputs, inputOffset, count);
      bnForward(c1, 0, count);
      avgForward(bn, 0, count);
      c2Forward(avg, 0, count);
      gapForward(c2, 0, count);
      outForward(gap, 0, count);
      K.softmax(out, 0, count, OUTPUT_SIZE);
      System.arraycopy(out, 0, outputs, outputOffset, count * OUTPUT_SIZE);
    }

    @Override
    public double evaluate(float[] inputs, int inputOffset, float[] targets, int targetOffset,
        int count) {
      Checks.batch(count, capacity);
      Checks.samples("inputs", inputs, inputOffset, count, INPUT_SIZE);
      Checks.samples("targets", targets, targetOffset, count, TARGET_SIZE);
      c1Forward(inputs, inputOffset, count);
      bnForward(c1, 0, count);
      avgForward(bn, 0, count);
      c2Forward(avg, 0, count);
      gapForward(c2, 0, count);
      outForward(gap, 0, count);
      double loss = Losses.softmaxCrossEntropy(out, count, OUTPUT_SIZE, targets, targetOffset,
          null, 0, null, 0f);
      // The kernels' penalties, per sample, as Keras' evaluate reports them.
      loss += count * K.l1l2(parameters, C2_KERNEL, 32, 0f, 0.001f, null, 0);
      return loss;
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
      c1Forward(inputs, inputOffset, count);
      bnForwardTraining(c1, 0, count, firstSample == 0);
      avgForward(bn, 0, count);
      c2Forward(avg, 0, count);
      gapForward(c2, 0, count);
      outForward(gap, 0, count);
      double loss = Losses.softmaxCrossEntropy(out, count, OUTPUT_SIZE, targets, targetOffset,
          weights, weightOffset, outGrad, scale);
      outBackward(gap, 0, count, gradients);
      gapBackward(count);
      c2Backward(avg, 0, count, gradients);
      avgBackward(count);
      bnBackward(count, gradients);
      c1Backward(inputs, inputOffset, count, gradients);
      if (firstSample == 0) {
        // The kernels' L1/L2 penalties count once per step: the pass holding the step's
        // sample 0 adds their gradient, and their value divided by the gradient scale.
        loss += K.l1l2(parameters, C2_KERNEL, 32, 0f, 0.001f, gradients, C2_KERNEL) / scale;
      }
      return loss;
    }

    /**
     * c1 (Conv2D 12×12×3 → 6×6×8, 3×3 kernel, strides 2×2, same padding, leaky_relu):
     * {@code c1[n][6×6×8] = leaky_relu(windows[n·36][27] · kernel[27][8])},
     * each window read in place; the backward pass reads them again rather than a copy.
     */
    private void c1Forward(float[] in, int inOffset, int n) {
      Convolutions.convolve(C1_WINDOW, in, inOffset, n, parameters, C1_KERNEL, null, 0, false,
          C1_FILTERS, c1, 0);
      K.leakyRelu(c1, 0, n * C1_SIZE, 0.1f);
    }

    /**
     * c1 backward: {@code c1Grad} holds the loss gradient with respect to the outputs;
     * times leaky_relu′ it becomes the gradient with respect to the pre-activations.
     * Then {@code kernel gradient = windowsᵀ · c1Grad}.
     */
    private void c1Backward(float[] in, int inOffset, int n, float[] gradients) {
      K.leakyReluBackward(c1, 0, c1Grad, 0, n * C1_SIZE, 0.1f);
      Convolutions.kernelGradient(C1_WINDOW, in, inOffset, n, c1Grad, C1_FILTERS, gradients,
          C1_KERNEL);
    }

    /**
     * bn (BatchNorm of 8, relu), training: normalises with the batch's mean and variance
     * per feature, scales by gamma, shifts by beta; moves the moving averages (momentum 0.99)
     * when {@code updateMovingAverages}.
     */
    private void bnForwardTraining(float[] in, int inOffset, int n, boolean updateMovingAverages) {
      BatchNorms.forwardTraining(in, inOffset, n * BN_PIXELS, BN_FEATURES, parameters, BN_GAMMA,
          BN_BETA, 0.001f, bnMean, bnInvStd, bnNormalized, bn, updateMovingAverages ? state : null,
          BN_MOVING_MEAN, BN_MOVING_VARIANCE, 0.99f);
      K.relu(bn, 0, n * C1_SIZE);
    }

    /**
     * bn (BatchNorm of 8, relu), inference:
     * {@code bn = gamma · (in - moving_mean) / sqrt(moving_variance + 0.001) + beta}.
     */
    private void bnForward(float[] in, int inOffset, int n) {
      BatchNorms.forwardInference(in, inOffset, n * BN_PIXELS, BN_FEATURES, parameters, BN_GAMMA,
          BN_BETA, state, BN_MOVING_MEAN, BN_MOVING_VARIANCE, 0.001f, bn);
      K.relu(bn, 0, n * C1_SIZE);
    }

    /**
     * bn backward: the gamma and beta gradients and {@code c1Grad}, the input gradient.
     */
    private void bnBackward(int n, float[] gradients) {
      K.reluBackward(bn, 0, bnGrad, 0, n * C1_SIZE);
      BatchNorms.backward(bnGrad, n * BN_PIXELS, BN_FEATURES, bnNormalized, bnInvStd, parameters,
          BN_GAMMA, gradients, BN_GAMMA, BN_BETA, c1Grad, 0, bnSums);
    }

    /**
     * avg (AvgPool2D 6×6×8 → 6×6×8, 2×2 pool, strides 1×1, same padding).
     */
    private void avgForward(float[] in, int inOffset, int n) {
      Pooling.average(AVG_WINDOW, in, inOffset, n, avg);
    }

    /**
     * avg backward: {@code bnGrad}, the input gradient, from {@code avgGrad}.
     */
    private void avgBackward(int n) {
      Pooling.averageBackward(AVG_WINDOW, avgGrad, n, bnGrad);
    }

    /**
     * c2 (Conv2D 6×6×8 → 6×6×4, 1×1 kernel, strides 1×1, valid padding, linear):
     * {@code c2[n][6×6×4] = linear(windows[n·36][8] · kernel[8][4] + bias[4])}.
     */
    private void c2Forward(float[] in, int inOffset, int n) {
      K.matmul(in, inOffset, parameters, C2_KERNEL, parameters, C2_BIAS, c2, 0, n * C2_PIXELS,
          C2_DEPTH, C2_FILTERS);
    }

    /**
     * c2 backward: {@code c2Grad} holds the loss gradient with respect to the outputs;
     * times linear′ it becomes the gradient with respect to the pre-activations.
     * Then {@code kernel gradient = windowsᵀ · c2Grad},
     * {@code bias gradient = Σ rows of c2Grad}
     * and {@code avgGrad} = c2Grad · kernelᵀ, added back into the input's pixels.
     */
    private void c2Backward(float[] in, int inOffset, int n, float[] gradients) {
      K.matmulTransA(in, inOffset, c2Grad, 0, gradients, C2_KERNEL, n * C2_PIXELS, C2_DEPTH,
          C2_FILTERS);
      K.columnSums(c2Grad, 0, n * C2_PIXELS, C2_FILTERS, gradients, C2_BIAS);
      K.matmulTransB(c2Grad, 0, parameters, C2_KERNEL, avgGrad, 0, n * C2_PIXELS, C2_FILTERS,
          C2_DEPTH, transposed);
    }

    /**
     * gap (GlobalAvgPool2D 6×6×4 → 4): each channel's mean over 36 pixels.
     */
    private void gapForward(float[] in, int inOffset, int n) {
      Pooling.globalAverage(36, GAP_SIZE, in, inOffset, n, gap);
    }

    /**
     * gap backward: each pixel's gradient is its channel's over 36.
     */
    private void gapBackward(int n) {
      Pooling.globalAverageBackward(36, GAP_SIZE, gapGrad, n, c2Grad);
    }

    /**
     * out (Dense 4 → 5, softmax):
     * {@code out[n][5] = in[n][4] · kernel[4][5] + bias[5]}.
     * These are the logits: the loss applies softmax, and so does {@code predict}.
     */
    private void outForward(float[] in, int inOffset, int n) {
      K.matmul(in, inOffset, parameters, OUT_KERNEL, parameters, OUT_BIAS, out, 0, n, GAP_SIZE,
          OUTPUT_SIZE);
    }

    /**
     * out backward: {@code outGrad} holds the loss gradient with respect to the logits
     * (the fused loss wrote it).
     * Then {@code kernel gradient = inᵀ · outGrad},
     * {@code bias gradient = Σ rows of outGrad}
     * and {@code gapGrad = outGrad · kernelᵀ}.
     */
    private void outBackward(float[] in, int inOffset, int n, float[] gradients) {
      K.matmulTransA(in, inOffset, outGrad, 0, gradients, OUT_KERNEL, n, GAP_SIZE, OUTPUT_SIZE);
      K.columnSums(outGrad, 0, n, OUTPUT_SIZE, gradients, OUT_BIAS);
      K.matmulTransB(outGrad, 0, parameters, OUT_KERNEL, gapGrad, 0, n, OUTPUT_SIZE, GAP_SIZE,
          transposed);
    }
  }
}
