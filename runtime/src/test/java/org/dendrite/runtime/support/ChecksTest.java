package org.dendrite.runtime.support;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The argument checks of generated code accept what fits and name the sizes of what does not. */
class ChecksTest {
  static void assertMessage(Exception e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part),
          "message should contain '" + part + "': " + e.getMessage());
    }
  }

  @Test
  void samplesNamesTheArrayAndTheSizes() {
    assertDoesNotThrow(() -> Checks.samples("inputs", new float[20], 4, 2, 8));
    assertMessage(assertThrows(IllegalArgumentException.class,
        () -> Checks.samples("inputs", new float[20], 5, 2, 8)),
        "inputs holds 20 values", "2 sample(s) of 8", "offset 5", "need 21");
    assertMessage(assertThrows(IllegalArgumentException.class,
        () -> Checks.samples("outputs", new float[20], -1, 1, 1)), "outputs", "offset -1");
    assertEquals("targets is null", assertThrows(NullPointerException.class,
        () -> Checks.samples("targets", null, 0, 1, 1)).getMessage());
    // A negative count is refused, not read as no samples.
    assertMessage(assertThrows(IllegalArgumentException.class,
        () -> Checks.samples("inputs", new float[20], 0, -1, 8)), "inputs", "count of -1");
    // count × perSample beyond int range must not wrap around.
    assertMessage(assertThrows(IllegalArgumentException.class,
        () -> Checks.samples("inputs", new float[8], 0, 1 << 20, 1 << 12)), "need 4294967296");
    // Nor pixels × filters: a size multiplied in long arrives whole and is refused...
    int pixels = 1 << 16;
    int filters = 1 << 16;
    assertMessage(assertThrows(IllegalArgumentException.class,
        () -> Checks.samples("out", new float[8], 0, 1, (long) pixels * filters)), "out",
        "4294967296 values per sample");
    // ...and so is one that wrapped to a negative number before it came.
    assertMessage(assertThrows(IllegalArgumentException.class,
        () -> Checks.samples("out", new float[8], 0, 1, pixels * (filters / 2))), "out",
        "-2147483648 values per sample");
    // No samples of any size fit anywhere.
    assertDoesNotThrow(() -> Checks.samples("out", new float[0], 0, 0, 1L << 40));
  }

  /** The same checks for an index buffer (a pooling's argmax). */
  @Test
  void indexSamplesNamesTheArrayAndTheSizes() {
    assertDoesNotThrow(() -> Checks.indexSamples("argmax", new int[20], 4, 2, 8));
    assertMessage(assertThrows(IllegalArgumentException.class,
        () -> Checks.indexSamples("argmax", new int[20], 5, 2, 8)),
        "argmax holds 20 values", "2 sample(s) of 8", "offset 5", "need 21");
    assertEquals("argmax is null", assertThrows(NullPointerException.class,
        () -> Checks.indexSamples("argmax", null, 0, 1, 1)).getMessage());
    assertMessage(assertThrows(IllegalArgumentException.class,
        () -> Checks.indexSamples("argmax", new int[20], 0, -1, 8)), "count of -1");
    assertMessage(assertThrows(IllegalArgumentException.class,
        () -> Checks.indexSamples("argmax", new int[8], 0, 1, 1L << 32)),
        "4294967296 values per sample");
  }

  @Test
  void batchAndGradientsNameTheSizes() {
    assertDoesNotThrow(() -> Checks.batch(64, 64));
    assertMessage(assertThrows(IllegalArgumentException.class, () -> Checks.batch(65, 64)),
        "65 samples", "1 to 64");
    assertMessage(assertThrows(IllegalArgumentException.class, () -> Checks.batch(0, 64)),
        "0 samples");
    assertDoesNotThrow(() -> Checks.gradients(new float[10], 10));
    assertMessage(assertThrows(IllegalArgumentException.class,
        () -> Checks.gradients(new float[9], 10)), "holds 9 values", "10 parameters");
  }

  @Test
  void bufferSizeChecksCapacityAndOverflow() {
    assertEquals(6400, Checks.bufferSize(64, 100));
    assertMessage(assertThrows(IllegalArgumentException.class, () -> Checks.bufferSize(0, 10)),
        "at least 1, got 0");
    assertMessage(assertThrows(IllegalArgumentException.class,
        () -> Checks.bufferSize(1 << 20, 1 << 12)), "1048576 samples", "1048576 × 4096");
  }
}
