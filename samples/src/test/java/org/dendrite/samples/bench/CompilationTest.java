package org.dendrite.samples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.Predictor;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.data.FashionMnist;
import org.dendrite.runtime.optim.Adam;
import org.dendrite.runtime.train.Trainer;
import org.dendrite.samples.CompiledFashionCnn;
import org.dendrite.samples.CompiledFashionMlp;
import org.dendrite.samples.CompiledLeNet5;
import org.dendrite.samples.onnx.FrozenTorchFashionCnn;
import org.dendrite.samples.onnx.FrozenTorchFashionMlp;
import org.dendrite.samples.onnx.FrozenTorchLenet5;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HotSpot compiles every kernel and generated pass the benchmarked networks run. A method its
 * compilers give up on runs interpreted, tens of times slower, and nothing else fails: a register
 * tile of 25 chains ran C1 "out of virtual registers in linear scan", and where that happened to
 * its on-stack-replacement compile first, the method never reached C2 (LeNet-5 trained 2,900
 * samples/s instead of 35,000 in three JVMs of four, 2026-12-04). {@link #main} trains and
 * predicts the MLP, Keras' convnet and LeNet-5 (and the frozen classes) for a few seconds each,
 * on one and two threads, in a JVM run with {@code -XX:+PrintCompilation}, once with the Vector
 * API kernels and once with the scalar ones; no {@code org.dendrite} method may be reported
 * skipped.
 */
class CompilationTest {
  /** Seconds each network trains, per batch size and thread count. */
  static final double SECONDS = 1.0;

  /** A compile that failed: {@code ...::method (n bytes)   COMPILE SKIPPED: reason}. */
  static final Pattern SKIPPED = Pattern.compile("(\\S+::\\S+).*COMPILE SKIPPED: (.*)");

  /** A method compiled by C2 ({@code tier 4}), to check that the log is what this test reads. */
  static final Pattern C2 = Pattern.compile("\\s4\\s+(org\\.dendrite\\.\\S+::\\S+)");

  @Test
  void noKernelIsLeftUncompiled(@TempDir Path dir) throws IOException, InterruptedException {
    for (boolean vector : new boolean[] {true, false}) {
      String log = child(dir, vector);
      List<String> skipped = new ArrayList<>();
      Matcher m = SKIPPED.matcher(log);
      while (m.find()) {
        // Another thread loading a class the compile depends on: retried, not a failure.
        if (m.group(1).startsWith("org.dendrite.")
            && !m.group(2).contains("concurrent class loading")) {
          skipped.add(m.group(1) + ": " + m.group(2).trim());
        }
      }
      assertEquals(List.of(), skipped, (vector ? "vector" : "scalar") + " kernels: methods"
          + " HotSpot did not compile (split them, as GatherGradient.fiveByFive's tiles were)");
      long compiled = C2.matcher(log).results().count();
      assertTrue(compiled >= 20, "only " + compiled + " org.dendrite methods compiled by C2 in"
          + " the child's log, which this test may no longer read right:\n" + log);
    }
  }

  /** The child JVM's {@code -XX:+PrintCompilation} log. */
  private static String child(Path dir, boolean vector) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (vector) {
      cmd.add("--add-modules");
      cmd.add("jdk.incubator.vector");
    }
    cmd.addAll(List.of("-XX:+PrintCompilation", "-cp", System.getProperty("java.class.path"),
        CompilationTest.class.getName()));
    Path out = dir.resolve(vector ? "vector.txt" : "scalar.txt");
    Path err = dir.resolve(vector ? "vector-err.txt" : "scalar-err.txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
        .start();
    try {
      assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the child JVM did not finish");
    } finally {
      p.destroyForcibly(); // never leave a child running (a no-op once it has exited)
    }
    assertEquals(0, p.exitValue(), () -> "exit status; stderr:\n" + read(err));
    return read(out);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** The child: each network trains and predicts until it has run {@link #SECONDS} per case. */
  public static void main(String[] args) throws IOException {
    FashionMnist data = FashionMnist.load();
    Dataset train = data.train().slice(0, 512);
    float[] images = data.test().features(0, 256);
    List<LongFunction<Model>> networks = List.of(CompiledFashionMlp::new,
        CompiledFashionCnn::new, CompiledLeNet5::new);
    for (LongFunction<Model> network : networks) {
      for (int threads = 1; threads <= 2; threads++) {
        for (int batch : new int[] {32, 128}) {
          Trainer trainer = Trainer.builder(network.apply(1)).optimizer(new Adam(1e-3f))
              .epochs(1).batchSize(batch).seed(1).threads(threads).build();
          long until = System.nanoTime() + (long) (SECONDS * 1e9);
          do {
            trainer.fit(train);
          } while (System.nanoTime() < until);
        }
        Model model = network.apply(2);
        float[] out = new float[256 * model.outputSize()];
        try (Predictor predictor = new Predictor(model, threads)) {
          long until = System.nanoTime() + (long) (SECONDS * 1e9);
          for (int i = 0; System.nanoTime() < until; i++) {
            predictor.predict(images, out, i % 2 == 0 ? 1 : 256);
          }
        }
      }
    }
    float[] out = new float[256 * 10];
    long until = System.nanoTime() + (long) (SECONDS * 1e9);
    while (System.nanoTime() < until) {
      FrozenTorchFashionMlp.predict(images, out);
      FrozenTorchFashionMlp.predictBatch(images, out, 256);
      FrozenTorchFashionCnn.predict(images, out);
      FrozenTorchFashionCnn.predictBatch(images, out, 32);
      FrozenTorchLenet5.predict(images, out);
      FrozenTorchLenet5.predictBatch(images, out, 256);
    }
  }
}
