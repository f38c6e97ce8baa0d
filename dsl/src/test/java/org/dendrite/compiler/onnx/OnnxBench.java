package org.dendrite.compiler.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.dendrite.compiler.testing.InMemoryJavac;
import org.dendrite.runtime.Model;

/**
 * Inference timing of an imported ONNX model against ONNX Runtime Java on the same file, both on
 * one thread: batch-1 latency (median of single calls with reused buffers; for ONNX Runtime a
 * direct input buffer bound once to its tensor) and batch-256 throughput. Not a unit test: run it
 * by hand, under the build lock, with the test class path:
 *
 * <pre>
 * mvn -q -pl dsl dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -Xss8m --add-modules jdk.incubator.vector -cp dsl/target/test-classes:dsl/target/classes:$(cat /tmp/cp.txt) \
 *     org.dendrite.compiler.onnx.OnnxBench dsl/src/test/resources/onnx/mlp_784_300_100_10.onnx 784
 * </pre>
 *
 * <p>{@code -Xss8m} as the tests have it: with the default stack the JVM dies of a segmentation
 * fault (exit 139, no error report) before the first timing, on this file and on the MLP's.
 *
 * <p>The second argument is the sample's shape as ONNX Runtime takes it ({@code 1x28x28} for
 * {@code keras_convnet.onnx}); the trainable and frozen classes take the same values (one channel).
 *
 * <p>With {@code --startup ort}, or {@code --startup CLASS} naming a class that nnc generated from
 * the file (compiled, on the class path with its weights resource), it only prints the time from
 * the JVM's start to the first prediction: what a user's application pays.
 */
public final class OnnxBench {
  private OnnxBench() {}

  public static void main(String[] args) throws Throwable {
    if (args[0].equals("--tiny")) {
      tiny();
      return;
    }
    Path file = Path.of(args[0]);
    // The sample's shape as ONNX Runtime takes it: 784, or 1x28x28 for a channels-first image.
    long[] sampleShape = Arrays.stream(args[1].split("x")).mapToLong(Long::parseLong).toArray();
    int features = Math.toIntExact(Arrays.stream(sampleShape).reduce(1, Math::multiplyExact));
    byte[] bytes = Files.readAllBytes(file);
    float[] sample = new float[features];
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < features; i++) {
      sample[i] = (float) random.nextDouble();
    }
    if (args.length > 2 && args[2].equals("--startup")) {
      startup(args[3], file, bytes, sample);
      return;
    }
    // The classes nnc generated from the file, if they are on the class path (see the script in
    // docs/performance.md); otherwise the trainable class compiled here.
    Model loaded;
    MethodHandle frozen = null;
    try {
      loaded = (Model) Class.forName("bench.CompiledPeer").getMethod("pretrained").invoke(null);
      frozen = MethodHandles.publicLookup().findStatic(Class.forName("bench.FrozenPeer"),
          "predict", MethodType.methodType(void.class, float[].class, float[].class));
    } catch (ClassNotFoundException e) {
      loaded = compile(file);
      frozen = compileFrozen(file);
    }
    Model model = loaded;
    int outputs = model.outputSize();
    float[] out = new float[outputs];

    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(1);
    options.setInterOpNumThreads(1);
    options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    OrtSession session = env.createSession(bytes, options);
    String inputName = session.getInputNames().iterator().next();
    FloatBuffer one = ByteBuffer.allocateDirect(features * 4).order(ByteOrder.nativeOrder())
        .asFloatBuffer();
    one.put(sample).rewind();
    OnnxTensor oneTensor = OnnxTensor.createTensor(env, one, batched(1, sampleShape));
    Map<String, OnnxTensor> oneInput = Map.of(inputName, oneTensor);

