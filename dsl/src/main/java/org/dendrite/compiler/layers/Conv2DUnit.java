package org.dendrite.compiler.layers;

import static javax.lang.model.element.Modifier.PRIVATE;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;
import org.dendrite.compiler.emit.Activations;
import org.dendrite.compiler.emit.RuntimeNames;
import org.dendrite.compiler.emit.Winograd;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.Conv2DNode;
import org.dendrite.compiler.ir.Shape;
import org.dendrite.compiler.ir.Window;

/**
 * A convolution as one matrix product: the input's windows laid out as rows ({@code im2col}),
 * {@code [n·OH·OW][FH·FW·C]}, times the kernel {@code [FH·FW·C][filters]}, is the output, channels
 * last; the bias and ReLU are fused into the product's epilogue. Backward, the kernel gradient is
 * {@code patchesᵀ · G} and the input gradient {@code G · kernelᵀ} added back into the input's
 * pixels ({@code col2im}). A 1×1 window at stride 1 reads its input directly. Inference keeps no
 * windows for a backward pass: it reads them in place ({@code Convolutions.convolve}), which
 * computes the same values without the copy. So does training for a first layer, which has no
 * input gradient to compute: its kernel gradient reads the windows in place again ({@code
 * Convolutions.kernelGradient}); a one-channel image's windows are too small to repay a copy
 * (keras-convnet's first layer spent longer copying them than multiplying). So does an unpadded
 * layer of few filters not on Winograd's transforms (LeNet-5's conv2), whose product gains
 * nothing from the copy; pooled 2×2 at strides 1, it takes both gradients from its pooling's
 * record instead of products over all four pixels of each window ({@link #scattersByArgmax}).
 */
final class Conv2DUnit extends LayerUnit<Conv2DNode> {
  /**
   * The most filters for which a layer with an input gradient trains on its windows in place. At
   * one 512-bit vector of filters the gathered weight gradient's tiles broadcast a window value
   * per fused multiply-add, as the copied windows' tiles do, so the copy (im2col) is pure cost:
   * LeNet-5's conv2 (16 filters) spent 4.6 µs a sample on the gathered gradient against 2.1 for
   * the copy and 3.7 for its product (batch 32, AMD EPYC family 26 model 2, 2026-12-05).
   */
  private static final int IN_PLACE_FILTERS = 16;

  /**
   * Fewer filters than this, a one-channel first layer pooled 2×2 trains on planes ({@link
   * #poolsInTraining}): its pixels along the lanes where channels-last its few filters filled few
   * of them. With 16 or more the filters fill whole vectors (keras-convnet's 32), and planes would
   * cost a transposition.
   */
  private static final int PLANE_FILTERS = 16;

  private final Shape in;
  private final Window[] windows;
  private final int depth;
  /** Output pixels per image as computed (those of {@link #stored}). */
  private int pixels;
  private final int filters;
  private final boolean direct;
  /** Whether prediction can run on Winograd's F(4×4, 3×3) ({@link Winograd#takes}). */
  private final boolean winograd;
  private final Tensor kernel;
  private final Tensor bias;
  private String window;
  /** The max pooling that alone reads it and halves its outputs; null if none. */
  private Pool2DUnit<?> pooledBy;
  /** The outputs it computes and stores: all, or the rows and columns its pooling reads. */
  private Shape stored;
  /** The pooling that reads only {@link #stored} of its outputs; null if it reads them all. */
  private Pool2DUnit<?> croppedBy;
  private String pixelsConstant;
  private String depthConstant;
  private String filtersConstant;

  Conv2DUnit(Conv2DNode node, Context context) {
    super(node, context);
    this.in = inputShape();
    this.windows = node.windows();
    this.filters = node.filters();
    this.depth = node.kernel().get(0) * node.kernel().get(1) * in.dim(2);
    this.stored = outputShape();
    this.pixels = stored.dim(0) * stored.dim(1);
    this.direct = node.kernel().equals(List.of(1, 1)) && node.strides().equals(List.of(1, 1));
    this.winograd = Winograd.takes(node, in, outputShape());
    this.kernel = parameter("kernel", Shape.of(node.kernel().get(0), node.kernel().get(1),
        in.dim(2), filters), node.l1(), node.l2());
    this.bias = node.useBias() ? parameter("bias", Shape.of(filters), 0f, 0f) : null;
  }

  private boolean lossFused() {
    return false; // the checker lets a convolution be the output of MSE only, which fuses nothing
  }

  @Override
  public boolean reluBackwardByReader() {
    return node().activation() == Activation.RELU && readByMaxPoolAlone();
  }

  /**
   * Called by the pooling (max or average) that alone reads it and leaves its last rows or
   * columns unread (VALID windows whose strides do not divide: keras-convnet's 11×11 → 5×5 max
   * pooling). A layer with an input gradient, other than a 1×1 convolution that reads its input
   * as its windows, then computes and stores only the first {@code rows} × {@code cols} outputs,
   * and its backward pass skips the others, whose gradient is zero (21 of keras-convnet's conv2's
   * 121 pixels a sample). A first layer keeps its outputs whole (its max-pooled paths compute
   * only the pooled rows already).
   */
  void cropTo(int rows, int cols, Pool2DUnit<?> pool) {
    if (needsInputGradient() && !direct) {
      stored = Shape.of(rows, cols, filters);
      pixels = rows * cols;
      croppedBy = pool;
    }
  }

  @Override
  public Shape storedShape() {
    return stored;
  }

