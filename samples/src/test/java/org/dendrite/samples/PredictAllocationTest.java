package org.dendrite.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
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
    long before = threads.getThreadAllocatedBytes(self);
    for (int i = 0; i < 1_000; i++) {
      model.predict(in, out);
    }
    long allocated = threads.getThreadAllocatedBytes(self) - before;
    assertEquals(0, allocated, "bytes allocated by 1,000 calls of predict after warm-up");
  }
}
