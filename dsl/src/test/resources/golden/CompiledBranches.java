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
import org.dendrite.runtime.support.Merges;
import org.dendrite.runtime.support.Seeds;

/**
 * {@code Branches} compiled by Dendrite: 6 → 4 linear → 8 relu → 4 tanh → 4 tanh → 3 sigmoid → 1 linear,
 * loss mse; 193 parameters.
 *
 * <pre>
 * Model: "Branches"
 * ___________________________________________________________________________________
 *  Layer (type)                Output Shape              Param #   Connected to
 * ===================================================================================
 *  x (Input)                   (None, 6)                 0
 *  wide (Dense)                (None, 4)                 28        x
 *  deep1 (Dense)               (None, 8)                 56        x
 *  drop (Dropout)              (None, 8)                 0         deep1
 *  deep2 (Dense)               (None, 4)                 36        drop
 *  deep3 (Dense)               (None, 4)                 36        drop
 *  total (Add)                 (None, 4)                 0         wide, deep2, deep3
 *  side (Dense)                (None, 3)                 21        x
 *  joined (Concatenate)        (None, 15)                0         total, side, deep1
 *  price (Dense)               (None, 1)                 16        joined
 * ===================================================================================
 * Total params: 193 (772.00 B)
 * Trainable params: 193 (772.00 B)
 * Non-trainable params: 0 (0.00 B)
 * Forward FLOPs per sample: 338
 * ___________________________________________________________________________________
 * </pre>
 *
 * <p>Generated code: do not edit. Every size is a constant; the passes call the runtime's
 * SIMD kernels.
 */
@Generated("org.dendrite.compiler.nn.NnCompiler")
public final class CompiledBranches implements Model {
  /**
   * Values per input sample (6).
   */
  public static final int INPUT_SIZE = 6;

  /**
   * Values per output sample.
   */
  public static final int OUTPUT_SIZE = 1;

  /**
   * Values per training target: one per output.
   */
  public static final int TARGET_SIZE = 1;

  /**
   * Trainable parameters: the length of {@link #parameters()}.
   */
  public static final int PARAMETER_COUNT = 193;

  /**
   * FLOPs of one sample's forward pass, two per multiply-add.
   */
  public static final long FORWARD_FLOPS = 338L;

  /**
   * Bytes of the parameters as floats.
   */
  public static final long PARAMETER_BYTES = 772L;

  /**
   * Offset of {@code wide.kernel}, [6][4], in {@link #parameters()}.
   */
  public static final int WIDE_KERNEL = 0;

  /**
   * Offset of {@code wide.bias}, [4], in {@link #parameters()}.
   */
  public static final int WIDE_BIAS = 24;

  /**
   * Offset of {@code deep1.kernel}, [6][8], in {@link #parameters()}.
   */
  public static final int DEEP1_KERNEL = 28;

  /**
   * Offset of {@code deep1.bias}, [8], in {@link #parameters()}.
   */
  public static final int DEEP1_BIAS = 76;

  /**
   * Offset of {@code deep2.kernel}, [8][4], in {@link #parameters()}.
   */
  public static final int DEEP2_KERNEL = 84;

  /**
   * Offset of {@code deep2.bias}, [4], in {@link #parameters()}.
   */
  public static final int DEEP2_BIAS = 116;

  /**
   * Offset of {@code deep3.kernel}, [8][4], in {@link #parameters()}.
   */
  public static final int DEEP3_KERNEL = 120;

  /**
   * Offset of {@code deep3.bias}, [4], in {@link #parameters()}.
   */
  public static final int DEEP3_BIAS = 152;

  /**
   * Offset of {@code side.kernel}, [6][3], in {@link #parameters()}.
   */
  public static final int SIDE_KERNEL = 156;

  /**
   * Offset of {@code side.bias}, [3], in {@link #parameters()}.
   */
  public static final int SIDE_BIAS = 174;

  /**
   * Offset of {@code price.kernel}, [15][1], in {@link #parameters()}.
   */
  public static final int PRICE_KERNEL = 177;

  /**
   * Offset of {@code price.bias}, [1], in {@link #parameters()}.
   */
  public static final int PRICE_BIAS = 192;