  /** Its stored outputs' shape, and the outputs' if cropped: "10×10×64 of 11×11×64". */
  private String storedDescription() {
    return croppedBy == null ? stored.toString()
        : stored + " of " + outputShape() + " (the rows and columns " + croppedBy.name()
            + " reads)";
  }

  @Override
  public void declareConstants(ClassConstants model) {
    Shape out = stored;
    window = model.constant(this, "WINDOW", RuntimeNames.WINDOW_2D, CodeBlock.of(
        "new $T($L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L)", RuntimeNames.WINDOW_2D, in.dim(0),
        in.dim(1), in.dim(2), windows[0].size(), windows[1].size(), windows[0].stride(),
        windows[1].stride(), windows[0].padBefore(in.dim(0)), windows[1].padBefore(in.dim(1)),
        out.dim(0), out.dim(1)),
        "{@code $L}'s windows: $L input, $L×$L kernel, strides $L×$L, $L.", name(), in,
        windows[0].size(), windows[1].size(), windows[0].stride(), windows[1].stride(),
        node().paddingDescription());
    pixelsConstant = model.constant(this, "PIXELS", TypeName.INT, CodeBlock.of("$L", pixels),
        "{@code $L}'s output pixels per image ($L×$L): rows of its product per image.", name(),
        out.dim(0), out.dim(1));
    depthConstant = model.constant(this, "DEPTH", TypeName.INT, CodeBlock.of("$L", depth),
        "Values of one of {@code $L}'s windows ($L×$L×$L): its product's depth.", name(),
        windows[0].size(), windows[1].size(), in.dim(2));
    filtersConstant = model.constant(this, "FILTERS", TypeName.INT, CodeBlock.of("$L", filters),
        "{@code $L}'s filters: its output's channels.", name());
  }

  /** The kernel drawn with fans over the receptive field, as Keras; the bias starts at zero. */
  @Override
  public CodeBlock initialize(ClassScope model) {
    int field = node().kernel().get(0) * node().kernel().get(1);
    return random(model, kernel, node().init().resolve(node().activation()),
        CodeBlock.of("$N * $N", depthConstant, filtersConstant), depth, field * filters);
  }

  @Override
  public long forwardFlops() {
    return 2L * outputShape().dim(0) * outputShape().dim(1) * depth * filters; // all, as Keras
  }

  /**
   * {@code conv2d conv1 28x28x1->26x26x32 3x3/1x1 valid relu bias}; explicit pads in place of
   * {@code valid}: {@code pads=1,1,1,1}.
   */
  @Override
  public String architecture() {
    Activation a = node().activation();
    String act = a.spelling() + (a == Activation.LEAKY_RELU ? "(" + node().alpha() + ")" : "");
    return node().kind().keyword() + " " + name() + " " + in.join("x") + "->"
        + outputShape().join("x") + " " + node().kernel().get(0) + "x" + node().kernel().get(1)
        + "/" + node().strides().get(0) + "x" + node().strides().get(1) + " "
        + node().paddingWord() + " " + act + (bias != null ? " bias" : " no-bias");
  }

  @Override
  public String chainLink() {
    return "conv " + outputShape() + " " + node().activation().spelling();
  }

  @Override
  public CodeBlock transposeScratch(PassScope pass) {
    return needsInputGradient()
        ? CodeBlock.of("$L * $L", depthConstant, filtersConstant) : null;
  }

  @Override
  public int transposeScratchSize() {
    return needsInputGradient() ? depth * filters : 0;
  }

  /** Its outputs only: prediction reads the windows in place ({@link #inferMethod}). */
  @Override
  public long forwardFloatsPerSample() {
    return stored.size();
  }

  /** Whether prediction reads the windows in place rather than copying them out. */
  private boolean gathers(PassScope pass) {
    return !direct && !Place.of(pass, this).strided();
  }

  /**
   * Whether training reads the windows in place too, computing the kernel's gradient from the
   * input again ({@code Convolutions.kernelGradient}) rather than from a copy of its windows kept
   * since the forward pass: a first layer, whose input gradient no one needs; and an unpadded
   * layer of at most {@link #IN_PLACE_FILTERS} filters that does not run on Winograd's transforms
   * (those keep the copy for their backward pass).
   */
  private boolean trainsInPlace(PassScope pass) {
    return gathers(pass) && (!needsInputGradient()
        || !winograd && filters <= IN_PLACE_FILTERS && unpadded());
  }

  /** Whether no window reads padding: each would otherwise be read from a padded copy. */
  private boolean unpadded() {
    return windows[0].total(in.dim(0)) == 0 && windows[1].total(in.dim(1)) == 0;
  }

  /** Called by the max pooling that alone reads it and halves its outputs. */
  void pooledBy(Pool2DUnit<?> pool) {
    pooledBy = pool;
  }

  /**
   * Whether prediction computes its outputs and {@code pool}'s in one call, {@code
   * Convolutions.convolveMaxPool}, which may pool a one-channel image's outputs as it computes
   * them (no one else reads them when predicting): a first layer whose windows are read in place,
   * {@linkplain Conv2DNode#poolableAsComputed poolable as computed}.
   */
  boolean poolsInPrediction(PassScope pass, Pool2DUnit<?> pool) {
    return pooledAloneInPlace(pass, pool) && node().poolableAsComputed(in);
  }

  /**
   * Whether {@code pool} is the max pooling that alone reads it, and it is a layer whose windows
   * are read in place and whose input gradient no one needs: what pooling with it takes.
   */
  private boolean pooledAloneInPlace(PassScope pass, Pool2DUnit<?> pool) {
    return pool != null && pool == pooledBy && trainsInPlace(pass) && !needsInputGradient()
        && !lossFused();
  }

