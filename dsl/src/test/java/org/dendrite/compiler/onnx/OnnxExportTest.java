package org.dendrite.compiler.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.dendrite.compiler.diag.SourceFile;
import org.dendrite.compiler.nn.NnCompiler;
import org.dendrite.compiler.onnx.proto.OnnxProto;
import org.dendrite.compiler.testing.InMemoryJavac;
import org.dendrite.runtime.Layer;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.TensorView;
import org.dendrite.runtime.onnx.OnnxExport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX export: ONNX Runtime runs the exported file of networks covering every exportable layer
 * kind and activation, with random weights and batch-normalisation statistics, and its
 * predictions match Dendrite's within 1e-5; protobuf-java reads the file back as the schema says.
 */
class OnnxExportTest {
  /** Largest difference allowed between Dendrite's and ONNX Runtime's outputs. */
  static final float TOLERANCE = 1e-5f;

  static final String MLP = """
      package exported
      network Mlp(loss = categorical_crossentropy) {
          input     image [4, 5]
          flatten   flat
          dense     hidden (units = 16, activation = relu)
          dropout   drop (rate = 0.3)
          dense     narrow (units = 12, activation = leaky_relu, alpha = 0.1, useBias = false)
          batchnorm norm (epsilon = 0.001, activation = tanh)
          dense     squash (units = 8, activation = sigmoid)
          dense     smooth (units = 6, activation = softplus)
          dense     output (units = 3, activation = softmax)
      }
      """;

  static final String REGRESSION = """
      package exported
      network Regression(loss = mse) {
          input     x [7]
          dense     hidden (units = 9, activation = tanh)
          batchnorm norm (epsilon = 0.01)
          dense     output (units = 2)
      }
      """;

  static final String PERCEPTRON = """
      package exported
      network Perceptron(loss = perceptron) {
          input x [2]
          dense out (units = 1, activation = step)
      }
      """;

  @Test
  void mlpMatchesOnnxRuntime() throws Exception {
    Model model = randomized(compile(MLP, "Mlp"), 1);
    float[] inputs = random(new SplittableRandom(2), 33 * 20, 2f);
    assertMatches(model, inputs, 33, 4, 5);
  }

  @Test
  void regressionWithLinearBatchNormMatchesOnnxRuntime() throws Exception {
    Model model = randomized(compile(REGRESSION, "Regression"), 3);
    float[] inputs = random(new SplittableRandom(4), 10 * 7, 3f);
    assertMatches(model, inputs, 10, 7);
  }

  @Test
  void stepUnitsMatchOnnxRuntimeOnBothSidesOfZero() throws Exception {
    Model model = compile(PERCEPTRON, "Perceptron");
    // out = step(x0 - x1): equal inputs sit exactly on 0, which step maps to 1.
    System.arraycopy(new float[] {1f, -1f, 0f}, 0, model.parameters(), 0, 3);
    float[] inputs = {2, 1, 1, 2, 3, 3, -1, -1, 0, 0.5f};
    float[] dendrite = predict(model, inputs, 5);
    assertArrayEquals(new float[] {1, 0, 1, 1, 0}, dendrite);
    assertMatches(model, inputs, 5, 2);
  }

  @Test
  void fileReadsBackWithTheSchema(@TempDir Path dir) throws Exception {
    Model model = randomized(compile(MLP, "Mlp"), 5);
    Path file = dir.resolve("mlp.onnx");
    OnnxExport.write(model, file);
    OnnxProto.ModelProto proto = OnnxProto.ModelProto.parseFrom(Files.readAllBytes(file));
    assertEquals(OnnxExport.IR_VERSION, proto.getIrVersion());
    assertEquals(OnnxExport.OPSET, proto.getOpsetImport(0).getVersion());
    OnnxProto.GraphProto graph = proto.getGraph();
    assertEquals(List.of("Flatten", "Gemm", "Relu", "Gemm", "LeakyRelu", "BatchNormalization",
            "Tanh", "Gemm", "Sigmoid", "Gemm", "Softplus", "Gemm", "Softmax"),
        graph.getNodeList().stream().map(OnnxProto.NodeProto::getOpType).toList());
    assertEquals("image", graph.getInput(0).getName());
    assertEquals("output", graph.getOutput(0).getName());
    assertEquals("N", graph.getInput(0).getType().getTensorType().getShape().getDim(0)
        .getDimParam());
    // Initializers: the weight files' names and shapes, with the model's values.
    OnnxProto.TensorProto kernel = graph.getInitializerList().stream()
        .filter(t -> t.getName().equals("narrow.kernel")).findFirst().orElseThrow();
    assertEquals(List.of(16L, 12L), kernel.getDimsList());
    TensorView view = layer(model, "narrow").kernel();
    java.nio.FloatBuffer raw = kernel.getRawData().asReadOnlyByteBuffer()
        .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[] values = new float[raw.remaining()];
    raw.get(values);
    assertArrayEquals(view.toArray(), values);
    assertTrue(graph.getInitializerList().stream().noneMatch(t -> t.getName().startsWith("drop")));
  }

