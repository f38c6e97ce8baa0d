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
import org.dendrite.runtime.support.Initializers;
import org.dendrite.runtime.support.Seeds;

/**
 * {@code BatchNorm} compiled by Dendrite: 20 → 32 linear → 3 softmax,
 * loss categorical_crossentropy; 803 parameters.
 *
 * <pre>
 * Model: "BatchNorm"
 * _________________________________________________________________
 *  Layer (type)                Output Shape              Param #
 * =================================================================
 *  x (Input)                   (None, 20)                0
 *  hidden (Dense)              (None, 32)                640
 *  norm (BatchNorm)            (None, 32)                128
 *  output (Dense)              (None, 3)                 99
 * =================================================================
 * Total params: 867 (3.39 KB)
 * Trainable params: 803 (3.14 KB)
 * Non-trainable params: 64 (256.00 B)
 * Forward FLOPs per sample: 1,472
 * _________________________________________________________________
 * </pre>
 *
 * <p>Generated code: do not edit. Every size is a constant; the passes call the runtime's
 * SIMD kernels.
 */
@Generated("org.dendrite.compiler.nn.NnCompiler")
public final class CompiledBatchNorm implements Model {
  /**
   * Values per input sample (20).
   */
  public static final int INPUT_SIZE = 20;

  /**
   * Values per output sample.
   */
  public static final int OUTPUT_SIZE = 3;

  /**
   * Values per training target: one per output.
   */
  public static final int TARGET_SIZE = 3;

  /**
   * Trainable parameters: the length of {@link #parameters()}.
   */
  public static final int PARAMETER_COUNT = 803;

  /**
   * FLOPs of one sample's forward pass, two per multiply-add.
   */
  public static final long FORWARD_FLOPS = 1472L;

  /**
   * Bytes of the parameters as floats.
   */
  public static final long PARAMETER_BYTES = 3212L;

  /**
   * Offset of {@code hidden.kernel}, [20][32], in {@link #parameters()}.
   */
  public static final int HIDDEN_KERNEL = 0;

  /**
   * Offset of {@code norm.gamma}, [32], in {@link #parameters()}.
   */
  public static final int NORM_GAMMA = 640;

  /**
   * Offset of {@code norm.beta}, [32], in {@link #parameters()}.
   */
  public static final int NORM_BETA = 672;

  /**
   * Offset of {@code output.kernel}, [32][3], in {@link #parameters()}.
   */
  public static final int OUTPUT_KERNEL = 704;

  /**
   * Offset of {@code output.bias}, [3], in {@link #parameters()}.
   */
  public static final int OUTPUT_BIAS = 800;

  /**
   * Offset of {@code norm.moving_mean}, [32], in {@link #state()}.
   */
  public static final int NORM_MOVING_MEAN = 0;

  /**
   * Offset of {@code norm.moving_variance}, [32], in {@link #state()}.
   */
  public static final int NORM_MOVING_VARIANCE = 32;

  /**
   * Non-trainable values: the length of {@link #state()}.
   */
  public static final int STATE_COUNT = 64;

  /**
   * What decides whether weights fit this network; weight files carry its hash.
   */
  public static final String ARCHITECTURE = "network BatchNorm\n"
      + "input x 20\n"
      + "dense hidden 20->32 linear no-bias\n"
      + "batchnorm norm 32 relu epsilon=0.001\n"
      + "dense output 32->3 softmax bias";

  /**
   * The summary table {@link #summary()} returns.
   */
  public static final String SUMMARY = "Model: \"BatchNorm\"\n"
      + "_________________________________________________________________\n"
      + " Layer (type)                Output Shape              Param #\n"
      + "=================================================================\n"
      + " x (Input)                   (None, 20)                0\n"
      + " hidden (Dense)              (None, 32)                640\n"
      + " norm (BatchNorm)            (None, 32)                128\n"
      + " output (Dense)              (None, 3)                 99\n"
      + "=================================================================\n"
      + "Total params: 867 (3.39 KB)\n"
      + "Trainable params: 803 (3.14 KB)\n"
      + "Non-trainable params: 64 (256.00 B)\n"
      + "Forward FLOPs per sample: 1,472\n"
      + "_________________________________________________________________\n";

