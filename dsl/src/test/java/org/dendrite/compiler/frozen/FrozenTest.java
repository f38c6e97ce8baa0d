package org.dendrite.compiler.frozen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.tools.ToolProvider;
import org.dendrite.compiler.NetworkCompiler;
import org.dendrite.compiler.diag.DiagnosticCollector;
import org.dendrite.compiler.diag.SourceFile;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.nn.NnCompiler;
import org.dendrite.compiler.onnx.OnnxCompiler;
import org.dendrite.compiler.onnx.OnnxRuntimeRunner;
import org.dendrite.compiler.onnx.proto.OnnxProto;
import org.dendrite.compiler.testing.InMemoryJavac;
import org.dendrite.runtime.Layer;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.TensorView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frozen inference classes, both forms (the kernel path with its weights resource, and the
 * unrolled one with constants): they predict what ONNX Runtime predicts from the same file, what
 * the trainable class predicts with BatchNorm folded, from several threads, and the kernel path
 * allocates nothing once a thread has its scratch rows.
 */
class FrozenTest {
  static final float TOLERANCE = 1e-5f;

  /** BatchNorm with nothing to fold into (first), folded into a linear Dense, then softmax. */
  static final String FOLDING = """
      package frozen
      network Folding(loss = sparse_categorical_crossentropy) {
          input     x [6]
          batchnorm first (epsilon = 0.01)
          dense     hidden (units = 8, useBias = false)
          batchnorm norm (epsilon = 0.001, activation = relu)
          dropout   drop (rate = 0.5)
          dense     output (units = 3, activation = softmax)
      }
      """;

  @TempDir
  Path dir;

  @Test
  void bothFormsOfTheMlpFixtureMatchOnnxRuntime() throws Exception {
    byte[] onnx = fixture("mlp.onnx");
    OnnxProto.ModelProto proto = OnnxProto.ModelProto.parseFrom(onnx);
    float[] inputs = random(new SplittableRandom(9), 30 * 20, -2f, 2f);
    float[] expected = OnnxRuntimeRunner.run(onnx, inputs, 30, 1, 4, 5);
    for (int limit : new int[] {0, 100_000}) {
      OnnxCompiler.Result r = OnnxCompiler.compile(proto, "mlp.onnx", "frozen", "Mlp", limit);
      assertEquals(limit == 0, r.frozenWeights().length > 0);
      assertEquals(limit != 0, r.frozen().toString().contains("Unrolled"));
      Class<?> type = load(r.frozen(), r.frozenWeights(), "Limit" + limit);
      assertClose(expected, predictBatch(type, inputs, 30), "limit " + limit);
    }
  }

  @Test
  void foldedBatchNormPredictsAsTheTrainableClass() throws Exception {
    Network network = NnCompiler.parse(new SourceFile("Folding.nn", FOLDING),
        new DiagnosticCollector()).get(0);
    String source = new NetworkCompiler("test").compile(network, new DiagnosticCollector())
        .orElseThrow().file().toString();
    Model trainable = (Model) InMemoryJavac.compile(Map.of("frozen.CompiledFolding", source))
        .loadClass("frozen.CompiledFolding").getConstructor(long.class).newInstance(3L);
    SplittableRandom random = new SplittableRandom(4);
    Map<String, float[]> weights = randomize(trainable, random);
    float[] inputs = random(random, 20 * 6, -3f, 3f);
    float[] expected = new float[20 * 3];
    trainable.predictBatch(inputs, expected, 20);
    for (int limit : new int[] {0, 100_000}) {
      FrozenWriter writer = new FrozenWriter(network, weights, "test", limit);
      Class<?> type = load(writer.write(), writer.weights(), "Fold" + limit);
      assertClose(expected, predictBatch(type, inputs, 20), "limit " + limit);
    }
  }

