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
import org.dendrite.runtime.kernel.Kernels;
import org.dendrite.runtime.loss.Losses;
import org.dendrite.runtime.support.Checks;
import org.dendrite.runtime.support.Initializers;
import org.dendrite.runtime.support.Merges;
import org.dendrite.runtime.support.Seeds;

/**
 * {@code Heads} compiled by Dendrite: 6 → 8 relu → 3 linear → 3 linear,
 * loss sparse_categorical_crossentropy; 104 parameters.
 *
 * <pre>
 * Model: "Heads"
 * _____________________________________________________________________________
 *  Layer (type)                Output Shape              Param #   Connected to
 * =============================================================================
 *  x (Input)                   (None, 6)                 0
 *  deep (Dense)                (None, 8)                 56        x
 *  narrow (Dense)              (None, 3)                 27        deep
 *  wide (Dense)                (None, 3)                 21        x
 *  logits (Add)                (None, 3)                 0         narrow, wide
 *  probabilities (Activate)    (None, 3)                 0         logits
 * =============================================================================
 * Total params: 104 (416.00 B)
 * Trainable params: 104 (416.00 B)
 * Non-trainable params: 0 (0.00 B)
 * Forward FLOPs per sample: 180
 * _____________________________________________________________________________
 * </pre>
 *
 * <p>Generated code: do not edit. Every size is a constant; the passes call the runtime's
 * SIMD kernels.
 */
@Generated("org.dendrite.compiler.nn.NnCompiler")
public final class CompiledHeads implements Model {
  /**
   * Values per input sample (6).
   */
  public static final int INPUT_SIZE = 6;

  /**
   * Values per output sample.
   */
  public static final int OUTPUT_SIZE = 3;

  /**
   * Values per training target: a class index or label.
   */
  public static final int TARGET_SIZE = 1;

  /**
   * Trainable parameters: the length of {@link #parameters()}.
   */
  public static final int PARAMETER_COUNT = 104;

  /**
   * FLOPs of one sample's forward pass, two per multiply-add.
   */
  public static final long FORWARD_FLOPS = 180L;

  /**
   * Bytes of the parameters as floats.
   */
  public static final long PARAMETER_BYTES = 416L;

  /**
   * Offset of {@code deep.kernel}, [6][8], in {@link #parameters()}.
   */
  public static final int DEEP_KERNEL = 0;

  /**
   * Offset of {@code deep.bias}, [8], in {@link #parameters()}.
   */
  public static final int DEEP_BIAS = 48;

  /**
   * Offset of {@code narrow.kernel}, [8][3], in {@link #parameters()}.
   */
  public static final int NARROW_KERNEL = 56;

  /**
   * Offset of {@code narrow.bias}, [3], in {@link #parameters()}.
   */
  public static final int NARROW_BIAS = 80;

  /**
   * Offset of {@code wide.kernel}, [6][3], in {@link #parameters()}.
   */
  public static final int WIDE_KERNEL = 83;

  /**
   * Offset of {@code wide.bias}, [3], in {@link #parameters()}.
   */
  public static final int WIDE_BIAS = 101;

  /**
   * What decides whether weights fit this network; weight files carry its hash.
   */
  public static final String ARCHITECTURE = "network Heads\n"
      + "input x 6\n"
      + "dense deep 6->8 relu bias\n"
      + "dense narrow 8->3 linear bias\n"
      + "dense wide 6->3 linear bias <- x\n"
      + "add logits 3 <- narrow,wide\n"
      + "activate probabilities 3 softmax";

  /**
   * The summary table {@link #summary()} returns.
   */
  public static final String SUMMARY = "Model: \"Heads\"\n"
      + "_____________________________________________________________________________\n"
      + " Layer (type)                Output Shape              Param #   Connected to\n"
      + "=============================================================================\n"
      + " x (Input)                   (None, 6)                 0\n"
      + " deep (Dense)                (None, 8)                 56        x\n"
      + " narrow (Dense)              (None, 3)                 27        deep\n"
      + " wide (Dense)                (None, 3)                 21        x\n"
      + " logits (Add)                (None, 3)                 0         narrow, wide\n"
      + " probabilities (Activate)    (None, 3)                 0         logits\n"
      + "=============================================================================\n"
      + "Total params: 104 (416.00 B)\n"
      + "Trainable params: 104 (416.00 B)\n"
      + "Non-trainable params: 0 (0.00 B)\n"
      + "Forward FLOPs per sample: 180\n"
      + "_____________________________________________________________________________\n";

