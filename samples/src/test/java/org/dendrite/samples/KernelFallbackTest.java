package org.dendrite.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dendrite.runtime.kernel.KernelProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fashion sample in child JVMs with and without {@code --add-modules jdk.incubator.vector}:
 * without it the scalar kernels run, one hint names the flag, and training gives the same result
 * (the kernels compute in the same order, so the figures are identical).
 */
class KernelFallbackTest {
  record Run(String stdout, String stderr, String metrics) {}

  static Run fashion(Path dir, boolean vector) throws IOException, InterruptedException {
    Path metrics = dir.resolve(vector ? "vector.json" : "scalar.json");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (vector) {
      cmd.add("--add-modules");
      cmd.add("jdk.incubator.vector");
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "fashion", "--epochs", "1", "--train-size", "6000", "--validation", "1000",
        "--threads", "2", "--metrics-json", metrics.toString(), "--out", dir.toString()));
    Process p = new ProcessBuilder(cmd)
        .redirectOutput(dir.resolve("out.txt").toFile())
        .redirectError(dir.resolve("err.txt").toFile())
        .start();
    try {
      assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the child JVM did not finish");
    } finally {
      p.destroyForcibly(); // never leave a child running (a no-op once it has exited)
    }
    String out = Files.readString(dir.resolve("out.txt"));
    String err = Files.readString(dir.resolve("err.txt"));
    assertEquals(0, p.exitValue(), () -> "exit status; stderr:\n" + err);
    return new Run(out, err, Files.readString(metrics, StandardCharsets.UTF_8));
  }

  @Test
  void withoutTheFlagTheScalarKernelsGiveTheSameResultAndOneHint(@TempDir Path dir)
      throws IOException, InterruptedException {
    Run scalar = fashion(dir, false);
    Run vector = fashion(dir, true);
    assertTrue(scalar.stdout().contains("scalar kernels"), scalar.stdout());
    assertTrue(vector.stdout().contains("vector (FloatVector"), vector.stdout());
    int hints = scalar.stderr().split(java.util.regex.Pattern.quote(KernelProvider.HINT), -1)
        .length - 1;
    assertEquals(1, hints, "hints on stderr:\n" + scalar.stderr());
    assertTrue(!vector.stderr().contains(KernelProvider.HINT), vector.stderr());
    assertEquals(field(vector.metrics(), "test_accuracy"), field(scalar.metrics(), "test_accuracy"));
    assertEquals(field(vector.metrics(), "test_loss"), field(scalar.metrics(), "test_loss"));
  }

  static String field(String json, String name) {
    int i = json.indexOf("\"" + name + "\":");
    assertTrue(i >= 0, name + " missing from " + json);
    int start = i + name.length() + 3;
    int end = start;
    while (end < json.length() && ",}".indexOf(json.charAt(end)) < 0) {
      end++;
    }
    return json.substring(start, end);
  }
}
