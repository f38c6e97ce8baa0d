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
import org.dendrite.runtime.support.Pooling;
import org.dendrite.runtime.support.Seeds;
import org.dendrite.runtime.support.Window2D;

/**
 * {@code Pads} compiled by Dendrite: 264 → conv 6×6×4 relu → conv 4×4×6 tanh → 4 softmax,
 * loss sparse_categorical_crossentropy; 830 parameters.
 *
 * <pre>
 * Model: "Pads"
 * _________________________________________________________________
 *  Layer (type)                Output Shape              Param #
 * =================================================================
 *  x (Input)                   (None, 12, 11, 2)         0
 *  c1 (Conv2D)                 (None, 6, 6, 4)           76
 *  c2 (Conv2D)                 (None, 4, 4, 6)           606
 *  avg (AvgPool2D)             (None, 4, 4, 6)           0
 *  mp (MaxPool2D)              (None, 3, 2, 6)           0
 *  flat (Flatten)              (None, 36)                0
 *  out (Dense)                 (None, 4)                 148
 * =================================================================
 * Total params: 830 (3.24 KB)
 * Trainable params: 830 (3.24 KB)
 * Non-trainable params: 0 (0.00 B)
 * Forward FLOPs per sample: 24,672
 * _________________________________________________________________
 * </pre>
 *
 * <p>Generated code: do not edit. Every size is a constant; the passes call the runtime's
 * SIMD kernels.
 */
@Generated("org.dendrite.compiler.nn.NnCompiler")
public final class CompiledPads implements Model {
  /**
   * Values per input sample (12×11×2).
   */
  public static final int INPUT_SIZE = 264;

  /**
   * Values per output sample.
   */
  public static final int OUTPUT_SIZE = 4;

  /**
   * Values per training target: a class index or label.
   */
  public static final int TARGET_SIZE = 1;

  /**
   * Trainable parameters: the length of {@link #parameters()}.
   */
  public static final int PARAMETER_COUNT = 830;

  /**
   * FLOPs of one sample's forward pass, two per multiply-add.
   */
  public static final long FORWARD_FLOPS = 24_672L;

  /**
   * Bytes of the parameters as floats.
   */
  public static final long PARAMETER_BYTES = 3320L;

  /**
   * Offset of {@code c1.kernel}, [3][3][2][4], in {@link #parameters()}.
   */
  public static final int C1_KERNEL = 0;

  /**
   * Offset of {@code c1.bias}, [4], in {@link #parameters()}.
   */
  public static final int C1_BIAS = 72;

  /**
   * Offset of {@code c2.kernel}, [5][5][4][6], in {@link #parameters()}.
   */
  public static final int C2_KERNEL = 76;

  /**
   * Offset of {@code c2.bias}, [6], in {@link #parameters()}.
   */
  public static final int C2_BIAS = 676;

  /**
   * Offset of {@code out.kernel}, [36][4], in {@link #parameters()}.
   */
  public static final int OUT_KERNEL = 682;

  /**
   * Offset of {@code out.bias}, [4], in {@link #parameters()}.
   */
  public static final int OUT_BIAS = 826;

  /**
   * What decides whether weights fit this network; weight files carry its hash.
   */
  public static final String ARCHITECTURE = "network Pads\n"
      + "input x 12x11x2\n"
      + "conv2d c1 12x11x2->6x6x4 3x3/2x2 pads=1,1,1,1 relu bias\n"
      + "conv2d c2 6x6x4->4x4x6 5x5/1x1 pads=1,1,1,1 tanh bias\n"
      + "avgpool2d avg 4x4x6->4x4x6 2x2/1x1 pads=0,1,1,0\n"
      + "maxpool2d mp 4x4x6->3x2x6 3x3/2x2 pads=1,2,0,1\n"
      + "flatten flat 36\n"
      + "dense out 36->4 softmax bias";