  /**
   * What decides whether weights fit this network; weight files carry its hash.
   */
  public static final String ARCHITECTURE = "network Branches\n"
      + "input x 6\n"
      + "dense wide 6->4 linear bias\n"
      + "dense deep1 6->8 relu bias <- x\n"
      + "dropout drop 8\n"
      + "dense deep2 8->4 tanh bias\n"
      + "dense deep3 8->4 tanh bias <- drop\n"
      + "add total 4 <- wide,deep2,deep3\n"
      + "dense side 6->3 sigmoid bias <- x\n"
      + "concatenate joined 15 axis 0 <- total,side,deep1\n"
      + "dense price 15->1 linear bias";

  /**
   * The summary table {@link #summary()} returns.
   */
  public static final String SUMMARY = "Model: \"Branches\"\n"
      + "___________________________________________________________________________________\n"
      + " Layer (type)                Output Shape              Param #   Connected to\n"
      + "===================================================================================\n"
      + " x (Input)                   (None, 6)                 0\n"
      + " wide (Dense)                (None, 4)                 28        x\n"
      + " deep1 (Dense)               (None, 8)                 56        x\n"
      + " drop (Dropout)              (None, 8)                 0         deep1\n"
      + " deep2 (Dense)               (None, 4)                 36        drop\n"
      + " deep3 (Dense)               (None, 4)                 36        drop\n"
      + " total (Add)                 (None, 4)                 0         wide, deep2, deep3\n"
      + " side (Dense)                (None, 3)                 21        x\n"
      + " joined (Concatenate)        (None, 15)                0         total, side, deep1\n"
      + " price (Dense)               (None, 1)                 16        joined\n"
      + "===================================================================================\n"
      + "Total params: 193 (772.00 B)\n"
      + "Trainable params: 193 (772.00 B)\n"
      + "Non-trainable params: 0 (0.00 B)\n"
      + "Forward FLOPs per sample: 338\n"
      + "___________________________________________________________________________________\n";

  /**
   * Values per sample of {@code wide}'s output (4).
   */
  private static final int WIDE_SIZE = 4;

  /**
   * Values per sample of {@code deep1}'s output (8).
   */
  private static final int DEEP1_SIZE = 8;

  /**
   * Values per sample of {@code deep2}'s output (4).
   */
  private static final int DEEP2_SIZE = 4;

  /**
   * Values per sample of {@code deep3}'s output (4).
   */
  private static final int DEEP3_SIZE = 4;

  /**
   * Values per sample of {@code side}'s output (3).
   */
  private static final int SIDE_SIZE = 3;

  /**
   * Values per sample of {@code joined}'s output (15).
   */
  private static final int JOINED_SIZE = 15;

  /**
   * The kernels, Vector API or scalar, chosen once per JVM.
   */
  private static final Kernels K = Kernels.get();

  /**
   * The Input layer {@code x}.
   */
  public final Layer x;

  /**
   * The Dense layer {@code wide}.
   */
  public final Layer wide;

  /**
   * The Dense layer {@code deep1}.
   */
  public final Layer deep1;

  /**
   * The Dropout layer {@code drop}.
   */
  public final Layer drop;

  /**
   * The Dense layer {@code deep2}.
   */
  public final Layer deep2;

  /**
   * The Dense layer {@code deep3}.
   */
  public final Layer deep3;

  /**
   * The Add layer {@code total}.
   */
  public final Layer total;

  /**
   * The Dense layer {@code side}.
   */
  public final Layer side;

  /**
   * The Concatenate layer {@code joined}.
   */
  public final Layer joined;

  /**
   * The Dense layer {@code price}.
   */
  public final Layer price;

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
  public CompiledBranches() {
    this(Seeds.random());
  }