  @Test
  void convnetMatchesOnnxRuntime() throws Exception {
    Model model = randomized(golden("KerasConvnet"), 11);
    float[] inputs = random(new SplittableRandom(12), 20 * 784, 1f);
    assertMatches(model, inputs, 20, 28, 28, 1);
  }

  @Test
  void stridesSamePaddingBatchNormAndPoolingMatchOnnxRuntime() throws Exception {
    // SAME padding of a 3x3 stride-2 window over 12 pixels is odd (0 before, 1 after).
    Model model = randomized(golden("ImageBlocks"), 13);
    float[] inputs = random(new SplittableRandom(14), 17 * 12 * 12 * 3, 1f);
    assertMatches(model, inputs, 17, 12, 12, 3);
  }

  @Test
  void explicitPadsMatchOnnxRuntime() throws Exception {
    // Pads [1, 1, 1, 1] of a 3x3 stride-2 window over 12 and 11 pixels are not SAME's, and the
    // poolings' are uneven: ONNX Runtime pads as the file's pads say.
    Model model = randomized(golden("Pads"), 19);
    float[] inputs = random(new SplittableRandom(20), 13 * 12 * 11 * 2, 1f);
    assertMatches(model, inputs, 13, 12, 11, 2);
    OnnxProto.GraphProto graph = OnnxProto.ModelProto.parseFrom(OnnxExport.toBytes(model))
        .getGraph();
    List<List<Long>> pads = new java.util.ArrayList<>();
    for (OnnxProto.NodeProto n : graph.getNodeList()) {
      for (OnnxProto.AttributeProto a : n.getAttributeList()) {
        if (a.getName().equals("pads")) {
          pads.add(a.getIntsList());
        }
      }
    }
    // ONNX's order, [top, left, bottom, right].
    assertEquals(List.of(List.of(1L, 1L, 1L, 1L), List.of(1L, 1L, 1L, 1L),
        List.of(0L, 1L, 1L, 0L), List.of(1L, 0L, 2L, 1L)), pads);
  }

  @Test
  void residualGraphMatchesOnnxRuntime() throws Exception {
    Model model = randomized(golden("Residual"), 15);
    float[] inputs = random(new SplittableRandom(16), 9 * 64, 1f);
    assertMatches(model, inputs, 9, 8, 8, 1);
  }

  @Test
  void flatBranchesAndMergesMatchOnnxRuntime() throws Exception {
    Model model = randomized(golden("Branches"), 17);
    float[] inputs = random(new SplittableRandom(18), 21 * 6, 2f);
    assertMatches(model, inputs, 21, 6);
    OnnxProto.GraphProto graph = OnnxProto.ModelProto.parseFrom(OnnxExport.toBytes(model))
        .getGraph();
    assertTrue(graph.getNodeList().stream().anyMatch(n -> n.getOpType().equals("Sum")));
  }