  /**
   * The summary table {@link #summary()} returns.
   */
  public static final String SUMMARY = "Model: \"Pads\"\n"
      + "_________________________________________________________________\n"
      + " Layer (type)                Output Shape              Param #\n"
      + "=================================================================\n"
      + " x (Input)                   (None, 12, 11, 2)         0\n"
      + " c1 (Conv2D)                 (None, 6, 6, 4)           76\n"
      + " c2 (Conv2D)                 (None, 4, 4, 6)           606\n"
      + " avg (AvgPool2D)             (None, 4, 4, 6)           0\n"
      + " mp (MaxPool2D)              (None, 3, 2, 6)           0\n"
      + " flat (Flatten)              (None, 36)                0\n"
      + " out (Dense)                 (None, 4)                 148\n"
      + "=================================================================\n"
      + "Total params: 830 (3.24 KB)\n"
      + "Trainable params: 830 (3.24 KB)\n"
      + "Non-trainable params: 0 (0.00 B)\n"
      + "Forward FLOPs per sample: 24,672\n"
      + "_________________________________________________________________\n";

  /**
   * Values per sample of {@code c1}'s output (6×6×4).
   */
  private static final int C1_SIZE = 144;

  /**
   * Values per sample of {@code c2}'s output (4×4×6).
   */
  private static final int C2_SIZE = 96;

  /**
   * Values per sample of {@code avg}'s output (4×4×6).
   */
  private static final int AVG_SIZE = 96;

  /**
   * Values per sample of {@code mp}'s output (3×2×6).
   */
  private static final int MP_SIZE = 36;

  /**
   * {@code c1}'s windows: 12×11×2 input, 3×3 kernel, strides 2×2, pads 1 above, 1 below, 1 left, 1 right.
   */
  private static final Window2D C1_WINDOW = new Window2D(12, 11, 2, 3, 3, 2, 2, 1, 1, 6, 6);

  /**
   * {@code c1}'s output pixels per image (6×6): rows of its product per image.
   */
  private static final int C1_PIXELS = 36;

  /**
   * Values of one of {@code c1}'s windows (3×3×2): its product's depth.
   */
  private static final int C1_DEPTH = 18;

  /**
   * {@code c1}'s filters: its output's channels.
   */
  private static final int C1_FILTERS = 4;

  /**
   * {@code c2}'s windows: 6×6×4 input, 5×5 kernel, strides 1×1, pads 1 above, 1 below, 1 left, 1 right.
   */
  private static final Window2D C2_WINDOW = new Window2D(6, 6, 4, 5, 5, 1, 1, 1, 1, 4, 4);

  /**
   * {@code c2}'s output pixels per image (4×4): rows of its product per image.
   */
  private static final int C2_PIXELS = 16;

  /**
   * Values of one of {@code c2}'s windows (5×5×4): its product's depth.
   */
  private static final int C2_DEPTH = 100;

  /**
   * {@code c2}'s filters: its output's channels.
   */
  private static final int C2_FILTERS = 6;

  /**
   * {@code avg}'s windows: 4×4×6 input, 2×2 pool, strides 1×1, pads 0 above, 1 below, 1 left, 0 right.
   */
  private static final Window2D AVG_WINDOW = new Window2D(4, 4, 6, 2, 2, 1, 1, 0, 1, 4, 4);

  /**
   * {@code mp}'s windows: 4×4×6 input, 3×3 pool, strides 2×2, pads 1 above, 2 below, 0 left, 1 right.
   */
  private static final Window2D MP_WINDOW = new Window2D(4, 4, 6, 3, 3, 2, 2, 1, 0, 3, 2);

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
   * The Conv2D layer {@code c2}.
   */
  public final Layer c2;

  /**
   * The AvgPool2D layer {@code avg}.
   */
  public final Layer avg;

  /**
   * The MaxPool2D layer {@code mp}.
   */
  public final Layer mp;

  /**
   * The Flatten layer {@code flat}.
   */
  public final Layer flat;

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
  public CompiledPads() {
    this(Seeds.random());
  }

