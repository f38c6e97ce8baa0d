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
import org.dendrite.runtime.support.Seeds;

/**
 * {@code NoBias} compiled by Dendrite: 6 → 12 leaky_relu → 8 softplus → 2 linear,
 * loss mse; 184 parameters.
 *
 * <pre>
 * Model: "NoBias"
 * _________________________________________________________________
 *  Layer (type)                Output Shape              Param #
 * =================================================================
 *  x (Input)                   (None, 6)                 0
 *  a (Dense)                   (None, 12)                72
 *  b (Dense)                   (None, 8)                 96
 *  y (Dense)                   (None, 2)                 16
 * =================================================================
 * Total params: 184 (736.00 B)
 * Trainable params: 184 (736.00 B)
 * Non-trainable params: 0 (0.00 B)
 * Forward FLOPs per sample: 368
 * _________________________________________________________________
 * </pre>
 *
 * <p>Generated code: do not edit. Every size is a constant; the passes call the runtime's
 * SIMD kernels.
 */
@Generated("org.dendrite.compiler.nn.NnCompiler")
public final class CompiledNoBias implements Model {
  /**
   * Values per input sample (6).
   */
  public static final int INPUT_SIZE = 6;

  /**
   * Values per output sample.
   */
  public static final int OUTPUT_SIZE = 2;

  /**
   * Values per training target: one per output.
   */
  public static final int TARGET_SIZE = 2;

  /**
   * Trainable parameters: the length of {@link #parameters()}.
   */
  public static final int PARAMETER_COUNT = 184;

  /**
   * FLOPs of one sample's forward pass, two per multiply-add.
   */
  public static final long FORWARD_FLOPS = 368L;

  /**
   * Bytes of the parameters as floats.
   */
  public static final long PARAMETER_BYTES = 736L;

  /**
   * Offset of {@code a.kernel}, [6][12], in {@link #parameters()}.
   */
  public static final int A_KERNEL = 0;

  /**
   * Offset of {@code b.kernel}, [12][8], in {@link #parameters()}.
   */
  public static final int B_KERNEL = 72;

  /**
   * Offset of {@code y.kernel}, [8][2], in {@link #parameters()}.
   */
  public static final int Y_KERNEL = 168;

  /**
   * What decides whether weights fit this network; weight files carry its hash.
   */
  public static final String ARCHITECTURE = "network NoBias\n"
      + "input x 6\n"
      + "dense a 6->12 leaky_relu(0.1) no-bias\n"
      + "dense b 12->8 softplus no-bias\n"
      + "dense y 8->2 linear no-bias";

  /**
   * The summary table {@link #summary()} returns.
   */
  public static final String SUMMARY = "Model: \"NoBias\"\n"
      + "_________________________________________________________________\n"
      + " Layer (type)                Output Shape              Param #\n"
      + "=================================================================\n"
      + " x (Input)                   (None, 6)                 0\n"
      + " a (Dense)                   (None, 12)                72\n"
      + " b (Dense)                   (None, 8)                 96\n"
      + " y (Dense)                   (None, 2)                 16\n"
      + "=================================================================\n"
      + "Total params: 184 (736.00 B)\n"
      + "Trainable params: 184 (736.00 B)\n"
      + "Non-trainable params: 0 (0.00 B)\n"
      + "Forward FLOPs per sample: 368\n"
      + "_________________________________________________________________\n";

  /**
   * Values per sample of {@code a}'s output (12).
   */
  private static final int A_SIZE = 12;

  /**
   * Values per sample of {@code b}'s output (8).
   */
  private static final int B_SIZE = 8;

  /**
   * The kernels, Vector API or scalar, chosen once per JVM.
   */
  private static final Kernels K = Kernels.get();

  /**
   * The Input layer {@code x}.
   */
  public final Layer x;

  /**
   * The Dense layer {@code a}.
   */
  public final Layer a;

  /**
   * The Dense layer {@code b}.
   */
  public final Layer b;

  /**
   * The Dense layer {@code y}.
   */
  public final Layer y;

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
  public CompiledNoBias() {
    this(Seeds.random());
  }

