package org.dendrite.samples.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.Predictor;
import org.dendrite.samples.CompiledFashionMlp;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Batch-1 prediction of the generated 784-300-100-10 model, sampled call by call so that JMH
 * reports the median and the tail (p99) as well as the mean: on the calling thread, and through
 * a two-thread {@link Predictor}, which splits the first layer's columns between the threads.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class LatencyBenchmark {
  private Model model;
  private float[] input;
  private float[] output;
  private Predictor predictor;

  /** A fresh model, a two-thread predictor of it and one random image. */
  @Setup
  public void setUp() {
    model = new CompiledFashionMlp(42);
    SplittableRandom rng = new SplittableRandom(7);
    input = new float[model.inputSize()];
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) rng.nextDouble();
    }
    output = new float[model.outputSize()];
    predictor = new Predictor(model, 2);
  }

  /** Stops the predictor's worker. */
  @TearDown
  public void tearDown() {
    predictor.close();
  }

  /** One sample, no allocation. */
  @Benchmark
  public float[] predictOne() {
    model.predict(input, output);
    return output;
  }

  /** One sample on two threads, the first layer split by columns; no allocation. */
  @Benchmark
  public float[] predictOneOnTwoThreads() {
    predictor.predict(input, output, 1);
    return output;
  }
}
