package org.dendrite.samples.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.dendrite.runtime.BatchPass;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.optim.Adam;
import org.dendrite.samples.CompiledFashionMlp;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The generated 784-300-100-10 model on one thread: a training step with Adam (forward, backward,
 * optimizer) and batch prediction ({@link LatencyBenchmark} times one sample). Inputs are random
 * pixels in [0, 1) and random labels; the arithmetic does not depend on their values. Samples per
 * second = batch / time per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ModelBenchmark {
  /** Samples per training step and per batch prediction. */
  @Param({"32", "128", "256"})
  public int batch;

  private Model model;
  private BatchPass pass;
  private Adam adam;
  private float[] inputs;
  private float[] targets;
  private float[] outputs;
  private long step;
  private final BatchPass.Step call = new BatchPass.Step();

  /** A fresh model, its pass and random data. */
  @Setup
  public void setUp() {
    model = new CompiledFashionMlp(42);
    pass = model.newBatchPass(batch);
    adam = new Adam();
    adam.prepare(model.parameterCount());
    SplittableRandom rng = new SplittableRandom(7);
    inputs = new float[batch * model.inputSize()];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = (float) rng.nextDouble();
    }
    targets = new float[batch];
    for (int i = 0; i < batch; i++) {
      targets[i] = rng.nextInt(model.outputSize());
    }
    outputs = new float[batch * model.outputSize()];
  }

  /** One training step: forward and backward over the batch, then Adam over all parameters. */
  @Benchmark
  public double trainStep() {
    float[] grads = model.gradients();
    double loss = pass.train(call.samples(inputs, 0, targets, 0, batch)
        .gradients(grads, 1f / batch).at(step++, 0));
    adam.beginStep();
    adam.update(model.parameters(), grads, 0, model.parameterCount());
    return loss;
  }

  /** Batch prediction through the model's thread-local passes. */
  @Benchmark
  public float[] predictBatch() {
    model.predictBatch(inputs, outputs, batch);
    return outputs;
  }
}
