package org.dendrite.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The JMH benchmarks run and produce a score: one short in-process iteration each, on the scalar
 * kernels (this also runs without the Vector API module). Measures nothing; the figures come from
 * {@code java -cp dendrite-samples.jar org.openjdk.jmh.Main}.
 */
class JmhSmokeTest {
  @Test
  void everyBenchmarkRunsOnce() throws RunnerException {
    Options options = new OptionsBuilder()
        .include("org.dendrite.samples.jmh.(KernelBenchmark|ModelBenchmark|LatencyBenchmark)")
        .param("kernels", "scalar")
        .param("shape", "32x784x300")
        .param("batch", "32")
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(50))
        .shouldFailOnError(true)
        .build();
    Collection<RunResult> results = new Runner(options).run();
    // KernelBenchmark: 4 operations; ModelBenchmark: 2; LatencyBenchmark: 2.
    assertEquals(8, results.size(), "benchmarks run");
    for (RunResult r : results) {
      double score = r.getPrimaryResult().getScore();
      assertTrue(score > 0 && Double.isFinite(score),
          r.getParams().getBenchmark() + " scored " + score);
    }
  }
}
