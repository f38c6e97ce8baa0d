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
import org.dendrite.runtime.support.DropoutMasks;
import org.dendrite.runtime.support.Initializers;
import org.dendrite.runtime.support.Seeds;

/**
 * {@code Dropout} compiled by Dendrite: 784 → 64 relu → 10 softmax,
 * loss sparse_categorical_crossentropy; 50,890 parameters.
 *
 * <pre>
 * Model: "Dropout"
 * _________________________________________________________________
 *  Layer (type)                Output Shape              Param #
 * =================================================================
 *  image (Input)               (None, 28, 28)            0
 *  flat (Flatten)              (None, 784)               0
 *  hidden (Dense)              (None, 64)                50,240
 *  drop (Dropout)              (None, 64)                0
 *  output (Dense)              (None, 10)                650
 * =================================================================
 * Total params: 50,890 (198.79 KB)
 * Trainable params: 50,890 (198.79 KB)
 * Non-trainable params: 0 (0.00 B)
 * Forward FLOPs per sample: 101,632
 * _________________________________________________________________
 * </pre>
 *
 * <p>Generated code: do not edit. Every size is a constant; the passes call the runtime's
 * SIMD kernels.
 */
@Generated("org.dendrite.compiler.nn.NnCompiler")
public final class CompiledDropout implements Model {
  /**
   * Values per input sample (28×28).
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
  public static final int PARAMETER_COUNT = 50_890;

  /**
   * FLOPs of one sample's forward pass, two per multiply-add.
   */
  public static final long FORWARD_FLOPS = 101_632L;

  /**
   * Bytes of the parameters as floats.
   */
  public static final long PARAMETER_BYTES = 203_560L;

  /**
   * Offset of {@code hidden.kernel}, [784][64], in {@link #parameters()}.
   */
  public static final int HIDDEN_KERNEL = 0;

  /**
   * Offset of {@code hidden.bias}, [64], in {@link #parameters()}.
   */
  public static final int HIDDEN_BIAS = 50_176;

  /**
   * Offset of {@code output.kernel}, [64][10], in {@link #parameters()}.
   */
  public static final int OUTPUT_KERNEL = 50_240;

  /**
   * Offset of {@code output.bias}, [10], in {@link #parameters()}.
   */
  public static final int OUTPUT_BIAS = 50_880;

  /**
   * What decides whether weights fit this network; weight files carry its hash.
   */
  public static final String ARCHITECTURE = "network Dropout\n"
      + "input image 28x28\n"
      + "flatten flat 784\n"
      + "dense hidden 784->64 relu bias\n"
      + "dropout drop 64\n"
      + "dense output 64->10 softmax bias";

  /**
   * The summary table {@link #summary()} returns.
   */
  public static final String SUMMARY = "Model: \"Dropout\"\n"
      + "_________________________________________________________________\n"
      + " Layer (type)                Output Shape              Param #\n"
      + "=================================================================\n"
      + " image (Input)               (None, 28, 28)            0\n"
      + " flat (Flatten)              (None, 784)               0\n"
      + " hidden (Dense)              (None, 64)                50,240\n"
      + " drop (Dropout)              (None, 64)                0\n"
      + " output (Dense)              (None, 10)                650\n"
      + "=================================================================\n"
      + "Total params: 50,890 (198.79 KB)\n"
      + "Trainable params: 50,890 (198.79 KB)\n"
      + "Non-trainable params: 0 (0.00 B)\n"
      + "Forward FLOPs per sample: 101,632\n"
      + "_________________________________________________________________\n";

  /**
   * Values per sample of {@code hidden}'s output (64).
   */
  private static final int HIDDEN_SIZE = 64;

  /**
   * The kernels, Vector API or scalar, chosen once per JVM.
   */
  private static final Kernels K = Kernels.get();

  /**
   * The Input layer {@code image}.
   */
  public final Layer image;

  /**
   * The Flatten layer {@code flat}.
   */
  public final Layer flat;

  /**
   * The Dense layer {@code hidden}.
   */
  public final Layer hidden;

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
  public CompiledDropout() {
    this(Seeds.random());
  }

  /**
   * A model whose weights are drawn from {@code seed}: the same seed gives the same weights.
   */
  public CompiledDropout(long seed) {
    this.seed = seed;
    Initializers.glorotUniform(parameters, HIDDEN_KERNEL, INPUT_SIZE, HIDDEN_SIZE,
        Seeds.mix(seed, 2));
    Initializers.glorotUniform(parameters, OUTPUT_KERNEL, HIDDEN_SIZE, OUTPUT_SIZE,
        Seeds.mix(seed, 4));
    this.image = new Layer("image", "Input", new int[] {28, 28}, new int[] {28, 28}, List.of());
    this.flat = new Layer("flat", "Flatten", new int[] {28, 28}, new int[] {784}, List.of());
    this.hidden = new Layer("hidden", "Dense", new int[] {784}, new int[] {64}, List.of(
        new TensorView("hidden.kernel", parameters, HIDDEN_KERNEL, 784, 64),
        new TensorView("hidden.bias", parameters, HIDDEN_BIAS, 64)));
    this.drop = new Layer("drop", "Dropout", new int[] {64}, new int[] {64}, List.of());
    this.output = new Layer("output", "Dense", new int[] {64}, new int[] {10}, List.of(
        new TensorView("output.kernel", parameters, OUTPUT_KERNEL, 64, 10),
        new TensorView("output.bias", parameters, OUTPUT_BIAS, 10)));
    this.layers = List.of(image, flat, hidden, drop, output);
  }

