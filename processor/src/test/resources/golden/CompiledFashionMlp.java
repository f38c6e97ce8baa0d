package org.example;

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
 * {@code FashionMlp} compiled by Dendrite: 784 → 300 relu → 100 relu → 10 softmax,
 * loss sparse_categorical_crossentropy; 266,610 parameters.
 *
 * <pre>
 * Model: "FashionMlp"
 * _________________________________________________________________
 *  Layer (type)                Output Shape              Param #
 * =================================================================
 *  image (Input)               (None, 28, 28)            0
 *  flat (Flatten)              (None, 784)               0
 *  hidden1 (Dense)             (None, 300)               235,500
 *  hidden2 (Dense)             (None, 100)               30,100
 *  output (Dense)              (None, 10)                1,010
 * =================================================================
 * Total params: 266,610 (1.02 MB)
 * Trainable params: 266,610 (1.02 MB)
 * Non-trainable params: 0 (0.00 B)
 * Forward FLOPs per sample: 532,400
 * _________________________________________________________________
 * </pre>
 *
 * <p>Generated code: do not edit. Every size is a constant; the passes call the runtime's
 * SIMD kernels.
 */
@Generated("org.dendrite.processor.DendriteProcessor")
public final class CompiledFashionMlp extends FashionMlp implements Model {
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
  public static final int PARAMETER_COUNT = 266_610;

  /**
   * FLOPs of one sample's forward pass, two per multiply-add.
   */
  public static final long FORWARD_FLOPS = 532_400L;

  /**
   * Bytes of the parameters as floats.
   */
  public static final long PARAMETER_BYTES = 1_066_440L;

  /**
   * Offset of {@code hidden1.kernel}, [784][300], in {@link #parameters()}.
   */
  public static final int HIDDEN1_KERNEL = 0;

  /**
   * Offset of {@code hidden1.bias}, [300], in {@link #parameters()}.
   */
  public static final int HIDDEN1_BIAS = 235_200;

  /**
   * Offset of {@code hidden2.kernel}, [300][100], in {@link #parameters()}.
   */
  public static final int HIDDEN2_KERNEL = 235_500;

  /**
   * Offset of {@code hidden2.bias}, [100], in {@link #parameters()}.
   */
  public static final int HIDDEN2_BIAS = 265_500;

  /**
   * Offset of {@code output.kernel}, [100][10], in {@link #parameters()}.
   */
  public static final int OUTPUT_KERNEL = 265_600;

  /**
   * Offset of {@code output.bias}, [10], in {@link #parameters()}.
   */
  public static final int OUTPUT_BIAS = 266_600;

  /**
   * What decides whether weights fit this network; weight files carry its hash.
   */
  public static final String ARCHITECTURE = "network FashionMlp\n"
      + "input image 28x28\n"
      + "flatten flat 784\n"
      + "dense hidden1 784->300 relu bias\n"
      + "dense hidden2 300->100 relu bias\n"
      + "dense output 100->10 softmax bias";

  /**
   * The summary table {@link #summary()} returns.
   */
  public static final String SUMMARY = "Model: \"FashionMlp\"\n"
      + "_________________________________________________________________\n"
      + " Layer (type)                Output Shape              Param #\n"
      + "=================================================================\n"
      + " image (Input)               (None, 28, 28)            0\n"
      + " flat (Flatten)              (None, 784)               0\n"
      + " hidden1 (Dense)             (None, 300)               235,500\n"
      + " hidden2 (Dense)             (None, 100)               30,100\n"
      + " output (Dense)              (None, 10)                1,010\n"
      + "=================================================================\n"
      + "Total params: 266,610 (1.02 MB)\n"
      + "Trainable params: 266,610 (1.02 MB)\n"
      + "Non-trainable params: 0 (0.00 B)\n"
      + "Forward FLOPs per sample: 532,400\n"
      + "_________________________________________________________________\n";

  /**
   * Values per sample of {@code hidden1}'s output (300).
   */
  private static final int HIDDEN1_SIZE = 300;