  /**
   * Values per sample of {@code deep}'s output (8).
   */
  private static final int DEEP_SIZE = 8;

  /**
   * Values per sample of {@code narrow}'s output (3).
   */
  private static final int NARROW_SIZE = 3;

  /**
   * Values per sample of {@code wide}'s output (3).
   */
  private static final int WIDE_SIZE = 3;

  /**
   * The kernels, Vector API or scalar, chosen once per JVM.
   */
  private static final Kernels K = Kernels.get();

  /**
   * The Input layer {@code x}.
   */
  public final Layer x;

  /**
   * The Dense layer {@code deep}.
   */
  public final Layer deep;

  /**
   * The Dense layer {@code narrow}.
   */
  public final Layer narrow;

  /**
   * The Dense layer {@code wide}.
   */
  public final Layer wide;

  /**
   * The Add layer {@code logits}.
   */
  public final Layer logits;

  /**
   * The Activate layer {@code probabilities}.
   */
  public final Layer probabilities;

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
  public CompiledHeads() {
    this(Seeds.random());
  }

  /**
   * A model whose weights are drawn from {@code seed}: the same seed gives the same weights.
   */
  public CompiledHeads(long seed) {
    this.seed = seed;
    Initializers.glorotUniform(parameters, DEEP_KERNEL, INPUT_SIZE, DEEP_SIZE, Seeds.mix(seed, 1));
    Initializers.glorotUniform(parameters, NARROW_KERNEL, DEEP_SIZE, NARROW_SIZE,
        Seeds.mix(seed, 2));
    Initializers.glorotUniform(parameters, WIDE_KERNEL, INPUT_SIZE, WIDE_SIZE, Seeds.mix(seed, 3));
    this.x = new Layer("x", "Input", new int[] {6}, new int[] {6}, List.of());
    this.deep = new Layer("deep", "Dense", new int[] {6}, new int[] {8}, List.of(
        new TensorView("deep.kernel", parameters, DEEP_KERNEL, 6, 8),
        new TensorView("deep.bias", parameters, DEEP_BIAS, 8)));
    this.narrow = new Layer("narrow", "Dense", new int[] {8}, new int[] {3}, List.of(
        new TensorView("narrow.kernel", parameters, NARROW_KERNEL, 8, 3),
        new TensorView("narrow.bias", parameters, NARROW_BIAS, 3)));
    this.wide = new Layer("wide", "Dense", new int[] {6}, new int[] {3}, List.of(
        new TensorView("wide.kernel", parameters, WIDE_KERNEL, 6, 3),
        new TensorView("wide.bias", parameters, WIDE_BIAS, 3)));
    this.logits = new Layer("logits", "Add", new int[] {3}, new int[] {3}, List.of());
    this.probabilities = new Layer("probabilities", "Activate", new int[] {3}, new int[] {3}, List.of());
    this.layers = List.of(x, deep, narrow, wide, logits, probabilities);
  }