  @Test
  void kernelPathsAllocateNothingAndAreThreadSafe() throws Exception {
    // The MLP, then a CNN. Once the rest of the suite had run in this JVM, the MLP's predictions
    // allocated 192 to 768 bytes each, in the vector kernels' column tails (Tiles.tail1 and
    // tail4 extracted lanes one by one, which C2 compiled into a boxed vector when the profile
    // did not fix the lane); they now store through a buffer, and this test caught it. Later,
    // once in many runs, 1.35 MB a prediction (a kernel left un-intrinsified after the suite's
    // profiles): the allocation check now runs in a JVM of its own, where the JIT has seen this
    // class alone, and names the allocating stacks if it fails.
    OnnxCompiler.Result mlp = OnnxCompiler.compile(
        OnnxProto.ModelProto.parseFrom(fixture("mlp_784_300_100_10.onnx")), "peer.onnx",
        "frozen", "Peer", 0);
    assertAllocationFreeAndThreadSafe(load(mlp.frozen(), mlp.frozenWeights(), "Peer"),
        dir.resolve("Peer-classes"));
    OnnxCompiler.Result cnn = OnnxCompiler.compile(
        OnnxProto.ModelProto.parseFrom(fixture("residual.onnx")), "residual.onnx", "frozen",
        "ResidualThreads");
    assertAllocationFreeAndThreadSafe(load(cnn.frozen(), cnn.frozenWeights(), "ResidualThreads"),
        dir.resolve("ResidualThreads-classes"));
  }