  /**
   * Whether both passes compute its outputs and {@code pool}'s in one call, image by image on
   * planes ({@code Convolutions.convolveMaxPoolKeep}; training records where each max came from,
   * and its backward pass routes the pooling's gradient by that record on planes with its own,
   * {@code Convolutions.kernelGradientPooled}): a layer {@linkplain #poolsInPrediction pooled in
   * prediction} with fewer than {@link #PLANE_FILTERS} filters. It then has neither an output
   * buffer nor a gradient buffer.
   */
  boolean poolsInTraining(PassScope pass, Pool2DUnit<?> pool) {
    return poolsInPrediction(pass, pool) && filters < PLANE_FILTERS && pass.slice(this) == null;
  }

  /**
   * Whether both passes compute its outputs and {@code pool}'s image by image, keeping no batch
   * of its outputs ({@code Convolutions.convolveMaxPoolArgmax}; training records where each max
   * came from, and its backward pass routes the pooling's gradient by that record with its own,
   * {@code Convolutions.kernelGradientArgmax}, or takes the gradients from the record, {@code
   * kernelGradientSparse}): a layer whose input gradient no one needs, or that {@linkplain
   * #scattersByArgmax scatters it by the record}, its windows read in place, pooled 2×2 by {@code
   * pool} (which alone reads it), that does not {@linkplain #poolsInTraining pool on planes},
   * with a ReLU (recorded with the maxima) or no activation. It then has neither an output buffer
   * nor a gradient buffer.
   */
  boolean poolsByArgmax(PassScope pass, Pool2DUnit<?> pool) {
    Activation activation = node().activation();
    return (pooledAloneInPlace(pass, pool) && !poolsInTraining(pass, pool)
            || scattersByArgmax(pass, pool))
        && pass.slice(this) == null
        && (activation == Activation.RELU || activation == Activation.LINEAR);
  }

  /**
   * Whether, {@linkplain #poolsByArgmax pooling by argmax} with a layer before it that needs its
   * input gradient, it scatters that gradient from the record ({@code
   * Convolutions.inputGradientArgmax}: each pooled value's gradient times the kernel, into the
   * window of the one pixel it came from) rather than through a product over all its pixels and
   * {@code col2im}: windows read in place, strides 1, no padding, and a pooling that reads all its
   * outputs (LeNet-5's conv2).
   */
  private boolean scattersByArgmax(PassScope pass, Pool2DUnit<?> pool) {
    return pool != null && pool == pooledBy && needsInputGradient() && trainsInPlace(pass)
        && !lossFused() && unpadded() && croppedBy == null
        && node().strides().equals(List.of(1, 1));
  }

  @Override
  public boolean writesIntoSlice() {
    return true;
  }

  @Override
  public int sliceRowsPerSample() {
    return pixels;
  }

  @Override
  public void declare(PassScope pass) {
    if (poolsInTraining(pass, pooledBy)) {
      pass.intBuffer(pass.name(pooledBy, "Argmax"), CodeBlock.of("2 * $L", pass.size(pooledBy)),
          "For each of $L's outputs, the pixel of its 2×2 window the max came from (0–3,"
          + "\nrow-major), or −1 where no gradient goes back$L;\ntwice, once for each column of"
          + " the window, as planes: [$L][$L][$L][$L].", pooledBy.name(),
          node().activation() == Activation.RELU ? " (not above zero: " + name() + "'s ReLU)"
              : " (a NaN)", pass.capacity(), filters, outputShape().dim(0) / 2,
          2 * (outputShape().dim(1) / 2));
    } else if (poolsByArgmax(pass, pooledBy)) {
      pass.intBuffer(pass.name(pooledBy, "Argmax"), pass.size(pooledBy), "For each of $L's"
          + " outputs, the pixel of its 2×2 window the max came from (0–3,\nrow-major), or −1"
          + " where no gradient goes back$L;\n[$L][$L].", pooledBy.name(),
          node().activation() == Activation.RELU ? " (not above zero: " + name() + "'s ReLU)"
              : " (a NaN)", pass.capacity(), pooledBy.outputShape());
    } else if (pass.slice(this) == null) {
      pass.buffer(pass.name(this, ""), pass.size(this), "$L's outputs, [$L][$L].", name(),
          pass.capacity(), storedDescription());
      pass.buffer(pass.name(this, "Grad"), pass.size(this),
          "The loss gradient with respect to $L's outputs, then its pre-activations;\n[$L][$L].",
          name(), pass.capacity(), storedDescription());
    }
    if (!direct && !trainsInPlace(pass)) {
      pass.buffer(pass.name(this, "Patches"), CodeBlock.of("$L * $L", pixelsConstant,
          depthConstant), "$L's input windows side by side, [$L][$L][$L], then their gradient.",
          name(), pass.capacity(), pixels, depth);
    } else if (!direct && needsInputGradient() && !poolsByArgmax(pass, pooledBy)) {
      pass.buffer(pass.name(this, "Patches"), CodeBlock.of("$L * $L", pixelsConstant,
          depthConstant), "The gradient of $L's input windows, [$L][$L][$L], before it is added"
          + " back\ninto the input's pixels (the windows themselves are read in place).", name(),
          pass.capacity(), pixels, depth);
    }
    if (winogradInference(pass)) {
      pass.field(RuntimeNames.WINOGRAD_CACHE, pass.name(this, "Points"), CodeBlock.of(
          "new $T($N, $N)", RuntimeNames.WINOGRAD_CACHE, window, filtersConstant),
          "$L's kernel as Winograd's 36 points, for the forward passes; transformed again\n"
          + "when the kernel changes (after each training step).", name());
    }
    pass.name(this, "Forward");
    pass.name(this, "Backward");
    pass.name(this, "Infer");
    if (poolsInPrediction(pass, pooledBy) || poolsByArgmax(pass, pooledBy)) {
      pass.name(this, "InferPooled");
    }
  }

