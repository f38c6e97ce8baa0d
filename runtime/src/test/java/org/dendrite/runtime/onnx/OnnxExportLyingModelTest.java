package org.dendrite.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dendrite.runtime.Layer;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.TensorView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX export of a model whose architecture description lies (a hand-written or corrupted {@link
 * Model}): each lie is an IllegalArgumentException naming the line's number and text and what is
 * wrong with it, never an IndexOutOfBounds-, NullPointer- or NumberFormatException from inside
 * the exporter, and a failed export leaves an existing file as it was.
 *
 * <p>The model is built as a generated class builds its handles (the same layer names, weight
 * views of the same shapes in one parameter array, batch normalisation's averages as state);
 * the runtime's tests cannot compile networks, and export reads nothing else.
 */
class OnnxExportLyingModelTest {
  /** What the compiler writes for the model below; line 1 is the network line. */
  static final String HONEST = String.join("\n",
      "network Blocks",
      "input x 6x5x2",
      "conv2d c1 6x5x2->3x3x4 3x3/2x2 pads=1,1,1,1 relu bias",
      "batchnorm bn 3x3x4 linear epsilon=0.001",
      "maxpool2d mp 3x3x4->2x2x4 2x2/2x2 same",
      "avgpool2d avg 2x2x4->2x2x4 2x2/1x1 pads=0,1,1,0",
      "globalavgpool2d gap 2x2x4->4",
      "dropout drop 4",
      "dense d1 4->3 relu bias",
      "flatten flat 16 <- avg",
      "dense d2 16->3 leaky_relu(0.1) no-bias",
      "add sum 3 <- d1,d2",
      "concatenate both 6 axis 0 <- sum,d2",
      "activate out 6 softmax");

  static final String KINDS = "input, flatten, dense, dropout, batchnorm, conv2d, maxpool2d,"
      + " avgpool2d, globalavgpool2d, activate, add, concatenate";

  static final Model BLOCKS = blocks();

  @Test
  void theHonestDescriptionExports() {
    assertTrue(OnnxExport.toBytes(BLOCKS).length > 0);
    assertTrue(OnnxExport.toBytes(withArchitecture(BLOCKS, HONEST)).length > 0);
  }

  @Test
  void truncatedLinesAndMissingAttributesNameTheForm() {
    assertLie(3, "conv2d c1 6x5x2->3x3x4 3x3/2x2", "4 words, but a conv2d line has 7: conv2d"
        + " NAME HxWxC->OHxOWxF KHxKW/SHxSW PADDING ACTIVATION bias|no-bias");
    assertLie(3, "conv2d", "1 word, but a conv2d line has 7: conv2d NAME HxWxC->OHxOWxF"
        + " KHxKW/SHxSW PADDING ACTIVATION bias|no-bias");
    assertLie(9, "dense d1 4->3 relu", "4 words, but a dense line has 5: dense NAME"
        + " INPUTS->UNITS ACTIVATION bias|no-bias");
    assertLie(13, "concatenate both 6 <- sum,d2", "3 words, but a concatenate line has 5:"
        + " concatenate NAME SHAPE axis AXIS");
    assertLie(4, "batchnorm bn 3x3x4 linear 0.001", "'0.001' is not epsilon=EPSILON");
    assertLie(9, "dense d1 4 relu bias", "'4' is not INPUTS->UNITS");
    assertLie(3, "conv2d c1 6x5x2->3x3x4 3x3 pads=1,1,1,1 relu bias",
        "'3x3' is not HxW/SHxSW, the kernel and its strides");
    assertLie(9, "", "an empty line where a layer was expected");
  }

  @Test
  void wordsThatAreNotNumbersAreNamed() {
    assertLie(3, "conv2d c1 6x5x2->3x3x4 3xthree/2x2 pads=1,1,1,1 relu bias",
        "the kernel 3xthree: 'three' is not a whole number");
    assertLie(2, "input x 6x5x", "the input shape 6x5x: '' is not a whole number");
    assertLie(9, "dense d1 4->3.5 relu bias", "the units '3.5' is not a whole number");
    assertLie(4, "batchnorm bn 3x3x4 linear epsilon=tiny", "epsilon 'tiny' is not a number");
    assertLie(11, "dense d2 16->3 leaky_relu(a) no-bias",
        "the alpha of leaky_relu 'a' is not a number");
    assertLie(13, "concatenate both 6 axis first <- sum,d2",
        "the axis 'first' is not a whole number");
    assertLie(3, "conv2d c1 6x5x2->3x3x4 3x3/2x2 pads=1,1,1,x relu bias",
        "the right pad 'x' is not a whole number");
  }

  @Test
  void explicitPadsAreFourCountsNoneNegative() {
    assertLie(3, "conv2d c1 6x5x2->3x3x4 3x3/2x2 pads=1,1,1 relu bias",
        "explicit pads are 4 counts, top,bottom,left,right, not 3 (pads=1,1,1)");
    assertLie(6, "avgpool2d avg 2x2x4->2x2x4 2x2/1x1 pads=0,1,1,0,0",
        "explicit pads are 4 counts, top,bottom,left,right, not 5 (pads=0,1,1,0,0)");
    assertLie(3, "conv2d c1 6x5x2->3x3x4 3x3/2x2 pads=1,-1,1,1 relu bias",
        "the bottom pad -1 is negative");
    assertLie(5, "maxpool2d mp 3x3x4->2x2x4 2x2/2x2 padding=same",
        "the padding 'padding=same' is none of valid, same, pads=TOP,BOTTOM,LEFT,RIGHT");
  }

  @Test
  void kernelsAndStridesArePositive() {
    assertLie(3, "conv2d c1 6x5x2->3x3x4 3x3/0x2 pads=1,1,1,1 relu bias",
        "the strides 0x2: 0 is not positive");
    assertLie(3, "conv2d c1 6x5x2->3x3x4 0x3/2x2 pads=1,1,1,1 relu bias",
        "the kernel 0x3: 0 is not positive");
    assertLie(5, "maxpool2d mp 3x3x4->2x2x4 2x2/2x-2 same", "the strides 2x-2: -2 is not positive");
    assertLie(5, "maxpool2d mp 3x3x4->2x2x4 2x2x2/2x2 same",
        "'2x2x2/2x2' is not HxW/SHxSW, the window and its strides, two counts each");
  }

  @Test
  void unknownKindsAndActivationsAreNamed() {
    assertLie(9, "lstm d1 4->3", "a lstm layer, which ONNX export does not support yet;"
        + " supported layer kinds: " + KINDS);
    assertLie(9, "dense d1 4->3 swish bias", "the activation 'swish', which ONNX export does"
        + " not know (linear, relu, sigmoid, tanh, softplus, softmax, step, leaky_relu(ALPHA))");
    assertLie(9, "dense d1 4->3 relu biased", "'biased' where bias or no-bias was expected");
    assertEquals(KINDS, String.join(", ", OnnxExport.SUPPORTED));
  }

  @Test
  void sizesThatDisagreeWithTheWeightsAreNamed() {
    assertLie(9, "dense d1 4->5 relu bias",
        "the line needs d1.kernel of 4×5 (20 values), but the layer's is 4×3 (12 values)");
    assertLie(3, "conv2d c1 6x5x2->3x3x8 3x3/2x2 pads=1,1,1,1 relu bias",
        "the line needs c1.kernel of 3×3×2×8 (144 values), but the layer's is 3×3×2×4"
            + " (72 values)");
    assertLie(3, "conv2d c1 6x5x2->2x1x4 4x4/2x2 valid relu bias",
        "the line needs c1.kernel of 4×4×2×4 (128 values), but the layer's is 3×3×2×4"
            + " (72 values)");
    assertLie(11, "dense d2 16->3 leaky_relu(0.1) bias",
        "layer 'd2' has no bias; its weights are [d2.kernel 16×3]");
    assertLie(9, "dense d9 4->3 relu bias", "layers() of Blocks has no layer 'd9'");
  }

  @Test
  void shapesThatDisagreeWithWhatTheLayerReadsAreNamed() {
    assertLie(2, "input x 6x5x3", "the input shape 6x5x3 is 90 values, but inputSize() of"
        + " Blocks is 60");
    assertLie(9, "dense d1 5->3 relu bias", "5 inputs, but it reads 4 values (4)");
    assertLie(3, "conv2d c1 6x5x2->3x4x4 3x3/2x2 pads=1,1,1,1 relu bias",
        "a 3x3/2x2 window padded pads=1,1,1,1 over 6x5 gives 3x3, not 3x4");
    assertLie(3, "conv2d c1 5x6x2->3x3x4 3x3/2x2 pads=1,1,1,1 relu bias",
        "it claims 5x6x2 values, but what it reads is 6x5x2");
    assertLie(3, "conv2d c1 6x5x2->3x3x4 7x3/2x2 valid relu bias",
        "the 7x3/2x2 window does not fit the 6x5 image padded valid");
    assertLie(5, "maxpool2d mp 3x3x4->2x2x5 2x2/2x2 same",
        "pooling keeps the 4 channels of 3x3x4, but the output claims 5");
    assertLie(7, "globalavgpool2d gap 2x2x4->5",
        "averaging each channel of 2x2x4 gives 4 values, not 5");
    assertLie(7, "globalavgpool2d gap 2x2->4", "the input shape 2x2 is not an image, HxWxC");
    assertLie(10, "flatten flat 15 <- avg", "flattening 2x2x4 gives 16 values, not 15");
    assertLie(8, "dropout drop 5", "it claims 5 values, but what it reads is 4");
    assertLie(12, "add sum 3 <- d1,gap", "it adds 'gap', 4, to a sum of 3");
    assertLie(12, "add sum 3", "an add of 1 value; it needs at least two (<- a,b)");
    assertLie(13, "concatenate both 7 axis 0 <- sum,d2",
        "its inputs join into 6 along axis 0, not 7");
    assertLie(13, "concatenate both 6 axis 1 <- sum,d2", "axis 1 of 6, which has 1 axis");
  }

  @Test
  void theGraphMustHoldTogether() {
    assertLie(12, "add sum 3 <- d1,d3", "layer 'sum' reads 'd3', which is not an earlier layer");
    assertLie(11, "dense d1 16->3 leaky_relu(0.1) no-bias",
        "a second layer named 'd1' (the first is on line 9)");
    assertLie(2, "dense d1 4->3 relu bias", "layer 'd1' reads the layer before it, and there is"
        + " none (the first layer must be an input)");
    IllegalArgumentException noNetwork = assertThrows(IllegalArgumentException.class,
        () -> OnnxExport.toBytes(withArchitecture(BLOCKS, HONEST.replace("network ", ""))));
    assertEquals("Blocks: line 1, 'Blocks': the first line is not 'network NAME'",
        noNetwork.getMessage());
    // Cut after d1: the last layer gives 3 values, but the model outputs 6.
    String cut = String.join("\n", HONEST.lines().limit(9).toList());
    IllegalArgumentException shortOutput = assertThrows(IllegalArgumentException.class,
        () -> OnnxExport.toBytes(withArchitecture(BLOCKS, cut)));
    assertEquals("Blocks: line 9, 'dense d1 4->3 relu bias': the last layer gives 3 values per"
        + " sample (3), but outputSize() of Blocks is 6", shortOutput.getMessage());
  }

  @Test
  void anUnforeseenFailureStillNamesTheLine() {
    // A half-implemented model: inputSize() throws when the input line asks for it.
    Model half = (Model) Proxy.newProxyInstance(Model.class.getClassLoader(),
        new Class<?>[] {Model.class}, (proxy, method, args) -> {
          if (method.getName().equals("inputSize")) {
            throw new UnsupportedOperationException("not written yet");
          }
          return delegate(BLOCKS, method, args);
        });
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OnnxExport.toBytes(half));
    assertEquals("Blocks: line 2, 'input x 6x5x2': cannot be translated:"
        + " java.lang.UnsupportedOperationException: not written yet", e.getMessage());
    assertInstanceOf(UnsupportedOperationException.class, e.getCause());
  }

  @Test
  void aFailedExportLeavesTheExistingFileAsItWas(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("blocks.onnx");
    byte[] previous = OnnxExport.toBytes(BLOCKS);
    Files.write(file, previous);
    Model lying = withLine(3, "conv2d c1 6x5x2->3x3x4 3x3/2x2 pads=1,1,1 relu bias");
    assertThrows(IllegalArgumentException.class, () -> OnnxExport.write(lying, file));
    assertArrayEquals(previous, Files.readAllBytes(file));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList()); // no temporary file left beside it
    }
    // And no file at all where there was none.
    Path fresh = dir.resolve("fresh.onnx");
    assertThrows(IllegalArgumentException.class, () -> OnnxExport.write(lying, fresh));
    assertTrue(Files.notExists(fresh));
  }

  /** Export of HONEST with line {@code number} replaced by {@code text} fails for {@code why}. */
  static void assertLie(int number, String text, String why) {
    Model lying = withLine(number, text);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OnnxExport.toBytes(lying));
    assertEquals("Blocks: line " + number + ", '" + text + "': " + why, e.getMessage());
  }

  static Model withLine(int number, String text) {
    List<String> lines = new ArrayList<>(HONEST.lines().toList());
    lines.set(number - 1, text);
    return withArchitecture(BLOCKS, String.join("\n", lines));
  }

  /** {@code model} with every method its own but {@link Model#architecture}. */
  static Model withArchitecture(Model model, String architecture) {
    return (Model) Proxy.newProxyInstance(Model.class.getClassLoader(),
        new Class<?>[] {Model.class}, (proxy, method, args) -> method.getName()
            .equals("architecture") ? architecture : delegate(model, method, args));
  }

  private static Object delegate(Model model, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(model, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /**
   * The model HONEST describes, its layers' handles as a generated class declares them: one
   * parameter array of every weight in layer order, batch normalisation's averages as state.
   * Only what export reads is there; the passes throw.
   */
  static Model blocks() {
    float[] parameters = new float[72 + 4 + 4 + 4 + 12 + 3 + 48];
    float[] state = new float[8];
    for (int i = 0; i < parameters.length; i++) {
      parameters[i] = (i % 7 - 3) * 0.1f;
    }
    java.util.Arrays.fill(state, 4, 8, 1f); // moving variances
    List<Layer> layers = List.of(
        new Layer("x", "Input", new int[] {6, 5, 2}, new int[] {6, 5, 2}, List.of()),
        new Layer("c1", "Conv2D", new int[] {6, 5, 2}, new int[] {3, 3, 4}, List.of(
            new TensorView("c1.kernel", parameters, 0, 3, 3, 2, 4),
            new TensorView("c1.bias", parameters, 72, 4))),
        new Layer("bn", "BatchNormalization", new int[] {3, 3, 4}, new int[] {3, 3, 4}, List.of(
            new TensorView("bn.gamma", parameters, 76, 4),
            new TensorView("bn.beta", parameters, 80, 4)), List.of(
            new TensorView("bn.moving_mean", state, 0, 4),
            new TensorView("bn.moving_variance", state, 4, 4))),
        new Layer("mp", "MaxPooling2D", new int[] {3, 3, 4}, new int[] {2, 2, 4}, List.of()),
        new Layer("avg", "AveragePooling2D", new int[] {2, 2, 4}, new int[] {2, 2, 4},
            List.of()),
        new Layer("gap", "GlobalAveragePooling2D", new int[] {2, 2, 4}, new int[] {4},
            List.of()),
        new Layer("drop", "Dropout", new int[] {4}, new int[] {4}, List.of()),
        new Layer("d1", "Dense", new int[] {4}, new int[] {3}, List.of(
            new TensorView("d1.kernel", parameters, 84, 4, 3),
            new TensorView("d1.bias", parameters, 96, 3))),
        new Layer("flat", "Flatten", new int[] {2, 2, 4}, new int[] {16}, List.of()),
        new Layer("d2", "Dense", new int[] {16}, new int[] {3}, List.of(
            new TensorView("d2.kernel", parameters, 99, 16, 3))),
        new Layer("sum", "Add", new int[] {3}, new int[] {3}, List.of()),
        new Layer("both", "Concatenate", new int[] {3}, new int[] {6}, List.of()),
        new Layer("out", "Activation", new int[] {6}, new int[] {6}, List.of()));
    return (Model) Proxy.newProxyInstance(Model.class.getClassLoader(),
        new Class<?>[] {Model.class}, (proxy, method, args) -> switch (method.getName()) {
          case "name" -> "Blocks";
          case "architecture" -> HONEST;
          case "layers" -> layers;
          case "parameters" -> parameters;
          case "state" -> state;
          case "inputSize" -> 60;
          case "outputSize" -> 6;
          case "parameterCount" -> parameters.length;
          case "toString" -> "Blocks";
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }
}