  /**
   * Four threads predicting 784-value samples one at a time get what one batch gets; four threads
   * predicting batches get what one sample at a time gets; and in a JVM of its own
   * ({@link AllocationProbe}) a warmed-up {@code predict} and {@code predictBatch} allocate
   * nothing.
   */
  private static void assertAllocationFreeAndThreadSafe(Class<?> type, Path classes)
      throws Exception {
    Method predict = type.getMethod("predict", float[].class, float[].class);
    int count = 32;
    float[] inputs = random(new SplittableRandom(2), count * 784, 0f, 1f);
    float[] expected = predictBatch(type, inputs, count);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[]>> results = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(pool.submit(() -> {
          float[] out = new float[count * 10];
          for (int repeat = 0; repeat < 20; repeat++) {
            for (int i = 0; i < count; i++) {
              float[] one = new float[10];
              predict.invoke(null, java.util.Arrays.copyOfRange(inputs, i * 784, i * 784 + 784),
                  one);
              System.arraycopy(one, 0, out, i * 10, 10);
            }
          }
          return out;
        }));
      }
      for (Future<float[]> f : results) {
        assertArrayEquals(expected, f.get());
      }
    } finally {
      pool.shutdownNow();
    }

    // predictBatch: four threads at once, each in chunks with a tail, get what one sample at a
    // time gets.
    Method batch = type.getMethod("predictBatch", float[].class, float[].class, int.class);
    int many = 3 * type.getField("CHUNK").getInt(null) + 5;
    float[] manyInputs = random(new SplittableRandom(3), many * 784, 0f, 1f);
    float[] alone = new float[many * 10];
    float[] out = new float[10];
    for (int i = 0; i < many; i++) {
      predict.invoke(null, java.util.Arrays.copyOfRange(manyInputs, i * 784, i * 784 + 784), out);
      System.arraycopy(out, 0, alone, i * 10, 10);
    }
    pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[]>> results = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(pool.submit(() -> {
          float[] outs = new float[many * 10];
          for (int repeat = 0; repeat < 5; repeat++) {
            batch.invoke(null, manyInputs, outs, many);
          }
          return outs;
        }));
      }
      for (Future<float[]> f : results) {
        assertArrayEquals(alone, f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    String output = probe(classes, type.getName(), 784, 10, 60);
    assertTrue(output.endsWith("allocation-free\n"), output);
  }

  @Test
  void allocationProbeNamesWhatAllocates() throws Exception {
    // The probe itself: a class whose predictions allocate fails it, with the allocating method.
    Path sources = dir.resolve("Allocating-src/frozen");
    Files.createDirectories(sources);
    Files.writeString(sources.resolve("Allocating.java"), """
        package frozen;
        public final class Allocating {
          public static final int CHUNK = 4;
          public static volatile Object sink;
          public static void predict(float[] in, float[] out) {
            float[] copy = in.clone();
            sink = copy;
            out[0] = copy[0];
          }
          public static void predictBatch(float[] in, float[] out, int n) {
            predict(in, out);
          }
        }
        """);
    Path classes = dir.resolve("Allocating-classes");
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d",
        classes.toString(), sources.resolve("Allocating.java").toString()));
    String output = probe(classes, "frozen.Allocating", 784, 10, 2);
    assertTrue(output.contains("bytes allocated by 100 predictions after warm-up, for 2 s"),
        output);
    assertTrue(output.contains("frozen.Allocating.predict"), output);
    assertFalse(output.contains("allocation-free"), output);
  }

  /**
   * Runs {@link AllocationProbe} on a frozen class in a child JVM (with the Vector API module if
   * this JVM has it) and returns what it printed; its exit status says the same as its output.
   */
  private static String probe(Path classes, String name, int inputs, int outputs, int seconds)
      throws Exception {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
      cmd.add("--add-modules");
      cmd.add("jdk.incubator.vector");
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
        AllocationProbe.class.getName(), classes.toString(), name, Integer.toString(inputs),
        Integer.toString(outputs), Integer.toString(seconds)));
    Path log = classes.resolveSibling(name + "-probe.log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Process p = pb.start();
    if (!p.waitFor(3, java.util.concurrent.TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("the allocation probe did not finish within 3 minutes: " + cmd);
    }
    String output = Files.readString(log);
    assertEquals(output.endsWith("allocation-free\n") ? 0 : 1, p.exitValue(),
        () -> name + " in a JVM of its own: " + output);
    return output;
  }

  @Test
  void frozenCnnsMatchOnnxRuntime() throws Exception {
    // keras-convnet and LeNet-5 (a flat input reshaped), the residual graph (BatchNorm folded,
    // Add, Concat, Activate in place), three channels (a BatchNorm with nothing to fold into),
    // explicit pads and a Pad folded into a Conv.
    record Case(String fixture, long... shape) {}
    for (Case c : List.of(new Case("keras_convnet.onnx", 1, 28, 28), new Case("lenet5.onnx", 784),
        new Case("residual.onnx", 1, 28, 28), new Case("channels.onnx", 3, 8, 8),
        new Case("pads.onnx", 1, 16, 16))) {
      byte[] onnx = fixture(c.fixture());
      String name = OnnxCompiler.networkName(c.fixture());
      OnnxCompiler.Result r = OnnxCompiler.compile(OnnxProto.ModelProto.parseFrom(onnx),
          c.fixture(), "frozen", name);
      Class<?> type = load(r.frozen(), r.frozenWeights(), name);
      int size = type.getField("INPUT_SIZE").getInt(null);
      int count = 12;
      float[] inputs = random(new SplittableRandom(c.fixture().hashCode()), count * size, 0f, 1f);
      float[] expected = OnnxRuntimeRunner.run(onnx, inputs, count, c.shape());
      if (c.fixture().equals("channels.onnx")) {
        inputs = channelsLast(inputs, count, 3, 64);
      }
      assertClose(expected, predictBatch(type, inputs, count), c.fixture());
    }
  }

  @Test
  void batchNormFoldsIntoTheConvolutionBeforeIt() throws Exception {
    OnnxCompiler.Result r = OnnxCompiler.compile(
        OnnxProto.ModelProto.parseFrom(fixture("residual.onnx")), "residual.onnx", "frozen",
        "Residual");
    String source = r.frozen().toString();
    assertTrue(source.contains("// conv1+norm1: 28×28×1 → 28×28×8 relu"), source);
    assertTrue(source.contains("// conv2+norm2:"), source);
    assertFalse(source.contains("BatchNorm at inference"), source);
    // Folded: after the magic and the count, the kernels and biases only, no statistics.
    assertEquals(8 + 4 + 4 * (72 + 8 + 576 + 8 + 576 + 8 + 32 + 4 + 432 + 6 + 100 + 10),
        r.frozenWeights().length);
  }

  @Test
  void frozenImageBlocksAndBranchesPredictAsTheTrainableClass() throws Exception {
    // ImageBlocks: a BatchNorm after a leaky convolution (kept: scale and shift), SAME strides,
    // average and global pooling, a 1x1 convolution; Branches: flat graph merges; Heads: a
    // softmax on a standalone activation as the output; Pads: explicit, uneven pads.
    for (String name : List.of("ImageBlocks", "Branches", "Residual", "Heads", "Pads")) {
      String text = Files.readString(Path.of("src/test/resources/golden/" + name + ".nn"))
          .replace("package golden", "package frozen");
      Network network = NnCompiler.parse(new SourceFile(name + ".nn", text),
          new DiagnosticCollector()).get(0);
      String source = new NetworkCompiler("test").compile(network, new DiagnosticCollector())
          .orElseThrow().file().toString();
      Model trainable = (Model) InMemoryJavac.compile(Map.of("frozen.Compiled" + name, source))
          .loadClass("frozen.Compiled" + name).getConstructor(long.class).newInstance(3L);
      SplittableRandom random = new SplittableRandom(name.hashCode());
      Map<String, float[]> weights = randomize(trainable, random);
      int count = 9;
      float[] inputs = random(random, count * trainable.inputSize(), -1f, 1f);
      float[] expected = new float[count * trainable.outputSize()];
      trainable.predictBatch(inputs, expected, count);
      FrozenWriter writer = new FrozenWriter(network, weights, "test", FrozenWriter.UNROLL_LIMIT);
      Class<?> type = load(writer.write(), writer.weights(), "Golden" + name);
      assertClose(expected, predictBatch(type, inputs, count), name);
    }
  }

  /**
   * Where the trainable class predicts a convolution by Winograd's F(4×4, 3×3) and where it keeps
   * direct convolution, the frozen class does the same, so the two predict the same bits: a first
   * layer (direct: it trains and predicts with one method), a convolution read by another and by
   * a concatenation (Winograd), one read by the concatenation alone (direct: it writes into the
   * concatenation's columns).
   */
  @Test
  void frozenConvolutionsPredictTheTrainableBitsWhereWinogradRuns() throws Exception {
    String text = """
        package frozen
        network Deep3x3(loss = mse) {
            input       image [8, 8, 16]
            conv2d      first (filters = 16, kernel = [3, 3], padding = same, activation = relu)
            conv2d      shared (filters = 16, kernel = [3, 3], padding = same, activation = relu)
            conv2d      side (filters = 16, kernel = [3, 3], padding = same, activation = relu)
            concatenate joined [shared, side]
            flatten     flat
            dense       output (units = 10)
        }
        """; // linear outputs: a softmax of random weights' logits saturates to 0 and 1
    Network network = NnCompiler.parse(new SourceFile("Deep3x3.nn", text),
        new DiagnosticCollector()).get(0);
    String source = new NetworkCompiler("test").compile(network, new DiagnosticCollector())
        .orElseThrow().file().toString();
    assertTrue(source.contains("Winograd.convolve(SHARED_WINDOW"), "shared predicts by Winograd");
    Model trainable = (Model) InMemoryJavac.compile(Map.of("frozen.CompiledDeep3x3", source))
        .loadClass("frozen.CompiledDeep3x3").getConstructor(long.class).newInstance(5L);
    SplittableRandom random = new SplittableRandom(5);
    Map<String, float[]> weights = randomize(trainable, random);
    int count = 3;
    float[] inputs = random(random, count * trainable.inputSize(), -1f, 1f);
    float[] expected = new float[count * trainable.outputSize()];
    trainable.predictBatch(inputs, expected, count);
    FrozenWriter writer = new FrozenWriter(network, weights, "test", FrozenWriter.UNROLL_LIMIT);
    Class<?> type = load(writer.write(), writer.weights(), "GoldenDeep3x3");
    float[] actual = predictBatch(type, inputs, count);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
          "output " + i + ": trainable " + expected[i] + ", frozen " + actual[i]);
    }
  }

  /**
   * A first layer pooled as it is computed and read by a convolution alone leaves its pooled
   * values as planes, filter by filter ({@code Convolutions.convolveMaxPoolPlanes}), which the
   * convolution reads in place ({@code Convolutions.convolvePlanes}); the frozen class still
   * predicts the trainable class's bits, one sample and batches: LeNet-5's layers (ten outputs a
   * row after the first pooling), odd sizes, and a second convolution with strides 2.
   */
  @Test
  void firstLayersPooledIntoPlanesPredictTheTrainableBits() throws Exception {
    String[] networks = {
        """
        network LeNetPlanes(loss = mse) {
            input       image [28, 28, 1]
            conv2d      conv1 (filters = 6, kernel = [5, 5], padding = same, activation = relu)
            maxpool2d   pool1 (pool = [2, 2])
            conv2d      conv2 (filters = 16, kernel = [5, 5], activation = relu)
            maxpool2d   pool2 (pool = [2, 2])
            flatten     flat
            dense       output (units = 10)
        }
        """,
        """
        network OddPlanes(loss = mse) {
            input       image [21, 23, 1]
            conv2d      conv1 (filters = 4, kernel = [3, 3], activation = relu)
            maxpool2d   pool1 (pool = [2, 2])
            conv2d      conv2 (filters = 12, kernel = [3, 2], strides = [2, 2])
            flatten     flat
            dense       output (units = 7)
        }
        """};
    for (String body : networks) {
      String text = "package frozen\n" + body;
      Network network = NnCompiler.parse(new SourceFile("Planes.nn", text),
          new DiagnosticCollector()).get(0);
      String name = network.name();
      String source = new NetworkCompiler("test").compile(network, new DiagnosticCollector())
          .orElseThrow().file().toString();
      Model trainable = (Model) InMemoryJavac.compile(Map.of("frozen.Compiled" + name, source))
          .loadClass("frozen.Compiled" + name).getConstructor(long.class).newInstance(7L);
      SplittableRandom random = new SplittableRandom(name.hashCode());
      Map<String, float[]> weights = randomize(trainable, random);
      FrozenWriter writer = new FrozenWriter(network, weights, "test", FrozenWriter.UNROLL_LIMIT);
      String frozen = writer.write().toString();
      assertTrue(frozen.contains("Convolutions.convolveMaxPoolPlanes(CONV1_WINDOW")
          && frozen.contains("Convolutions.convolvePlanes(CONV2_WINDOW, pool1"), frozen);
      Class<?> type = load(writer.write(), writer.weights(), "Golden" + name);
      for (int count : new int[] {1, 3}) {
        float[] inputs = random(random, count * trainable.inputSize(), -1f, 1f);
        float[] expected = new float[count * trainable.outputSize()];
        trainable.predictBatch(inputs, expected, count);
        float[] actual = predictBatch(type, inputs, count);
        for (int i = 0; i < expected.length; i++) {
          assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
              name + ", " + count + " samples, output " + i + ": trainable " + expected[i]
                  + ", frozen " + actual[i]);
        }
      }
    }
  }

  /**
   * {@code predictBatch} runs chunks of samples through products of many rows; each sample's
   * outputs are still, bit for bit, what {@code predict} gives for it alone, at every batch size
   * around the chunk (a partial chunk, a whole one, one more, several and an odd tail). The dense
   * chain (MLP) and its scale-and-shift stage (Folding), a convnet, a graph with BatchNorm folded,
   * Add and Concat (residual), flat branches (Branches) and the image blocks (a kept BatchNorm,
   * average and global pooling, a 1x1 convolution), a softmax activation (Heads). The scalar
   * kernels take the same checks in the no-vector build.
   */
  @Test
  void batchesPredictBitForBitWhatEachSamplePredictsAlone() throws Exception {
    Map<String, Class<?>> types = new java.util.LinkedHashMap<>();
    OnnxCompiler.Result mlp = OnnxCompiler.compile(
        OnnxProto.ModelProto.parseFrom(fixture("mlp_784_300_100_10.onnx")), "mlp.onnx",
        "frozen", "BatchMlp", 0);
    types.put("mlp", load(mlp.frozen(), mlp.frozenWeights(), "BatchMlp"));
    for (String fixture : List.of("keras_convnet.onnx", "residual.onnx")) {
      String name = "Batch" + OnnxCompiler.networkName(fixture);
      OnnxCompiler.Result r = OnnxCompiler.compile(OnnxProto.ModelProto.parseFrom(
          fixture(fixture)), fixture, "frozen", name);
      types.put(fixture, load(r.frozen(), r.frozenWeights(), name));
    }
    Network folding = NnCompiler.parse(new SourceFile("Folding.nn", FOLDING),
        new DiagnosticCollector()).get(0);
    FrozenWriter writer = new FrozenWriter(folding, randomWeights(folding, 5), "test", 0);
    types.put("Folding", load(writer.write(), writer.weights(), "BatchFolding"));
    for (String name : List.of("Branches", "ImageBlocks", "Heads")) {
      Network network = golden(name);
      writer = new FrozenWriter(network, randomWeights(network, 6), "test", 0);
      types.put(name, load(writer.write(), writer.weights(), "Batch" + name));
    }
    for (Map.Entry<String, Class<?>> e : types.entrySet()) {
      Class<?> type = e.getValue();
      int chunk = type.getField("CHUNK").getInt(null);
      int in = type.getField("INPUT_SIZE").getInt(null);
      int out = type.getField("OUTPUT_SIZE").getInt(null);
      Method predict = type.getMethod("predict", float[].class, float[].class);
      java.util.Set<Integer> counts = new java.util.TreeSet<>(
          List.of(1, chunk - 1, chunk, chunk + 1, 3 * chunk + 5));
      counts.remove(0);
      for (int count : counts) {
        String what = e.getKey() + ", CHUNK " + chunk + ", batch of " + count;
        float[] inputs = random(new SplittableRandom(count), count * in, -1f, 1f);
        for (int i = 0; i < inputs.length; i += 3) { // zeros, which one sample's products skip
          inputs[i] = i % 2 == 0 ? 0f : -0f;
        }
        float[] batch = predictBatch(type, inputs, count);
        float[] alone = new float[count * out];
        float[] one = new float[out];
        for (int i = 0; i < count; i++) {
          predict.invoke(null, java.util.Arrays.copyOfRange(inputs, i * in, (i + 1) * in), one);
          System.arraycopy(one, 0, alone, i * out, out);
        }
        for (int i = 0; i < alone.length; i++) {
          int index = i;
          assertEquals(Float.floatToRawIntBits(alone[i]), Float.floatToRawIntBits(batch[i]),
              () -> what + ": sample " + index / out + " output " + index % out + ", alone "
                  + alone[index] + ", in the batch " + batch[index]);
        }
      }
    }
    // The chunk holds about 2 MiB of scratch: the MLP's 2 × 300 floats per sample fit more than
    // the cap of 256, the convnet's 14,762 (its layers' outputs: 13·13·32 + 11·11·64 + 5·5·64 +
    // 10; its first convolution's are pooled image by image, and its convolutions keep no
    // windows) 35 times.
    assertEquals(256, types.get("mlp").getField("CHUNK").getInt(null));
    assertEquals(35, types.get("keras_convnet.onnx").getField("CHUNK").getInt(null));
  }

  /**
   * A dense layer whose kernel is finite skips its inputs' zeros at batch 1, and its class checks
   * the loaded kernel; one with an infinite weight keeps the plain product, so that 0 · ∞ stays
   * NaN as in the trainable class; a resource changed since, with NaN in a skipping kernel, is
   * refused when the class loads, naming the kernel and the value.
   */
  @Test
  void productsSkipZerosOnlyForFiniteKernels() throws Exception {
    Network network = NnCompiler.parse(new SourceFile("Skips.nn", """
        package frozen
        network Skips(loss = sparse_categorical_crossentropy) {
            input x [20]
            dense hidden (units = 90, activation = relu)
            dense output (units = 3, activation = softmax)
        }
        """), new DiagnosticCollector()).get(0);
    Map<String, float[]> weights = randomWeights(network, 9);
    FrozenWriter finite = new FrozenWriter(network, weights, "test", 0);
    String source = finite.write().toString();
    assertTrue(source.contains("K.matmulSkippingZeros(in, inOff, W, 0, W, 1800, true,"), source);
    assertTrue(source.contains("FrozenWeights.requireFinite(W, 0, 1800, \"hidden.kernel\","),
        source);
    float[] input = random(new SplittableRandom(3), 20, -1f, 1f);
    input[5] = 0f;
    float[] out = new float[3];
    Class<?> type = load(finite.write(), finite.weights(), "SkipsFinite");
    type.getMethod("predict", float[].class, float[].class).invoke(null, input, out);
    for (float v : out) {
      assertTrue(Float.isFinite(v), Arrays.toString(out));
    }

    weights.get("hidden.kernel")[5 * 90 + 7] = Float.POSITIVE_INFINITY; // the row of input 5
    FrozenWriter infinite = new FrozenWriter(network, weights, "test", 0);
    source = infinite.write().toString();
    assertTrue(source.contains("K.matmulRelu(in, inOff, W, 0, W, 1800,"), source);
    assertFalse(source.contains("\"hidden.kernel\""), source);
    type = load(infinite.write(), infinite.weights(), "SkipsInfinite");
    type.getMethod("predict", float[].class, float[].class).invoke(null, input, out);
    assertTrue(Float.isNaN(out[0]), "0 · ∞ in hidden: " + Arrays.toString(out));

    byte[] changed = finite.weights().clone();
    int header = 12; // FrozenWeights.MAGIC and the count
    ByteBuffer.wrap(changed).order(ByteOrder.LITTLE_ENDIAN).putFloat(header + 4 * 100, Float.NaN);
    Class<?> tampered = load(finite.write(), changed, "SkipsTampered");
    Throwable thrown = assertThrows(Throwable.class,
        () -> tampered.getMethod("predict", float[].class, float[].class)
            .invoke(null, input, out));
    Throwable cause = thrown;
    while (cause instanceof InvocationTargetException
        || cause instanceof ExceptionInInitializerError) {
      cause = cause.getCause();
    }
    assertTrue(cause instanceof IllegalStateException, String.valueOf(cause));
    assertTrue(cause.getMessage().startsWith("FrozenSkips.bin: hidden.kernel holds NaN at value"
        + " 100 (index 100 of the resource)"), cause.getMessage());
  }

  @Test
  void chunksHoldAboutTwoMebibytesOfScratch() {
    assertEquals(256, FrozenWriter.chunk(0));
    assertEquals(32, FrozenWriter.chunk(16_384));
    assertEquals(31, FrozenWriter.chunk(16_385));
    assertEquals(7, FrozenWriter.chunk(71_232));
    assertEquals(1, FrozenWriter.chunk(262_145));
    assertEquals(1, FrozenWriter.chunk(Integer.MAX_VALUE * 3L));
  }

  @Test
  void missingWeightsResourceNamesIt() throws Exception {
    OnnxCompiler.Result r = OnnxCompiler.compile(
        OnnxProto.ModelProto.parseFrom(fixture("mlp.onnx")), "mlp.onnx", "frozen", "Bare", 0);
    Class<?> type = load(r.frozen(), null, "Bare");
    // The class's initialiser fails; reflection reports it wrapped or not, by JDK version.
    Throwable thrown = assertThrows(Throwable.class,
        () -> type.getMethod("predict", float[].class, float[].class)
            .invoke(null, new float[20], new float[3]));
    Throwable cause = thrown;
    while (cause instanceof InvocationTargetException
        || cause instanceof ExceptionInInitializerError) {
      cause = cause.getCause();
    }
    assertTrue(cause.getMessage().contains("frozen/FrozenBare.bin"), String.valueOf(cause));
  }

  @Test
  void wrongSizesAreRefused() throws Exception {
    OnnxCompiler.Result r = OnnxCompiler.compile(
        OnnxProto.ModelProto.parseFrom(fixture("mlp.onnx")), "mlp.onnx", "frozen", "Sizes",
        100_000);
    Class<?> type = load(r.frozen(), r.frozenWeights(), "Sizes");
    Method predict = type.getMethod("predict", float[].class, float[].class);
    InvocationTargetException e = assertThrows(InvocationTargetException.class,
        () -> predict.invoke(null, new float[19], new float[3]));
    assertTrue(e.getCause() instanceof IllegalArgumentException, e.getCause().toString());
    Method batch = type.getMethod("predictBatch", float[].class, float[].class, int.class);
    e = assertThrows(InvocationTargetException.class,
        () -> batch.invoke(null, new float[40], new float[6], -1));
    assertTrue(e.getCause() instanceof IllegalArgumentException, e.getCause().toString());
    assertFalse(r.frozen().toString().contains("ThreadLocal"));
  }

  /**
   * The chunked {@code predictBatch} of both kernel paths refuses a negative count and arrays too
   * short for the count, naming the sizes, before it writes anything; a count of 0 is no work.
   */
  @Test
  void chunkedBatchesRefuseWrongSizesNamingThem() throws Exception {
    OnnxCompiler.Result mlp = OnnxCompiler.compile(
        OnnxProto.ModelProto.parseFrom(fixture("mlp.onnx")), "mlp.onnx", "frozen", "ChunkSizes",
        0);
    OnnxCompiler.Result cnn = OnnxCompiler.compile(
        OnnxProto.ModelProto.parseFrom(fixture("keras_convnet.onnx")), "keras_convnet.onnx",
        "frozen", "ChunkSizesCnn");
    for (Class<?> type : List.of(load(mlp.frozen(), mlp.frozenWeights(), "ChunkSizes"),
        load(cnn.frozen(), cnn.frozenWeights(), "ChunkSizesCnn"))) {
      int in = type.getField("INPUT_SIZE").getInt(null);
      int out = type.getField("OUTPUT_SIZE").getInt(null);
      int count = 3 * type.getField("CHUNK").getInt(null) + 1;
      Method batch = type.getMethod("predictBatch", float[].class, float[].class, int.class);
      float[] outputs = new float[count * out];
      java.util.Arrays.fill(outputs, 7f);
      assertRefused(batch, new float[count * in - 1], outputs, count, "inputs holds "
          + (count * in - 1) + " values; " + count + " sample(s) of " + in
          + " values from offset 0 need " + count * in);
      assertRefused(batch, new float[count * in], new float[count * out - 1], count,
          "outputs holds " + (count * out - 1) + " values; " + count + " sample(s) of " + out
              + " values from offset 0 need " + count * out);
      assertRefused(batch, new float[in], new float[out], -1, "count is negative: -1");
      for (float v : outputs) {
        assertEquals(7f, v, "an output written before the inputs were refused");
      }
      batch.invoke(null, new float[0], new float[0], 0);
    }
  }

  private static void assertRefused(Method batch, float[] inputs, float[] outputs, int count,
      String message) {
    InvocationTargetException e = assertThrows(InvocationTargetException.class,
        () -> batch.invoke(null, inputs, outputs, count));
    assertTrue(e.getCause() instanceof IllegalArgumentException, e.getCause().toString());
    assertEquals(message, e.getCause().getMessage());
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** Compiles {@code file} into its own folder with the weights resource beside it. */
  private Class<?> load(JavaFile file, byte[] weights, String folder) throws Exception {
    Path sources = dir.resolve(folder + "-src");
    Path classes = dir.resolve(folder + "-classes");
    file.writeTo(sources);
    String path = file.packageName().replace('.', '/') + "/" + file.typeSpec().name();
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d",
        classes.toString(), "-cp", System.getProperty("java.class.path"),
        sources.resolve(path + ".java").toString()));
    if (weights != null && weights.length > 0) {
      Files.write(classes.resolve(path + ".bin"), weights);
    }
    URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        getClass().getClassLoader());
    return loader.loadClass(file.packageName() + "." + file.typeSpec().name());
  }

  /**
   * Sets every weight and statistic of {@code model} to random values (variances in [0.2, 2])
   * and returns them by weight-file name, as a frozen writer takes them.
   */
  private static Map<String, float[]> randomize(Model model, SplittableRandom random) {
    Map<String, float[]> weights = new HashMap<>();
    for (Layer layer : model.layers()) {
      for (List<TensorView> views : List.of(layer.weights(), layer.state())) {
        for (TensorView v : views) {
          boolean variance = v.name().endsWith("variance");
          float[] values = random(random, v.size(), variance ? 0.2f : -1f, variance ? 2f : 1f);
          v.copyFrom(values);
          weights.put(v.name(), values);
        }
      }
    }
    return weights;
  }

  /** The golden network {@code name}, in package {@code frozen}. */
  static Network golden(String name) throws Exception {
    String text = Files.readString(Path.of("src/test/resources/golden/" + name + ".nn"))
        .replace("package golden", "package frozen");
    return NnCompiler.parse(new SourceFile(name + ".nn", text), new DiagnosticCollector())
        .get(0);
  }

  /** Random weights and statistics for {@code network}, by weight-file name, from its class. */
  static Map<String, float[]> randomWeights(Network network, long seed) throws Exception {
    String source = new NetworkCompiler("test").compile(network, new DiagnosticCollector())
        .orElseThrow().file().toString();
    String name = network.packageName() + ".Compiled" + network.name();
    Model trainable = (Model) InMemoryJavac.compile(Map.of(name, source)).loadClass(name)
        .getConstructor(long.class).newInstance(seed);
    return randomize(trainable, new SplittableRandom(seed));
  }

  /** {@code count} images of {@code pixels} pixels, channels-first, as channels-last. */
  private static float[] channelsLast(float[] chw, int count, int channels, int pixels) {
    float[] hwc = new float[chw.length];
    for (int n = 0; n < count; n++) {
      for (int c = 0; c < channels; c++) {
        for (int p = 0; p < pixels; p++) {
          hwc[(n * pixels + p) * channels + c] = chw[(n * channels + c) * pixels + p];
        }
      }
    }
    return hwc;
  }

  private static float[] predictBatch(Class<?> type, float[] inputs, int count)
      throws Exception {
    int outputs = type.getField("OUTPUT_SIZE").getInt(null);
    float[] out = new float[count * outputs];
    type.getMethod("predictBatch", float[].class, float[].class, int.class)
        .invoke(null, inputs, out, count);
    return out;
  }

  private static void assertClose(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      int index = i;
      assertEquals(expected[i], actual[i], TOLERANCE * Math.max(1f, Math.abs(expected[i])),
          () -> what + " output " + index);
    }
  }

  private static byte[] fixture(String name) throws Exception {
    try (InputStream in = FrozenTest.class.getResourceAsStream("/onnx/" + name)) {
      return in.readAllBytes();
    }
  }

  static float[] random(SplittableRandom random, int n, float from, float to) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextDouble(from, to);
    }
    return v;
  }
}