  /**
   * A model whose weights are drawn from {@code seed}: the same seed gives the same weights.
   */
  public CompiledNoBias(long seed) {
    this.seed = seed;
    Initializers.heNormal(parameters, A_KERNEL, INPUT_SIZE, A_SIZE, Seeds.mix(seed, 1));
    Initializers.glorotNormal(parameters, B_KERNEL, A_SIZE, B_SIZE, Seeds.mix(seed, 2));
    Initializers.zeros(parameters, Y_KERNEL, B_SIZE, OUTPUT_SIZE, Seeds.mix(seed, 3));
    this.x = new Layer("x", "Input", new int[] {6}, new int[] {6}, List.of());
    this.a = new Layer("a", "Dense", new int[] {6}, new int[] {12}, List.of(
        new TensorView("a.kernel", parameters, A_KERNEL, 6, 12)));
    this.b = new Layer("b", "Dense", new int[] {12}, new int[] {8}, List.of(
        new TensorView("b.kernel", parameters, B_KERNEL, 12, 8)));
    this.y = new Layer("y", "Dense", new int[] {8}, new int[] {2}, List.of(
        new TensorView("y.kernel", parameters, Y_KERNEL, 8, 2)));
    this.layers = List.of(x, a, b, y);
  }

  @Override
  public String name() {
    return "NoBias";
  }