  /**
   * Values per sample of {@code hidden2}'s output (100).
   */
  private static final int HIDDEN2_SIZE = 100;

  /**
   * The kernels, Vector API or scalar, chosen once per JVM.
   */
  private static final Kernels K = Kernels.get();

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
  public CompiledFashionMlp() {
    this(Seeds.random());
  }

  /**
   * A model whose weights are drawn from {@code seed}: the same seed gives the same weights.
   */
  public CompiledFashionMlp(long seed) {
    this.seed = seed;
    Initializers.glorotUniform(parameters, HIDDEN1_KERNEL, INPUT_SIZE, HIDDEN1_SIZE,
        Seeds.mix(seed, 2));
    Initializers.glorotUniform(parameters, HIDDEN2_KERNEL, HIDDEN1_SIZE, HIDDEN2_SIZE,
        Seeds.mix(seed, 3));
    Initializers.glorotUniform(parameters, OUTPUT_KERNEL, HIDDEN2_SIZE, OUTPUT_SIZE,
        Seeds.mix(seed, 4));
    this.image = new Layer("image", "Input", new int[] {28, 28}, new int[] {28, 28}, List.of());
    this.flat = new Layer("flat", "Flatten", new int[] {28, 28}, new int[] {784}, List.of());
    this.hidden1 = new Layer("hidden1", "Dense", new int[] {784}, new int[] {300}, List.of(
        new TensorView("hidden1.kernel", parameters, HIDDEN1_KERNEL, 784, 300),
        new TensorView("hidden1.bias", parameters, HIDDEN1_BIAS, 300)));
    this.hidden2 = new Layer("hidden2", "Dense", new int[] {300}, new int[] {100}, List.of(
        new TensorView("hidden2.kernel", parameters, HIDDEN2_KERNEL, 300, 100),
        new TensorView("hidden2.bias", parameters, HIDDEN2_BIAS, 100)));
    this.output = new Layer("output", "Dense", new int[] {100}, new int[] {10}, List.of(
        new TensorView("output.kernel", parameters, OUTPUT_KERNEL, 100, 10),
        new TensorView("output.bias", parameters, OUTPUT_BIAS, 10)));
    this.layers = List.of(image, flat, hidden1, hidden2, output);
  }

