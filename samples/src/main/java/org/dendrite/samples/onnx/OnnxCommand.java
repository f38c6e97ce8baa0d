package org.dendrite.samples.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.data.FashionMnist;
import org.dendrite.runtime.kernel.Kernels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The user's path of issue 17: three models trained (here: initialised) in PyTorch and exported
 * to ONNX, {@code torch_fashion_mlp.onnx} (the peers' 784-300-100-10 MLP), {@code
 * torch_fashion_cnn.onnx} (Keras' example convnet) and {@code torch_lenet5.onnx} (the peers'
 * LeNet-5), sit in {@code src/main/onnx}; the build's {@code onnx} goal compiled them into {@link
 * FrozenTorchFashionMlp}, {@link FrozenTorchFashionCnn}, {@link FrozenTorchLenet5} and their
 * trainable twins. This predicts Fashion-MNIST test images with
 * them, one at a time and in batches, times both, and when ONNX Runtime is on the class path runs
 * the same ONNX files in it: its timings, the largest difference between its outputs and the
 * frozen classes', and on how many images both pick the same class.
 *
 * <p>ONNX Runtime is not in the samples jar (its jar, 1.29.0, is 54 MB, mostly native libraries:
 * the weight Dendrite spares its users); run with it on the class path to compare, as the tests
 * do.
 */
@Command(
    name = "onnx",
    mixinStandardHelpOptions = true,
    description = "Predict Fashion-MNIST test images with the classes the build imported from"
        + " PyTorch's ONNX files (an MLP and two CNNs in src/main/onnx), and time them; with ONNX"
        + " Runtime on the class path (java -cp dendrite-samples.jar:onnxruntime.jar"
        + " org.dendrite.samples.Main onnx), run the same files in it, compare the predictions"
        + " and print its timings too.")
public final class OnnxCommand implements Callable<Integer> {
  /** Samples per call of the batched paths. */
  static final int BATCH = 256;

  /** Images of the warm-up passes before each path's timed ones ({@link Timing}). */
  static final int WARM_UP = 1000;

  /** Outputs farther apart than this (relative above 1) fail the comparison, as in the tests. */
  static final float TOLERANCE = 1e-5f;

  @Option(names = "--images", defaultValue = "10000", paramLabel = "N",
      description = "Test images to predict, from the first (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(names = "--data", paramLabel = "DIR",
      description = "Load Fashion-MNIST from DIR (default: the usual places, downloading it into"
          + " ~/.dendrite/datasets/fashion-mnist if it is in none of them).")
  Path dataDirectory;

  @Option(names = "--warm-up-seconds", defaultValue = "1", paramLabel = "S",
      description = "Warm up each timed path for at least S seconds (and one pass over 1,000"
          + " images) before it is timed, so that the JIT has compiled its kernels (default:"
          + " ${DEFAULT-VALUE}).")
  double warmUpSeconds;

  @Option(names = "--without-onnx-runtime",
      description = "Do not run ONNX Runtime even if it is on the class path.")
  boolean withoutOnnxRuntime;

  /** What the run measured, per network, for tests. */
  final List<Result> results = new ArrayList<>();

  /** One imported network as the sample uses it. */
  record Network(String name, String onnxFile, String description, int inputSize,
      int outputSize, Predict frozen, BatchPredict frozenBatch, Model pretrained) {}

  /** A frozen class's static {@code predict}. */
  interface Predict {
    void predict(float[] input, float[] output);
  }

  /** A frozen class's static {@code predictBatch}. */
  interface BatchPredict {
    void predictBatch(float[] inputs, float[] outputs, int count);
  }

  /**
   * What was measured for one network: microseconds per image one at a time and in batches of
   * {@link #BATCH}, for the frozen class, the trainable class and ONNX Runtime (NaN without it);
   * the largest difference between the frozen class's outputs and ONNX Runtime's, and on how
   * many images their top-1 classes agree (-1 without ONNX Runtime).
   */
  record Result(String name, int images, double frozenOne, double frozenBatch,
      double pretrainedOne, double pretrainedBatch, double ortOne, double ortBatch,
      double largestDifference, int sameClass, boolean withinTolerance, float[] frozenOutputs,
      float[] ortOutputs) {}

  static List<Network> networks() {
    return List.of(
        new Network("TorchFashionMlp", "torch_fashion_mlp.onnx", "784-300-100-10 MLP",
            FrozenTorchFashionMlp.INPUT_SIZE, FrozenTorchFashionMlp.OUTPUT_SIZE,
            FrozenTorchFashionMlp::predict, FrozenTorchFashionMlp::predictBatch,
            CompiledTorchFashionMlp.pretrained()),
        new Network("TorchFashionCnn", "torch_fashion_cnn.onnx",
            "Keras' example convnet, channels-first in PyTorch",
            FrozenTorchFashionCnn.INPUT_SIZE, FrozenTorchFashionCnn.OUTPUT_SIZE,
            FrozenTorchFashionCnn::predict, FrozenTorchFashionCnn::predictBatch,
            CompiledTorchFashionCnn.pretrained()),
        new Network("TorchLenet5", "torch_lenet5.onnx", "LeNet-5, channels-first in PyTorch",
            FrozenTorchLenet5.INPUT_SIZE, FrozenTorchLenet5.OUTPUT_SIZE,
            FrozenTorchLenet5::predict, FrozenTorchLenet5::predictBatch,
            CompiledTorchLenet5.pretrained()));
  }

