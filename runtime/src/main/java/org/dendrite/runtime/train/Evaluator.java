package org.dendrite.runtime.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.dendrite.runtime.BatchPass;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.metric.Metric;
import org.dendrite.runtime.parallel.WorkerPool;

/**
 * The loss and the metrics of a model over a dataset, in inference mode, on a pool of threads:
 * each thread gathers a chunk of each block of samples into its own buffers (scaling stored bytes
 * as it copies them) and runs its own pass over it, and the chunks' results are added in thread
 * order.
 */
final class Evaluator {
  /** Samples per thread and forward pass. */
  static final int CHUNK = 128;

  private final Model model;
  private final WorkerPool pool;
  private final Supplier<List<Metric>> metrics;
  private final BatchPass[] passes;
  private final double[] losses;
  /** Each thread's chunk of features and of targets. */
  private final float[][] inputs;
  private final float[][] targets;
  private final IntConsumer chunk = this::chunk;
  private Dataset data;
  private int blockStart;
  private int blockCount;

  /** An evaluator of {@code model} on {@code pool}, with fresh {@code metrics} for each run. */
  Evaluator(Model model, WorkerPool pool, Supplier<List<Metric>> metrics) {
    this.model = model;
    this.pool = pool;
    this.metrics = metrics;
    this.passes = new BatchPass[pool.threads()];
    for (int i = 0; i < passes.length; i++) {
      passes[i] = model.newBatchPass(CHUNK);
    }
    this.losses = new double[passes.length];
    this.inputs = new float[passes.length][CHUNK * model.inputSize()];
    this.targets = new float[passes.length][CHUNK * model.targetSize()];
  }

  /** The mean loss and the metrics over {@code data}. */
  Evaluation evaluate(Dataset data) {
    this.data = data;
    List<Metric> metrics = this.metrics.get();
    double loss = 0;
    int n = data.size();
    int block = CHUNK * passes.length;
    for (blockStart = 0; blockStart < n; blockStart += block) {
      blockCount = Math.min(block, n - blockStart);
      pool.run(chunk);
      for (int t = 0; t < passes.length; t++) {
        int lo = t * CHUNK;
        int hi = Math.min(lo + CHUNK, blockCount);
        if (lo < hi) {
          loss += losses[t];
          for (Metric m : metrics) {
            m.update(passes[t].outputs(), model.outputSize(), targets[t], 0,
                data.targetSize(), hi - lo);
          }
        }
      }
    }
    Map<String, Double> results = new LinkedHashMap<>();
    for (Metric m : metrics) {
      results.put(m.name(), m.result());
    }
    this.data = null;
    return new Evaluation(loss / n, results, n);
  }

  private void chunk(int t) {
    int lo = t * CHUNK;
    int hi = Math.min(lo + CHUNK, blockCount);
    if (lo < hi) {
      int first = blockStart + lo;
      data.copyFeatures(first, hi - lo, inputs[t], 0);
      data.copyTargets(first, hi - lo, targets[t], 0);
      losses[t] = passes[t].evaluate(inputs[t], 0, targets[t], 0, hi - lo);
    }
  }
}
