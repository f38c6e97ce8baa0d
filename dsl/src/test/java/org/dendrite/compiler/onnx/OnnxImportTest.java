package org.dendrite.compiler.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.dendrite.compiler.onnx.proto.OnnxProto;
import org.dendrite.compiler.testing.InMemoryJavac;
import org.dendrite.runtime.Layer;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.data.FashionMnist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX import: the PyTorch fixtures of {@code src/test/resources/onnx} (written by
 * {@code src/test/onnx/make_fixtures.py}) compile into classes whose predictions, with the
 * imported weights, match ONNX Runtime's on the same file within 1e-5; what cannot be imported is
 * an error naming the node, its operator and what is supported.
 */
class OnnxImportTest {
  @TempDir
  Path dir;

  @Test
  void mlpWithEveryDenseOperatorMatchesOnnxRuntime() throws Exception {
    Model model = imported("mlp.onnx", "Mlp");
    assertEquals(List.of("input", "flatten1", "dense1", "dense2", "norm1", "dense3", "dense4",
        "dense5"), model.layers().stream().map(Layer::name).toList());
    assertEquals("network Mlp\n"
        + "input input 1x4x5\n"
        + "flatten flatten1 20\n"
        + "dense dense1 20->16 relu bias\n"
        + "dense dense2 16->12 leaky_relu(0.1) no-bias\n"
        + "batchnorm norm1 12 tanh epsilon=0.001\n"
        + "dense dense3 12->8 sigmoid bias\n"
        + "dense dense4 8->6 softplus bias\n"
        + "dense dense5 6->3 softmax bias", model.architecture());
    assertMatchesOnnxRuntime(model, "mlp.onnx", 40, 1, 4, 5);
  }

  @Test
  void opset11FileImportsAsTheSame() throws Exception {
    Model model = imported("mlp_opset11.onnx", "Mlp11");
    assertMatchesOnnxRuntime(model, "mlp_opset11.onnx", 40, 1, 4, 5);
  }

  @Test
  void matMulAddAndReshapeImportAsDenseAndFlatten() throws Exception {
    Model model = imported("matmul.onnx", "MatMulNet");
    assertEquals("network MatMulNet\n"
        + "input input 4x5\n"
        + "flatten flatten1 20\n"
        + "dense dense1 20->10 relu bias\n"
        + "dense dense2 10->4 linear no-bias", model.architecture());
    assertMatchesOnnxRuntime(model, "matmul.onnx", 25, 4, 5);
  }

  @Test
  void aThreeDimensionalInputWithoutConvolutionsKeepsOnnxOrder() throws Exception {
    // mlp.onnx with its [1, 4, 5] samples declared [2, 2, 5]: a Flatten then Dense layers, no
    // image, so the Dense kernel keeps its rows (a channels-first reorder would be wrong here).
    OnnxProto.ModelProto model = parse("mlp.onnx");
    OnnxProto.GraphProto.Builder graph = model.getGraph().toBuilder();
    OnnxProto.TensorShapeProto.Builder shape = graph.getInputBuilder(0).getTypeBuilder()
        .getTensorTypeBuilder().getShapeBuilder();
    shape.getDimBuilder(1).setDimValue(2);
    shape.getDimBuilder(2).setDimValue(2);
    byte[] bytes = model.toBuilder().setGraph(graph).build().toByteArray();
    Path file = dir.resolve("mlp225.onnx");
    Files.write(file, bytes);
    Model imported = imported(dir, file, "Mlp225");
    assertTrue(imported.architecture().contains("input input 2x2x5\n"), imported.architecture());
    int count = 20;
    float[] inputs = random(new SplittableRandom(4), count * 20, -2f, 2f);
    float[] ours = new float[count * 3];
    imported.predictBatch(inputs, ours, count);
    float[] theirs = OnnxRuntimeRunner.run(bytes, inputs, count, 2, 2, 5);
    assertArrayEquals(theirs, ours, 1e-5f);
  }

  @Test
  void peerMlpMatchesOnnxRuntimeOnAllTenThousandTestImages() throws Exception {
    Model model = imported("mlp_784_300_100_10.onnx", "FashionMlp");
    assertEquals(266_610, model.parameterCount());
    float[] images = fashionMnistTest();
    int count = images.length / 784;
    float[] ours = assertMatchesOnnxRuntime(model, "mlp_784_300_100_10.onnx", images, count, 784);
    float[] theirs = OnnxRuntimeRunner.run(fixture("mlp_784_300_100_10.onnx"), images, count, 784);
    for (int i = 0; i < count; i++) {
      assertEquals(argmax(theirs, i * 10, 10), argmax(ours, i * 10, 10), "test image " + i);
    }
  }