  /**
   * Whether the forward passes, training's and prediction's, run on Winograd's F(4×4, 3×3) (the
   * backward pass differentiates the direct product): a 3×3 convolution with strides 1, deep
   * enough to repay the transforms, that has a prediction method of its own (a first layer trains
   * and predicts with one method, whose values must be training's).
   */
  private boolean winogradInference(PassScope pass) {
    return winograd && gathers(pass) && !trainsInPlace(pass);
  }

  // Example: conv1Forward(inputs, inputOffset, count); or, predicting, conv1Infer(…)
  @Override
  public Flow forward(PassScope pass, Mode mode, Flow in, CodeBlock.Builder code) {
    String method = mode != Mode.TRAIN && (poolsInPrediction(pass, pooledBy)
        || poolsByArgmax(pass, pooledBy)) ? "InferPooled"
        : mode != Mode.TRAIN && gathers(pass) && !trainsInPlace(pass) ? "Infer" : "Forward";
    code.addStatement("$N($N, $L, $N)", pass.name(this, method), in.array(), in.offset(),
        PassScope.COUNT);
    return Place.of(pass, this).flow();
  }

  // Example: conv2Backward(pool1, 0, count, gradients);
  @Override
  public void backward(PassScope pass, Flow in, CodeBlock.Builder code) {
    code.addStatement("$N($N, $L, $N, $N)", pass.name(this, "Backward"), in.array(), in.offset(),
        PassScope.COUNT, PassScope.GRADIENTS);
  }

  @Override
  public List<MethodSpec> methods(PassScope pass, Flow in) {
    if (poolsInTraining(pass, pooledBy)) { // with the pooling, on planes
      return List.of(recordingMethod(pass, true, true), recordBackwardMethod(pass, true, null),
          recordingMethod(pass, false, true));
    }
    if (poolsByArgmax(pass, pooledBy)) { // with the pooling, image by image
      return List.of(recordingMethod(pass, true, false),
          recordBackwardMethod(pass, false, needsInputGradient() ? in.grad() : null),
          recordingMethod(pass, false, false));
    }
    if (trainsInPlace(pass)) { // one forward pass for training and prediction
      List<MethodSpec> methods = new ArrayList<>(List.of(inferMethod(pass, "Forward"),
          backwardMethod(pass, in.grad())));
      if (poolsInPrediction(pass, pooledBy)) {
        methods.add(inferPooledMethod(pass));
      }
      return methods;
    }
    List<MethodSpec> methods = new ArrayList<>(List.of(forwardMethod(pass),
        backwardMethod(pass, in.grad())));
    if (gathers(pass)) {
      methods.add(inferMethod(pass, "Infer"));
    }
    return methods;
  }

  /**
   * Prediction's forward pass, and a first layer's in training: the windows read in place, no
   * copy kept for a backward pass.
   */
  // Example:
  // private void conv1Infer(float[] in, int inOffset, int n) {
  //   Convolutions.convolve(CONV1_WINDOW, in, inOffset, n, parameters, CONV1_KERNEL, parameters,
  //       CONV1_BIAS, true, CONV1_FILTERS, conv1, 0);
  // }
  private MethodSpec inferMethod(PassScope pass, String suffix) {
    String out = Place.of(pass, this).out();
    Activation activation = node().activation();
    boolean fusedRelu = activation == Activation.RELU;
    MethodSpec.Builder m = MethodSpec.methodBuilder(pass.name(this, suffix))
        .addModifiers(PRIVATE)
        .addParameter(PassScope.FLOATS, PassScope.IN)
        .addParameter(int.class, PassScope.IN_OFFSET)
        .addParameter(int.class, PassScope.N)
        .addJavadoc(trainsInPlace(pass)
            ? CodeBlock.of("$L (Conv2D $L → $L, $L×$L kernel, strides $L×$L, $L, $L):\n"
                + "{@code $L[n][$L] = $L(windows[n·$L][$L] · kernel[$L][$L]$L)},\neach window"
                + " read in place; the backward pass reads them again rather than a copy.\n",
                name(), in, outputShape(), windows[0].size(), windows[1].size(),
                windows[0].stride(), windows[1].stride(), node().paddingDescription(),
                activation.spelling(), out, stored, activation.spelling(), pixels, depth,
                depth, filters, bias != null ? " + bias[" + filters + "]" : "")
            : winogradInference(pass)
            ? CodeBlock.of("$L's forward pass for prediction: the values of {@link #$N}, by"
                + " Winograd's\nF(4×4, 3×3) (36 multiplications per 4×4 outputs, channel and"
                + " filter, instead of\n144), without the copy of the windows that only a"
                + " backward pass needs.\n", name(), pass.name(this, "Forward"))
            : CodeBlock.of("$L's forward pass for prediction: the values of {@link #$N},\nwith"
                + " each window read in place rather than copied out, as no backward pass\nneeds"
                + " the copy.\n", name(), pass.name(this, "Forward")));
    CodeBlock biasArgument = biasArgument(pass);
    if (winogradInference(pass)) {
      m.addStatement(winogradConvolve(pass, biasArgument, fusedRelu, out));
    } else {
      m.addStatement("$T.convolve($N,$W$N,$W$N,$W$N,$W$N,$W$L,$W$L,$W$L,$W$N,$W$N,$W0)",
          RuntimeNames.CONVOLUTIONS, window, PassScope.IN, PassScope.IN_OFFSET, PassScope.N,
          pass.parameters(), kernel.constant(), biasArgument, fusedRelu, filtersConstant, out);
    }
    if (!fusedRelu && !lossFused()) {
      m.addCode(Activations.forward(pass.kernels(), activation, node().alpha(), pass.size(this),
          out, PassScope.N));
    }
    return m.build();
  }