  @Override
  public Integer call() throws IOException {
    if (images < 1 || images > 10_000) {
      throw new IllegalArgumentException("--images must be in [1, 10000], got " + images);
    }
    if (!(warmUpSeconds >= 0 && warmUpSeconds <= 600)) { // also refuses NaN
      throw new IllegalArgumentException("--warm-up-seconds must be in [0, 600], got "
          + warmUpSeconds);
    }
    FashionMnist data = dataDirectory == null ? FashionMnist.load()
        : FashionMnist.load(dataDirectory);
    float[] pixels = data.test().features(0, images);
    OnnxRuntimeReference ort = withoutOnnxRuntime || !onnxRuntimeOnClassPath() ? null
        : new OnnxRuntimeReference();
    System.out.printf(Locale.ROOT, "%,d Fashion-MNIST test images, one thread, %s kernels%n",
        images, Kernels.get());
    for (Network n : networks()) {
      results.add(run(n, pixels, ort));
    }
    if (ort == null) {
      System.out.println(withoutOnnxRuntime ? "ONNX Runtime not run (--without-onnx-runtime)."
          : "ONNX Runtime is not on the class path: run with it (java -cp"
              + " dendrite-samples.jar:onnxruntime-VERSION.jar org.dendrite.samples.Main"
              + " onnx) to compare.");
    }
    return results.stream().allMatch(r -> r.ortOutputs() == null
        || (r.withinTolerance() && r.sameClass() == r.images())) ? 0 : 1;
  }

  private Result run(Network n, float[] pixels, OnnxRuntimeReference ort) throws IOException {
    int count = pixels.length / n.inputSize();
    float[] frozen = new float[count * n.outputSize()];
    float[] scratch = new float[count * n.outputSize()];
    // Each path is warmed up on about WARM_UP images, then all are timed in rounds (Timing).
    float[] warm = Arrays.copyOf(pixels, warmUpImages(count) * n.inputSize());
    float[] reference = ort == null ? null : new float[count * n.outputSize()];
    float[] theirBatches = ort == null ? null : new float[count * n.outputSize()];
    List<Timing.Pass<IOException>> passes = new ArrayList<>(List.of(
        in -> oneAtATime(n.frozen(), in, frozen, n.inputSize(), n.outputSize()),
        in -> batches(n.frozenBatch(), in, scratch, n.inputSize(), n.outputSize()),
        in -> oneAtATime(n.pretrained()::predict, in, scratch, n.inputSize(), n.outputSize()),
        in -> batches(n.pretrained()::predictBatch, in, scratch, n.inputSize(),
            n.outputSize())));
    double[] times;
    if (ort == null) {
      times = Timing.measure(passes, warm, pixels, warmUpSeconds);
    } else {
      byte[] model;
      try (InputStream in = OnnxCommand.class.getResourceAsStream(n.onnxFile())) {
        if (in == null) {
          throw new IOException(n.onnxFile() + " is missing from the class path beside "
              + OnnxCommand.class.getName());
        }
        model = in.readAllBytes();
      }
      try (OnnxRuntimeReference.Session theirs = ort.open(model)) {
        passes.add(in -> theirs.pass(in, n.inputSize(), n.outputSize(), 1, reference));
        passes.add(in -> theirs.pass(in, n.inputSize(), n.outputSize(), BATCH, theirBatches));
        times = Timing.measure(passes, warm, pixels, warmUpSeconds);
      }
    }
    double frozenOne = times[0];
    double frozenBatch = times[1];
    double pretrainedOne = times[2];
    double pretrainedBatch = times[3];
    System.out.printf(Locale.ROOT, "%n%s (%s), imported from %s:%n", n.name(), n.description(),
        n.onnxFile());
    System.out.printf(Locale.ROOT, "  %-46s %14s %18s%n", "", "one at a time",
        "batches of " + BATCH);
    row("Dendrite Frozen" + n.name(), frozenOne, frozenBatch);
    row("Dendrite Compiled" + n.name() + ".pretrained()", pretrainedOne, pretrainedBatch);
    if (ort == null) {
      return new Result(n.name(), count, frozenOne, frozenBatch, pretrainedOne, pretrainedBatch,
          Double.NaN, Double.NaN, Double.NaN, -1, false, frozen, null);
    }
    // Its batched timing counts only if the batches computed the same (its kernels may sum in
    // another order: the tests' tolerance).
    for (int i = 0; i < reference.length; i++) {
      if (Math.abs(reference[i] - theirBatches[i]) > TOLERANCE * Math.max(1f,
          Math.abs(reference[i]))) {
        throw new IllegalStateException("ONNX Runtime's output " + i + " is " + theirBatches[i]
            + " in batches of " + BATCH + " but " + reference[i] + " one sample at a time");
      }
    }
    double theirOne = times[4];
    double theirBatched = times[5];
    row(ort.version(), theirOne, theirBatched);
    double largest = 0;
    boolean within = true;
    int same = 0;
    for (int i = 0; i < reference.length; i++) {
      double d = Math.abs(frozen[i] - reference[i]);
      largest = Math.max(largest, d);
      within &= d <= TOLERANCE * Math.max(1f, Math.abs(reference[i]));
    }
    for (int s = 0; s < count; s++) {
      same += argmax(frozen, s, n.outputSize()) == argmax(reference, s, n.outputSize()) ? 1 : 0;
    }
    System.out.printf(Locale.ROOT, "  largest difference from ONNX Runtime %.1e (%s 1e-5);"
        + " the same top-1 class on %,d of %,d images%n", largest, within ? "within" : "NOT within",
        same, count);
    return new Result(n.name(), count, frozenOne, frozenBatch, pretrainedOne, pretrainedBatch,
        theirOne, theirBatched, largest, same, within, frozen, reference);
  }