  @Test
  void unsupportedOperatorNamesTheNodeTheOperatorAndTheSupportedList() throws Exception {
    OnnxImportException e = assertThrows(OnnxImportException.class, () -> compile("elu.onnx"));
    assertEquals(path("elu.onnx") + ": node '/1/Elu' (Elu) uses an operator Dendrite does not"
        + " import; supported operators: Gemm, MatMul, Add, Conv, MaxPool, AveragePool,"
        + " GlobalAveragePool, BatchNormalization, Concat, Relu, LeakyRelu, Sigmoid, Tanh,"
        + " Softplus, Softmax, Flatten, Reshape, Transpose, Pad, Dropout, Identity, Constant"
        + " (and Cast, Concat, ConstantOfShape, Reshape, Slice, Transpose of int64 constants)",
        e.getMessage());
  }

  @Test
  void opsetOutsideTheSupportedRangeIsRefused() throws Exception {
    OnnxProto.ModelProto model = parse("mlp.onnx").toBuilder()
        .setOpsetImport(0, OnnxProto.OperatorSetIdProto.newBuilder().setVersion(9)).build();
    OnnxImportException e = assertThrows(OnnxImportException.class,
        () -> OnnxCompiler.compile(model, "old.onnx", "p", "Old"));
    assertTrue(e.getMessage().startsWith("old.onnx: the model uses ONNX opset 9; Dendrite"
        + " imports opsets 11 to 21"), e.getMessage());
  }

  @Test
  void aNodeReadingAnUnknownValueIsRefusedNamingIt() throws Exception {
    OnnxProto.ModelProto model = parse("mlp.onnx");
    OnnxProto.GraphProto.Builder graph = model.getGraph().toBuilder();
    int last = graph.getNodeCount() - 2;
    OnnxProto.NodeProto gemm = graph.getNode(last);
    assertEquals("Gemm", gemm.getOpType());
    graph.setNode(last, gemm.toBuilder().setInput(0, "nowhere"));
    OnnxImportException e = assertThrows(OnnxImportException.class, () -> OnnxCompiler.compile(
        model.toBuilder().setGraph(graph).build(), "unknown.onnx", "p", "Unknown"));
    assertEquals("unknown.onnx: node '" + gemm.getName() + "' (Gemm) reads 'nowhere', which is"
        + " neither the graph's input nor an earlier node's output", e.getMessage());
  }

  @Test
  void aBranchThatLeadsNowhereIsRefused() throws Exception {
    // A Sigmoid of the first Gemm's output that no node reads, inserted after that Gemm.
    OnnxProto.ModelProto model = parse("mlp.onnx");
    OnnxProto.GraphProto.Builder graph = model.getGraph().toBuilder();
    int first = 0;
    while (!graph.getNode(first).getOpType().equals("Gemm")) {
      first++;
    }
    graph.addNode(first + 1, OnnxProto.NodeProto.newBuilder().setOpType("Sigmoid")
        .setName("dead").addInput(graph.getNode(first).getOutput(0)).addOutput("unused"));
    OnnxImportException e = assertThrows(OnnxImportException.class, () -> OnnxCompiler.compile(
        model.toBuilder().setGraph(graph).build(), "branch.onnx", "p", "Branch"));
    assertEquals("branch.onnx: node 'dead' (Sigmoid): its output leads nowhere (no later node"
        + " reads it, and it is not the graph's output); Dendrite compiles graphs whose every"
        + " layer leads to the output", e.getMessage());
  }

  @Test
  void weightsOfTheWrongSizeAreRefusedBeforeTheyAreRead() throws Exception {
    OnnxProto.ModelProto model = parse("matmul.onnx");
    OnnxProto.GraphProto.Builder graph = model.getGraph().toBuilder();
    int index = -1;
    for (int i = 0; i < graph.getInitializerCount(); i++) {
      if (graph.getInitializer(i).getDimsCount() == 2) {
        index = i;
        break;
      }
    }
    OnnxProto.TensorProto w = graph.getInitializer(index);
    // Dimensions claiming a billion values with the data of 200.
    graph.setInitializer(index, w.toBuilder().setDims(0, 1_000_000_000L));
    OnnxImportException e = assertThrows(OnnxImportException.class, () -> OnnxCompiler.compile(
        model.toBuilder().setGraph(graph).build(), "lying.onnx", "p", "Lying"));
    assertTrue(e.getMessage().contains("[1000000000, 10]"), e.getMessage());
  }

  @Test
  void truncatedFileIsAnErrorNamingIt() throws Exception {
    byte[] bytes = fixture("mlp.onnx");
    Path cut = dir.resolve("cut.onnx");
    for (int length : new int[] {0, 1, 7, bytes.length / 2, bytes.length - 1}) {
      Files.write(cut, Arrays.copyOf(bytes, length));
      OnnxImportException e = assertThrows(OnnxImportException.class,
          () -> OnnxCompiler.compile(cut, "p", "Cut"), "length " + length);
      assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
    }
  }