  /**
   * Prediction's pass through it and the max pooling that alone reads it, in one call that may
   * pool a one-channel image's outputs as it computes them.
   */
  // Example:
  // private void conv1InferPooled(float[] in, int inOffset, int n) {
  //   Convolutions.convolveMaxPool(CONV1_WINDOW, POOL1_WINDOW, in, inOffset, n, parameters,
  //       CONV1_KERNEL, parameters, CONV1_BIAS, true, CONV1_FILTERS, conv1, 0, pool1);
  // }
  private MethodSpec inferPooledMethod(PassScope pass) {
    CodeBlock biasArgument = biasArgument(pass);
    return MethodSpec.methodBuilder(pass.name(this, "InferPooled"))
        .addModifiers(PRIVATE)
        .addParameter(PassScope.FLOATS, PassScope.IN)
        .addParameter(int.class, PassScope.IN_OFFSET)
        .addParameter(int.class, PassScope.N)
        .addJavadoc(CodeBlock.of("$L and $L for prediction: the values of {@link #$N}\nthen {@link"
                + " #$N}, with $L's outputs pooled as they are computed where\nthe kernels can"
                + " ({@code $L} is then left unwritten).\n", name(), pooledBy.name(),
                pass.name(this, "Forward"), pass.name(pooledBy, "Forward"), name(),
                Place.of(pass, this).out()))
        .addStatement("$T.convolveMaxPool($N,$W$N,$W$N,$W$N,$W$N,$W$N,$W$L,$W$L,$W$L,$W$N,$W$N,"
            + "$W0,$W$N)", RuntimeNames.CONVOLUTIONS, window, pooledBy.window(), PassScope.IN,
            PassScope.IN_OFFSET, PassScope.N, pass.parameters(), kernel.constant(), biasArgument,
            node().activation() == Activation.RELU, filtersConstant, Place.of(pass, this).out(),
            pass.name(pooledBy, ""))
        .build();
  }

  /**
   * The pass through it and the max pooling that alone reads it, image by image: training's,
   * which records where each max came from (as planes, if it {@linkplain #poolsInTraining pools
   * on planes}), or prediction's.
   */
  // Example:
  // private void conv1Forward(float[] in, int inOffset, int n) {
  //   Convolutions.convolveMaxPoolArgmax(CONV1_WINDOW, POOL1_WINDOW, in, inOffset, n, parameters,
  //       CONV1_KERNEL, parameters, CONV1_BIAS, true, CONV1_FILTERS, pool1, pool1Argmax);
  // }
  // or, on planes, Convolutions.convolveMaxPoolKeep(…, CONV1_FILTERS, pool1Argmax, pool1);
  private MethodSpec recordingMethod(PassScope pass, boolean training, boolean planes) {
    Activation activation = node().activation();
    MethodSpec.Builder m = MethodSpec.methodBuilder(pass.name(this,
            training ? "Forward" : "InferPooled"))
        .addModifiers(PRIVATE)
        .addParameter(PassScope.FLOATS, PassScope.IN)
        .addParameter(int.class, PassScope.IN_OFFSET)
        .addParameter(int.class, PassScope.N);
    if (training) {
      m.addJavadoc("$L (Conv2D $L → $L, $L×$L kernel, strides $L×$L, $L, $L)\nand $L, image by"
          + " image: {@code $L = max2×2($L(windows · kernel$L))},\neach window read in place,"
          + (planes ? " channels-last, and {@code $L} where each max came from,\nas planes. An"
              + " image's outputs are pooled as its tiles make them; none are kept.\n"
              : " and {@code $L} where each max came from.\nAn image's outputs are pooled while"
              + " they are in the core's cache; none are kept.\n"), name(), in, outputShape(),
          windows[0].size(), windows[1].size(), windows[0].stride(), windows[1].stride(),
          node().paddingDescription(), activation.spelling(), pooledBy.name(),
          pass.name(pooledBy, ""), activation.spelling(), bias != null ? " + bias" : "",
          pass.name(pooledBy, "Argmax"));
    } else {
      m.addJavadoc("$L and $L for prediction: the values of {@link #$N},\nwithout recording"
          + " where the maxima came from.\n", name(), pooledBy.name(),
          pass.name(this, "Forward"));
    }
    String record = training ? pass.name(pooledBy, "Argmax") : "null";
    String pooled = pass.name(pooledBy, "");
    return m.addStatement("$T.$L($N,$W$N,$W$N,$W$N,$W$N,$W$N,$W$L,$W$L,$W$L,$W$N,$W$L,$W$L)",
            RuntimeNames.CONVOLUTIONS, planes ? "convolveMaxPoolKeep" : "convolveMaxPoolArgmax",
            window, pooledBy.window(), PassScope.IN, PassScope.IN_OFFSET, PassScope.N,
            pass.parameters(), kernel.constant(), biasArgument(pass),
            activation == Activation.RELU, filtersConstant, planes ? record : pooled,
            planes ? pooled : record)
        .build();
  }

