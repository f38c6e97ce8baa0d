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
 * {@code Perceptron} compiled by Dendrite: 2 → 1 step,
 * loss perceptron; 3 parameters.
 *
 * <pre>
 * Model: "Perceptron"
 * _________________________________________________________________
 *  Layer (type)                Output Shape              Param #
 * =================================================================
 *  x (Input)                   (None, 2)                 0
 *  out (Dense)                 (None, 1)                 3
 * =================================================================
 * Total params: 3 (12.00 B)
 * Trainable params: 3 (12.00 B)
 * Non-trainable params: 0 (0.00 B)
 * Forward FLOPs per sample: 4
 * _________________________________________________________________
 * </pre>
 *
 * <p>Generated code: do not edit. Every size is a constant; the passes call the runtime's
 * SIMD kernels.
 */
@Generated("org.dendrite.compiler.nn.NnCompiler")
public final class CompiledPerceptron implements Model {
  /**
   * Values per input sample (2).
   */
  public static final int INPUT_SIZE = 2;

  /**
   * Values per output sample.
   */
  public static final int OUTPUT_SIZE = 1;

  /**
   * Values per training target: a class index or label.
   */
  public static final int TARGET_SIZE = 1;

  /**
   * Trainable parameters: the length of {@link #parameters()}.
   */
  public static final int PARAMETER_COUNT = 3;

  /**
   * FLOPs of one sample's forward pass, two per multiply-add.
   */
  public static final long FORWARD_FLOPS = 4L;

  /**
   * Bytes of the parameters as floats.
   */
  public static final long PARAMETER_BYTES = 12L;

  /**
   * Offset of {@code out.kernel}, [2][1], in {@link #parameters()}.
   */
  public static final int OUT_KERNEL = 0;

  /**
   * Offset of {@code out.bias}, [1], in {@link #parameters()}.
   */
  public static final int OUT_BIAS = 2;

  /**
   * What decides whether weights fit this network; weight files carry its hash.
   */
  public static final String ARCHITECTURE = "network Perceptron\n"
      + "input x 2\n"
      + "dense out 2->1 step bias";

  /**
   * The summary table {@link #summary()} returns.
   */
  public static final String SUMMARY = "Model: \"Perceptron\"\n"
      + "_________________________________________________________________\n"
      + " Layer (type)                Output Shape              Param #\n"
      + "=================================================================\n"
      + " x (Input)                   (None, 2)                 0\n"
      + " out (Dense)                 (None, 1)                 3\n"
      + "=================================================================\n"
      + "Total params: 3 (12.00 B)\n"
      + "Trainable params: 3 (12.00 B)\n"
      + "Non-trainable params: 0 (0.00 B)\n"
      + "Forward FLOPs per sample: 4\n"
      + "_________________________________________________________________\n";

  /**
   * The kernels, Vector API or scalar, chosen once per JVM.
   */
  private static final Kernels K = Kernels.get();

  /**
   * The Input layer {@code x}.
   */
  public final Layer x;

  /**
   * The Dense layer {@code out}.
   */
  public final Layer out;

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
  public CompiledPerceptron() {
    this(Seeds.random());
  }

  /**
   * A model whose weights are drawn from {@code seed}: the same seed gives the same weights.
   */
  public CompiledPerceptron(long seed) {
    this.seed = seed;
    Initializers.glorotUniform(parameters, OUT_KERNEL, INPUT_SIZE, OUTPUT_SIZE, Seeds.mix(seed, 1));
    this.x = new Layer("x", "Input", new int[] {2}, new int[] {2}, List.of());
    this.out = new Layer("out", "Dense", new int[] {2}, new int[] {1}, List.of(
        new TensorView("out.kernel", parameters, OUT_KERNEL, 2, 1),
        new TensorView("out.bias", parameters, OUT_BIAS, 1)));
    this.layers = List.of(x, out);
  }

  @Override
  public String name() {
    return "Perceptron";
  }