    int batch = 256;
    float[] inputs = new float[batch * features];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = (float) random.nextDouble();
    }
    float[] outs = new float[batch * outputs];
    FloatBuffer many = ByteBuffer.allocateDirect(inputs.length * 4)
        .order(ByteOrder.nativeOrder()).asFloatBuffer();
    many.put(inputs).rewind();
    OnnxTensor manyTensor = OnnxTensor.createTensor(env, many, batched(batch, sampleShape));
    Map<String, OnnxTensor> manyInput = Map.of(inputName, manyTensor);

    int calls = 20_000;
    for (int round = 0; round < 3; round++) {
      long[] ours = new long[calls];
      long[] theirs = new long[calls];
      long[] frozenTimes = new long[calls];
      for (int i = 0; i < calls; i++) {
        long t0 = System.nanoTime();
        model.predict(sample, out);
        long t1 = System.nanoTime();
        try (OrtSession.Result r = session.run(oneInput)) {
          ((OnnxTensor) r.get(0)).getFloatBuffer();
        }
        long t2 = System.nanoTime();
        if (frozen != null) {
          frozen.invokeExact(sample, out);
        }
        long t3 = System.nanoTime();
        ours[i] = t1 - t0;
        theirs[i] = t2 - t1;
        frozenTimes[i] = t3 - t2;
      }
      if (frozen != null) {
        System.out.printf(Locale.ROOT, "round %d: batch-1 median latency frozen %.2f us"
            + " (ratio to onnxruntime %.2f)%n", round, median(frozenTimes) / 1e3,
            median(frozenTimes) / median(theirs));
      }
      double oursTp = throughput(() -> model.predictBatch(inputs, outs, batch), batch);
      double theirsTp = throughput(() -> {
        try (OrtSession.Result r = session.run(manyInput)) {
          ((OnnxTensor) r.get(0)).getFloatBuffer();
        }
      }, batch);
      System.out.printf(Locale.ROOT,
          "round %d: batch-1 median latency dendrite %.2f us, onnxruntime %.2f us (ratio %.2f);"
              + " batch-256 throughput dendrite %.0f/s, onnxruntime %.0f/s (ratio %.2f)%n",
          round, median(ours) / 1e3, median(theirs) / 1e3, median(ours) / median(theirs),
          oursTp, theirsTp, oursTp / theirsTp);
    }
  }

  private interface Call {
    void run() throws Exception;
  }

  /** Samples per second over at least two seconds of back-to-back calls. */
  private static double throughput(Call call, int batch) throws Exception {
    for (int i = 0; i < 50; i++) {
      call.run();
    }
    long start = System.nanoTime();
    long n = 0;
    while (System.nanoTime() - start < 2_000_000_000L) {
      call.run();
      n++;
    }
    return n * batch / ((System.nanoTime() - start) / 1e9);
  }

  /** A tiny network: per-call time of the unrolled frozen class, its kernel form, and the
   * trainable class, each over ten million back-to-back calls. */
  private static void tiny() throws Throwable {
    String text = "package tiny\nnetwork Xor(loss = binary_crossentropy) {\n"
        + "  input x [2]\n  dense hidden (units = 4, activation = tanh)\n"
        + "  dense out (units = 1, activation = sigmoid)\n}\n";
    org.dendrite.compiler.ir.Network network = org.dendrite.compiler.nn.NnCompiler.parse(
        new org.dendrite.compiler.diag.SourceFile("Xor.nn", text),
        new org.dendrite.compiler.diag.DiagnosticCollector()).get(0);
    String source = new org.dendrite.compiler.NetworkCompiler("bench").compile(network,
        new org.dendrite.compiler.diag.DiagnosticCollector()).orElseThrow().file().toString();
    Model trainable = (Model) InMemoryJavac.compile(Map.of("tiny.CompiledXor", source))
        .loadClass("tiny.CompiledXor").getConstructor(long.class).newInstance(1L);
    Map<String, float[]> weights = new java.util.HashMap<>();
    for (org.dendrite.runtime.Layer layer : trainable.layers()) {
      for (org.dendrite.runtime.TensorView v : layer.weights()) {
        weights.put(v.name(), v.toArray());
      }
    }
    Path dir = Files.createTempDirectory("tiny");
    float[] in = {1f, 0f};
    float[] out = new float[1];
    for (int limit : new int[] {org.dendrite.compiler.frozen.FrozenWriter.UNROLL_LIMIT, 0}) {
      org.dendrite.compiler.frozen.FrozenWriter w =
          new org.dendrite.compiler.frozen.FrozenWriter(network, weights, "bench", limit);
      Path src = dir.resolve("src" + limit);
      Path classes = dir.resolve("classes" + limit);
      w.write().writeTo(src);
      javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d",
          classes.toString(), "-cp", System.getProperty("java.class.path"),
          src.resolve("tiny/FrozenXor.java").toString());
      if (!w.unrolled()) {
        Files.write(classes.resolve("tiny/FrozenXor.bin"), w.weights());
      }
      MethodHandle predict = MethodHandles.publicLookup().findStatic(
          new java.net.URLClassLoader(new java.net.URL[] {classes.toUri().toURL()},
              OnnxBench.class.getClassLoader()).loadClass("tiny.FrozenXor"),
          "predict", MethodType.methodType(void.class, float[].class, float[].class));
      for (int round = 0; round < 3; round++) {
        long start = System.nanoTime();
        for (int i = 0; i < 10_000_000; i++) {
          predict.invokeExact(in, out);
        }
        System.out.printf(Locale.ROOT, "tiny 2-4-1 frozen %s: %.1f ns per prediction%n",
            w.unrolled() ? "unrolled" : "kernel path", (System.nanoTime() - start) / 1e7);
      }
    }
    for (int round = 0; round < 3; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < 10_000_000; i++) {
        trainable.predict(in, out);
      }
      System.out.printf(Locale.ROOT, "tiny 2-4-1 trainable class: %.1f ns per prediction%n",
          (System.nanoTime() - start) / 1e7);
    }
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static void startup(String which, Path file, byte[] bytes, float[] sample)
      throws Exception {
    float[] result;
    if (which.equals("ort")) {
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      try (OrtSession session = env.createSession(bytes, new OrtSession.SessionOptions());
          OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(sample),
              new long[] {1, sample.length});
          OrtSession.Result r = session.run(Map.of(session.getInputNames().iterator().next(),
              t))) {
        result = ((float[][]) r.get(0).getValue())[0];
      }
    } else {
      // The class nnc generated, compiled and on the class path with its weights resource.
      Model model = (Model) Class.forName(which).getMethod("pretrained").invoke(null);
      result = model.predict(sample);
    }
    long ms = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    System.out.println(which + ": first prediction " + ms + " ms after JVM start ("
        + result.length + " outputs)");
  }

  /** {@code [batch, shape…]}. */
  private static long[] batched(int batch, long[] shape) {
    long[] dims = new long[shape.length + 1];
    dims[0] = batch;
    System.arraycopy(shape, 0, dims, 1, shape.length);
    return dims;
  }

  /** The frozen class of {@code file}, compiled into a temporary folder with its resource. */
  private static MethodHandle compileFrozen(Path file) throws Exception {
    OnnxCompiler.Result r = OnnxCompiler.compile(file, "bench", "Bench");
    Path dir = Files.createTempDirectory("frozen");
    r.frozen().writeTo(dir.resolve("src"));
    Path classes = dir.resolve("classes");
    if (javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d",
        classes.toString(), "-cp", System.getProperty("java.class.path"),
        dir.resolve("src/bench/FrozenBench.java").toString()) != 0) {
      throw new IllegalStateException("the frozen class does not compile");
    }
    if (r.frozenWeights().length > 0) {
      Files.write(classes.resolve("bench/FrozenBench.bin"), r.frozenWeights());
    }
    Class<?> type = new java.net.URLClassLoader(new java.net.URL[] {classes.toUri().toURL()},
        OnnxBench.class.getClassLoader()).loadClass("bench.FrozenBench");
    return MethodHandles.publicLookup().findStatic(type, "predict",
        MethodType.methodType(void.class, float[].class, float[].class));
  }

  private static Model compile(Path file) throws Exception {
    OnnxCompiler.Result r = OnnxCompiler.compile(file, "bench", "Bench");
    Class<?> type = InMemoryJavac.compile(Map.of("bench.CompiledBench", r.file().toString()))
        .loadClass("bench.CompiledBench");
    Model model = (Model) type.getConstructor(long.class).newInstance(1L);
    Path weights = Files.createTempFile("bench", ".safetensors");
    Files.write(weights, r.weights());
    model.loadWeights(weights);
    Files.delete(weights);
    return model;
  }
}