  /**
   * A model whose weights are drawn from {@code seed}: the same seed gives the same weights.
   */
  public CompiledPads(long seed) {
    this.seed = seed;
    Initializers.glorotUniform(parameters, C1_KERNEL, C1_DEPTH * C1_FILTERS, 18, 36,
        Seeds.mix(seed, 1));
    Initializers.glorotUniform(parameters, C2_KERNEL, C2_DEPTH * C2_FILTERS, 100, 150,
        Seeds.mix(seed, 2));
    Initializers.glorotUniform(parameters, OUT_KERNEL, MP_SIZE, OUTPUT_SIZE, Seeds.mix(seed, 6));
    this.x = new Layer("x", "Input", new int[] {12, 11, 2}, new int[] {12, 11, 2}, List.of());
    this.c1 = new Layer("c1", "Conv2D", new int[] {12, 11, 2}, new int[] {6, 6, 4}, List.of(
        new TensorView("c1.kernel", parameters, C1_KERNEL, 3, 3, 2, 4),
        new TensorView("c1.bias", parameters, C1_BIAS, 4)));
    this.c2 = new Layer("c2", "Conv2D", new int[] {6, 6, 4}, new int[] {4, 4, 6}, List.of(
        new TensorView("c2.kernel", parameters, C2_KERNEL, 5, 5, 4, 6),
        new TensorView("c2.bias", parameters, C2_BIAS, 6)));
    this.avg = new Layer("avg", "AvgPool2D", new int[] {4, 4, 6}, new int[] {4, 4, 6}, List.of());
    this.mp = new Layer("mp", "MaxPool2D", new int[] {4, 4, 6}, new int[] {3, 2, 6}, List.of());
    this.flat = new Layer("flat", "Flatten", new int[] {3, 2, 6}, new int[] {36}, List.of());
    this.out = new Layer("out", "Dense", new int[] {36}, new int[] {4}, List.of(
        new TensorView("out.kernel", parameters, OUT_KERNEL, 36, 4),
        new TensorView("out.bias", parameters, OUT_BIAS, 4)));
    this.layers = List.of(x, c1, c2, avg, mp, flat, out);
  }