  /**
   * Values per sample of {@code hidden}'s output (32).
   */
  private static final int HIDDEN_SIZE = 32;

  /**
   * The kernels, Vector API or scalar, chosen once per JVM.
   */
  private static final Kernels K = Kernels.get();

  /**
   * The Input layer {@code x}.
   */
  public final Layer x;

  /**
   * The Dense layer {@code hidden}.
   */
  public final Layer hidden;

  /**
   * The BatchNorm layer {@code norm}.
   */
  public final Layer norm;

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
  public CompiledBatchNorm() {
    this(Seeds.random());
  }

  /**
   * A model whose weights are drawn from {@code seed}: the same seed gives the same weights.
   */
  public CompiledBatchNorm(long seed) {
    this.seed = seed;
    Initializers.glorotUniform(parameters, HIDDEN_KERNEL, INPUT_SIZE, HIDDEN_SIZE,
        Seeds.mix(seed, 1));
    Arrays.fill(parameters, NORM_GAMMA, NORM_GAMMA + HIDDEN_SIZE, 1f);
    Arrays.fill(state, NORM_MOVING_VARIANCE, NORM_MOVING_VARIANCE + HIDDEN_SIZE, 1f);
    Initializers.glorotUniform(parameters, OUTPUT_KERNEL, HIDDEN_SIZE, OUTPUT_SIZE,
        Seeds.mix(seed, 3));
    this.x = new Layer("x", "Input", new int[] {20}, new int[] {20}, List.of());
    this.hidden = new Layer("hidden", "Dense", new int[] {20}, new int[] {32}, List.of(
        new TensorView("hidden.kernel", parameters, HIDDEN_KERNEL, 20, 32)));
    this.norm = new Layer("norm", "BatchNorm", new int[] {32}, new int[] {32}, List.of(
        new TensorView("norm.gamma", parameters, NORM_GAMMA, 32),
        new TensorView("norm.beta", parameters, NORM_BETA, 32)), List.of(
        new TensorView("norm.moving_mean", state, NORM_MOVING_MEAN, 32),
        new TensorView("norm.moving_variance", state, NORM_MOVING_VARIANCE, 32)));
    this.output = new Layer("output", "Dense", new int[] {32}, new int[] {3}, List.of(
        new TensorView("output.kernel", parameters, OUTPUT_KERNEL, 32, 3),
        new TensorView("output.bias", parameters, OUTPUT_BIAS, 3)));
    this.layers = List.of(x, hidden, norm, output);
  }