  @Override
  public String name() {
    return "Dropout";
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
  public static CompiledDropout load(Path file) throws IOException {
    CompiledDropout model = new CompiledDropout(0L);
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
     * hidden's outputs, [capacity][64].
     */
    private final float[] hidden;

    /**
     * The loss gradient with respect to hidden's outputs, then its pre-activations;
     * [capacity][64].
     */
    private final float[] hiddenGrad;

    /**
     * drop's outputs in training, [capacity][64]; inference skips the layer.
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
      this.drop = new float[Checks.bufferSize(capacity, HIDDEN_SIZE)];
      this.dropMask = new float[Checks.bufferSize(capacity, HIDDEN_SIZE)];
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
      outputForward(hidden, 0, count);
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
      outputForward(hidden, 0, count);
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
      outputForward(hidden, 0, count);
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
      dropForward(hidden, 0, count, step, firstSample);
      outputForward(drop, 0, count);
      double loss = Losses.sparseSoftmaxCrossEntropy(output, count, OUTPUT_SIZE, targets,
          targetOffset, weights, weightOffset, outputGrad, scale);
      outputBackward(drop, 0, count, gradients);
      dropBackward(count);
      hiddenBackward(inputs, inputOffset, count, gradients, deferred, deferredOffset);
      return loss;
    }

    @Override
    public BatchPass.DeferredKernel deferredKernel() {
      return deferredKernel;
    }

    /**
     * hidden (Dense 784 → 64, relu):
     * {@code hidden[n][64] = relu(in[n][784] · kernel[784][64] + bias[64])}.
     */
    private void hiddenForward(float[] in, int inOffset, int n) {
      K.matmulRelu(in, inOffset, parameters, HIDDEN_KERNEL, parameters, HIDDEN_BIAS, hidden, 0, n,
          INPUT_SIZE, HIDDEN_SIZE);
    }

    /**
     * hidden from {@code products = in · kernel}, computed by the caller for n rows:
     * adds the bias and applies relu, as {@code hiddenForward} does after its product.
     */
    private void hiddenFromProducts(float[] products, int productsOffset, int n) {
      System.arraycopy(products, productsOffset, hidden, 0, n * HIDDEN_SIZE);
      K.addBias(hidden, 0, n, HIDDEN_SIZE, parameters, HIDDEN_BIAS);
      K.relu(hidden, 0, n * HIDDEN_SIZE);
    }

    /**
     * hidden backward: {@code hiddenGrad} holds the loss gradient with respect to the outputs;
     * times relu′ it becomes the gradient with respect to the pre-activations.
     * Then {@code kernel gradient = inᵀ · hiddenGrad}
     * (or, given {@code deferred}, {@code hiddenGrad} is copied there and the caller computes
     * the kernel gradient over the whole batch),
     * {@code bias gradient = Σ rows of hiddenGrad};
     * no layer before it has parameters, so no input gradient.
     */
    private void hiddenBackward(float[] in, int inOffset, int n, float[] gradients,
        float[] deferred, int deferredOffset) {
      K.reluBackward(hidden, 0, hiddenGrad, 0, n * HIDDEN_SIZE);
      if (deferred == null) {
        K.matmulTransA(in, inOffset, hiddenGrad, 0, gradients, HIDDEN_KERNEL, n, INPUT_SIZE,
            HIDDEN_SIZE);
      } else {
        System.arraycopy(hiddenGrad, 0, deferred, deferredOffset, n * HIDDEN_SIZE);
      }
      K.columnSums(hiddenGrad, 0, n, HIDDEN_SIZE, gradients, HIDDEN_BIAS);
    }

    /**
     * drop (Dropout, rate 0.5), training only: {@code drop[n][64] = in ⊙ mask}.
     * Each value is kept with probability 0.5 and scaled by 1 / 0.5; the mask depends on the seed,
     * the step and the sample index.
     */
    private void dropForward(float[] in, int inOffset, int n, long step, int firstSample) {
      DropoutMasks.fill(dropMask, n, HIDDEN_SIZE, 0.5f, Seeds.mix(seed, 3), step, firstSample);
      K.multiply(in, inOffset, dropMask, 0, drop, 0, n * HIDDEN_SIZE);
    }

    /**
     * drop backward: {@code hiddenGrad ⊙= mask}
     * (the gradient of drop's output shares {@code hiddenGrad}).
     */
    private void dropBackward(int n) {
      K.multiply(hiddenGrad, 0, dropMask, 0, hiddenGrad, 0, n * HIDDEN_SIZE);
    }

    /**
     * output (Dense 64 → 10, softmax):
     * {@code output[n][10] = in[n][64] · kernel[64][10] + bias[10]}.
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
     * and {@code hiddenGrad = outputGrad · kernelᵀ}.
     */
    private void outputBackward(float[] in, int inOffset, int n, float[] gradients) {
      K.matmulTransA(in, inOffset, outputGrad, 0, gradients, OUTPUT_KERNEL, n, HIDDEN_SIZE,
          OUTPUT_SIZE);
      K.columnSums(outputGrad, 0, n, OUTPUT_SIZE, gradients, OUTPUT_BIAS);
      K.matmulTransB(outputGrad, 0, parameters, OUTPUT_KERNEL, hiddenGrad, 0, n, OUTPUT_SIZE,
          HIDDEN_SIZE, transposed);
    }
  }
}
