package org.dendrite.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A generated model's entry points that size buffers from {@code count} check the arrays first:
 * arrays of a few samples with a huge count are an IllegalArgumentException naming the sizes, not
 * an OutOfMemoryError or gigabytes of buffers left held by the model.
 */
class ModelArgumentsTest {
  private static final int IN = CompiledFashionMlp.INPUT_SIZE;
  private static final int OUT = CompiledFashionMlp.OUTPUT_SIZE;

  /**
   * Ten million samples: buffers of 10,000,000 × 300 values would not fit an array, so a model
   * that sized its pass before checking the arrays fails with another message (or, for a count
   * whose buffers fit, an OutOfMemoryError).
   */
  private static final int HUGE = 10_000_000;

  @Test
  void computeGradientsChecksTheArraysBeforeGrowingItsPass() {
    CompiledFashionMlp model = new CompiledFashionMlp(3);
    float[] inputs = new float[4 * IN];
    float[] targets = new float[4];
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> model.computeGradients(inputs, targets, HUGE));
    assertEquals("inputs holds " + 4 * IN + " values; " + HUGE + " sample(s) of " + IN
        + " values from offset 0 need " + (long) HUGE * IN, e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> model.computeGradients(new float[5 * IN], targets, 5));
    assertTrue(e.getMessage().startsWith("targets holds 4 values; 5 sample(s) of 1"),
        e.getMessage());
    // The refused calls changed nothing: four samples still train.
    float loss = model.computeGradients(inputs, targets, 4);
    assertTrue(Float.isFinite(loss) && loss > 0, "loss " + loss);
  }

  @Test
  void predictBatchChecksTheArraysFirst() {
    CompiledFashionMlp model = new CompiledFashionMlp(3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> model.predictBatch(new float[4 * IN], new float[4 * OUT], HUGE));
    assertTrue(e.getMessage().startsWith("inputs holds " + 4 * IN + " values; " + HUGE),
        e.getMessage());
  }
}