  @Override
  public String name() {
    return "FashionMlp";
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
  public static CompiledFashionMlp load(Path file) throws IOException {
    CompiledFashionMlp model = new CompiledFashionMlp(0L);
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
     * hidden1's outputs, [capacity][300].
     */
    private final float[] hidden1;

    /**
     * The loss gradient with respect to hidden1's outputs, then its pre-activations;
     * [capacity][300].
     */
    private final float[] hidden1Grad;

    /**
     * hidden2's outputs, [capacity][100].
     */
    private final float[] hidden2;

    /**
     * The loss gradient with respect to hidden2's outputs, then its pre-activations;
     * [capacity][100].
     */
    private final float[] hidden2Grad;

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
     * hidden1's kernel, whose products and gradient {@code train} may leave to the caller.
     */
    private final BatchPass.DeferredKernel deferredKernel;

    /**
     * Scratch for a kernel transposed to compute an input gradient: the largest, hidden2's.
     */
    private final float[] transposed;

    Pass(int capacity) {
      this.capacity = capacity;
      this.hidden1 = new float[Checks.bufferSize(capacity, HIDDEN1_SIZE)];
      this.hidden1Grad = new float[Checks.bufferSize(capacity, HIDDEN1_SIZE)];
      this.hidden2 = new float[Checks.bufferSize(capacity, HIDDEN2_SIZE)];
      this.hidden2Grad = new float[Checks.bufferSize(capacity, HIDDEN2_SIZE)];
      this.output = new float[Checks.bufferSize(capacity, OUTPUT_SIZE)];
      this.outputGrad = new float[Checks.bufferSize(capacity, OUTPUT_SIZE)];
      this.deferredKernel = new BatchPass.DeferredKernel(HIDDEN1_KERNEL, INPUT_SIZE, HIDDEN1_SIZE);
      this.transposed = new float[HIDDEN1_SIZE * HIDDEN2_SIZE];
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
      hidden1Forward(inputs, inputOffset, count);
      hidden2Forward(hidden1, 0, count);
      outputForward(hidden2, 0, count);
      K.softmax(output, 0, count, OUTPUT_SIZE);
      System.arraycopy(output, 0, outputs, outputOffset, count * OUTPUT_SIZE);
    }

    @Override
    public void predictDeferred(float[] products, int productsOffset, float[] outputs,
        int outputOffset, int count) {
      Checks.batch(count, capacity);
      Checks.samples("products", products, productsOffset, count, HIDDEN1_SIZE);
      Checks.samples("outputs", outputs, outputOffset, count, OUTPUT_SIZE);
      hidden1FromProducts(products, productsOffset, count);
      hidden2Forward(hidden1, 0, count);
      outputForward(hidden2, 0, count);
      K.softmax(output, 0, count, OUTPUT_SIZE);
      System.arraycopy(output, 0, outputs, outputOffset, count * OUTPUT_SIZE);
    }

    @Override
    public double evaluate(float[] inputs, int inputOffset, float[] targets, int targetOffset,
        int count) {
      Checks.batch(count, capacity);
      Checks.samples("inputs", inputs, inputOffset, count, INPUT_SIZE);
      Checks.samples("targets", targets, targetOffset, count, TARGET_SIZE);
      hidden1Forward(inputs, inputOffset, count);
      hidden2Forward(hidden1, 0, count);
      outputForward(hidden2, 0, count);
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
        Checks.samples("products", products, productsOffset, count, HIDDEN1_SIZE);
        Checks.samples("deferred", deferred, deferredOffset, count, HIDDEN1_SIZE);
      }
      if (products == null) {
        hidden1Forward(inputs, inputOffset, count);
      } else {
        hidden1FromProducts(products, productsOffset, count);
      }
      hidden2Forward(hidden1, 0, count);
      outputForward(hidden2, 0, count);
      double loss = Losses.sparseSoftmaxCrossEntropy(output, count, OUTPUT_SIZE, targets,
          targetOffset, weights, weightOffset, outputGrad, scale);
      outputBackward(hidden2, 0, count, gradients);
      hidden2Backward(hidden1, 0, count, gradients);
      hidden1Backward(inputs, inputOffset, count, gradients, deferred, deferredOffset);
      return loss;
    }

    @Override
    public BatchPass.DeferredKernel deferredKernel() {
      return deferredKernel;
    }

    /**
     * hidden1 (Dense 784 → 300, relu):
     * {@code hidden1[n][300] = relu(in[n][784] · kernel[784][300] + bias[300])}.
     */
    private void hidden1Forward(float[] in, int inOffset, int n) {
      K.matmulRelu(in, inOffset, parameters, HIDDEN1_KERNEL, parameters, HIDDEN1_BIAS, hidden1, 0,
          n, INPUT_SIZE, HIDDEN1_SIZE);
    }

    /**
     * hidden1 from {@code products = in · kernel}, computed by the caller for n rows:
     * adds the bias and applies relu, as {@code hidden1Forward} does after its product.
     */
    private void hidden1FromProducts(float[] products, int productsOffset, int n) {
      System.arraycopy(products, productsOffset, hidden1, 0, n * HIDDEN1_SIZE);
      K.addBias(hidden1, 0, n, HIDDEN1_SIZE, parameters, HIDDEN1_BIAS);
      K.relu(hidden1, 0, n * HIDDEN1_SIZE);
    }

    /**
     * hidden1 backward: {@code hidden1Grad} holds the loss gradient with respect to the outputs;
     * times relu′ it becomes the gradient with respect to the pre-activations.
     * Then {@code kernel gradient = inᵀ · hidden1Grad}
     * (or, given {@code deferred}, {@code hidden1Grad} is copied there and the caller computes
     * the kernel gradient over the whole batch),
     * {@code bias gradient = Σ rows of hidden1Grad};
     * no layer before it has parameters, so no input gradient.
     */
    private void hidden1Backward(float[] in, int inOffset, int n, float[] gradients,
        float[] deferred, int deferredOffset) {
      K.reluBackward(hidden1, 0, hidden1Grad, 0, n * HIDDEN1_SIZE);
      if (deferred == null) {
        K.matmulTransA(in, inOffset, hidden1Grad, 0, gradients, HIDDEN1_KERNEL, n, INPUT_SIZE,
            HIDDEN1_SIZE);
      } else {
        System.arraycopy(hidden1Grad, 0, deferred, deferredOffset, n * HIDDEN1_SIZE);
      }
      K.columnSums(hidden1Grad, 0, n, HIDDEN1_SIZE, gradients, HIDDEN1_BIAS);
    }

    /**
     * hidden2 (Dense 300 → 100, relu):
     * {@code hidden2[n][100] = relu(in[n][300] · kernel[300][100] + bias[100])}.
     */
    private void hidden2Forward(float[] in, int inOffset, int n) {
      K.matmulRelu(in, inOffset, parameters, HIDDEN2_KERNEL, parameters, HIDDEN2_BIAS, hidden2, 0,
          n, HIDDEN1_SIZE, HIDDEN2_SIZE);
    }

    /**
     * hidden2 backward: {@code hidden2Grad} holds the loss gradient with respect to the outputs;
     * times relu′ it becomes the gradient with respect to the pre-activations.
     * Then {@code kernel gradient = inᵀ · hidden2Grad},
     * {@code bias gradient = Σ rows of hidden2Grad}
     * and {@code hidden1Grad = hidden2Grad · kernelᵀ}.
     */
    private void hidden2Backward(float[] in, int inOffset, int n, float[] gradients) {
      K.reluBackward(hidden2, 0, hidden2Grad, 0, n * HIDDEN2_SIZE);
      K.matmulTransA(in, inOffset, hidden2Grad, 0, gradients, HIDDEN2_KERNEL, n, HIDDEN1_SIZE,
          HIDDEN2_SIZE);
      K.columnSums(hidden2Grad, 0, n, HIDDEN2_SIZE, gradients, HIDDEN2_BIAS);
      K.matmulTransB(hidden2Grad, 0, parameters, HIDDEN2_KERNEL, hidden1Grad, 0, n, HIDDEN2_SIZE,
          HIDDEN1_SIZE, transposed);
    }

    /**
     * output (Dense 100 → 10, softmax):
     * {@code output[n][10] = in[n][100] · kernel[100][10] + bias[10]}.
     * These are the logits: the loss applies softmax, and so does {@code predict}.
     */
    private void outputForward(float[] in, int inOffset, int n) {
      K.matmul(in, inOffset, parameters, OUTPUT_KERNEL, parameters, OUTPUT_BIAS, output, 0, n,
          HIDDEN2_SIZE, OUTPUT_SIZE);
    }

    /**
     * output backward: {@code outputGrad} holds the loss gradient with respect to the logits
     * (the fused loss wrote it).
     * Then {@code kernel gradient = inᵀ · outputGrad},
     * {@code bias gradient = Σ rows of outputGrad}
     * and {@code hidden2Grad = outputGrad · kernelᵀ}.
     */
    private void outputBackward(float[] in, int inOffset, int n, float[] gradients) {
      K.matmulTransA(in, inOffset, outputGrad, 0, gradients, OUTPUT_KERNEL, n, HIDDEN2_SIZE,
          OUTPUT_SIZE);
      K.columnSums(outputGrad, 0, n, OUTPUT_SIZE, gradients, OUTPUT_BIAS);
      K.matmulTransB(outputGrad, 0, parameters, OUTPUT_KERNEL, hidden2Grad, 0, n, OUTPUT_SIZE,
          HIDDEN2_SIZE, transposed);
    }
  }
}