  /**
   * Images of the warm-up passes before timing {@code count}: all of them up to {@link #WARM_UP},
   * else whole batches up to it and then a batch as short as the timed passes' last one, so that
   * every shape of call timed has run before. The 16-image batch that ends 10,000 was first called
   * in the timed passes, on kernels C2 had not compiled yet (Vector API code runs hundreds of
   * times slower before), and added 1-1.6 µs an image to the frozen MLP's batches of 256.
   */
  static int warmUpImages(int count) {
    return count <= WARM_UP ? count : WARM_UP / BATCH * BATCH + count % BATCH;
  }

  private static void row(String what, double one, double batched) {
    System.out.printf(Locale.ROOT, "  %-46s %11.1f µs %15.1f µs  per image%n", what, one,
        batched);
  }

  /** Microseconds per sample of {@code predict} called once per sample. */
  private static double oneAtATime(Predict predict, float[] inputs, float[] outputs,
      int inputSize, int outputSize) {
    int count = inputs.length / inputSize;
    float[] in = new float[inputSize];
    float[] out = new float[outputSize];
    long start = System.nanoTime();
    for (int s = 0; s < count; s++) {
      System.arraycopy(inputs, s * inputSize, in, 0, inputSize);
      predict.predict(in, out);
      System.arraycopy(out, 0, outputs, s * outputSize, outputSize);
    }
    return (System.nanoTime() - start) / 1e3 / count;
  }

  /** Microseconds per sample of {@code predictBatch} on {@link #BATCH} samples per call. */
  private static double batches(BatchPredict predict, float[] inputs, float[] outputs,
      int inputSize, int outputSize) {
    int count = inputs.length / inputSize;
    float[] in = new float[BATCH * inputSize];
    float[] out = new float[BATCH * outputSize];
    long start = System.nanoTime();
    for (int first = 0; first < count; first += BATCH) {
      int n = Math.min(BATCH, count - first);
      System.arraycopy(inputs, first * inputSize, in, 0, n * inputSize);
      predict.predictBatch(in, out, n);
      System.arraycopy(out, 0, outputs, first * outputSize, n * outputSize);
    }
    return (System.nanoTime() - start) / 1e3 / count;
  }

  /**
   * The figure of the README's samples table, from the last run: on how many test images all
   * networks pick ONNX Runtime's class, and whether every output is within 1e-5 of its.
   *
   * @throws IllegalStateException if the sample has not run with ONNX Runtime
   */
  public String figure() {
    if (results.isEmpty() || results.stream().anyMatch(r -> r.ortOutputs() == null)) {
      throw new IllegalStateException("the onnx sample has not compared with ONNX Runtime");
    }
    int same = results.stream().mapToInt(Result::sameClass).min().orElseThrow();
    boolean within = results.stream().allMatch(Result::withinTolerance);
    return String.format(Locale.ROOT, "MLP, convnet and LeNet-5: the same top-1 class as ONNX"
        + " Runtime on %,d"
        + " of %,d test images, %s 1e-5", same, results.get(0).images(),
        within ? "outputs within" : "outputs NOT within");
  }

  /**
   * Whether ONNX Runtime's classes can be loaded; checked before {@link OnnxRuntimeReference},
   * whose code names them, is touched.
   */
  static boolean onnxRuntimeOnClassPath() {
    try {
      Class.forName("ai.onnxruntime.OrtEnvironment", false, OnnxCommand.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  static int argmax(float[] values, int sample, int size) {
    int best = 0;
    for (int i = 1; i < size; i++) {
      if (values[sample * size + i] > values[sample * size + best]) {
        best = i;
      }
    }
    return best;
  }
}