  /**
   * The backward pass of {@link #recordingMethod}'s training pass: the pooling's gradient routed
   * by the record (on planes, or image by image), and the kernel's and bias's gradients from it.
   */
  // Example:
  // private void conv1Backward(float[] in, int inOffset, int n, float[] gradients) {
  //   Convolutions.kernelGradientArgmax(CONV1_WINDOW, POOL1_WINDOW, in, inOffset, n, pool1Argmax,
  //       pool1Grad, CONV1_FILTERS, gradients, CONV1_KERNEL, CONV1_BIAS);
  // }
  // or, on planes, Convolutions.kernelGradientPooled with the same arguments; or, with a layer
  // before it that needs its input gradient:
  //   Convolutions.kernelGradientSparse(CONV2_WINDOW, POOL2_WINDOW, in, inOffset, n, pool2Argmax,
  //       pool2Grad, CONV2_FILTERS, gradients, CONV2_KERNEL, CONV2_BIAS);
  //   Convolutions.inputGradientArgmax(CONV2_WINDOW, POOL2_WINDOW, n, pool2Argmax, pool2Grad,
  //       parameters, CONV2_KERNEL, CONV2_FILTERS, pool1Grad);
  private MethodSpec recordBackwardMethod(PassScope pass, boolean planes, String inputGrad) {
    String biasSum = bias != null ? "{@code bias gradient = Σ routed}" : null;
    MethodSpec.Builder m = backwardBuilder(pass)
        .addJavadoc(inputGrad != null
            ? CodeBlock.of("$L and $L backward, from each g of {@code $L} and where its max came"
                + "\nfrom ({@code $L}; the other three pixels' gradients are zero):\n{@code kernel"
                + " gradient = Σ g · the window of the max's pixel}$L.\n", pooledBy.name(),
                name(), pass.name(pooledBy, "Grad"), pass.name(pooledBy, "Argmax"),
                bias != null ? ",\n{@code bias gradient = Σ g}" : "")
            : planes
            ? CodeBlock.of("$L and $L backward: {@code $L} routed to where each max came from\n"
                + "({@code $L}) on planes, then {@code kernel gradient = windowsᵀ · routed}$L.\n",
                pooledBy.name(), name(), pass.name(pooledBy, "Grad"),
                pass.name(pooledBy, "Argmax"), biasSum != null ? "\nand " + biasSum : "")
            : CodeBlock.of("$L and $L backward, image by image: {@code $L} routed to where"
                + " each\nmax came from ({@code $L}), then\n{@code kernel gradient = windowsᵀ ·"
                + " routed}$L,\neach window read in place. An image's routed gradient is read"
                + " while it is in\nthe core's cache.\n", pooledBy.name(), name(),
                pass.name(pooledBy, "Grad"), pass.name(pooledBy, "Argmax"),
                biasSum != null ? " and " + biasSum : ""))
        .addStatement("$T.$L($N,$W$N,$W$N,$W$N,$W$N,$W$N,$W$N,$W$N,$W$N,$W$L,$W$L)",
            RuntimeNames.CONVOLUTIONS, planes ? "kernelGradientPooled"
                : inputGrad != null ? "kernelGradientSparse" : "kernelGradientArgmax",
            window, pooledBy.window(), PassScope.IN, PassScope.IN_OFFSET, PassScope.N,
            pass.name(pooledBy, "Argmax"), pass.name(pooledBy, "Grad"), filtersConstant,
            PassScope.GRADIENTS, kernel.constant(),
            bias != null ? bias.constant() : "-1");
    if (inputGrad != null) {
      m.addJavadoc("Then {@code $L}: each g times its filter's kernel, added into the window\n"
              + "of the pixel its max came from.\n", inputGrad)
          .addStatement("$T.inputGradientArgmax($N,$W$N,$W$N,$W$N,$W$N,$W$N,$W$L,$W$N,$W$N)",
              RuntimeNames.CONVOLUTIONS, window, pooledBy.window(), PassScope.N,
              pass.name(pooledBy, "Argmax"), pass.name(pooledBy, "Grad"), pass.parameters(),
              kernel.constant(), filtersConstant, inputGrad);
    }
    return m.build();
  }

  /** A backward method's header: {@code (in, inOffset, n, gradients)}. */
  private MethodSpec.Builder backwardBuilder(PassScope pass) {
    return MethodSpec.methodBuilder(pass.name(this, "Backward"))
        .addModifiers(PRIVATE)
        .addParameter(PassScope.FLOATS, PassScope.IN)
        .addParameter(int.class, PassScope.IN_OFFSET)
        .addParameter(int.class, PassScope.N)
        .addParameter(PassScope.FLOATS, PassScope.GRADIENTS);
  }

  private CodeBlock biasArgument(PassScope pass) {
    return bias != null
        ? CodeBlock.of("$N, $L", pass.parameters(), bias.constant()) : CodeBlock.of("null, 0");
  }

  /**
   * The outputs by Winograd's F(4×4, 3×3) with the bias (and the ReLU if fused), for both forward
   * passes.
   */
  // Example: Winograd.convolve(CONV2_WINDOW, in, inOffset, n, conv2Points.of(parameters,
  //     CONV2_KERNEL), parameters, CONV2_BIAS, true, conv2, 0)
  private CodeBlock winogradConvolve(PassScope pass, CodeBlock biasArgument, boolean fusedRelu,
      String out) {
    return CodeBlock.of("$T.convolve($N,$W$N,$W$N,$W$N,$W$N.of($N,$W$L),$W$L,$W$L,$W$N,$W0)",
        RuntimeNames.WINOGRAD, window, PassScope.IN, PassScope.IN_OFFSET, PassScope.N,
        pass.name(this, "Points"), pass.parameters(), kernel.constant(), biasArgument,
        fusedRelu, out);
  }

