package org.dendrite.compiler.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.dendrite.compiler.onnx.proto.OnnxProto;
import org.dendrite.compiler.onnx.proto.OnnxProto.AttributeProto;
import org.dendrite.compiler.onnx.proto.OnnxProto.NodeProto;
import org.dendrite.runtime.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX import of convolutional networks: the peers' keras-convnet and LeNet-5 and a residual
 * CNN (BatchNorm, Add, Concat, standalone activations, average and global pooling), exported by
 * PyTorch channels-first, compile into channels-last classes whose predictions on Fashion-MNIST
 * test images (all 10,000 for the peers' two) match ONNX Runtime's within 1e-5, with the same
 * top-1 class; every attribute whose
 * meaning Dendrite's layers do not share is an error naming the node, its operator and what is
 * supported.
 */
class OnnxCnnImportTest {
  /**
   * Test images for the residual graph, which is not one of the three and takes twice
   * the convnet's time per image: the first 300, enough for every class.
   */
  private static final int RESIDUAL_IMAGES = 300;

  @TempDir
  Path dir;

  @Test
  void kerasConvnetMatchesOnnxRuntimeOnFashionMnist() throws Exception {
    Model model = imported("keras_convnet.onnx", "KerasConvnet");
    assertEquals("network KerasConvnet\n"
        + "input input 28x28x1\n"
        + "conv2d conv1 28x28x1->26x26x32 3x3/1x1 valid relu bias\n"
        + "maxpool2d maxpool1 26x26x32->13x13x32 2x2/2x2 valid\n"
        + "conv2d conv2 13x13x32->11x11x64 3x3/1x1 valid relu bias\n"
        + "maxpool2d maxpool2 11x11x64->5x5x64 2x2/2x2 valid\n"
        + "flatten flatten1 1600\n"
        + "dense dense1 1600->10 linear bias", model.architecture());
    assertEquals(34_826, model.parameterCount());
    assertMatchesOnFashionMnist(model, "keras_convnet.onnx", 10_000, 1, 28, 28);
  }

  @Test
  void lenet5WithTheFlatInputOfThePeersMatchesOnnxRuntime() throws Exception {
    Model model = imported("lenet5.onnx", "Lenet5");
    assertEquals("network Lenet5\n"
        + "input input 28x28x1\n"
        + "conv2d conv1 28x28x1->28x28x6 5x5/1x1 same relu bias\n"
        + "maxpool2d maxpool1 28x28x6->14x14x6 2x2/2x2 valid\n"
        + "conv2d conv2 14x14x6->10x10x16 5x5/1x1 valid relu bias\n"
        + "maxpool2d maxpool2 10x10x16->5x5x16 2x2/2x2 valid\n"
        + "flatten flatten1 400\n"
        + "dense dense1 400->120 relu bias\n"
        + "dense dense2 120->84 relu bias\n"
        + "dense dense3 84->10 linear bias", model.architecture());
    assertEquals(61_706, model.parameterCount());
    assertMatchesOnFashionMnist(model, "lenet5.onnx", 10_000, 784);
  }

  @Test
  void residualGraphMatchesOnnxRuntime() throws Exception {
    Model model = imported("residual.onnx", "Residual");
    assertEquals("network Residual\n"
        + "input input 28x28x1\n"
        + "conv2d conv1 28x28x1->28x28x8 3x3/1x1 same linear bias\n"
        + "batchnorm norm1 28x28x8 relu epsilon=1.0E-5\n"
        + "conv2d conv2 28x28x8->28x28x8 3x3/1x1 same linear no-bias\n"
        + "batchnorm norm2 28x28x8 relu epsilon=0.001\n"
        + "conv2d conv3 28x28x8->28x28x8 3x3/1x1 same linear bias\n"
        + "add add1 28x28x8 <- norm1,conv3\n"
        + "activate relu1 28x28x8 relu\n"
        + "maxpool2d maxpool1 28x28x8->14x14x8 2x2/2x2 valid\n"
        + "conv2d conv4 14x14x8->14x14x4 1x1/1x1 valid relu bias\n"
        + "conv2d conv5 14x14x8->14x14x6 3x3/1x1 same sigmoid bias <- maxpool1\n"
        + "concatenate concat1 14x14x10 axis 2 <- conv4,conv5\n"
        + "avgpool2d avgpool1 14x14x10->7x7x10 2x2/2x2 valid\n"
        + "globalavgpool2d gap1 7x7x10->10\n"
        + "dense dense1 10->10 softmax bias", model.architecture());
    assertMatchesOnFashionMnist(model, "residual.onnx", RESIDUAL_IMAGES, 1, 28, 28);
  }

  @Test
  void threeChannelImagesAreFedChannelsLast() throws Exception {
    Model model = imported("channels.onnx", "Channels");
    assertEquals("network Channels\n"
        + "input input 8x8x3\n"
        + "conv2d conv1 8x8x3->4x4x5 4x4/2x2 same relu bias\n"
        + "avgpool2d avgpool1 4x4x5->4x4x5 3x3/1x1 same\n"
        + "batchnorm norm1 4x4x5 tanh epsilon=1.0E-5\n"
        + "conv2d conv2 4x4x5->2x2x4 2x2/2x2 valid linear bias\n"
        + "flatten flatten1 16\n"
        + "dense dense1 16->3 linear bias", model.architecture());
    int count = 64;
    SplittableRandom random = new SplittableRandom(5);
    float[] chw = new float[count * 192];
    for (int i = 0; i < chw.length; i++) {
      chw[i] = (float) random.nextDouble(-1, 1);
    }
    float[] hwc = new float[chw.length];
    for (int n = 0; n < count; n++) {
      for (int c = 0; c < 3; c++) {
        for (int p = 0; p < 64; p++) {
          hwc[n * 192 + p * 3 + c] = chw[n * 192 + c * 64 + p];
        }
      }
    }
    float[] ours = new float[count * 3];
    model.predictBatch(hwc, ours, count);
    float[] theirs = OnnxRuntimeRunner.run(OnnxImportTest.fixture("channels.onnx"), chw, count,
        3, 8, 8);
    assertClose(theirs, ours, "channels.onnx");
  }

  // ---- what is refused ----------------------------------------------------------------------

  @Test
  void groupedConvolutionIsRefused() throws Exception {
    String message = refused("keras_convnet.onnx", "Conv", 0,
        n -> replace(n, ints("group", 2)));
    assertTrue(message.endsWith("(Conv) is a grouped convolution (group = 2); Dendrite imports"
        + " Conv with group = 1 only"), message);
  }

  @Test
  void dilatedConvolutionIsRefused() throws Exception {
    String message = refused("keras_convnet.onnx", "Conv", 1,
        n -> replace(n, ints("dilations", 2, 2)));
    assertTrue(message.endsWith("(Conv) is dilated (dilations = [2, 2]); Dendrite imports"
        + " Conv with dilations = [1, 1] only"), message);
  }

  @Test
  void explicitPadsAndAZeroPadBeforeAConvMatchOnnxRuntime() throws Exception {
    // PyTorch's padding=1 at stride 2 and around a 5x5, a padded max pooling, a ZeroPad2d
    // (exported as a Pad whose pads are computed by Slice, Concat, ... of constants) folded into
    // the convolution after it, and an average pooling that does not count its padding.
    Model model = imported("pads.onnx", "Pads");
    assertEquals("network Pads\n"
        + "input input 16x16x1\n"
        + "conv2d conv1 16x16x1->8x8x6 3x3/2x2 pads=1,1,1,1 relu bias\n"
        + "conv2d conv2 8x8x6->6x6x8 5x5/1x1 pads=1,1,1,1 relu bias\n"
        + "maxpool2d maxpool1 6x6x8->3x3x8 3x3/2x2 pads=1,1,1,1\n"
        + "conv2d conv3 3x3x8->2x4x4 3x3/1x1 pads=0,1,1,2 tanh bias\n"
        + "avgpool2d avgpool1 2x4x4->3x5x4 2x2/1x1 pads=1,1,1,1\n"
        + "flatten flatten1 60\n"
        + "dense dense1 60->5 linear bias", model.architecture());
    int count = 64;
    float[] images = OnnxExportTest.random(new SplittableRandom(41), count * 256, 1f);
    float[] ours = new float[count * 5];
    model.predictBatch(images, ours, count);
    assertClose(OnnxRuntimeRunner.run(OnnxImportTest.fixture("pads.onnx"), images, count, 1, 16,
        16), ours, "pads.onnx");
  }

  @Test
  void unevenPadsAndSameLowerMatchOnnxRuntime() throws Exception {
    // LeNet's first convolution pads 2 all round (SAME for 5x5); 1 above, 3 below, 2 left and
    // right keep its size. ONNX's order is [top, left, bottom, right], Dendrite's [top, bottom,
    // left, right].
    assertImportMatches(edit("lenet5.onnx", "Conv", 0, n -> replace(n, ints("pads", 1, 2, 3,
        2))), "Uneven", "conv2d conv1 28x28x1->28x28x6 5x5/1x1 pads=1,3,2,2 relu bias", 784);
    // 3x3 at stride 2 over 16 pixels: SAME pads 1, which SAME_LOWER puts first.
    assertImportMatches(edit("pads.onnx", "Conv", 0, n -> {
      NodeProto.Builder b = n.toBuilder().clearAttribute();
      n.getAttributeList().stream().filter(a -> !a.getName().equals("pads"))
          .forEach(b::addAttribute);
      return b.addAttribute(string("auto_pad", "SAME_LOWER")).build();
    }), "Lower", "conv2d conv1 16x16x1->8x8x6 3x3/2x2 pads=1,0,1,0 relu bias", 1, 16, 16);
  }

  @Test
  void padsThatAreNegativeOrNotSmallerThanTheWindowAreRefused() throws Exception {
    String message = refused("pads.onnx", "Conv", 0, n -> replace(n, ints("pads", 3, 1, 1, 1)));
    assertTrue(message.contains("(Conv) pads [3, 1, 1, 1] ([top, left, bottom, right]) a"
        + " [1, 16, 16] image with a 3x3 window; Dendrite imports pads from 0 to one less than"
        + " the window along their axis"), message);
    String negative = refused("pads.onnx", "MaxPool", 0,
        n -> replace(n, ints("pads", 1, -1, 1, 1)));
    assertTrue(negative.contains("(MaxPool) pads [1, -1, 1, 1] ([top, left, bottom, right])"),
        negative);
    // The ZeroPad2d's 1 below and the Conv's own 2 below make 3 for a 3x3 kernel.
    String folded = refused("pads.onnx", "Conv", 2, n -> replace(n, ints("pads", 0, 0, 2, 0)));
    assertTrue(folded.contains("(Pad) and node ") && folded.contains("(Conv) after it pad a"
        + " [8, 3, 3] image by [0, 3, 1, 2] ([top, bottom, left, right]) for a 3x3 kernel"),
        folded);
  }

  @Test
  void averagePoolingThatCountsExplicitPadsIsRefused() throws Exception {
    String message = refused("pads.onnx", "AveragePool", 0,
        n -> replace(n, ints("count_include_pad", 1)));
    assertTrue(message.endsWith("(AveragePool) counts the padding in its averages"
        + " (count_include_pad = 1); Dendrite's average pooling divides by the values inside"
        + " the image: export with count_include_pad=False, or without padding"), message);
  }

  @Test
  void aPadThatIsNotZerosAroundAConvsImageIsRefused() throws Exception {
    String padOutput = node("pads.onnx", "Pad").getOutput(0);
    // Read by a pooling, which would take its zeros for values.
    String pooled = refused("pads.onnx", "AveragePool", 0,
        n -> n.toBuilder().setInput(0, padOutput).build());
    assertTrue(pooled.contains("(Pad) pads the input of node '") && pooled.contains(
        "(AveragePool); Dendrite folds a Pad (constant zeros around an image's height and"
        + " width) only into a Conv that reads it"), pooled);
    String reflect = refused("pads.onnx", "Pad", 0, n -> replace(n, string("mode", "reflect")));
    assertTrue(reflect.endsWith("(Pad) pads in mode 'reflect'; Dendrite imports Pad of an"
        + " image's height and width with constant zeros (mode constant, value 0 or absent, pads"
        + " 0 or more), read by a Conv"), reflect);
    // A channel padded, and a value other than zero, given as initializers.
    String channels = refusedWith("pads.onnx", int64("channelPads", 0, 1, 0, 0, 0, 0, 0, 0), 1);
    assertTrue(channels.contains("(Pad) pads [0, 1, 0, 0, 0, 0, 0, 0] a [batch, 8, 3, 3]"
        + " tensor (axis 1: 1 before, 0 after); Dendrite imports Pad of an image's height and"
        + " width"), channels);
    OnnxProto.TensorProto one = OnnxProto.TensorProto.newBuilder().setName("one")
        .setDataType(OnnxProto.TensorProto.DataType.FLOAT_VALUE).addFloatData(1f).build();
    String value = refusedWith("pads.onnx", one, 2);
    assertTrue(value.contains("(Pad) pads with the value 'one' = [1.0]; Dendrite imports Pad"),
        value);
  }

  @Test
  void averagePoolingThatCountsThePaddingIsRefused() throws Exception {
    String message = refused("channels.onnx", "AveragePool", 0,
        n -> replace(n, ints("count_include_pad", 1)));
    assertTrue(message.endsWith("(AveragePool) counts the padding in its averages"
        + " (count_include_pad = 1); Dendrite's average pooling divides by the values inside"
        + " the image: export with count_include_pad=False, or without padding"), message);
  }

  @Test
  void ceilModeIsRefusedWhereItAddsAWindow() throws Exception {
    // 11 pixels in windows of 2: floor gives 5, ceil 6.
    String message = refused("keras_convnet.onnx", "MaxPool", 1,
        n -> replace(n, ints("ceil_mode", 1)));
    assertTrue(message.contains("(MaxPool) rounds its output size up (ceil_mode = 1)"),
        message);
    // 26 pixels: both give 13, so the first pooling imports as it is.
    OnnxCompiler.compile(edit("keras_convnet.onnx", "MaxPool", 0,
        n -> replace(n, ints("ceil_mode", 1))), "ceil.onnx", "p", "Ceil");
  }

  @Test
  void maxPoolIndicesAreRefused() throws Exception {
    OnnxProto.ModelProto model = edit("keras_convnet.onnx", "MaxPool", 0,
        n -> n.toBuilder().addOutput("indices").build());
    OnnxProto.GraphProto.Builder graph = model.getGraph().toBuilder();
    graph.addOutput(OnnxProto.ValueInfoProto.newBuilder().setName("indices"));
    OnnxImportException e = assertThrows(OnnxImportException.class, () -> OnnxCompiler.compile(
        model.toBuilder().setGraph(graph).build(), "indices.onnx", "p", "Indices"));
    assertTrue(e.getMessage().contains("(MaxPool): its output 'indices' is used, but Dendrite"
        + " keeps only a node's first output"), e.getMessage());
  }

  @Test
  void concatOverTheBatchIsRefused() throws Exception {
    String message = refused("residual.onnx", "Concat", 0, n -> replace(n, ints("axis", 0)));
    assertTrue(message.contains("(Concat) joins along axis 0 of a [batch, 4, 14, 14] tensor"),
        message);
  }

  @Test
  void lyingOrHugeConvolutionWeightsAreRefusedBeforeTheyAreRead() throws Exception {
    OnnxProto.ModelProto model = OnnxProto.ModelProto.parseFrom(
        OnnxImportTest.fixture("keras_convnet.onnx"));
    OnnxProto.GraphProto.Builder graph = model.getGraph().toBuilder();
    String weight = graph.getNodeList().stream().filter(n -> n.getOpType().equals("Conv"))
        .findFirst().orElseThrow().getInput(1);
    int index = 0;
    while (!graph.getInitializer(index).getName().equals(weight)) {
      index++;
    }
    OnnxProto.TensorProto w = graph.getInitializer(index);
    // A billion filters claimed with the data of 32.
    graph.setInitializer(index, w.toBuilder().setDims(0, 1_000_000_000L));
    OnnxImportException lying = assertThrows(OnnxImportException.class,
        () -> OnnxCompiler.compile(model.toBuilder().setGraph(graph).build(), "lying.onnx", "p",
            "Lying"));
    assertTrue(lying.getMessage().contains("claims 9000000000")
        || lying.getMessage().contains("more than a Java array holds"), lying.getMessage());
    // Two input channels claimed for a one-channel image.
    graph.setInitializer(index, w.toBuilder().setDims(1, 2L));
    OnnxImportException channels = assertThrows(OnnxImportException.class,
        () -> OnnxCompiler.compile(model.toBuilder().setGraph(graph).build(), "two.onnx", "p",
            "Two"));
    assertTrue(channels.getMessage().endsWith("is [32, 2, 3, 3] but its input has 1 channels;"
        + " expected [filters, 1, height, width]"), channels.getMessage());
  }

  @Test
  void aPoolingWindowLargerThanTheImageIsRefused() throws Exception {
    OnnxImportException e = assertThrows(OnnxImportException.class, () -> OnnxCompiler.compile(
        edit("keras_convnet.onnx", "MaxPool", 1, n -> replace(n, ints("kernel_shape",
            1_000_000_000L, 2))), "huge.onnx", "p", "Huge"));
    assertTrue(e.getMessage().endsWith("(MaxPool)'s 1000000000x2 window does not fit its 11x11"
        + " image"), e.getMessage());
  }

  @Test
  void anAddOfTwoShapesIsRefused() throws Exception {
    // The residual Add made to add the graph's one-channel input to the eight-channel block.
    String input = OnnxProto.ModelProto.parseFrom(OnnxImportTest.fixture("residual.onnx"))
        .getGraph().getInput(0).getName();
    String message = refused("residual.onnx", "Add", 0,
        n -> n.toBuilder().setInput(1, input).build());
    assertTrue(message.contains("(Add) adds [batch, 8, 28, 28] and [batch, 1, 28, 28]; Dendrite"
        + " adds values of one shape (no broadcasting)"), message);
  }

  @Test
  void aReshapeOfTheInputToSeveralChannelsIsRefused() throws Exception {
    // LeNet's flat input reshaped to [-1, 4, 14, 14]: channels-first values Dendrite would read
    // channels-last.
    OnnxProto.ModelProto model = OnnxProto.ModelProto.parseFrom(
        OnnxImportTest.fixture("lenet5.onnx"));
    OnnxProto.GraphProto.Builder graph = model.getGraph().toBuilder();
    NodeProto reshape = graph.getNodeList().stream().filter(n -> n.getOpType().equals("Reshape"))
        .findFirst().orElseThrow();
    String target = reshape.getInput(1);
    OnnxProto.TensorProto shape = OnnxProto.TensorProto.newBuilder().setName(target)
        .setDataType(OnnxProto.TensorProto.DataType.INT64_VALUE).addDims(4)
        .addAllInt64Data(List.of(-1L, 4L, 14L, 14L)).build();
    boolean replaced = false;
    for (int i = 0; i < graph.getInitializerCount(); i++) {
      if (graph.getInitializer(i).getName().equals(target)) {
        graph.setInitializer(i, shape);
        replaced = true;
      }
    }
    for (int i = 0; !replaced && i < graph.getNodeCount(); i++) {
      if (graph.getNode(i).getOutput(0).equals(target)) {
        graph.setNode(i, graph.getNode(i).toBuilder().clearAttribute().addAttribute(
            AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType
                .TENSOR).setT(shape)).build());
        replaced = true;
      }
    }
    assertTrue(replaced, "the Reshape's shape is an initializer or a Constant");
    OnnxImportException e = assertThrows(OnnxImportException.class, () -> OnnxCompiler.compile(
        model.toBuilder().setGraph(graph).build(), "four.onnx", "p", "Four"));
    assertTrue(e.getMessage().contains("(Reshape) reshapes [batch, 784] to [-1, 4, 14, 14];"
        + " Dendrite imports Reshape only as a flatten"), e.getMessage());
  }

  // ---- helpers ------------------------------------------------------------------------------

  /**
   * {@code model} imported as {@code name}, with the line {@code line} in its architecture,
   * predicts 32 random samples as ONNX Runtime does.
   */
  private void assertImportMatches(OnnxProto.ModelProto model, String name, String line,
      long... shape) throws Exception {
    Path file = dir.resolve(name + ".onnx");
    Files.write(file, model.toByteArray());
    Model imported = OnnxImportTest.imported(dir, file, name);
    assertTrue(imported.architecture().contains("\n" + line + "\n"), imported.architecture());
    int count = 32;
    float[] inputs = OnnxExportTest.random(new SplittableRandom(name.hashCode()),
        count * imported.inputSize(), 1f);
    float[] ours = new float[count * imported.outputSize()];
    imported.predictBatch(inputs, ours, count);
    assertClose(OnnxRuntimeRunner.run(model.toByteArray(), inputs, count, shape), ours, name);
  }

  /** The first node of {@code op} in {@code fixture}. */
  private static NodeProto node(String fixture, String op) throws IOException {
    return OnnxProto.ModelProto.parseFrom(OnnxImportTest.fixture(fixture)).getGraph()
        .getNodeList().stream().filter(n -> n.getOpType().equals(op)).findFirst().orElseThrow();
  }

  /**
   * The import error after the first Pad of {@code fixture} takes input {@code index} from
   * {@code initializer}, added to the graph.
   */
  private String refusedWith(String fixture, OnnxProto.TensorProto initializer, int index)
      throws Exception {
    OnnxProto.ModelProto model = edit(fixture, "Pad", 0,
        n -> n.toBuilder().setInput(index, initializer.getName()).build());
    OnnxProto.ModelProto withInitializer = model.toBuilder().setGraph(model.getGraph()
        .toBuilder().addInitializer(initializer)).build();
    OnnxImportException e = assertThrows(OnnxImportException.class,
        () -> OnnxCompiler.compile(withInitializer, fixture, "p", "Refused"));
    return e.getMessage();
  }

  private static OnnxProto.TensorProto int64(String name, long... values) {
    return OnnxProto.TensorProto.newBuilder().setName(name).addDims(values.length)
        .setDataType(OnnxProto.TensorProto.DataType.INT64_VALUE)
        .addAllInt64Data(Arrays.stream(values).boxed().toList()).build();
  }

  /**
   * The first {@code count} Fashion-MNIST test images through {@code model} and through ONNX
   * Runtime on {@code fixture}: every output within 1e-5, the same top-1 class for every image.
   */
  private void assertMatchesOnFashionMnist(Model model, String fixture, int count,
      long... shape) throws Exception {
    float[] images = Arrays.copyOf(OnnxImportTest.fashionMnistTest(), count * 784);
    float[] ours = new float[count * model.outputSize()];
    model.predictBatch(images, ours, count);
    float[] theirs = OnnxRuntimeRunner.run(OnnxImportTest.fixture(fixture), images, count,
        shape);
    assertClose(theirs, ours, fixture);
    int classes = model.outputSize();
    for (int i = 0; i < count; i++) {
      assertEquals(argmax(theirs, i * classes, classes), argmax(ours, i * classes, classes),
          fixture + " image " + i);
    }
  }

  private static void assertClose(float[] theirs, float[] ours, String fixture) {
    assertEquals(theirs.length, ours.length);
    for (int i = 0; i < ours.length; i++) {
      int index = i;
      assertEquals(theirs[i], ours[i], OnnxExportTest.TOLERANCE * Math.max(1f,
          Math.abs(theirs[i])), () -> fixture + " output " + index);
    }
  }

  /** The message of the import error after {@code change} to the n-th node of {@code op}. */
  private String refused(String fixture, String op, int nth, UnaryOperator<NodeProto> change)
      throws Exception {
    OnnxProto.ModelProto model = edit(fixture, op, nth, change);
    OnnxImportException e = assertThrows(OnnxImportException.class,
        () -> OnnxCompiler.compile(model, fixture, "p", "Refused"));
    assertTrue(e.getMessage().startsWith(fixture + ": node '"), e.getMessage());
    return e.getMessage();
  }

  private static OnnxProto.ModelProto edit(String fixture, String op, int nth,
      UnaryOperator<NodeProto> change) throws IOException {
    OnnxProto.ModelProto model = OnnxProto.ModelProto.parseFrom(OnnxImportTest.fixture(fixture));
    OnnxProto.GraphProto.Builder graph = model.getGraph().toBuilder();
    int seen = 0;
    for (int i = 0; i < graph.getNodeCount(); i++) {
      if (graph.getNode(i).getOpType().equals(op) && seen++ == nth) {
        graph.setNode(i, change.apply(graph.getNode(i)));
        return model.toBuilder().setGraph(graph).build();
      }
    }
    throw new AssertionError(fixture + " has no " + op + " number " + nth);
  }

  /** {@code node} with attribute {@code a} in place of any of the same name. */
  private static NodeProto replace(NodeProto node, AttributeProto a) {
    NodeProto.Builder b = node.toBuilder().clearAttribute();
    for (AttributeProto old : node.getAttributeList()) {
      if (!old.getName().equals(a.getName())) {
        b.addAttribute(old);
      }
    }
    return b.addAttribute(a).build();
  }

  private static AttributeProto ints(String name, long... values) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
    if (values.length == 1 && !List.of("dilations", "pads", "strides", "kernel_shape").contains(name)) {
      return a.setType(AttributeProto.AttributeType.INT).setI(values[0]).build();
    }
    for (long v : values) {
      a.addInts(v);
    }
    return a.setType(AttributeProto.AttributeType.INTS).build();
  }

  private static AttributeProto string(String name, String value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
        .setS(com.google.protobuf.ByteString.copyFromUtf8(value)).build();
  }

  /** Compiles a fixture, loads the class and its imported weights. */
  private Model imported(String fixture, String name) throws Exception {
    Path file = dir.resolve(fixture);
    Files.write(file, OnnxImportTest.fixture(fixture));
    return OnnxImportTest.imported(dir, file, name);
  }

  private static int argmax(float[] v, int offset, int length) {
    return OnnxImportTest.argmax(v, offset, length);
  }
}