  @Override
  public String name() {
    return "Pads";
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
  public static CompiledPads load(Path file) throws IOException {
    CompiledPads model = new CompiledPads(0L);
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
     * c1's outputs, [capacity][6×6×4].
     */
    private final float[] c1;

    /**
     * The loss gradient with respect to c1's outputs, then its pre-activations;
     * [capacity][6×6×4].
     */
    private final float[] c1Grad;

    /**
     * c2's outputs, [capacity][4×4×6].
     */
    private final float[] c2;

    /**
     * The loss gradient with respect to c2's outputs, then its pre-activations;
     * [capacity][4×4×6].
     */
    private final float[] c2Grad;

    /**
     * c2's input windows side by side, [capacity][16][100], then their gradient.
     */
    private final float[] c2Patches;

    /**
     * avg's outputs, [capacity][4×4×6].
     */
    private final float[] avg;

    /**
     * The loss gradient with respect to avg's outputs; [capacity][4×4×6].
     */
    private final float[] avgGrad;

    /**
     * mp's outputs, [capacity][3×2×6].
     */
    private final float[] mp;

    /**
     * The loss gradient with respect to mp's outputs; [capacity][3×2×6].
     */
    private final float[] mpGrad;

    /**
     * out's outputs, [capacity][4].
     */
    private final float[] out;

    /**
     * The loss gradient with respect to out's outputs, then its pre-activations;
     * [capacity][4].
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
      this.c2 = new float[Checks.bufferSize(capacity, C2_SIZE)];
      this.c2Grad = new float[Checks.bufferSize(capacity, C2_SIZE)];
      this.c2Patches = new float[Checks.bufferSize(capacity, C2_PIXELS * C2_DEPTH)];
      this.avg = new float[Checks.bufferSize(capacity, AVG_SIZE)];
      this.avgGrad = new float[Checks.bufferSize(capacity, AVG_SIZE)];
      this.mp = new float[Checks.bufferSize(capacity, MP_SIZE)];
      this.mpGrad = new float[Checks.bufferSize(capacity, MP_SIZE)];
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
      c2Infer(c1, 0, count);
      avgForward(c2, 0, count);
      mpForward(avg, 0, count);
      outForward(mp, 0, count);
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
      c2Infer(c1, 0, count);
      avgForward(c2, 0, count);
      mpForward(avg, 0, count);
      outForward(mp, 0, count);
      return Losses.sparseSoftmaxCrossEntropy(out, count, OUTPUT_SIZE, targets, targetOffset,
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
      c1Forward(inputs, inputOffset, count);
      c2Forward(c1, 0, count);
      avgForward(c2, 0, count);
      mpForward(avg, 0, count);
      outForward(mp, 0, count);
      double loss = Losses.sparseSoftmaxCrossEntropy(out, count, OUTPUT_SIZE, targets, targetOffset,
          weights, weightOffset, outGrad, scale);
      outBackward(mp, 0, count, gradients);
      mpBackward(avg, 0, count);
      avgBackward(count);
      c2Backward(c1, 0, count, gradients);
      c1Backward(inputs, inputOffset, count, gradients);
      return loss;
    }

    /**
     * The samples whose buffers fit {@link TrainingChunks#BYTES}: these values (4 bytes each) per sample.
     */
    @Override
    public int trainingChunk() {
      return TrainingChunks.forSample(0L + C1_SIZE + C1_SIZE + C2_SIZE + C2_SIZE
          + C2_PIXELS * C2_DEPTH + AVG_SIZE + AVG_SIZE + MP_SIZE + MP_SIZE + OUTPUT_SIZE
          + OUTPUT_SIZE);
    }

    /**
     * c1 (Conv2D 12×11×2 → 6×6×4, 3×3 kernel, strides 2×2, pads 1 above, 1 below, 1 left, 1 right, relu):
     * {@code c1[n][6×6×4] = relu(windows[n·36][18] · kernel[18][4] + bias[4])},
     * each window read in place; the backward pass reads them again rather than a copy.
     */
    private void c1Forward(float[] in, int inOffset, int n) {
      Convolutions.convolve(C1_WINDOW, in, inOffset, n, parameters, C1_KERNEL, parameters, C1_BIAS,
          true, C1_FILTERS, c1, 0);
    }

    /**
     * c1 backward: {@code c1Grad} holds the loss gradient with respect to the outputs;
     * times relu′ it becomes the gradient with respect to the pre-activations.
     * Then {@code kernel gradient = windowsᵀ · c1Grad},
     * {@code bias gradient = Σ rows of c1Grad}.
     */
    private void c1Backward(float[] in, int inOffset, int n, float[] gradients) {
      K.reluBackward(c1, 0, c1Grad, 0, n * C1_SIZE);
      Convolutions.kernelGradient(C1_WINDOW, in, inOffset, n, c1Grad, C1_FILTERS, gradients,
          C1_KERNEL);
      K.columnSums(c1Grad, 0, n * C1_PIXELS, C1_FILTERS, gradients, C1_BIAS);
    }

    /**
     * c2 (Conv2D 6×6×4 → 4×4×6, 5×5 kernel, strides 1×1, pads 1 above, 1 below, 1 left, 1 right, tanh):
     * {@code c2[n][4×4×6] = tanh(windows[n·16][100] · kernel[100][6] + bias[6])}.
     */
    private void c2Forward(float[] in, int inOffset, int n) {
      Convolutions.im2col(C2_WINDOW, in, inOffset, n, c2Patches);
      K.matmul(c2Patches, 0, parameters, C2_KERNEL, parameters, C2_BIAS, c2, 0, n * C2_PIXELS,
          C2_DEPTH, C2_FILTERS);
      K.tanh(c2, 0, n * C2_SIZE);
    }

    /**
     * c2 backward: {@code c2Grad} holds the loss gradient with respect to the outputs;
     * times tanh′ it becomes the gradient with respect to the pre-activations.
     * Then {@code kernel gradient = windowsᵀ · c2Grad},
     * {@code bias gradient = Σ rows of c2Grad}
     * and {@code c1Grad} = c2Grad · kernelᵀ, added back into the input's pixels.
     */
    private void c2Backward(float[] in, int inOffset, int n, float[] gradients) {
      K.tanhBackward(c2, 0, c2Grad, 0, n * C2_SIZE);
      K.matmulTransA(c2Patches, 0, c2Grad, 0, gradients, C2_KERNEL, n * C2_PIXELS, C2_DEPTH,
          C2_FILTERS);
      K.columnSums(c2Grad, 0, n * C2_PIXELS, C2_FILTERS, gradients, C2_BIAS);
      K.matmulTransB(c2Grad, 0, parameters, C2_KERNEL, c2Patches, 0, n * C2_PIXELS, C2_FILTERS,
          C2_DEPTH, transposed);
      Convolutions.col2im(C2_WINDOW, c2Patches, n, c1Grad);
    }

    /**
     * c2's forward pass for prediction: the values of {@link #c2Forward},
     * with each window read in place rather than copied out, as no backward pass
     * needs the copy.
     */
    private void c2Infer(float[] in, int inOffset, int n) {
      Convolutions.convolve(C2_WINDOW, in, inOffset, n, parameters, C2_KERNEL, parameters, C2_BIAS,
          false, C2_FILTERS, c2, 0);
      K.tanh(c2, 0, n * C2_SIZE);
    }

    /**
     * avg (AvgPool2D 4×4×6 → 4×4×6, 2×2 pool, strides 1×1, pads 0 above, 1 below, 1 left, 0 right).
     */
    private void avgForward(float[] in, int inOffset, int n) {
      Pooling.average(AVG_WINDOW, in, inOffset, n, avg);
    }

    /**
     * avg backward: {@code c2Grad}, the input gradient, from {@code avgGrad}.
     */
    private void avgBackward(int n) {
      Pooling.averageBackward(AVG_WINDOW, avgGrad, n, c2Grad);
    }

    /**
     * mp (MaxPool2D 4×4×6 → 3×2×6, 3×3 pool, strides 2×2, pads 1 above, 2 below, 0 left, 1 right).
     */
    private void mpForward(float[] in, int inOffset, int n) {
      Pooling.max(MP_WINDOW, in, inOffset, n, mp);
    }

    /**
     * mp backward: {@code avgGrad} from {@code mpGrad} (consumed), at each window's max.
     */
    private void mpBackward(float[] in, int inOffset, int n) {
      Pooling.maxBackward(MP_WINDOW, in, inOffset, mp, mpGrad, n, avgGrad);
    }

    /**
     * out (Dense 36 → 4, softmax):
     * {@code out[n][4] = in[n][36] · kernel[36][4] + bias[4]}.
     * These are the logits: the loss applies softmax, and so does {@code predict}.
     */
    private void outForward(float[] in, int inOffset, int n) {
      K.matmul(in, inOffset, parameters, OUT_KERNEL, parameters, OUT_BIAS, out, 0, n, MP_SIZE,
          OUTPUT_SIZE);
    }

    /**
     * out backward: {@code outGrad} holds the loss gradient with respect to the logits
     * (the fused loss wrote it).
     * Then {@code kernel gradient = inᵀ · outGrad},
     * {@code bias gradient = Σ rows of outGrad}
     * and {@code mpGrad = outGrad · kernelᵀ}.
     */
    private void outBackward(float[] in, int inOffset, int n, float[] gradients) {
      K.matmulTransA(in, inOffset, outGrad, 0, gradients, OUT_KERNEL, n, MP_SIZE, OUTPUT_SIZE);
      K.columnSums(outGrad, 0, n, OUTPUT_SIZE, gradients, OUT_BIAS);
      K.matmulTransB(outGrad, 0, parameters, OUT_KERNEL, mpGrad, 0, n, OUTPUT_SIZE, MP_SIZE,
          transposed);
    }
  }
}
