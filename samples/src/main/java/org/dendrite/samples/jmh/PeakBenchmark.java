package org.dendrite.samples.jmh;

import java.util.concurrent.TimeUnit;
import org.dendrite.runtime.kernel.KernelProvider;
import org.dendrite.runtime.kernel.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's FMA peak, the yardstick of every GFLOP/s figure: {@value #STEPS} rounds of
 * independent fused multiply-add chains on the Vector API. GFLOP/s = {@link #flopsPerCall()} /
 * time per call; run with {@code -t 2} for two threads.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class PeakBenchmark {
  /** Rounds per call: long enough to dwarf the call, short enough for many calls a second. */
  static final long STEPS = 100_000;

  private Kernels k;

  /** Loads the Vector API kernels. */
  @Setup
  public void setUp() {
    k = KernelProvider.vector();
    System.out.printf("%n[peak] %d FLOPs per call%n", flopsPerCall());
  }

  /** FLOPs of one call of {@link #fmaPeak}. */
  public long flopsPerCall() {
    return STEPS * k.fmaPeakFlopsPerStep();
  }

  /** {@value #STEPS} rounds of FMA chains. */
  @Benchmark
  public float fmaPeak() {
    return k.fmaPeak(STEPS);
  }
}