  /** The windows' rows, then the product with the bias and the activation. */
  // Example:
  // private void conv1Forward(float[] in, int inOffset, int n) {
  //   Convolutions.im2col(CONV1_WINDOW, in, inOffset, n, conv1Patches);
  //   K.matmulRelu(conv1Patches, 0, parameters, CONV1_KERNEL, parameters, CONV1_BIAS, conv1, 0,
  //       n * CONV1_PIXELS, CONV1_DEPTH, CONV1_FILTERS);
  // }
  private MethodSpec forwardMethod(PassScope pass) {
    Place place = Place.of(pass, this);
    String out = place.out();
    Activation activation = node().activation();
    boolean fusedRelu = activation == Activation.RELU;
    MethodSpec.Builder m = MethodSpec.methodBuilder(pass.name(this, "Forward"))
        .addModifiers(PRIVATE)
        .addParameter(PassScope.FLOATS, PassScope.IN)
        .addParameter(int.class, PassScope.IN_OFFSET)
        .addParameter(int.class, PassScope.N)
        .addJavadoc("$L (Conv2D $L → $L, $L×$L kernel, strides $L×$L, $L, $L):\n"
            + "{@code $L[n][$L] = $L(windows[n·$L][$L] · kernel[$L][$L]$L)}.\n", name(), in,
            outputShape(), windows[0].size(), windows[1].size(), windows[0].stride(),
            windows[1].stride(), node().paddingDescription(), activation.spelling(), out,
            place.strided() ? "pixels][" + place.column() + ":" + (pass.slice(this).column()
                + filters) : stored, activation.spelling(), pixels, depth, depth, filters,
            bias != null ? " + bias[" + filters + "]" : "");
    String rows = PassScope.IN;
    CodeBlock rowsOffset = CodeBlock.of("$N", PassScope.IN_OFFSET);
    if (!direct) {
      m.addStatement("$T.im2col($N, $N, $N, $N, $N)", RuntimeNames.CONVOLUTIONS, window,
          PassScope.IN, PassScope.IN_OFFSET, PassScope.N, pass.name(this, "Patches"));
      rows = pass.name(this, "Patches");
      rowsOffset = CodeBlock.of("0");
    }
    CodeBlock biasArgument = biasArgument(pass);
    if (winogradInference(pass)) {
      // The copied windows serve the backward pass only: the outputs come from Winograd's
      // F(4×4, 3×3) as prediction's do (keras-convnet's conv2 at batch 32: 382 µs and 107 to
      // transform the kernel after each step, against 682 for the product).
      m.addJavadoc("The outputs by Winograd's F(4×4, 3×3), as {@link #$N}'s: those of the"
          + " product\nto within rounding. The backward pass differentiates the product.\n",
          pass.name(this, "Infer"));
      m.addStatement(winogradConvolve(pass, biasArgument, fusedRelu, out));
      if (!fusedRelu && !lossFused()) {
        m.addCode(Activations.forward(pass.kernels(), activation, node().alpha(),
            pass.size(this), out, PassScope.N));
      }
      return m.build();
    }
    if (place.strided()) {
      m.addJavadoc("Writes each pixel's filters into columns [$L, $L) of {@code $L}, whose rows"
          + " are\n{@code $L} apart: $L concatenates them with its other inputs without"
          + " copying.\n", place.column(), pass.slice(this).column() + filters, out,
          place.stride(), pass.slice(this).concatenation().name());
      m.addStatement("$N.$L($N,$W$L,$W$N,$W$N,$W$L,$W$L,$W$N,$W$L,$W$L,$W$N * $N,$W$N,$W$N)",
          pass.kernels(), fusedRelu ? "matmulRelu" : "matmul", rows, rowsOffset, depthConstant,
          pass.parameters(), kernel.constant(), biasArgument, out, place.column(),
          place.stride(), PassScope.N, pixelsConstant, depthConstant, filtersConstant);
      if (!fusedRelu && !lossFused()) {
        m.addCode(Activations.forwardRows(pass.kernels(), activation, node().alpha(),
            filtersConstant, out, place.column(), place.stride(),
            PassScope.N + " * " + pixelsConstant));
      }
      return m.build();
    }
    m.addStatement("$N.$L($N,$W$L,$W$N,$W$L,$W$L,$W$N,$W0,$W$N * $N,$W$N,$W$N)", pass.kernels(),
        fusedRelu ? "matmulRelu" : "matmul", rows, rowsOffset, pass.parameters(),
        kernel.constant(), biasArgument, out, PassScope.N, pixelsConstant, depthConstant,
        filtersConstant);
    if (!fusedRelu && !lossFused()) {
      m.addCode(Activations.forward(pass.kernels(), activation, node().alpha(), pass.size(this),
          out, PassScope.N));
    }
    return m.build();
  }

