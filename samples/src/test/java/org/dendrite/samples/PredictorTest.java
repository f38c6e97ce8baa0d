package org.dendrite.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.dendrite.runtime.BatchPass;
import org.dendrite.runtime.Inference;
import org.dendrite.runtime.Predictor;
import org.dendrite.runtime.kernel.Kernels;
import org.junit.jupiter.api.Test;

/** {@link Predictor}: the same bits as one sample at a time, on any thread count, and no garbage. */
class PredictorTest {
  private static final int IN = CompiledFashionMlp.INPUT_SIZE;
  private static final int OUT = CompiledFashionMlp.OUTPUT_SIZE;

  private static float[] randomInputs(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[count * IN];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextDouble();
    }
    return x;
  }

  @Test
  void everyThreadCountGivesTheBitsOfOneSampleAtATime() {
    CompiledFashionMlp model = new CompiledFashionMlp(7);
    // Counts around the column split's limit (two samples per thread), the chunk and the share
    // boundaries, including uneven ones.
    for (int count : new int[] {0, 1, 2, 4, 5, 6, 7, 63, 64, 65, 129, 256, 301, 513}) {
      float[] x = randomInputs(count, count);
      float[] expected = new float[count * OUT];
      float[] one = new float[OUT];
      for (int i = 0; i < count; i++) {
        model.predict(java.util.Arrays.copyOfRange(x, i * IN, (i + 1) * IN), one);
        System.arraycopy(one, 0, expected, i * OUT, OUT);
      }
      for (int threads = 1; threads <= 3; threads++) {
        try (Predictor predictor = new Predictor(model, threads)) {
          float[] actual = new float[count * OUT];
          predictor.predict(x, actual, count);
          assertArrayEquals(expected, actual, count + " samples on " + threads + " threads");
          assertArrayEquals(expected, predictor.predict(x), "the allocating overload");
        }
      }
    }
  }

  /**
   * The pass behind a small call's split: the first layer's products computed in column bands,
   * then {@code predictDeferred}, give {@code predict}'s bits; short products are refused.
   */
  @Test
  void passesAreAsLargeAsTheActivationsAllow() {
    // 784-300-100-10: about 1,200 activations a sample, 1.2 MiB for 256 samples.
    assertEquals(Inference.MAX_CHUNK, Inference.chunk(new CompiledFashionMlp(7)));
    // Keras' convnet: about 36,000 a sample; its passes stay at the smallest size.
    assertEquals(Inference.CHUNK, Inference.chunk(new CompiledFashionCnn(7)));
  }

  @Test
  void predictDeferredFromColumnBandsEqualsPredict() {
    CompiledFashionMlp model = new CompiledFashionMlp(5);
    BatchPass pass = model.newBatchPass(8);
    BatchPass.DeferredKernel kernel = pass.deferredKernel();
    assertEquals(new BatchPass.DeferredKernel(CompiledFashionMlp.HIDDEN1_KERNEL, IN, 300),
        kernel);
    int count = 5;
    float[] x = randomInputs(count, 11);
    float[] expected = new float[count * OUT];
    pass.predict(x, 0, expected, 0, count);
    float[] products = new float[count * 300];
    int[] edges = {0, 144, 160, 300};
    for (int b = 0; b + 1 < edges.length; b++) {
      Kernels.get().matmulColumns(x, 0, model.parameters(), kernel.offset(), products, 0, count,
          IN, 300, edges[b], edges[b + 1]);
    }
    float[] actual = new float[count * OUT];
    pass.predictDeferred(products, 0, actual, 0, count);
    assertArrayEquals(expected, actual, "predictDeferred from three column bands");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> pass.predictDeferred(new float[299], 0, actual, 0, 1));
    assertTrue(e.getMessage().contains("products") && e.getMessage().contains("299"),
        e.getMessage());
  }

  @Test
  void badSizesAreRefusedWithTheSizes() {
    CompiledFashionMlp model = new CompiledFashionMlp(7);
    try (Predictor predictor = new Predictor(model, 2)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> predictor.predict(new float[IN * 2], new float[OUT * 3], 3));
      assertTrue(e.getMessage().contains("inputs holds " + IN * 2), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> predictor.predict(new float[IN + 1]));
      assertTrue(e.getMessage().contains("not a multiple of the input size " + IN),
          e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> predictor.predict(new float[0],
          new float[0], -1));
    }
    assertThrows(IllegalArgumentException.class, () -> new Predictor(model, 0));
  }

  @Test
  void predictingAllocatesNothingAfterWarmUp() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    CompiledFashionMlp model = new CompiledFashionMlp(1);
    // 256 and 5 samples split by samples; 1 sample splits the first layer by columns.
    for (int count : new int[] {256, 5, 1}) {
      assertNoGarbage(threads, model, count);
    }
  }

  private static void assertNoGarbage(com.sun.management.ThreadMXBean threads,
      CompiledFashionMlp model, int count) {
    float[] x = randomInputs(count, 3);
    float[] y = new float[count * OUT];
    try (Predictor predictor = new Predictor(model, 2)) {
      // Until C2 compiles the kernels the Vector API allocates, and when C2 gets to them depends
      // on the machine's load (a fixed warm-up failed now and then). So rounds of 100 calls run
      // until one allocates nothing: a per-call object shows in every round, however long the
      // run, and fails the test at the deadline; the JVM's own occasional allocation on a
      // thread (a deoptimization, say) or a late compilation only delays the clean round.
      long self = Thread.currentThread().getId();
      List<Long> rounds = new ArrayList<>();
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!rounds.contains(0L) && System.nanoTime() < deadline) {
        long before = threads.getThreadAllocatedBytes(self);
        for (int i = 0; i < 100; i++) {
          predictor.predict(x, y, count);
        }
        rounds.add(threads.getThreadAllocatedBytes(self) - before);
      }
      if (rounds.size() > 10) {
        rounds = rounds.subList(rounds.size() - 10, rounds.size());
      }
      assertTrue(rounds.contains(0L), "bytes the caller allocated in the last rounds of 100 calls"
          + " of " + count + " samples, for 60 s: " + rounds);
    }
  }
}
