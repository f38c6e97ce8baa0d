package org.dendrite.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The README's table of samples states each sample's figure; this runs every sample with its
 * default options (and two threads, as the table says: the thread count decides how a batch's
 * gradient is summed) and checks that the figure it computes, written as the table writes it, is
 * the table's. Training is deterministic, so a change that moves a figure fails here until the
 * README says the new one.
 *
 * <p>All but {@code fashion-cnn}: its twelve epochs of convolutions would add minutes to each CI
 * pass, so {@link FashionCnnTest} trains it on a slice, and its figure comes from the full run
 * recorded in docs/performance.md (re-run it with the command there after a change that can
 * move it).
 */
class ReadmeFiguresTest {
  /**
   * The tag of the full Fashion-MNIST trainings, which {@code -Pno-vector} leaves out (see the
   * parent pom): on the scalar kernels they take minutes.
   */
  static final String FULL_TRAINING = "full-training";

  /** The figure column of the README's samples table, by sample name. */
  static final Map<String, String> FIGURES = new LinkedHashMap<>();

  @TempDir Path out;

  @BeforeAll
  static void readTheReadme() throws IOException {
    // Surefire runs in the module's directory; the README is the repository's.
    List<String> lines = Files.readAllLines(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    for (String line : lines) {
      if (line.startsWith("| `")) {
        String[] cells = line.split(" \\| ");
        String name = cells[0].substring(3, cells[0].indexOf('`', 3));
        FIGURES.put(name, cells[cells.length - 1].replaceAll(" ?\\|$", "").trim());
      }
    }
    assertTrue(FIGURES.keySet().containsAll(List.of("gates", "perceptron", "xor", "linear",
        "regression", "iris", "fashion", "fashion-small", "fashion-deep", "fashion-early-stop")),
        "the samples table: " + FIGURES);
  }

  private <T extends Callable<Integer>> T run(T sample, String... args) {
    MainTest.captureOut(() -> assertEquals(0, new CommandLine(sample).execute(args)));
    return sample;
  }

  private String[] fashionArgs() {
    return new String[] {"--threads", "2", "--out", out.toString()};
  }

  private static String accuracy(FashionSample s) {
    return String.format(Locale.ROOT, "test accuracy %.4f", s.test.accuracy());
  }

  @Test
  void gates() {
    GatesCommand s = run(new GatesCommand());
    boolean right = List.of("AND", "NAND", "OR", "XOR").equals(List.copyOf(s.tables.keySet()))
        && java.util.Arrays.equals(new int[] {0, 0, 0, 1}, s.tables.get("AND"))
        && java.util.Arrays.equals(new int[] {1, 1, 1, 0}, s.tables.get("NAND"))
        && java.util.Arrays.equals(new int[] {0, 1, 1, 1}, s.tables.get("OR"))
        && java.util.Arrays.equals(new int[] {0, 1, 1, 0}, s.tables.get("XOR"));
    assertEquals(FIGURES.get("gates"), right ? "all four truth tables right" : "wrong");
  }

  @Test
  void perceptron() {
    PerceptronCommand s = run(new PerceptronCommand());
    assertEquals(FIGURES.get("perceptron"), String.format(Locale.ROOT,
        "%.0f %% training accuracy after %d epochs; petals of 2 × 0.5 cm → %s",
        100 * s.trainingAccuracy, s.epochsRun, s.newFlowerIsSetosa ? "setosa" : "not setosa"));
  }

  @Test
  void xor() {
    XorCommand s = run(new XorCommand(), "--out", out.toString());
    assertEquals(FIGURES.get("xor"), String.format(Locale.ROOT,
        "converged: ReLU %d seeds, leaky ReLU %d", s.reluConverged, s.leakyConverged));
  }

  @Test
  void linear() {
    LinearCommand s = run(new LinearCommand());
    assertEquals(FIGURES.get("linear"), String.format(Locale.ROOT, "predicts %.3f for x = 10",
        s.prediction));
  }

  @Test
  void regression() {
    RegressionCommand s = run(new RegressionCommand(), "--threads", "2", "--out",
        out.toString());
    RegressionCommand wide = run(new RegressionCommand(), "--wide-and-deep", "--threads", "2",
        "--out", out.toString());
    assertEquals(FIGURES.get("regression"), String.format(Locale.ROOT,
        "test RMSE %.2f (the noise alone: %.2f; the mean: %.2f); wide and deep %.2f", s.testRmse,
        s.noiseRmse, s.meanRmse, wide.testRmse));
  }

  @Test
  void iris() {
    IrisCommand s = run(new IrisCommand(), "--out", out.toString());
    assertEquals(FIGURES.get("iris"), String.format(Locale.ROOT,
        "test accuracy %.3f (30 flowers held out, 10 per species)", s.testAccuracy));
  }

  /**
   * The imported MLP and CNNs against ONNX Runtime (on the test class path: a provided
   * dependency) on all 10,000 test images; the timings it prints are not checked.
   */
  @Test
  void onnx() {
    // Timings are not checked here: no warm-up beyond one pass.
    org.dendrite.samples.onnx.OnnxCommand s = run(new org.dendrite.samples.onnx.OnnxCommand(),
        "--warm-up-seconds", "0");
    assertEquals(FIGURES.get("onnx"), s.figure());
  }

  @Test
  @Tag(FULL_TRAINING)
  void fashion() {
    assertEquals(FIGURES.get("fashion"), accuracy(run(new FashionCommand(), fashionArgs())));
  }

  @Test
  @Tag(FULL_TRAINING)
  void fashionSmall() {
    FashionSmallCommand s = run(new FashionSmallCommand(), fashionArgs());
    assertEquals(FIGURES.get("fashion-small"), accuracy(s));
    assertEquals(List.of(out.resolve("fashion-small-history.png"),
        out.resolve("fashion-small-confusion.png")), s.written);
  }

  @Test
  @Tag(FULL_TRAINING)
  void fashionDeep() {
    assertEquals(FIGURES.get("fashion-deep"),
        accuracy(run(new FashionDeepCommand(), fashionArgs())));
  }

  @Test
  @Tag(FULL_TRAINING)
  void fashionEarlyStop() {
    FashionEarlyStopCommand s = run(new FashionEarlyStopCommand(), fashionArgs());
    assertEquals(FIGURES.get("fashion-early-stop"), String.format(Locale.ROOT,
        "stops after epoch %d (loss %.2f); %s", s.stopping.stoppedEpoch() + 1,
        s.history.last().loss(), accuracy(s)));
  }
}