  @Override
  public Loss loss() {
    return Loss.MSE;
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
  public static CompiledNoBias load(Path file) throws IOException {
    CompiledNoBias model = new CompiledNoBias(0L);
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
     * a's outputs, [capacity][12].
     */
    private final float[] a;

    /**
     * The loss gradient with respect to a's outputs, then its pre-activations;
     * [capacity][12].
     */
    private final float[] aGrad;

    /**
     * b's outputs, [capacity][8].
     */
    private final float[] b;

    /**
     * The loss gradient with respect to b's outputs, then its pre-activations;
     * [capacity][8].
     */
    private final float[] bGrad;

    /**
     * y's outputs, [capacity][2].
     */
    private final float[] y;

    /**
     * The loss gradient with respect to y's outputs, then its pre-activations;
     * [capacity][2].
     */
    private final float[] yGrad;

    /**
     * a's kernel, whose products and gradient {@code train} may leave to the caller.
     */
    private final BatchPass.DeferredKernel deferredKernel;

    /**
     * Scratch for a kernel transposed to compute an input gradient: the largest, b's.
     */
    private final float[] transposed;

    Pass(int capacity) {
      this.capacity = capacity;
      this.a = new float[Checks.bufferSize(capacity, A_SIZE)];
      this.aGrad = new float[Checks.bufferSize(capacity, A_SIZE)];
      this.b = new float[Checks.bufferSize(capacity, B_SIZE)];
      this.bGrad = new float[Checks.bufferSize(capacity, B_SIZE)];
      this.y = new float[Checks.bufferSize(capacity, OUTPUT_SIZE)];
      this.yGrad = new float[Checks.bufferSize(capacity, OUTPUT_SIZE)];
      this.deferredKernel = new BatchPass.DeferredKernel(A_KERNEL, INPUT_SIZE, A_SIZE);
      this.transposed = new float[A_SIZE * B_SIZE];
    }

    @Override
    public int capacity() {
      return capacity;
    }

    @Override
    public float[] outputs() {
      return y;
    }

    @Override
    public void predict(float[] inputs, int inputOffset, float[] outputs, int outputOffset,
        int count) {
      Checks.batch(count, capacity);
      Checks.samples("inputs", inputs, inputOffset, count, INPUT_SIZE);
      Checks.samples("outputs", outputs, outputOffset, count, OUTPUT_SIZE);
      aForward(inputs, inputOffset, count);
      bForward(a, 0, count);
      yForward(b, 0, count);
      System.arraycopy(y, 0, outputs, outputOffset, count * OUTPUT_SIZE);
    }

    @Override
    public void predictDeferred(float[] products, int productsOffset, float[] outputs,
        int outputOffset, int count) {
      Checks.batch(count, capacity);
      Checks.samples("products", products, productsOffset, count, A_SIZE);
      Checks.samples("outputs", outputs, outputOffset, count, OUTPUT_SIZE);
      aFromProducts(products, productsOffset, count);
      bForward(a, 0, count);
      yForward(b, 0, count);
      System.arraycopy(y, 0, outputs, outputOffset, count * OUTPUT_SIZE);
    }

    @Override
    public double evaluate(float[] inputs, int inputOffset, float[] targets, int targetOffset,
        int count) {
      Checks.batch(count, capacity);
      Checks.samples("inputs", inputs, inputOffset, count, INPUT_SIZE);
      Checks.samples("targets", targets, targetOffset, count, TARGET_SIZE);
      aForward(inputs, inputOffset, count);
      bForward(a, 0, count);
      yForward(b, 0, count);
      return Losses.meanSquaredError(y, count, OUTPUT_SIZE, targets, targetOffset,
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
        Checks.samples("products", products, productsOffset, count, A_SIZE);
        Checks.samples("deferred", deferred, deferredOffset, count, A_SIZE);
      }
      if (products == null) {
        aForward(inputs, inputOffset, count);
      } else {
        aFromProducts(products, productsOffset, count);
      }
      bForward(a, 0, count);
      yForward(b, 0, count);
      double loss = Losses.meanSquaredError(y, count, OUTPUT_SIZE, targets, targetOffset,
          weights, weightOffset, yGrad, scale);
      yBackward(b, 0, count, gradients);
      bBackward(a, 0, count, gradients);
      aBackward(inputs, inputOffset, count, gradients, deferred, deferredOffset);
      return loss;
    }

    @Override
    public BatchPass.DeferredKernel deferredKernel() {
      return deferredKernel;
    }

    /**
     * a (Dense 6 → 12, leaky_relu):
     * {@code a[n][12] = leaky_relu(in[n][6] · kernel[6][12])}.
     */
    private void aForward(float[] in, int inOffset, int n) {
      K.matmul(in, inOffset, parameters, A_KERNEL, null, 0, a, 0, n, INPUT_SIZE, A_SIZE);
      K.leakyRelu(a, 0, n * A_SIZE, 0.1f);
    }

    /**
     * a from {@code products = in · kernel}, computed by the caller for n rows:
     * applies leaky_relu, as {@code aForward} does after its product.
     */
    private void aFromProducts(float[] products, int productsOffset, int n) {
      System.arraycopy(products, productsOffset, a, 0, n * A_SIZE);
      K.leakyRelu(a, 0, n * A_SIZE, 0.1f);
    }

    /**
     * a backward: {@code aGrad} holds the loss gradient with respect to the outputs;
     * times leaky_relu′ it becomes the gradient with respect to the pre-activations.
     * Then {@code kernel gradient = inᵀ · aGrad}
     * (or, given {@code deferred}, {@code aGrad} is copied there and the caller computes
     * the kernel gradient over the whole batch);
     * no layer before it has parameters, so no input gradient.
     */
    private void aBackward(float[] in, int inOffset, int n, float[] gradients, float[] deferred,
        int deferredOffset) {
      K.leakyReluBackward(a, 0, aGrad, 0, n * A_SIZE, 0.1f);
      if (deferred == null) {
        K.matmulTransA(in, inOffset, aGrad, 0, gradients, A_KERNEL, n, INPUT_SIZE, A_SIZE);
      } else {
        System.arraycopy(aGrad, 0, deferred, deferredOffset, n * A_SIZE);
      }
    }

    /**
     * b (Dense 12 → 8, softplus):
     * {@code b[n][8] = softplus(in[n][12] · kernel[12][8])}.
     */
    private void bForward(float[] in, int inOffset, int n) {
      K.matmul(in, inOffset, parameters, B_KERNEL, null, 0, b, 0, n, A_SIZE, B_SIZE);
      K.softplus(b, 0, n * B_SIZE);
    }

    /**
     * b backward: {@code bGrad} holds the loss gradient with respect to the outputs;
     * times softplus′ it becomes the gradient with respect to the pre-activations.
     * Then {@code kernel gradient = inᵀ · bGrad}
     * and {@code aGrad = bGrad · kernelᵀ}.
     */
    private void bBackward(float[] in, int inOffset, int n, float[] gradients) {
      K.softplusBackward(b, 0, bGrad, 0, n * B_SIZE);
      K.matmulTransA(in, inOffset, bGrad, 0, gradients, B_KERNEL, n, A_SIZE, B_SIZE);
      K.matmulTransB(bGrad, 0, parameters, B_KERNEL, aGrad, 0, n, B_SIZE, A_SIZE, transposed);
    }

    /**
     * y (Dense 8 → 2, linear):
     * {@code y[n][2] = in[n][8] · kernel[8][2]}.
     */
    private void yForward(float[] in, int inOffset, int n) {
      K.matmul(in, inOffset, parameters, Y_KERNEL, null, 0, y, 0, n, B_SIZE, OUTPUT_SIZE);
    }

    /**
     * y backward: {@code yGrad} holds the loss gradient with respect to the outputs;
     * times linear′ it becomes the gradient with respect to the pre-activations.
     * Then {@code kernel gradient = inᵀ · yGrad}
     * and {@code bGrad = yGrad · kernelᵀ}.
     */
    private void yBackward(float[] in, int inOffset, int n, float[] gradients) {
      K.matmulTransA(in, inOffset, yGrad, 0, gradients, Y_KERNEL, n, B_SIZE, OUTPUT_SIZE);
      K.matmulTransB(yGrad, 0, parameters, Y_KERNEL, bGrad, 0, n, OUTPUT_SIZE, B_SIZE, transposed);
    }
  }
}