  @Test
  void denseRowsReorderedForChannelsLastComputeTheSame() {
    int c = 3;
    int h = 4;
    int w = 5;
    int units = 6;
    SplittableRandom random = new SplittableRandom(3);
    float[] chw = random(random, c * h * w, -1f, 1f);
    float[] kernel = random(random, c * h * w * units, -1f, 1f);
    float[] hwc = new float[chw.length];
    for (int ci = 0; ci < c; ci++) {
      for (int hi = 0; hi < h; hi++) {
        for (int wi = 0; wi < w; wi++) {
          hwc[(hi * w + wi) * c + ci] = chw[(ci * h + hi) * w + wi];
        }
      }
    }
    float[] reordered = Layouts.channelsFirstRowsToChannelsLast(kernel, c, h, w, units);
    assertArrayEquals(times(chw, kernel, units), times(hwc, reordered, units), 1e-5f);
    assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6},
        Layouts.transpose(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static float[] times(float[] x, float[] kernel, int units) {
    float[] y = new float[units];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < units; j++) {
        y[j] += x[i] * kernel[i * units + j];
      }
    }
    return y;
  }

  private float[] assertMatchesOnnxRuntime(Model model, String fixture, int count, long... shape)
      throws Exception {
    int size = model.inputSize();
    return assertMatchesOnnxRuntime(model, fixture,
        random(new SplittableRandom(fixture.hashCode()), count * size, -2f, 2f), count, shape);
  }

  private float[] assertMatchesOnnxRuntime(Model model, String fixture, float[] inputs,
      int count, long... shape) throws Exception {
    float[] ours = new float[count * model.outputSize()];
    model.predictBatch(inputs, ours, count);
    float[] theirs = OnnxRuntimeRunner.run(fixture(fixture), inputs, count, shape);
    assertEquals(theirs.length, ours.length);
    for (int i = 0; i < ours.length; i++) {
      int index = i;
      assertEquals(theirs[i], ours[i], OnnxExportTest.TOLERANCE * Math.max(1f,
          Math.abs(theirs[i])), () -> fixture + " output " + index);
    }
    return ours;
  }

  /** Compiles a fixture, loads the class and its imported weights. */
  private Model imported(String fixture, String name) throws Exception {
    return imported(dir, path(fixture), name);
  }

  /** Compiles the ONNX file {@code file}, loads the class and its imported weights. */
  static Model imported(Path dir, Path file, String name) throws Exception {
    OnnxCompiler.Result r = OnnxCompiler.compile(file, "imported", name);
    Class<?> type = InMemoryJavac.compile(
        Map.of("imported.Compiled" + name, r.file().toString()))
        .loadClass("imported.Compiled" + name);
    Model model = (Model) type.getConstructor(long.class).newInstance(1L);
    Path weights = dir.resolve(name + ".safetensors");
    Files.write(weights, r.weights());
    model.loadWeights(weights);
    return model;
  }

  private OnnxCompiler.Result compile(String fixture) throws Exception {
    return OnnxCompiler.compile(path(fixture), "imported", "X");
  }

  /** The fixture copied out of the class path to a file, as a user's model would be. */
  private Path path(String fixture) throws IOException {
    Path p = dir.resolve(fixture);
    if (!Files.exists(p)) {
      Files.write(p, fixture(fixture));
    }
    return p;
  }

  private static float[] fashionMnistTest;

  /**
   * Fashion-MNIST's 10,000 test images, flat (784 pixels in [0, 1] each), loaded once for the
   * classes that compare imported networks with ONNX Runtime on all of them.
   */
  static synchronized float[] fashionMnistTest() throws IOException {
    if (fashionMnistTest == null) {
      Path installed = Path.of("/usr/share/datasets/fashion-mnist");
      assertTrue(Files.isDirectory(installed),
          installed + " is missing: install the dataset-fashion-mnist package");
      Dataset test = FashionMnist.load(installed).test();
      assertEquals(10_000, test.size());
      fashionMnistTest = test.features(0, test.size());
    }
    return fashionMnistTest;
  }

  static byte[] fixture(String name) throws IOException {
    try (InputStream in = OnnxImportTest.class.getResourceAsStream("/onnx/" + name)) {
      if (in == null) {
        throw new IOException("fixture /onnx/" + name + " is missing from the test class path");
      }
      return in.readAllBytes();
    }
  }

  private static OnnxProto.ModelProto parse(String fixture) throws IOException {
    return OnnxProto.ModelProto.parseFrom(fixture(fixture));
  }

  private static float[] random(SplittableRandom random, int n, float from, float to) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextDouble(from, to);
    }
    return v;
  }

  static int argmax(float[] v, int offset, int length) {
    int best = 0;
    for (int i = 1; i < length; i++) {
      if (v[offset + i] > v[offset + best]) {
        best = i;
      }
    }
    return best;
  }
}