  @Override
  public String name() {
    return "BatchNorm";
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
  public static CompiledBatchNorm load(Path file) throws IOException {
    CompiledBatchNorm model = new CompiledBatchNorm(0L);
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
     * hidden's outputs, [capacity][32].
     */
    private final float[] hidden;

    /**
     * The loss gradient with respect to hidden's outputs, then its pre-activations;
     * [capacity][32].
     */
    private final float[] hiddenGrad;

    /**
     * norm's outputs, [capacity][32].
     */
    private final float[] norm;

    /**
     * The loss gradient with respect to norm's outputs; [capacity][32].
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
     * output's outputs, [capacity][3].
     */
    private final float[] output;

    /**
     * The loss gradient with respect to output's outputs, then its pre-activations;
     * [capacity][3].
     */
    private final float[] outputGrad;

    /**
     * hidden's kernel, whose products and gradient {@code train} may leave to the caller.
     */
    private final BatchPass.DeferredKernel deferredKernel;

    /**
     * Scratch for a kernel transposed to compute an input gradient: the largest, output's.
     */
    private final float[] transposed;

    Pass(int capacity) {
      this.capacity = capacity;
      this.hidden = new float[Checks.bufferSize(capacity, HIDDEN_SIZE)];
      this.hiddenGrad = new float[Checks.bufferSize(capacity, HIDDEN_SIZE)];
      this.norm = new float[Checks.bufferSize(capacity, HIDDEN_SIZE)];
      this.normGrad = new float[Checks.bufferSize(capacity, HIDDEN_SIZE)];
      this.normNormalized = new float[Checks.bufferSize(capacity, HIDDEN_SIZE)];
      this.normMean = new float[HIDDEN_SIZE];
      this.normInvStd = new float[HIDDEN_SIZE];
      this.normSums = new float[2 * HIDDEN_SIZE];
      this.output = new float[Checks.bufferSize(capacity, OUTPUT_SIZE)];
      this.outputGrad = new float[Checks.bufferSize(capacity, OUTPUT_SIZE)];
      this.deferredKernel = new BatchPass.DeferredKernel(HIDDEN_KERNEL, INPUT_SIZE, HIDDEN_SIZE);
      this.transposed = new float[HIDDEN_SIZE * OUTPUT_SIZE];
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
      hiddenForward(inputs, inputOffset, count);
      normForward(hidden, 0, count);
      outputForward(norm, 0, count);
      K.softmax(output, 0, count, OUTPUT_SIZE);
      System.arraycopy(output, 0, outputs, outputOffset, count * OUTPUT_SIZE);
    }

    @Override
    public void predictDeferred(float[] products, int productsOffset, float[] outputs,
        int outputOffset, int count) {
      Checks.batch(count, capacity);
      Checks.samples("products", products, productsOffset, count, HIDDEN_SIZE);
      Checks.samples("outputs", outputs, outputOffset, count, OUTPUT_SIZE);
      hiddenFromProducts(products, productsOffset, count);
      normForward(hidden, 0, count);
      outputForward(norm, 0, count);
      K.softmax(output, 0, count, OUTPUT_SIZE);
      System.arraycopy(output, 0, outputs, outputOffset, count * OUTPUT_SIZE);
    }

    @Override
    public double evaluate(float[] inputs, int inputOffset, float[] targets, int targetOffset,
        int count) {
      Checks.batch(count, capacity);
      Checks.samples("inputs", inputs, inputOffset, count, INPUT_SIZE);
      Checks.samples("targets", targets, targetOffset, count, TARGET_SIZE);
      hiddenForward(inputs, inputOffset, count);
      normForward(hidden, 0, count);
      outputForward(norm, 0, count);
      return Losses.softmaxCrossEntropy(output, count, OUTPUT_SIZE, targets, targetOffset,
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
      float[] products = share.products();
      int productsOffset = share.productsOffset();
      float[] deferred = share.deferred();
      int deferredOffset = share.deferredOffset();
      Checks.batch(count, capacity);
      Checks.samples("inputs", inputs, inputOffset, count, INPUT_SIZE);
      Checks.samples("targets", targets, targetOffset, count, TARGET_SIZE);
      Checks.gradients(gradients, PARAMETER_COUNT);
      if (weights != null) {
        Checks.samples("weights", weights, weightOffset, count, 1);
      }
      if (products != null) {
        Checks.samples("products", products, productsOffset, count, HIDDEN_SIZE);
        Checks.samples("deferred", deferred, deferredOffset, count, HIDDEN_SIZE);
      }
      if (products == null) {
        hiddenForward(inputs, inputOffset, count);
      } else {
        hiddenFromProducts(products, productsOffset, count);
      }
      normForwardTraining(hidden, 0, count, firstSample == 0);
      outputForward(norm, 0, count);
      double loss = Losses.softmaxCrossEntropy(output, count, OUTPUT_SIZE, targets, targetOffset,
          weights, weightOffset, outputGrad, scale);
      outputBackward(norm, 0, count, gradients);
      normBackward(count, gradients);
      hiddenBackward(inputs, inputOffset, count, gradients, deferred, deferredOffset);
      return loss;
    }

    @Override
    public BatchPass.DeferredKernel deferredKernel() {
      return deferredKernel;
    }

    /**
     * hidden (Dense 20 → 32, linear):
     * {@code hidden[n][32] = in[n][20] · kernel[20][32]}.
     */
    private void hiddenForward(float[] in, int inOffset, int n) {
      K.matmul(in, inOffset, parameters, HIDDEN_KERNEL, null, 0, hidden, 0, n, INPUT_SIZE,
          HIDDEN_SIZE);
    }

    /**
     * hidden from {@code products = in · kernel}, computed by the caller for n rows:
     * copies them, as {@code hiddenForward} does after its product.
     */
    private void hiddenFromProducts(float[] products, int productsOffset, int n) {
      System.arraycopy(products, productsOffset, hidden, 0, n * HIDDEN_SIZE);
    }

    /**
     * hidden backward: {@code hiddenGrad} holds the loss gradient with respect to the outputs;
     * times linear′ it becomes the gradient with respect to the pre-activations.
     * Then {@code kernel gradient = inᵀ · hiddenGrad}
     * (or, given {@code deferred}, {@code hiddenGrad} is copied there and the caller computes
     * the kernel gradient over the whole batch);
     * no layer before it has parameters, so no input gradient.
     */
    private void hiddenBackward(float[] in, int inOffset, int n, float[] gradients,
        float[] deferred, int deferredOffset) {
      if (deferred == null) {
        K.matmulTransA(in, inOffset, hiddenGrad, 0, gradients, HIDDEN_KERNEL, n, INPUT_SIZE,
            HIDDEN_SIZE);
      } else {
        System.arraycopy(hiddenGrad, 0, deferred, deferredOffset, n * HIDDEN_SIZE);
      }
    }

    /**
     * norm (BatchNorm of 32, relu), training: normalises with the batch's mean and variance
     * per feature, scales by gamma, shifts by beta; moves the moving averages (momentum 0.9)
     * when {@code updateMovingAverages}.
     */
    private void normForwardTraining(float[] in, int inOffset, int n,
        boolean updateMovingAverages) {
      BatchNorms.forwardTraining(in, inOffset, n, HIDDEN_SIZE, parameters, NORM_GAMMA, NORM_BETA,
          0.001f, normMean, normInvStd, normNormalized, norm, updateMovingAverages ? state : null,
          NORM_MOVING_MEAN, NORM_MOVING_VARIANCE, 0.9f);
      K.relu(norm, 0, n * HIDDEN_SIZE);
    }

    /**
     * norm (BatchNorm of 32, relu), inference:
     * {@code norm = gamma · (in - moving_mean) / sqrt(moving_variance + 0.001) + beta}.
     */
    private void normForward(float[] in, int inOffset, int n) {
      BatchNorms.forwardInference(in, inOffset, n, HIDDEN_SIZE, parameters, NORM_GAMMA, NORM_BETA,
          state, NORM_MOVING_MEAN, NORM_MOVING_VARIANCE, 0.001f, norm);
      K.relu(norm, 0, n * HIDDEN_SIZE);
    }

    /**
     * norm backward: the gamma and beta gradients and {@code hiddenGrad}, the input gradient.
     */
    private void normBackward(int n, float[] gradients) {
      K.reluBackward(norm, 0, normGrad, 0, n * HIDDEN_SIZE);
      BatchNorms.backward(normGrad, n, HIDDEN_SIZE, normNormalized, normInvStd, parameters,
          NORM_GAMMA, gradients, NORM_GAMMA, NORM_BETA, hiddenGrad, 0, normSums);
    }

    /**
     * output (Dense 32 → 3, softmax):
     * {@code output[n][3] = in[n][32] · kernel[32][3] + bias[3]}.
     * These are the logits: the loss applies softmax, and so does {@code predict}.
     */
    private void outputForward(float[] in, int inOffset, int n) {
      K.matmul(in, inOffset, parameters, OUTPUT_KERNEL, parameters, OUTPUT_BIAS, output, 0, n,
          HIDDEN_SIZE, OUTPUT_SIZE);
    }

    /**
     * output backward: {@code outputGrad} holds the loss gradient with respect to the logits
     * (the fused loss wrote it).
     * Then {@code kernel gradient = inᵀ · outputGrad},
     * {@code bias gradient = Σ rows of outputGrad}
     * and {@code normGrad = outputGrad · kernelᵀ}.
     */
    private void outputBackward(float[] in, int inOffset, int n, float[] gradients) {
      K.matmulTransA(in, inOffset, outputGrad, 0, gradients, OUTPUT_KERNEL, n, HIDDEN_SIZE,
          OUTPUT_SIZE);
      K.columnSums(outputGrad, 0, n, OUTPUT_SIZE, gradients, OUTPUT_BIAS);
      K.matmulTransB(outputGrad, 0, parameters, OUTPUT_KERNEL, normGrad, 0, n, OUTPUT_SIZE,
          HIDDEN_SIZE, transposed);
    }
  }
}
