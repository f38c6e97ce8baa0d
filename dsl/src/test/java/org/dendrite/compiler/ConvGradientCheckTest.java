package org.dendrite.compiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.dendrite.compiler.diag.DiagnosticCollector;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.Init;
import org.dendrite.compiler.ir.LossKind;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.ir.Padding;
import org.dendrite.compiler.testing.GradientCheck;
import org.dendrite.compiler.testing.InMemoryJavac;
import org.dendrite.compiler.testing.NetworkBuilder;
import org.dendrite.runtime.Model;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Central-difference checks of convolution and pooling layers: every convolution with each
 * padding, stride and activation, and every pooling with each padding and stride (overlapping
 * windows and strides that leave pixels unread among them), each after a convolution so that its
 * input gradient reaches parameters; convolutions and poolings with asymmetric explicit pads
 * (PyTorch's and ONNX's padding) at unequal strides; per-channel batch normalisation in
 * training mode; and max
 * pooling over exact ties, whose gradient must reach one value of each window.
 */
class ConvGradientCheckTest {
  static final String PACKAGE = "convcheck";

  static final List<Activation> ACTIVATIONS = List.of(Activation.LINEAR, Activation.RELU,
      Activation.TANH, Activation.LEAKY_RELU, Activation.SIGMOID, Activation.SOFTPLUS);

  /**
   * Twice the dense checks' step where the network is smooth: a convolution's loss sums more
   * float products, so its rounding noise is larger, and a larger step divides it by more.
   */
  static final float H = 2e-3f;

  /**
   * The dense checks' step where a shared weight feeds a ReLU: every pre-activation that the
   * step moves across zero is a kink, and a weight shared by a hundred of them meets one within a
   * larger step too often.
   */
  static final float H_KINKED = 1e-3f;

  /**
   * A kink of one of a shared weight's many pre-activations changes its slope by a fraction of a
   * dense weight's kink (see {@link GradientCheck#check(Model, float[], float[], int, float,
   * double)}).
   */
  static final double KINK = 5e-4;

  /**
   * At most this share of the parameters may be left out on a kink: twice the dense checks'
   * share, as each shared weight meets a hundred pre-activations, not one.
   */
  static final double MAX_KINK_FRACTION = 0.10;

  static ClassLoader loader;
  static final Map<String, String> SOURCES = new LinkedHashMap<>();
  static final Map<String, Network> NETWORKS = new LinkedHashMap<>();

  /** A 7×6×2 image, a first convolution, the layer under test, flatten, softmax. */
  static Network around(String name, UnaryOperator<NetworkBuilder> layer) {
    NetworkBuilder b = NetworkBuilder.network(PACKAGE, name)
        .loss(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY)
        .input("x", 7, 6, 2)
        .conv2d("first", 3, new int[] {2, 2}, new int[] {1, 1}, Padding.SAME, Activation.TANH);
    return layer.apply(b).flatten("flat").dense("out", 3, Activation.SOFTMAX).build();
  }

  /** An input of {@code shape}, {@code conv}, a 2×2 max pooling, then the softmax over 3 classes. */
  static Network pooledConv(String name, int[] shape, UnaryOperator<NetworkBuilder> conv) {
    NetworkBuilder b = NetworkBuilder.network(PACKAGE, name)
        .loss(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY)
        .input("x", shape);
    return conv.apply(b)
        .maxPool("pool", new int[] {2, 2}, new int[] {2, 2}, Padding.VALID)
        .flatten("flat").dense("out", 3, Activation.SOFTMAX).build();
  }

  /**
   * An input of {@code shape}, a first convolution of {@code channels} filters (whose parameters
   * need the next layer's input gradient), {@code conv}, a 2×2 max pooling, the softmax.
   */
  static Network scattered(String name, int[] shape, int channels,
      UnaryOperator<NetworkBuilder> conv) {
    NetworkBuilder b = NetworkBuilder.network(PACKAGE, name)
        .loss(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY)
        .input("x", shape)
        .conv2d("first", channels, new int[] {2, 2}, new int[] {1, 1}, Padding.SAME,
            Activation.TANH);
    return conv.apply(b)
        .maxPool("pool", new int[] {2, 2}, new int[] {2, 2}, Padding.VALID)
        .flatten("flat").dense("out", 3, Activation.SOFTMAX).build();
  }

