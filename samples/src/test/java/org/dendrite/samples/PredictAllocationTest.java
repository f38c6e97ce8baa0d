package org.dendrite.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Predicting one sample allocates nothing after warm-up. */
class PredictAllocationTest {
  @Test
  void predictAllocatesZeroBytes() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    CompiledFashionMlp model = new CompiledFashionMlp(1);
    float[] in = new float[CompiledFashionMlp.INPUT_SIZE];
    float[] out = new float[CompiledFashionMlp.OUTPUT_SIZE];
    for (int i = 0; i < in.length; i++) {
      in[i] = (i % 7) / 7f;
    }
    for (int i = 0; i < 20_000; i++) {
      model.predict(in, out); // warm-up: JIT compilation, escape analysis
    }
    // A per-call object shows in every round of 1,000 calls; a late compilation or the JVM's own
    // occasional allocation on the thread (128 bytes once on a loaded machine) only delays the
    // clean round, so rounds run until one allocates nothing, for at most 60 s (as PredictorTest).
    List<Long> rounds = new ArrayList<>();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!rounds.contains(0L) && System.nanoTime() < deadline) {
      long before = threads.getThreadAllocatedBytes(self);
      for (int i = 0; i < 1_000; i++) {
        model.predict(in, out);
      }
      rounds.add(threads.getThreadAllocatedBytes(self) - before);
    }
    List<Long> last = rounds.subList(Math.max(0, rounds.size() - 10), rounds.size());
    assertTrue(rounds.contains(0L), "bytes allocated by rounds of 1,000 calls of predict after"
        + " warm-up, for 60 s (the last rounds): " + last);
  }
}