  /**
   * A model whose weights are drawn from {@code seed}: the same seed gives the same weights.
   */
  public CompiledBranches(long seed) {
    this.seed = seed;
    Initializers.glorotUniform(parameters, WIDE_KERNEL, INPUT_SIZE, WIDE_SIZE, Seeds.mix(seed, 1));
    Initializers.glorotUniform(parameters, DEEP1_KERNEL, INPUT_SIZE, DEEP1_SIZE,
        Seeds.mix(seed, 2));
    Initializers.glorotUniform(parameters, DEEP2_KERNEL, DEEP1_SIZE, DEEP2_SIZE,
        Seeds.mix(seed, 4));
    Initializers.glorotUniform(parameters, DEEP3_KERNEL, DEEP1_SIZE, DEEP3_SIZE,
        Seeds.mix(seed, 5));
    Initializers.glorotUniform(parameters, SIDE_KERNEL, INPUT_SIZE, SIDE_SIZE, Seeds.mix(seed, 7));
    Initializers.glorotUniform(parameters, PRICE_KERNEL, JOINED_SIZE, OUTPUT_SIZE,
        Seeds.mix(seed, 9));
    this.x = new Layer("x", "Input", new int[] {6}, new int[] {6}, List.of());
    this.wide = new Layer("wide", "Dense", new int[] {6}, new int[] {4}, List.of(
        new TensorView("wide.kernel", parameters, WIDE_KERNEL, 6, 4),
        new TensorView("wide.bias", parameters, WIDE_BIAS, 4)));
    this.deep1 = new Layer("deep1", "Dense", new int[] {6}, new int[] {8}, List.of(
        new TensorView("deep1.kernel", parameters, DEEP1_KERNEL, 6, 8),
        new TensorView("deep1.bias", parameters, DEEP1_BIAS, 8)));
    this.drop = new Layer("drop", "Dropout", new int[] {8}, new int[] {8}, List.of());
    this.deep2 = new Layer("deep2", "Dense", new int[] {8}, new int[] {4}, List.of(
        new TensorView("deep2.kernel", parameters, DEEP2_KERNEL, 8, 4),
        new TensorView("deep2.bias", parameters, DEEP2_BIAS, 4)));
    this.deep3 = new Layer("deep3", "Dense", new int[] {8}, new int[] {4}, List.of(
        new TensorView("deep3.kernel", parameters, DEEP3_KERNEL, 8, 4),
        new TensorView("deep3.bias", parameters, DEEP3_BIAS, 4)));
    this.total = new Layer("total", "Add", new int[] {4}, new int[] {4}, List.of());
    this.side = new Layer("side", "Dense", new int[] {6}, new int[] {3}, List.of(
        new TensorView("side.kernel", parameters, SIDE_KERNEL, 6, 3),
        new TensorView("side.bias", parameters, SIDE_BIAS, 3)));
    this.joined = new Layer("joined", "Concatenate", new int[] {4}, new int[] {15}, List.of());
    this.price = new Layer("price", "Dense", new int[] {15}, new int[] {1}, List.of(
        new TensorView("price.kernel", parameters, PRICE_KERNEL, 15, 1),
        new TensorView("price.bias", parameters, PRICE_BIAS, 1)));
    this.layers = List.of(x, wide, deep1, drop, deep2, deep3, total, side, joined, price);
  }