  /** {@link #around} a convolution, {@code between} (an identity or nothing) and a pooling. */
  private static void croppedAround(String name, UnaryOperator<NetworkBuilder> between,
      UnaryOperator<NetworkBuilder> conv, UnaryOperator<NetworkBuilder> pool) {
    NETWORKS.put(name, around(name, b -> pool.apply(between.apply(conv.apply(b)))));
  }

  static Stream<Arguments> convolutions() {
    List<Arguments> out = new ArrayList<>();
    for (Padding padding : Padding.values()) {
      for (int stride : new int[] {1, 2}) {
        for (Activation a : ACTIVATIONS) {
          out.add(Arguments.of(padding, stride, a));
        }
      }
    }
    return out.stream();
  }

  static String convName(Padding padding, int stride, Activation a) {
    return "C_" + padding + "_" + stride + "_" + a;
  }

  static Stream<Arguments> poolings() {
    List<Arguments> out = new ArrayList<>();
    for (String kind : List.of("max", "avg")) {
      for (Padding padding : Padding.values()) {
        // Non-overlapping, overlapping (3×3 at stride 2), and stride 1.
        for (int[] window : new int[][] {{2, 2}, {3, 2}, {2, 1}}) {
          out.add(Arguments.of(kind, padding, window[0], window[1]));
        }
      }
    }
    return out.stream();
  }

  static String poolName(String kind, Padding padding, int size, int stride) {
    return "P_" + kind + "_" + padding + "_" + size + "_" + stride;
  }

  /**
   * Explicit pads {@code [top, bottom, left, right]} for the 3×2 kernel (every pad smaller than
   * it, none equal to SAME's), strides down and across, an activation.
   */
  static Stream<Arguments> paddedConvolutions() {
    List<Arguments> out = new ArrayList<>();
    int[][] pads = {{1, 2, 1, 0}, {0, 1, 1, 1}, {2, 0, 0, 1}};
    int[][] strides = {{1, 1}, {2, 2}, {2, 1}};
    for (int p = 0; p < pads.length; p++) {
      for (int[] s : strides) {
        for (Activation a : List.of(Activation.LINEAR, Activation.TANH, Activation.RELU)) {
          out.add(Arguments.of(pads[p], s, a));
        }
      }
    }
    return out.stream();
  }

  static String paddedConvName(int[] pads, int[] strides, Activation a) {
    return "EC_" + join(pads) + "_" + join(strides) + "_" + a;
  }