  @Override
  public String name() {
    return "Heads";
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
  public static CompiledHeads load(Path file) throws IOException {
    CompiledHeads model = new CompiledHeads(0L);
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
     * deep's outputs, [capacity][8].
     */
    private final float[] deep;

    /**
     * The loss gradient with respect to deep's outputs, then its pre-activations;
     * [capacity][8].
     */
    private final float[] deepGrad;

    /**
     * narrow's outputs, [capacity][3].
     */
    private final float[] narrow;

    /**
     * The loss gradient with respect to narrow's outputs, then its pre-activations;
     * [capacity][3].
     */
    private final float[] narrowGrad;

    /**
     * wide's outputs, [capacity][3].
     */
    private final float[] wide;

    /**
     * The loss gradient with respect to wide's outputs, then its pre-activations;
     * [capacity][3].
     */
    private final float[] wideGrad;

    /**
     * logits's outputs, [capacity][3].
     */
    private final float[] logits;

    /**
     * The loss gradient with respect to logits's outputs.
     */
    private final float[] logitsGrad;

    /**
     * probabilities's outputs, softmax of its input, [capacity][3].
     */
    private final float[] probabilities;

    /**
     * Scratch for a kernel transposed to compute an input gradient: the largest, narrow's.
     */
    private final float[] transposed;

    Pass(int capacity) {
      this.capacity = capacity;
      this.deep = new float[Checks.bufferSize(capacity, DEEP_SIZE)];
      this.deepGrad = new float[Checks.bufferSize(capacity, DEEP_SIZE)];
      this.narrow = new float[Checks.bufferSize(capacity, NARROW_SIZE)];
      this.narrowGrad = new float[Checks.bufferSize(capacity, NARROW_SIZE)];
      this.wide = new float[Checks.bufferSize(capacity, WIDE_SIZE)];
      this.wideGrad = new float[Checks.bufferSize(capacity, WIDE_SIZE)];
      this.logits = new float[Checks.bufferSize(capacity, NARROW_SIZE)];
      this.logitsGrad = new float[Checks.bufferSize(capacity, NARROW_SIZE)];
      this.probabilities = new float[Checks.bufferSize(capacity, OUTPUT_SIZE)];
      this.transposed = new float[DEEP_SIZE * NARROW_SIZE];
    }

    @Override
    public int capacity() {
      return capacity;
    }

    @Override
    public float[] outputs() {
      return probabilities;
    }

    @Override
    public void predict(float[] inputs, int inputOffset, float[] outputs, int outputOffset,
        int count) {
      Checks.batch(count, capacity);
      Checks.samples("inputs", inputs, inputOffset, count, INPUT_SIZE);
      Checks.samples("outputs", outputs, outputOffset, count, OUTPUT_SIZE);
      deepForward(inputs, inputOffset, count);
      narrowForward(deep, 0, count);
      wideForward(inputs, inputOffset, count);
      // logits = narrow + wide
      Merges.add(narrow, 0, wide, 0, logits, 0, count * NARROW_SIZE);
      // probabilities = logits: the logits (the loss applies softmax, and so does predict)
      System.arraycopy(logits, 0, probabilities, 0, count * OUTPUT_SIZE);
      K.softmax(probabilities, 0, count, OUTPUT_SIZE);
      System.arraycopy(probabilities, 0, outputs, outputOffset, count * OUTPUT_SIZE);
    }

    @Override
    public double evaluate(float[] inputs, int inputOffset, float[] targets, int targetOffset,
        int count) {
      Checks.batch(count, capacity);
      Checks.samples("inputs", inputs, inputOffset, count, INPUT_SIZE);
      Checks.samples("targets", targets, targetOffset, count, TARGET_SIZE);
      deepForward(inputs, inputOffset, count);
      narrowForward(deep, 0, count);
      wideForward(inputs, inputOffset, count);
      // logits = narrow + wide
      Merges.add(narrow, 0, wide, 0, logits, 0, count * NARROW_SIZE);
      // probabilities = logits: the logits (the loss applies softmax, and so does predict)
      System.arraycopy(logits, 0, probabilities, 0, count * OUTPUT_SIZE);
      return Losses.sparseSoftmaxCrossEntropy(probabilities, count, OUTPUT_SIZE, targets,
          targetOffset, null, 0, null, 0f);
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
      deepForward(inputs, inputOffset, count);
      narrowForward(deep, 0, count);
      wideForward(inputs, inputOffset, count);
      // logits = narrow + wide
      Merges.add(narrow, 0, wide, 0, logits, 0, count * NARROW_SIZE);
      // probabilities = logits: the logits (the loss applies softmax, and so does predict)
      System.arraycopy(logits, 0, probabilities, 0, count * OUTPUT_SIZE);
      double loss = Losses.sparseSoftmaxCrossEntropy(probabilities, count, OUTPUT_SIZE, targets,
          targetOffset, weights, weightOffset, logitsGrad, scale);
      // probabilities backward: the loss wrote the gradient of the logits
      // logits backward: its gradient is each input's
      System.arraycopy(logitsGrad, 0, narrowGrad, 0, count * NARROW_SIZE);
      System.arraycopy(logitsGrad, 0, wideGrad, 0, count * NARROW_SIZE);
      wideBackward(inputs, inputOffset, count, gradients);
      narrowBackward(deep, 0, count, gradients);
      deepBackward(inputs, inputOffset, count, gradients);
      return loss;
    }

    /**
     * deep (Dense 6 → 8, relu):
     * {@code deep[n][8] = relu(in[n][6] · kernel[6][8] + bias[8])}.
     */
    private void deepForward(float[] in, int inOffset, int n) {
      K.matmulRelu(in, inOffset, parameters, DEEP_KERNEL, parameters, DEEP_BIAS, deep, 0, n,
          INPUT_SIZE, DEEP_SIZE);
    }

    /**
     * deep backward: {@code deepGrad} holds the loss gradient with respect to the outputs;
     * times relu′ it becomes the gradient with respect to the pre-activations.
     * Then {@code kernel gradient = inᵀ · deepGrad},
     * {@code bias gradient = Σ rows of deepGrad};
     * no layer before it has parameters, so no input gradient.
     */
    private void deepBackward(float[] in, int inOffset, int n, float[] gradients) {
      K.reluBackward(deep, 0, deepGrad, 0, n * DEEP_SIZE);
      K.matmulTransA(in, inOffset, deepGrad, 0, gradients, DEEP_KERNEL, n, INPUT_SIZE, DEEP_SIZE);
      K.columnSums(deepGrad, 0, n, DEEP_SIZE, gradients, DEEP_BIAS);
    }

    /**
     * narrow (Dense 8 → 3, linear):
     * {@code narrow[n][3] = in[n][8] · kernel[8][3] + bias[3]}.
     */
    private void narrowForward(float[] in, int inOffset, int n) {
      K.matmul(in, inOffset, parameters, NARROW_KERNEL, parameters, NARROW_BIAS, narrow, 0, n,
          DEEP_SIZE, NARROW_SIZE);
    }

    /**
     * narrow backward: {@code narrowGrad} holds the loss gradient with respect to the outputs;
     * times linear′ it becomes the gradient with respect to the pre-activations.
     * Then {@code kernel gradient = inᵀ · narrowGrad},
     * {@code bias gradient = Σ rows of narrowGrad}
     * and {@code deepGrad = narrowGrad · kernelᵀ}.
     */
    private void narrowBackward(float[] in, int inOffset, int n, float[] gradients) {
      K.matmulTransA(in, inOffset, narrowGrad, 0, gradients, NARROW_KERNEL, n, DEEP_SIZE,
          NARROW_SIZE);
      K.columnSums(narrowGrad, 0, n, NARROW_SIZE, gradients, NARROW_BIAS);
      K.matmulTransB(narrowGrad, 0, parameters, NARROW_KERNEL, deepGrad, 0, n, NARROW_SIZE,
          DEEP_SIZE, transposed);
    }

    /**
     * wide (Dense 6 → 3, linear):
     * {@code wide[n][3] = in[n][6] · kernel[6][3] + bias[3]}.
     */
    private void wideForward(float[] in, int inOffset, int n) {
      K.matmul(in, inOffset, parameters, WIDE_KERNEL, parameters, WIDE_BIAS, wide, 0, n, INPUT_SIZE,
          WIDE_SIZE);
    }

    /**
     * wide backward: {@code wideGrad} holds the loss gradient with respect to the outputs;
     * times linear′ it becomes the gradient with respect to the pre-activations.
     * Then {@code kernel gradient = inᵀ · wideGrad},
     * {@code bias gradient = Σ rows of wideGrad};
     * no layer before it has parameters, so no input gradient.
     */
    private void wideBackward(float[] in, int inOffset, int n, float[] gradients) {
      K.matmulTransA(in, inOffset, wideGrad, 0, gradients, WIDE_KERNEL, n, INPUT_SIZE, WIDE_SIZE);
      K.columnSums(wideGrad, 0, n, WIDE_SIZE, gradients, WIDE_BIAS);
    }
  }
}