  @Test
  void imagesJoinedAlongEachAxisMatchOnnxRuntime() throws Exception {
    Model model = randomized(compile(String.join("\n", "package exported",
        "network Joined(loss = mse) {",
        "  input       x [6, 5, 2]",
        "  conv2d      a (filters = 3, kernel = [3, 3], padding = same, activation = tanh)",
        "  conv2d      b (filters = 4, kernel = [1, 1], from = x)",
        "  concatenate channels [a, b]",
        "  conv2d      c (filters = 2, kernel = [2, 2], from = x)",
        "  conv2d      d (filters = 2, kernel = [2, 2], activation = sigmoid, from = x)",
        "  concatenate rows [c, d] (axis = 0)",
        "  concatenate columns [c, d] (axis = 1)",
        "  flatten     f1 (from = channels)",
        "  flatten     f2 (from = rows)",
        "  flatten     f3 (from = columns)",
        "  concatenate all [f1, f2, f3]",
        "  dense       out (units = 3)",
        "}"), "Joined"), 19);
    float[] inputs = random(new SplittableRandom(20), 7 * 60, 1f);
    assertMatches(model, inputs, 7, 6, 5, 2);
  }

  @Test
  void outputsThatAreNotDenseLayersMatchOnnxRuntime() throws Exception {
    Model heads = randomized(compile(String.join("\n", "package exported",
        "network Heads(loss = sparse_categorical_crossentropy) {",
        "  input    x [5]",
        "  dense    a (units = 4, activation = tanh)",
        "  dense    b (units = 4, from = x)",
        "  add      logits [a, b]",
        "  activate probabilities softmax",
        "}"), "Heads"), 23);
    assertMatches(heads, random(new SplittableRandom(24), 11 * 5, 2f), 11, 5);
    Model images = randomized(compile(String.join("\n", "package exported",
        "network Images(loss = mse) {",
        "  input  x [5, 4, 2]",
        "  conv2d c1 (filters = 3, kernel = [3, 3], padding = same, activation = relu)",
        "  conv2d c2 (filters = 2, kernel = [1, 1], activation = sigmoid)",
        "}"), "Images"), 25);
    assertMatches(images, random(new SplittableRandom(26), 6 * 40, 1f), 6, 5, 4, 2);
  }

  @Test
  void convolutionKernelsAreStoredInOnnxLayoutAndImagesTransposedOnce() throws Exception {
    Model model = randomized(golden("KerasConvnet"), 21);
    OnnxProto.GraphProto graph = OnnxProto.ModelProto.parseFrom(OnnxExport.toBytes(model))
        .getGraph();
    assertEquals(List.of("Transpose", "Conv", "Relu", "MaxPool", "Conv", "Relu", "MaxPool",
            "Transpose", "Flatten", "Gemm", "Softmax"),
        graph.getNodeList().stream().map(OnnxProto.NodeProto::getOpType).toList());
    OnnxProto.TensorProto kernel = graph.getInitializerList().stream()
        .filter(t -> t.getName().equals("conv2.kernel")).findFirst().orElseThrow();
    assertEquals(List.of(64L, 32L, 3L, 3L), kernel.getDimsList());
    java.nio.FloatBuffer raw = kernel.getRawData().asReadOnlyByteBuffer()
        .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    TensorView ours = layer(model, "conv2").kernel(); // [3][3][32][64]
    // filter 5, channel 7, row 2, column 1
    assertEquals(ours.get(((2 * 3 + 1) * 32 + 7) * 64 + 5), raw.get(((5 * 32 + 7) * 3 + 2) * 3
        + 1));
  }