  /** A pooling kind, its window, strides and explicit pads (each smaller than the window). */
  static Stream<Arguments> paddedPoolings() {
    List<Arguments> out = new ArrayList<>();
    for (String kind : List.of("max", "avg")) {
      out.add(Arguments.of(kind, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1, 1, 1}));
      out.add(Arguments.of(kind, new int[] {3, 2}, new int[] {2, 1}, new int[] {2, 0, 1, 1}));
      out.add(Arguments.of(kind, new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 0, 0, 1}));
      out.add(Arguments.of(kind, new int[] {3, 3}, new int[] {1, 2}, new int[] {0, 2, 2, 1}));
    }
    return out.stream();
  }

  static String paddedPoolName(String kind, int[] window, int[] strides, int[] pads) {
    return "EP_" + kind + "_" + join(window) + "_" + join(strides) + "_" + join(pads);
  }

  private static String join(int[] values) {
    StringBuilder sb = new StringBuilder();
    for (int v : values) {
      sb.append(v);
    }
    return sb.toString();
  }

  @BeforeAll
  static void compileAll() {
    convolutions().forEach(a -> {
      Padding p = (Padding) a.get()[0];
      int s = (int) a.get()[1];
      Activation act = (Activation) a.get()[2];
      // 3×2 kernel: rows and columns differ; at stride 2 VALID leaves a column unread.
      NETWORKS.put(convName(p, s, act), around(convName(p, s, act), b -> b.conv2d("conv", 4,
          new int[] {3, 2}, new int[] {s, s}, p, act, true, Init.GLOROT_UNIFORM, 0f)));
    });
    poolings().forEach(a -> {
      String kind = (String) a.get()[0];
      Padding p = (Padding) a.get()[1];
      int size = (int) a.get()[2];
      int stride = (int) a.get()[3];
      int[] w = {size, size};
      int[] s = {stride, stride};
      NETWORKS.put(poolName(kind, p, size, stride), around(poolName(kind, p, size, stride),
          b -> kind.equals("max") ? b.maxPool("pool", w, s, p) : b.avgPool("pool", w, s, p)));
    });
    paddedConvolutions().forEach(a -> {
      int[] pads = (int[]) a.get()[0];
      int[] s = (int[]) a.get()[1];
      Activation act = (Activation) a.get()[2];
      String name = paddedConvName(pads, s, act);
      NETWORKS.put(name, around(name, b -> b.conv2dPads("conv", 4, new int[] {3, 2}, s, pads,
          act)));
    });
    paddedPoolings().forEach(a -> {
      String kind = (String) a.get()[0];
      int[] w = (int[]) a.get()[1];
      int[] s = (int[]) a.get()[2];
      int[] pads = (int[]) a.get()[3];
      String name = paddedPoolName(kind, w, s, pads);
      NETWORKS.put(name, around(name, b -> kind.equals("max") ? b.maxPoolPads("pool", w, s, pads)
          : b.avgPoolPads("pool", w, s, pads)));
    });
    NETWORKS.put("Global", around("Global", b -> b.globalAvgPool("gap")
        .dense("hidden", 4, Activation.TANH)));
    NETWORKS.put("Direct", around("Direct", b -> b.conv2d("conv", 2, new int[] {1, 1},
        new int[] {1, 1}, Padding.VALID, Activation.SOFTPLUS, false, Init.AUTO, 0.01f)));
    NETWORKS.put("Norm", around("Norm", b -> b.batchNorm("norm", Activation.RELU)
        .conv2d("conv", 2, new int[] {2, 2}, new int[] {2, 2}, Padding.VALID,
            Activation.LINEAR)));
    // Exact ties: a 1×1 linear convolution of a blockwise-constant image keeps each 2×2 block
    // equal, so every pooling window is a four-way tie.
    NETWORKS.put("Ties", pooledConv("Ties", new int[] {4, 4, 2}, b -> b.conv2d("scale", 3,
        new int[] {1, 1}, new int[] {1, 1}, Padding.VALID, Activation.LINEAR, false,
        Init.GLOROT_UNIFORM, 0f)));
    // A one-channel first layer of few filters pooled 2×2 trains on planes
    // (Convolutions.convolveMaxPoolKeep and kernelGradientPooled): SAME with the ReLU, rows wide
    // enough for the vector kernels' whole vectors and an odd one the pooling leaves out; VALID,
    // linear, without a bias, with L2 (rows the scalar loops take); constant images' ties.
    NETWORKS.put("Planes_RELU", pooledConv("Planes_RELU", new int[] {9, 18, 1},
        b -> b.conv2d("conv", 3, new int[] {3, 3}, new int[] {1, 1}, Padding.SAME,
            Activation.RELU)));
    NETWORKS.put("Planes_LINEAR", pooledConv("Planes_LINEAR", new int[] {8, 10, 1},
        b -> b.conv2d("conv", 4, new int[] {2, 3}, new int[] {1, 1}, Padding.VALID,
            Activation.LINEAR, false, Init.AUTO, 0.01f)));
    NETWORKS.put("PlaneTies", pooledConv("PlaneTies", new int[] {5, 5, 1},
        b -> b.conv2d("scale", 3, new int[] {2, 2}, new int[] {1, 1}, Padding.VALID,
            Activation.LINEAR)));
    // A first layer of other kinds pooled 2×2 runs both passes image by image, the pooling's
    // argmax recorded (Convolutions.convolveMaxPoolArgmax and kernelGradientArgmax): two
    // channels, 17 filters (a whole vector and a remainder), SAME, the ReLU, an odd row the
    // pooling leaves out; one channel, 16 filters, linear, no bias, L2.
    NETWORKS.put("Argmax_RELU", pooledConv("Argmax_RELU", new int[] {7, 8, 2},
        b -> b.conv2d("conv", 17, new int[] {3, 3}, new int[] {1, 1}, Padding.SAME,
            Activation.RELU)));
    NETWORKS.put("Argmax_LINEAR", pooledConv("Argmax_LINEAR", new int[] {6, 6, 1},
        b -> b.conv2d("conv", 16, new int[] {3, 3}, new int[] {1, 1}, Padding.VALID,
            Activation.LINEAR, false, Init.AUTO, 0.01f)));
    // A convolution pooled 2×2 whose input gradient the layer before needs scatters it by the
    // pooling's record (Convolutions.inputGradientArgmax): LeNet-5's conv2 in small (six
    // channels, 5×5 kernels: the vector kernels' register tile at 512 bits) with the ReLU; four
    // channels, 2×5 kernels, linear, no bias, L2 (region rows of 24 values); three channels, a 2×3
    // kernel (rows shorter than a vector).
    NETWORKS.put("Scatter_RELU", scattered("Scatter_RELU", new int[] {10, 10, 2}, 6,
        b -> b.conv2d("conv", 4, new int[] {5, 5}, new int[] {1, 1}, Padding.VALID,
            Activation.RELU)));
    NETWORKS.put("Scatter_LINEAR", scattered("Scatter_LINEAR", new int[] {7, 10, 2}, 4,
        b -> b.conv2d("conv", 4, new int[] {2, 5}, new int[] {1, 1}, Padding.VALID,
            Activation.LINEAR, false, Init.AUTO, 0.01f)));
    NETWORKS.put("Scatter_Narrow_RELU", scattered("Scatter_Narrow_RELU", new int[] {7, 6, 2}, 3,
        b -> b.conv2d("conv", 5, new int[] {2, 3}, new int[] {1, 1}, Padding.VALID,
            Activation.RELU)));
    // Deep enough for Winograd's F(4×4, 3×3) (Winograd.suits): conv's forward passes take it.
    NETWORKS.put("Winograd", NetworkBuilder.network(PACKAGE, "Winograd")
        .loss(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY)
        .input("x", 6, 6, 16)
        .conv2d("first", 16, new int[] {3, 3}, new int[] {1, 1}, Padding.SAME, Activation.TANH)
        .conv2d("conv", 16, new int[] {3, 3}, new int[] {1, 1}, Padding.SAME, Activation.TANH)
        .flatten("flat").dense("out", 3, Activation.SOFTMAX).build());
    // A convolution with an input gradient whose pooling leaves its last rows or columns unread
    // computes only those read (Conv2DUnit.cropTo): rows and columns (5×5 → 4×4), columns with
    // the ReLU the max pooling takes (6×5 → 6×4), rows after a strided SAME convolution (4×3 →
    // 3×3), on Winograd's transforms (keras-convnet's conv2 in small: 5×5 → 4×4), and before an
    // average pooling (5×5 → 4×4). Each has a twin, the same layers with an identity between
    // convolution and pooling: nothing cropped.
    UnaryOperator<NetworkBuilder> max2x2 =
        b -> b.maxPool("pool", new int[] {2, 2}, new int[] {2, 2}, Padding.VALID);
    for (boolean twin : new boolean[] {false, true}) {
      String suffix = twin ? "_Twin" : "";
      UnaryOperator<NetworkBuilder> identity = b -> twin ? b.activate("same", Activation.LINEAR)
          : b;
      croppedAround("Cropped_TANH" + suffix, identity, b -> b.conv2d("conv", 4,
          new int[] {3, 2}, new int[] {1, 1}, Padding.VALID, Activation.TANH), max2x2);
      croppedAround("Cropped_RELU" + suffix, identity, b -> b.conv2d("conv", 4,
          new int[] {2, 2}, new int[] {1, 1}, Padding.VALID, Activation.RELU), max2x2);
      croppedAround("Cropped_Strided" + suffix, identity, b -> b.conv2d("conv", 4,
          new int[] {2, 2}, new int[] {2, 2}, Padding.SAME, Activation.LINEAR),
          b -> b.maxPool("pool", new int[] {3, 3}, new int[] {2, 2}, Padding.VALID));
      croppedAround("Cropped_Average" + suffix, identity, b -> b.conv2d("conv", 4,
          new int[] {3, 2}, new int[] {1, 1}, Padding.VALID, Activation.SOFTPLUS),
          b -> b.avgPool("pool", new int[] {2, 2}, new int[] {2, 2}, Padding.VALID));
      NetworkBuilder winograd = NetworkBuilder.network(PACKAGE, "Cropped_Winograd" + suffix)
          .loss(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY)
          .input("x", 7, 7, 16)
          .conv2d("first", 16, new int[] {3, 3}, new int[] {1, 1}, Padding.SAME, Activation.TANH)
          .conv2d("conv", 16, new int[] {3, 3}, new int[] {1, 1}, Padding.VALID, Activation.RELU);
      NETWORKS.put("Cropped_Winograd" + suffix, max2x2.apply(identity.apply(winograd))
          .flatten("flat").dense("out", 3, Activation.SOFTMAX).build());
    }
    Map<String, String> sources = SOURCES;
    NetworkCompiler compiler = new NetworkCompiler("test");
    NETWORKS.values().forEach(n -> {
      DiagnosticCollector diagnostics = new DiagnosticCollector();
      NetworkCompiler.Output out = compiler.compile(n, diagnostics)
          .orElseThrow(() -> new AssertionError(n.name() + ": " + diagnostics.diagnostics()));
      sources.put(PACKAGE + "." + n.generatedName(), out.file().toString());
    });
    loader = InMemoryJavac.compile(sources);
  }

  static Model instantiate(String name) throws ReflectiveOperationException {
    return (Model) loader.loadClass(PACKAGE + ".Compiled" + name)
        .getConstructor(long.class).newInstance(5L);
  }

  /** Random inputs and targets, parameters moved off their initial zeros and ones. */
  static GradientCheck.Result check(String name, boolean training, float[] inputs)
      throws ReflectiveOperationException {
    boolean kinked = name.contains("RELU") || name.equals("Norm");
    float h = kinked ? H_KINKED : H;
    Model model = instantiate(name);
    int count = 3;
    SplittableRandom rng = new SplittableRandom(name.hashCode());
    if (inputs == null) {
      inputs = GradientCheck.randomInputs(model, count, rng);
    }
    float[] targets = GradientCheck.randomClasses(model, count, rng);
    GradientCheck.perturb(model, rng);
    GradientCheck.Result r = training
        ? GradientCheck.checkTraining(model, inputs, targets, count, h, KINK)
        : GradientCheck.check(model, inputs, targets, count, h, KINK);
    System.out.println(name + ": " + r);
    assertTrue(r.maxError() <= GradientCheckTest.TOLERANCE, () -> name + ": " + r);
    assertTrue(r.kinks() <= MAX_KINK_FRACTION * r.parameters(),
        () -> name + ": too many parameters on a kink: " + r);
    return r;
  }

  @ParameterizedTest(name = "convolution, {0}, stride {1}, {2}")
  @MethodSource("convolutions")
  void convolution(Padding padding, int stride, Activation activation) throws Exception {
    check(convName(padding, stride, activation), false, null);
  }

  @ParameterizedTest(name = "{0} pooling, {1}, window {2}, stride {3}")
  @MethodSource("poolings")
  void pooling(String kind, Padding padding, int size, int stride) throws Exception {
    check(poolName(kind, padding, size, stride), false, null);
  }

  @ParameterizedTest(name = "convolution, pads {0}, strides {1}, {2}")
  @MethodSource("paddedConvolutions")
  void convolutionWithExplicitPads(int[] pads, int[] strides, Activation activation)
      throws Exception {
    check(paddedConvName(pads, strides, activation), false, null);
  }

  @ParameterizedTest(name = "{0} pooling, window {1}, strides {2}, pads {3}")
  @MethodSource("paddedPoolings")
  void poolingWithExplicitPads(String kind, int[] window, int[] strides, int[] pads)
      throws Exception {
    check(paddedPoolName(kind, window, strides, pads), false, null);
  }

  @Test
  void globalAveragePooling() throws Exception {
    check("Global", false, null);
  }

  @Test
  void aOneByOneConvolutionReadsItsInputDirectly() throws Exception {
    check("Direct", false, null);
  }

  /**
   * A convolution deep enough for Winograd's F(4×4, 3×3) computes its training outputs that way,
   * as its predictions, while its backward pass differentiates the direct product: the two differ
   * by rounding, far inside the checks' tolerance.
   */
  @Test
  void aWinogradConvolutionTrainsOnTheDirectProductsGradient() throws Exception {
    String source = SOURCES.get(PACKAGE + ".CompiledWinograd");
    int forward = source.indexOf("private void convForward(");
    int call = source.indexOf("Winograd.convolve(CONV_WINDOW", forward);
    assertTrue(forward > 0 && call > forward
        && call < source.indexOf("private void convBackward("), "convForward runs Winograd");
    check("Winograd", false, null);
  }

  /**
   * A one-channel first layer of fewer than 16 filters pooled 2×2 trains on planes: its generated
   * passes call the planes' runtime methods, and their gradients pass the checks.
   */
  @ParameterizedTest(name = "a one-channel first layer pooled on planes, {0}")
  @ValueSource(strings = {"Planes_RELU", "Planes_LINEAR"})
  void aOneChannelFirstLayerPooledTrainsOnPlanes(String name) throws Exception {
    String source = SOURCES.get(PACKAGE + ".Compiled" + name);
    assertTrue(source.contains("Convolutions.convolveMaxPoolKeep(")
        && source.contains("Convolutions.kernelGradientPooled("), name + " trains on planes");
    check(name, false, null);
  }

  /**
   * A first layer that does not train on planes, pooled 2×2, runs image by image with the
   * pooling's argmax recorded: its generated passes call those runtime methods (and no pooling
   * pass of their own), and their gradients pass the checks.
   */
  @ParameterizedTest(name = "a first layer pooled by argmax, {0}")
  @ValueSource(strings = {"Argmax_RELU", "Argmax_LINEAR"})
  void aFirstLayerPooledByArgmaxTrains(String name) throws Exception {
    String source = SOURCES.get(PACKAGE + ".Compiled" + name);
    assertTrue(source.contains("Convolutions.convolveMaxPoolArgmax(")
        && source.contains("Convolutions.kernelGradientArgmax(")
        && !source.contains("Pooling.max"), name + " pools by argmax");
    check(name, false, null);
  }

  /**
   * A convolution pooled 2×2 after a layer with parameters scatters its input gradient by the
   * pooling's record (no product over its four pixels, no {@code col2im}): its generated backward
   * pass calls that runtime method, and the gradients pass the checks.
   */
  @ParameterizedTest(name = "a convolution pooled by argmax scatters its input gradient, {0}")
  @ValueSource(strings = {"Scatter_RELU", "Scatter_LINEAR", "Scatter_Narrow_RELU"})
  void aConvolutionPooledByArgmaxScattersItsInputGradient(String name) throws Exception {
    String source = SOURCES.get(PACKAGE + ".Compiled" + name);
    assertTrue(source.contains("Convolutions.convolveMaxPoolArgmax(CONV_WINDOW")
        && source.contains("Convolutions.kernelGradientSparse(CONV_WINDOW")
        && source.contains("Convolutions.inputGradientArgmax(CONV_WINDOW")
        && !source.contains("col2im(CONV_WINDOW") && !source.contains("Pooling.max"),
        name + " scatters by argmax");
    check(name, false, null);
  }

  /**
   * Ties on planes: each image constant, so that every output of the 2×2 convolution ties with
   * the other three of its pooling window, and each window's gradient goes to one of them.
   */
  @Test
  void maxPoolingOnPlanesOverTiesSendsEachWindowsGradientToOneValue() throws Exception {
    float[] inputs = new float[3 * 5 * 5];
    SplittableRandom rng = new SplittableRandom(4);
    for (int b = 0; b < 3; b++) {
      Arrays.fill(inputs, b * 25, (b + 1) * 25, (float) (2 * rng.nextDouble() - 1));
    }
    assertTrue(SOURCES.get(PACKAGE + ".CompiledPlaneTies").contains("kernelGradientPooled("));
    check("PlaneTies", false, inputs);
  }

  /**
   * A convolution whose pooling leaves its last rows or columns unread computes and stores
   * only those read, and its backward pass skips the others: its window constant has the rows
   * and columns read, its summary the whole output; it predicts exactly what its twin (an
   * identity between convolution and pooling: nothing cropped) predicts, its gradients are the
   * twin's to rounding (fewer zero terms in the sums), and they pass the checks.
   */
  @ParameterizedTest(name = "a convolution computes only what its pooling reads, {0}")
  @CsvSource({"Cropped_TANH, '7, 6, 3, 3, 2, 1, 1, 0, 0, 4, 4', '5, 5, 4'",
      "Cropped_RELU, '7, 6, 3, 2, 2, 1, 1, 0, 0, 6, 4', '6, 5, 4'",
      "Cropped_Strided, '7, 6, 3, 2, 2, 2, 2, 0, 0, 3, 3', '4, 3, 4'",
      "Cropped_Winograd, '7, 7, 16, 3, 3, 1, 1, 0, 0, 4, 4', '5, 5, 16'",
      "Cropped_Average, '7, 6, 3, 3, 2, 1, 1, 0, 0, 4, 4', '5, 5, 4'"})
  void aConvolutionComputesOnlyWhatItsPoolingReads(String name, String window, String shape)
      throws Exception {
    assertTrue(SOURCES.get(PACKAGE + ".Compiled" + name)
        .contains("CONV_WINDOW = new Window2D(" + window + ");"), name + "'s window");
    assertTrue(SOURCES.get(PACKAGE + ".Compiled" + name + "_Twin")
        .contains("CONV_WINDOW = new Window2D(" + window.substring(0,
            window.lastIndexOf(", ", window.lastIndexOf(", ") - 1)) + ", "
            + shape.substring(0, shape.lastIndexOf(", ")) + ");"), name + "'s twin's window");
    Model cropped = instantiate(name);
    Model twin = instantiate(name + "_Twin");
    assertTrue(cropped.summary().contains("(None, " + shape + ")"), cropped.summary());
    SplittableRandom rng = new SplittableRandom(name.hashCode());
    float[] p = GradientCheck.perturb(cropped, rng);
    System.arraycopy(p, 0, twin.parameters(), 0, p.length);
    int count = 5;
    float[] inputs = GradientCheck.randomInputs(cropped, count, rng);
    float[] targets = GradientCheck.randomClasses(cropped, count, rng);
    float[] predicted = new float[count * cropped.outputSize()];
    float[] predictedByTwin = predicted.clone();
    cropped.predictBatch(inputs, predicted, count);
    twin.predictBatch(inputs, predictedByTwin, count);
    assertArrayEquals(predictedByTwin, predicted, name + "'s predictions");
    float loss = cropped.computeGradients(inputs, targets, count);
    assertEquals(twin.computeGradients(inputs, targets, count), loss, 1e-6f * Math.abs(loss),
        name + "'s loss");
    float[] g = cropped.gradients();
    float[] gt = twin.gradients();
    for (int i = 0; i < g.length; i++) {
      assertEquals(gt[i], g[i], 1e-5f * (1 + Math.abs(gt[i])), name + "'s gradient " + i);
    }
    check(name, false, null);
  }

  @Test
  void perChannelBatchNormalisationInTraining() throws Exception {
    check("Norm", true, null);
  }

  @Test
  void maxPoolingOverTiesSendsEachWindowsGradientToOneValue() throws Exception {
    float[] inputs = new float[3 * 4 * 4 * 2];
    SplittableRandom rng = new SplittableRandom(3);
    for (int b = 0; b < 3; b++) {
      for (int by = 0; by < 2; by++) {
        for (int bx = 0; bx < 2; bx++) {
          for (int c = 0; c < 2; c++) {
            float v = (float) (2 * rng.nextDouble() - 1);
            for (int y = 2 * by; y < 2 * by + 2; y++) {
              for (int x = 2 * bx; x < 2 * bx + 2; x++) {
                inputs[((b * 4 + y) * 4 + x) * 2 + c] = v;
              }
            }
          }
        }
      }
    }
    check("Ties", false, inputs);
  }
}
