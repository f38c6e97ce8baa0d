package org.dendrite.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    for (String sample : new String[] {"gates", "perceptron", "xor", "linear", "regression", "iris", "fashion", "fashion-small", "fashion-deep", "fashion-early-stop",
        "fashion-cnn", "fashion-resnet", "onnx", "bench"}) {
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
        && out.contains("\"rows_split_gflops\":") && out.contains("\"cpu\":\""), out);
  }

  @Test
  void unknownSampleIsAUsageError() {
    assertEquals(2, Main.run("no-such-sample"));
  }

  /** Data that is not there: the message and its fix, status 1, and no stack trace. */
  @Test
  void missingDataIsAMessageNotAStackTrace(@TempDir Path empty) {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int status;
    try {
      status = Main.run("fashion", "--data", empty.toString(), "--out",
          empty.resolve("out").toString());
    } finally {
      System.setErr(saved);
    }
    String text = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, status, text);
    assertTrue(text.startsWith("error: " + empty + ": no Fashion-MNIST files in it"
        + " (train-images-idx3-ubyte[.gz] and the three others). Install it with `sudo apt-get"
        + " install dataset-fashion-mnist`"), text);
    assertFalse(text.contains("\tat "), "a stack trace: " + text);
  }

  @Test
  void aWrappedExceptionShowsItsCausesMessage() {
    assertEquals("disk full", Main.message(
        new java.io.UncheckedIOException(new java.io.IOException("disk full"))));
    assertEquals("ModelCheckpoint: x", Main.message(
        new java.io.UncheckedIOException("ModelCheckpoint: x", new java.io.IOException("y"))));
  }
}