  @Test
  void unsupportedLayerKindIsNamedAndNothingIsWritten(@TempDir Path dir) throws Exception {
    Model real = compile(PERCEPTRON, "Perceptron");
    Model lstm = (Model) Proxy.newProxyInstance(Model.class.getClassLoader(),
        new Class<?>[] {Model.class}, (proxy, method, args) -> switch (method.getName()) {
          case "architecture" -> "network Rnn\ninput x 1x2\nlstm memory 1x2->16";
          case "name" -> "Rnn";
          default -> method.invoke(real, args);
        });
    Path file = dir.resolve("rnn.onnx");
    Files.writeString(file, "previous");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OnnxExport.write(lstm, file));
    assertEquals("Rnn: line 3, 'lstm memory 1x2->16': a lstm layer, which ONNX export does"
        + " not support yet; supported layer kinds: input, flatten, dense, dropout, batchnorm, conv2d,"
        + " maxpool2d, avgpool2d, globalavgpool2d, activate, add, concatenate", e.getMessage());
    assertEquals("previous", Files.readString(file));
  }

  @Test
  void batchNormOfTheLastAxisOfAMatrixIsRefused() throws Exception {
    // ONNX's BatchNormalization normalises axis 1 (4 here), Dendrite's the last (5).
    Model model = compile(String.join("\n", "package exported",
        "network Rows(loss = mse) {",
        "  input     x [4, 5]",
        "  batchnorm norm",
        "  flatten   flat",
        "  dense     out (units = 1)",
        "}"), "Rows");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OnnxExport.toBytes(model));
    assertEquals("Rows: line 3, 'batchnorm norm 4x5 linear epsilon=0.001': layer 'norm'"
        + " normalises the last axis of 4x5 samples, which ONNX export does not support yet"
        + " (features or images only)", e.getMessage());
  }

  @Test
  void aGraphWithFromMatchesOnnxRuntime() throws Exception {
    Model graph = randomized(compile(String.join("\n", "package exported",
        "network Branch(loss = mse) {",
        "  input x [4]",
        "  dense a (units = 3)",
        "  dense b (units = 2, from = x)",
        "  dense out (units = 1)",
        "}"), "Branch"), 22);
    assertMatches(graph, random(new SplittableRandom(23), 5 * 4, 1f), 5, 4);
  }

  @Test
  void unwritableTargetIsAnIOExceptionNamingIt(@TempDir Path dir) throws Exception {
    Model model = compile(PERCEPTRON, "Perceptron");
    Path blocker = dir.resolve("blocker");
    Files.writeString(blocker, "a file, not a directory");
    IOException e = assertThrows(IOException.class,
        () -> OnnxExport.write(model, blocker.resolve("model.onnx")));
    assertTrue(e.getMessage().contains("model.onnx"), e.getMessage());
  }

  /** Compiles the golden network {@code name}.nn as in package {@code exported}. */
  static Model golden(String name) throws IOException, ReflectiveOperationException {
    String text = Files.readString(Path.of("src/test/resources/golden/" + name + ".nn"));
    return compile(text.replace("package golden", "package exported"), name);
  }

  /** Dendrite's and ONNX Runtime's predictions of {@code count} samples agree. */
  static void assertMatches(Model model, float[] inputs, int count, long... shape)
      throws Exception {
    float[] expected = predict(model, inputs, count);
    float[] actual = OnnxRuntimeRunner.run(OnnxExport.toBytes(model), inputs, count, shape);
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      float tolerance = TOLERANCE * Math.max(1f, Math.abs(expected[i]));
      int index = i;
      assertEquals(expected[i], actual[i], tolerance,
          () -> "output " + index + " of " + model.name());
    }
  }

  static float[] predict(Model model, float[] inputs, int count) {
    float[] out = new float[count * model.outputSize()];
    model.predictBatch(inputs, out, count);
    return out;
  }

  /** Compiles one .nn text and creates its model with seed 7. */
  static Model compile(String text, String name) throws ReflectiveOperationException {
    NnCompiler.Result r = new NnCompiler().compile(List.of(new SourceFile(name + ".nn", text)));
    assertTrue(!r.hasErrors(), () -> r.diagnostics().toString());
    String source = r.files().get(0).toString();
    Class<?> type = InMemoryJavac.compile(Map.of("exported.Compiled" + name, source))
        .loadClass("exported.Compiled" + name);
    return (Model) type.getConstructor(long.class).newInstance(7L);
  }

  /**
   * Random weights, and batch-normalisation statistics far from their defaults (means around
   * ±1, variances in [0.2, 2.2]) so that a layout or epsilon mistake shows.
   */
  static Model randomized(Model model, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] p = model.parameters();
    System.arraycopy(random(random, p.length, 1f), 0, p, 0, p.length);
    for (Layer layer : model.layers()) {
      for (TensorView s : layer.state()) {
        boolean variance = s.name().endsWith("variance");
        for (int i = 0; i < s.size(); i++) {
          s.set(i, variance ? 0.2f + 2f * (float) random.nextDouble()
              : (float) random.nextDouble(-1, 1));
        }
      }
    }
    return model;
  }

  static float[] random(SplittableRandom random, int n, float scale) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) random.nextDouble(-scale, scale);
    }
    return values;
  }

  static Layer layer(Model model, String name) {
    return model.layers().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
  }
}