  @Override
  public String name() {
    return "Branches";
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
  public static CompiledBranches load(Path file) throws IOException {
    CompiledBranches model = new CompiledBranches(0L);
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
     * wide's outputs, [capacity][4].
     */
    private final float[] wide;

    /**
     * The loss gradient with respect to wide's outputs, then its pre-activations;
     * [capacity][4].
     */
    private final float[] wideGrad;

    /**
     * deep1's outputs, [capacity][8].
     */
    private final float[] deep1;

    /**
     * The loss gradient with respect to deep1's outputs, then its pre-activations;
     * [capacity][8].
     */
    private final float[] deep1Grad;

    /**
     * drop's outputs in training, [capacity][8]; inference skips the layer.
     */
    private final float[] drop;

    /**
     * drop's mask of the current step: 0 or 1 / (1 - rate) per value.
     */
    private final float[] dropMask;

    /**
     * The loss gradient with respect to drop's outputs in training.
     */
    private final float[] dropGrad;

    /**
     * deep2's outputs, [capacity][4].
     */
    private final float[] deep2;

    /**
     * The loss gradient with respect to deep2's outputs, then its pre-activations;
     * [capacity][4].
     */
    private final float[] deep2Grad;

    /**
     * deep3's outputs, [capacity][4].
     */
    private final float[] deep3;

    /**
     * The loss gradient with respect to deep3's outputs, then its pre-activations;
     * [capacity][4].
     */
    private final float[] deep3Grad;

    /**
     * total's outputs, [capacity][4].
     */
    private final float[] total;

    /**
     * The loss gradient with respect to total's outputs.
     */
    private final float[] totalGrad;

    /**
     * joined's outputs, [capacity][15].
     */
    private final float[] joined;

    /**
     * The loss gradient with respect to joined's outputs.
     */
    private final float[] joinedGrad;

    /**
     * price's outputs, [capacity][1].
     */
    private final float[] price;

    /**
     * The loss gradient with respect to price's outputs, then its pre-activations;
     * [capacity][1].
     */
    private final float[] priceGrad;

    /**
     * Scratch for a kernel transposed to compute an input gradient: the largest, deep2's.
     */
    private final float[] transposed;

    /**
     * Scratch for a gradient that is added to one already written (a layer read by several
     * layers); as wide as drop's output.
     */
    private final float[] partialGrad;

    Pass(int capacity) {
      this.capacity = capacity;
      this.wide = new float[Checks.bufferSize(capacity, WIDE_SIZE)];
      this.wideGrad = new float[Checks.bufferSize(capacity, WIDE_SIZE)];
      this.deep1 = new float[Checks.bufferSize(capacity, DEEP1_SIZE)];
      this.deep1Grad = new float[Checks.bufferSize(capacity, DEEP1_SIZE)];
      this.drop = new float[Checks.bufferSize(capacity, DEEP1_SIZE)];
      this.dropMask = new float[Checks.bufferSize(capacity, DEEP1_SIZE)];
      this.dropGrad = new float[Checks.bufferSize(capacity, DEEP1_SIZE)];
      this.deep2 = new float[Checks.bufferSize(capacity, DEEP2_SIZE)];
      this.deep2Grad = new float[Checks.bufferSize(capacity, DEEP2_SIZE)];
      this.deep3 = new float[Checks.bufferSize(capacity, DEEP3_SIZE)];
      this.deep3Grad = new float[Checks.bufferSize(capacity, DEEP3_SIZE)];
      this.total = new float[Checks.bufferSize(capacity, WIDE_SIZE)];
      this.totalGrad = new float[Checks.bufferSize(capacity, WIDE_SIZE)];
      this.joined = new float[Checks.bufferSize(capacity, JOINED_SIZE)];
      this.joinedGrad = new float[Checks.bufferSize(capacity, JOINED_SIZE)];
      this.price = new float[Checks.bufferSize(capacity, OUTPUT_SIZE)];
      this.priceGrad = new float[Checks.bufferSize(capacity, OUTPUT_SIZE)];
      this.transposed = new float[DEEP1_SIZE * DEEP2_SIZE];
      this.partialGrad = new float[Checks.bufferSize(capacity, DEEP1_SIZE)];
    }

    @Override
    public int capacity() {
      return capacity;
    }

    @Override
    public float[] outputs() {
      return price;
    }

    @Override
    public void predict(float[] inputs, int inputOffset, float[] outputs, int outputOffset,
        int count) {
      Checks.batch(count, capacity);
      Checks.samples("inputs", inputs, inputOffset, count, INPUT_SIZE);
      Checks.samples("outputs", outputs, outputOffset, count, OUTPUT_SIZE);
      wideForward(inputs, inputOffset, count);
      deep1Forward(inputs, inputOffset, count);
      deep2Forward(deep1, 0, count);
      deep3Forward(deep1, 0, count);
      // total = wide + deep2 + deep3
      Merges.add(wide, 0, deep2, 0, total, 0, count * WIDE_SIZE);
      Merges.accumulate(deep3, 0, total, 0, count * WIDE_SIZE);
      sideForward(inputs, inputOffset, count);
      // joined = [total | side | deep1] along axis 0: 15 value(s) per block, 1 block(s) per sample
      // (side wrote its columns in place)
      Merges.concatenate(total, 0, count, 4, joined, 0, 15);
      Merges.concatenate(deep1, 0, count, 8, joined, 7, 15);
      priceForward(joined, 0, count);
      System.arraycopy(price, 0, outputs, outputOffset, count * OUTPUT_SIZE);
    }

    @Override
    public double evaluate(float[] inputs, int inputOffset, float[] targets, int targetOffset,
        int count) {
      Checks.batch(count, capacity);
      Checks.samples("inputs", inputs, inputOffset, count, INPUT_SIZE);
      Checks.samples("targets", targets, targetOffset, count, TARGET_SIZE);
      wideForward(inputs, inputOffset, count);
      deep1Forward(inputs, inputOffset, count);
      deep2Forward(deep1, 0, count);
      deep3Forward(deep1, 0, count);
      // total = wide + deep2 + deep3
      Merges.add(wide, 0, deep2, 0, total, 0, count * WIDE_SIZE);
      Merges.accumulate(deep3, 0, total, 0, count * WIDE_SIZE);
      sideForward(inputs, inputOffset, count);
      // joined = [total | side | deep1] along axis 0: 15 value(s) per block, 1 block(s) per sample
      // (side wrote its columns in place)
      Merges.concatenate(total, 0, count, 4, joined, 0, 15);
      Merges.concatenate(deep1, 0, count, 8, joined, 7, 15);
      priceForward(joined, 0, count);
      return Losses.meanSquaredError(price, count, OUTPUT_SIZE, targets, targetOffset,
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
      wideForward(inputs, inputOffset, count);
      deep1Forward(inputs, inputOffset, count);
      dropForward(deep1, 0, count, step, firstSample);
      deep2Forward(drop, 0, count);
      deep3Forward(drop, 0, count);
      // total = wide + deep2 + deep3
      Merges.add(wide, 0, deep2, 0, total, 0, count * WIDE_SIZE);
      Merges.accumulate(deep3, 0, total, 0, count * WIDE_SIZE);
      sideForward(inputs, inputOffset, count);
      // joined = [total | side | deep1] along axis 0: 15 value(s) per block, 1 block(s) per sample
      // (side wrote its columns in place)
      Merges.concatenate(total, 0, count, 4, joined, 0, 15);
      Merges.concatenate(deep1, 0, count, 8, joined, 7, 15);
      priceForward(joined, 0, count);
      double loss = Losses.meanSquaredError(price, count, OUTPUT_SIZE, targets, targetOffset,
          weights, weightOffset, priceGrad, scale);
      priceBackward(joined, 0, count, gradients);
      // joined backward: each input's columns of its gradient
      Merges.split(joinedGrad, 0, 15, count, 4, totalGrad, 0);
      Merges.split(joinedGrad, 7, 15, count, 8, deep1Grad, 0);
      sideBackward(inputs, inputOffset, count, gradients);
      // total backward: its gradient is each input's
      System.arraycopy(totalGrad, 0, wideGrad, 0, count * WIDE_SIZE);
      System.arraycopy(totalGrad, 0, deep2Grad, 0, count * WIDE_SIZE);
      System.arraycopy(totalGrad, 0, deep3Grad, 0, count * WIDE_SIZE);
      deep3Backward(drop, 0, count, gradients);
      deep2Backward(drop, 0, count, gradients);
      // deep2's part of drop's gradient, added to the parts of the layers after it
      K.add(dropGrad, partialGrad, 0, count * DEEP1_SIZE);
      dropBackward(count);
      // drop's part of deep1's gradient, added to the parts of the layers after it
      K.add(deep1Grad, partialGrad, 0, count * DEEP1_SIZE);
      deep1Backward(inputs, inputOffset, count, gradients);
      wideBackward(inputs, inputOffset, count, gradients);
      return loss;
    }

    /**
     * wide (Dense 6 → 4, linear):
     * {@code wide[n][4] = in[n][6] · kernel[6][4] + bias[4]}.
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

    /**
     * deep1 (Dense 6 → 8, relu):
     * {@code deep1[n][8] = relu(in[n][6] · kernel[6][8] + bias[8])}.
     */
    private void deep1Forward(float[] in, int inOffset, int n) {
      K.matmulRelu(in, inOffset, parameters, DEEP1_KERNEL, parameters, DEEP1_BIAS, deep1, 0, n,
          INPUT_SIZE, DEEP1_SIZE);
    }

    /**
     * deep1 backward: {@code deep1Grad} holds the loss gradient with respect to the outputs;
     * times relu′ it becomes the gradient with respect to the pre-activations.
     * Then {@code kernel gradient = inᵀ · deep1Grad},
     * {@code bias gradient = Σ rows of deep1Grad};
     * no layer before it has parameters, so no input gradient.
     */
    private void deep1Backward(float[] in, int inOffset, int n, float[] gradients) {
      K.reluBackward(deep1, 0, deep1Grad, 0, n * DEEP1_SIZE);
      K.matmulTransA(in, inOffset, deep1Grad, 0, gradients, DEEP1_KERNEL, n, INPUT_SIZE,
          DEEP1_SIZE);
      K.columnSums(deep1Grad, 0, n, DEEP1_SIZE, gradients, DEEP1_BIAS);
    }

    /**
     * drop (Dropout, rate 0.2), training only: {@code drop[n][8] = in ⊙ mask}.
     * Each value is kept with probability 0.8 and scaled by 1 / 0.8; the mask depends on the seed,
     * the step and the sample index.
     */
    private void dropForward(float[] in, int inOffset, int n, long step, int firstSample) {
      DropoutMasks.fill(dropMask, n, DEEP1_SIZE, 0.2f, Seeds.mix(seed, 3), step, firstSample);
      K.multiply(in, inOffset, dropMask, 0, drop, 0, n * DEEP1_SIZE);
    }

    /**
     * drop backward: {@code partialGrad = dropGrad ⊙ mask}.
     */
    private void dropBackward(int n) {
      K.multiply(dropGrad, 0, dropMask, 0, partialGrad, 0, n * DEEP1_SIZE);
    }

    /**
     * deep2 (Dense 8 → 4, tanh):
     * {@code deep2[n][4] = tanh(in[n][8] · kernel[8][4] + bias[4])}.
     */
    private void deep2Forward(float[] in, int inOffset, int n) {
      K.matmul(in, inOffset, parameters, DEEP2_KERNEL, parameters, DEEP2_BIAS, deep2, 0, n,
          DEEP1_SIZE, DEEP2_SIZE);
      K.tanh(deep2, 0, n * DEEP2_SIZE);
    }

    /**
     * deep2 backward: {@code deep2Grad} holds the loss gradient with respect to the outputs;
     * times tanh′ it becomes the gradient with respect to the pre-activations.
     * Then {@code kernel gradient = inᵀ · deep2Grad},
     * {@code bias gradient = Σ rows of deep2Grad}
     * and {@code partialGrad = deep2Grad · kernelᵀ}.
     */
    private void deep2Backward(float[] in, int inOffset, int n, float[] gradients) {
      K.tanhBackward(deep2, 0, deep2Grad, 0, n * DEEP2_SIZE);
      K.matmulTransA(in, inOffset, deep2Grad, 0, gradients, DEEP2_KERNEL, n, DEEP1_SIZE,
          DEEP2_SIZE);
      K.columnSums(deep2Grad, 0, n, DEEP2_SIZE, gradients, DEEP2_BIAS);
      K.matmulTransB(deep2Grad, 0, parameters, DEEP2_KERNEL, partialGrad, 0, n, DEEP2_SIZE,
          DEEP1_SIZE, transposed);
    }

    /**
     * deep3 (Dense 8 → 4, tanh):
     * {@code deep3[n][4] = tanh(in[n][8] · kernel[8][4] + bias[4])}.
     */
    private void deep3Forward(float[] in, int inOffset, int n) {
      K.matmul(in, inOffset, parameters, DEEP3_KERNEL, parameters, DEEP3_BIAS, deep3, 0, n,
          DEEP1_SIZE, DEEP3_SIZE);
      K.tanh(deep3, 0, n * DEEP3_SIZE);
    }

    /**
     * deep3 backward: {@code deep3Grad} holds the loss gradient with respect to the outputs;
     * times tanh′ it becomes the gradient with respect to the pre-activations.
     * Then {@code kernel gradient = inᵀ · deep3Grad},
     * {@code bias gradient = Σ rows of deep3Grad}
     * and {@code dropGrad = deep3Grad · kernelᵀ}.
     */
    private void deep3Backward(float[] in, int inOffset, int n, float[] gradients) {
      K.tanhBackward(deep3, 0, deep3Grad, 0, n * DEEP3_SIZE);
      K.matmulTransA(in, inOffset, deep3Grad, 0, gradients, DEEP3_KERNEL, n, DEEP1_SIZE,
          DEEP3_SIZE);
      K.columnSums(deep3Grad, 0, n, DEEP3_SIZE, gradients, DEEP3_BIAS);
      K.matmulTransB(deep3Grad, 0, parameters, DEEP3_KERNEL, dropGrad, 0, n, DEEP3_SIZE, DEEP1_SIZE,
          transposed);
    }

    /**
     * side (Dense 6 → 3, sigmoid):
     * {@code joined[n][4:7] = sigmoid(in[n][6] · kernel[6][3] + bias[3])}.
     * Writes them into columns [4, 7) of {@code joined}, whose rows are {@code JOINED_SIZE} apart:
     * joined concatenates them with its other inputs without copying.
     */
    private void sideForward(float[] in, int inOffset, int n) {
      K.matmul(in, inOffset, INPUT_SIZE, parameters, SIDE_KERNEL, parameters, SIDE_BIAS, joined, 4,
          JOINED_SIZE, n, INPUT_SIZE, SIDE_SIZE);
      for (int row = 0; row < n; row++) {
        K.sigmoid(joined, row * JOINED_SIZE + 4, SIDE_SIZE);
      }
    }

    /**
     * side backward: {@code joinedGrad} holds the loss gradient with respect to the outputs;
     * times sigmoid′ it becomes the gradient with respect to the pre-activations.
     * Its gradient is its columns of {@code joinedGrad}, rows {@code JOINED_SIZE} apart.
     * Then {@code kernel gradient = inᵀ · joinedGrad},
     * {@code bias gradient = Σ rows of joinedGrad};
     * no layer before it has parameters, so no input gradient.
     */
    private void sideBackward(float[] in, int inOffset, int n, float[] gradients) {
      for (int row = 0; row < n; row++) {
        K.sigmoidBackward(joined, row * JOINED_SIZE + 4, joinedGrad, row * JOINED_SIZE + 4, SIDE_SIZE);
      }
      K.matmulTransA(in, inOffset, INPUT_SIZE, joinedGrad, 4, JOINED_SIZE, gradients, SIDE_KERNEL,
          n, INPUT_SIZE, SIDE_SIZE);
      K.columnSums(joinedGrad, 4, JOINED_SIZE, n, SIDE_SIZE, gradients, SIDE_BIAS);
    }

    /**
     * price (Dense 15 → 1, linear):
     * {@code price[n][1] = in[n][15] · kernel[15][1] + bias[1]}.
     */
    private void priceForward(float[] in, int inOffset, int n) {
      K.matmul(in, inOffset, parameters, PRICE_KERNEL, parameters, PRICE_BIAS, price, 0, n,
          JOINED_SIZE, OUTPUT_SIZE);
    }

    /**
     * price backward: {@code priceGrad} holds the loss gradient with respect to the outputs;
     * times linear′ it becomes the gradient with respect to the pre-activations.
     * Then {@code kernel gradient = inᵀ · priceGrad},
     * {@code bias gradient = Σ rows of priceGrad}
     * and {@code joinedGrad = priceGrad · kernelᵀ}.
     */
    private void priceBackward(float[] in, int inOffset, int n, float[] gradients) {
      K.matmulTransA(in, inOffset, priceGrad, 0, gradients, PRICE_KERNEL, n, JOINED_SIZE,
          OUTPUT_SIZE);
      K.columnSums(priceGrad, 0, n, OUTPUT_SIZE, gradients, PRICE_BIAS);
      K.matmulTransB(priceGrad, 0, parameters, PRICE_KERNEL, joinedGrad, 0, n, OUTPUT_SIZE,
          JOINED_SIZE, transposed);
    }
  }
}