  @Override
  public Loss loss() {
    return Loss.PERCEPTRON;
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
  public static CompiledPerceptron load(Path file) throws IOException {
    CompiledPerceptron model = new CompiledPerceptron(0L);
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
     * out's outputs, [capacity][1].
     */
    private final float[] out;

    /**
     * The loss gradient with respect to out's outputs, then its pre-activations;
     * [capacity][1].
     */
    private final float[] outGrad;

    /**
     * out's kernel, whose products and gradient {@code train} may leave to the caller.
     */
    private final BatchPass.DeferredKernel deferredKernel;

    Pass(int capacity) {
      this.capacity = capacity;
      this.out = new float[Checks.bufferSize(capacity, OUTPUT_SIZE)];
      this.outGrad = new float[Checks.bufferSize(capacity, OUTPUT_SIZE)];
      this.deferredKernel = new BatchPass.DeferredKernel(OUT_KERNEL, INPUT_SIZE, OUTPUT_SIZE);
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
      outForward(inputs, inputOffset, count);
      K.step(out, 0, count * OUTPUT_SIZE);
      System.arraycopy(out, 0, outputs, outputOffset, count * OUTPUT_SIZE);
    }

    @Override
    public void predictDeferred(float[] products, int productsOffset, float[] outputs,
        int outputOffset, int count) {
      Checks.batch(count, capacity);
      Checks.samples("products", products, productsOffset, count, OUTPUT_SIZE);
      Checks.samples("outputs", outputs, outputOffset, count, OUTPUT_SIZE);
      outFromProducts(products, productsOffset, count);
      K.step(out, 0, count * OUTPUT_SIZE);
      System.arraycopy(out, 0, outputs, outputOffset, count * OUTPUT_SIZE);
    }

    @Override
    public double evaluate(float[] inputs, int inputOffset, float[] targets, int targetOffset,
        int count) {
      Checks.batch(count, capacity);
      Checks.samples("inputs", inputs, inputOffset, count, INPUT_SIZE);
      Checks.samples("targets", targets, targetOffset, count, TARGET_SIZE);
      outForward(inputs, inputOffset, count);
      return Losses.perceptron(out, count, OUTPUT_SIZE, targets, targetOffset, null, 0, null, 0f,
          true);
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
        Checks.samples("products", products, productsOffset, count, OUTPUT_SIZE);
        Checks.samples("deferred", deferred, deferredOffset, count, OUTPUT_SIZE);
      }
      if (products == null) {
        outForward(inputs, inputOffset, count);
      } else {
        outFromProducts(products, productsOffset, count);
      }
      double loss = Losses.perceptron(out, count, OUTPUT_SIZE, targets, targetOffset,
          weights, weightOffset, outGrad, scale, true);
      outBackward(inputs, inputOffset, count, gradients, deferred, deferredOffset);
      return loss;
    }

    @Override
    public BatchPass.DeferredKernel deferredKernel() {
      return deferredKernel;
    }

    /**
     * out (Dense 2 → 1, step):
     * {@code out[n][1] = in[n][2] · kernel[2][1] + bias[1]}.
     * These are the logits: the loss applies step, and so does {@code predict}.
     */
    private void outForward(float[] in, int inOffset, int n) {
      K.matmul(in, inOffset, parameters, OUT_KERNEL, parameters, OUT_BIAS, out, 0, n, INPUT_SIZE,
          OUTPUT_SIZE);
    }

    /**
     * out from {@code products = in · kernel}, computed by the caller for n rows:
     * adds the bias, as {@code outForward} does after its product.
     */
    private void outFromProducts(float[] products, int productsOffset, int n) {
      System.arraycopy(products, productsOffset, out, 0, n * OUTPUT_SIZE);
      K.addBias(out, 0, n, OUTPUT_SIZE, parameters, OUT_BIAS);
    }

    /**
     * out backward: {@code outGrad} holds the loss gradient with respect to the logits
     * (the fused loss wrote it).
     * Then {@code kernel gradient = inᵀ · outGrad}
     * (or, given {@code deferred}, {@code outGrad} is copied there and the caller computes
     * the kernel gradient over the whole batch),
     * {@code bias gradient = Σ rows of outGrad};
     * no layer before it has parameters, so no input gradient.
     */
    private void outBackward(float[] in, int inOffset, int n, float[] gradients, float[] deferred,
        int deferredOffset) {
      if (deferred == null) {
        K.matmulTransA(in, inOffset, outGrad, 0, gradients, OUT_KERNEL, n, INPUT_SIZE, OUTPUT_SIZE);
      } else {
        System.arraycopy(outGrad, 0, deferred, deferredOffset, n * OUTPUT_SIZE);
      }
      K.columnSums(outGrad, 0, n, OUTPUT_SIZE, gradients, OUT_BIAS);
    }
  }
}