  /**
   * The gradient with respect to the pre-activations, then the kernel's and the bias's, and the
   * input's if a layer before has parameters.
   */
  // Example:
  // private void conv2Backward(float[] in, int inOffset, int n, float[] gradients) {
  //   K.reluBackward(conv2, 0, conv2Grad, 0, n * CONV2_SIZE);
  //   K.matmulTransA(conv2Patches, 0, conv2Grad, 0, gradients, CONV2_KERNEL, n * CONV2_PIXELS,
  //       CONV2_DEPTH, CONV2_FILTERS);
  //   K.columnSums(conv2Grad, 0, n * CONV2_PIXELS, CONV2_FILTERS, gradients, CONV2_BIAS);
  //   K.matmulTransB(conv2Grad, 0, parameters, CONV2_KERNEL, conv2Patches, 0, n * CONV2_PIXELS,
  //       CONV2_FILTERS, CONV2_DEPTH, transposed);
  //   Convolutions.col2im(CONV2_WINDOW, conv2Patches, n, pool1Grad);
  // }
  private MethodSpec backwardMethod(PassScope pass, String inputGrad) {
    String k = pass.kernels();
    String n = PassScope.N;
    Place place = Place.of(pass, this);
    String grad = place.grad();
    String rows = direct ? PassScope.IN : pass.name(this, "Patches");
    Object rowsOffset = direct ? CodeBlock.of("$N", PassScope.IN_OFFSET) : "0";
    MethodSpec.Builder m = MethodSpec.methodBuilder(pass.name(this, "Backward"))
        .addModifiers(PRIVATE)
        .addParameter(PassScope.FLOATS, PassScope.IN)
        .addParameter(int.class, PassScope.IN_OFFSET)
        .addParameter(int.class, n)
        .addParameter(PassScope.FLOATS, PassScope.GRADIENTS)
        .addJavadoc(reluBackwardByReader()
            ? "$L backward: {@code $L} holds the loss gradient with respect to the\n"
                + "pre-activations ($L′ applied by the max pooling's backward pass, which routes"
                + " it).\n"
            : "$L backward: {@code $L} holds the loss gradient with respect to the outputs;\n"
                + "times $L′ it becomes the gradient with respect to the pre-activations.\n",
            name(), grad, node().activation().spelling())
        .addJavadoc("Then {@code kernel gradient = windowsᵀ · $L}$L$L.\n", grad,
            bias != null ? ",\n{@code bias gradient = Σ rows of " + grad + "}" : "",
            needsInputGradient() ? "\nand {@code " + inputGrad + "} = " + grad
                + " · kernelᵀ, added back into the input's pixels" : "");
    if (place.strided()) {
      m.addJavadoc("Its gradient is its columns of {@code $L}, rows {@code $L} apart.\n", grad,
          place.stride());
      m.addCode(Activations.backwardRows(k, node().activation(), node().alpha(),
          filtersConstant, place.out(), grad, place.column(), place.stride(),
          n + " * " + pixelsConstant));
      m.addStatement("$N.matmulTransA($N,$W$L,$W$N,$W$N,$W$L,$W$L,$W$N,$W$L,$W$N * $N,$W$N,$W$N)",
          k, rows, rowsOffset, depthConstant, grad, place.column(), place.stride(),
          PassScope.GRADIENTS, kernel.constant(), n, pixelsConstant, depthConstant,
          filtersConstant);
      if (bias != null) {
        m.addStatement("$N.columnSums($N, $L, $L, $N * $N, $N, $N, $L)", k, grad, place.column(),
            place.stride(), n, pixelsConstant, filtersConstant, PassScope.GRADIENTS,
            bias.constant());
      }
    } else {
      if (!reluBackwardByReader()) {
        m.addCode(Activations.backward(k, node().activation(), node().alpha(), pass.size(this),
            place.out(), grad, n));
      }
      if (trainsInPlace(pass)) {
        m.addStatement("$T.kernelGradient($N,$W$N,$W$N,$W$N,$W$N,$W$N,$W$N,$W$L)",
            RuntimeNames.CONVOLUTIONS, window, PassScope.IN, PassScope.IN_OFFSET, n, grad,
            filtersConstant, PassScope.GRADIENTS, kernel.constant());
      } else {
        m.addStatement("$N.matmulTransA($N,$W$L,$W$N,$W0,$W$N,$W$L,$W$N * $N,$W$N,$W$N)", k,
            rows, rowsOffset, grad, PassScope.GRADIENTS, kernel.constant(), n, pixelsConstant,
            depthConstant, filtersConstant);
      }
      if (bias != null) {
        m.addStatement("$N.columnSums($N, 0, $N * $N, $N, $N, $L)", k, grad, n, pixelsConstant,
            filtersConstant, PassScope.GRADIENTS, bias.constant());
      }
    }
    if (needsInputGradient()) {
      String target = direct ? inputGrad : pass.name(this, "Patches");
      if (place.strided()) {
        m.addStatement("$N.matmulTransB($N,$W$L,$W$L,$W$N,$W$L,$W$N,$W0,$W$N * $N,$W$N,$W$N,$W$N)",
            k, grad, place.column(), place.stride(), pass.parameters(), kernel.constant(), target,
            n, pixelsConstant, filtersConstant, depthConstant, pass.transposed());
      } else {
        m.addStatement("$N.matmulTransB($N,$W0,$W$N,$W$L,$W$N,$W0,$W$N * $N,$W$N,$W$N,$W$N)", k,
            grad, pass.parameters(), kernel.constant(), target, n, pixelsConstant,
            filtersConstant, depthConstant, pass.transposed());
      }
      if (!direct) {
        m.addStatement("$T.col2im($N, $N, $N, $N)", RuntimeNames.CONVOLUTIONS, window,
            pass.name(this, "Patches"), n, inputGrad);
      }
    }
    return m.build();
  }
}
