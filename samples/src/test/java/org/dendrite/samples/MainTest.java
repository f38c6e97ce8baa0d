package org.dendrite.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The launcher's command line. */
class MainTest {
  static String captureOut(Runnable r) {
    PrintStream saved = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setOut(saved);
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpListsTheSamples() {
    String out = captureOut(() -> assertEquals(0, Main.run("--help")));
    for (String sample : new String[] {"gates", "perceptron", "xor", "linear", "regression", "fashion", "fashion-small", "fashion-deep", "fashion-early-stop",
        "bench"}) {
      assertTrue(out.contains("\n  " + sample + " "), sample + " missing from\n" + out);
    }
  }

  /**
   * The layer benchmark on two threads runs both splits, checks that they compute the same
   * output and gradients (it throws otherwise), and reports both.
   */
  @Test
  void layerBenchOnTwoThreadsReportsBothSplits() {
    String out = captureOut(() -> assertEquals(0, Main.run("bench", "--model", "1024x1024",
        "--threads", "2", "--metrics", "gflops", "--seconds", "0.1")));
    assertTrue(out.contains("\"metric\":\"gflops\"") && out.contains("\"samples_split_gflops\":")
        && out.contains("\"rows_split_gflops\":"), out);
  }

  @Test
  void unknownSampleIsAUsageError() {
    assertEquals(2, Main.run("no-such-sample"));
  }
}
