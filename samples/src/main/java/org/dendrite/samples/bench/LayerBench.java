package org.dendrite.samples.bench;

import java.util.Map;
import java.util.SplittableRandom;
import org.dendrite.runtime.kernel.Kernels;
import org.dendrite.runtime.parallel.WorkerPool;

/**
 * Forward and backward of one dense layer ({@code inputs → units}, batch {@code batch}) as a
 * generated layer runs them: output = input · kernel + bias, kernel gradient = inputᵀ · dY, input
 * gradient = dY · kernelᵀ. With several threads the batch is split as the trainer splits it, and
 * the threads' kernel gradients are summed.
 */
final class LayerBench {
  private final int inputs;
  private final int units;
  private final int batch;
  private final int threads;
  private final BenchCommand.Figures figures;

  LayerBench(int inputs, int units, int batch, int threads, BenchCommand.Figures figures) {
    this.inputs = inputs;
    this.units = units;
    this.batch = batch;
    this.threads = threads;
    this.figures = figures;
  }

  void run(double seconds) {
    Kernels k = Kernels.get();
    SplittableRandom rng = new SplittableRandom(1);
    float[] x = random(rng, batch * inputs);
    float[] w = random(rng, inputs * units);
    float[] bias = random(rng, units);
    float[] dy = random(rng, batch * units);
    float[] y = new float[batch * units];
    float[] dx = new float[batch * inputs];
    float[][] dw = new float[threads][inputs * units + units];
    float[][] scratch = new float[threads][inputs * units];
    try (WorkerPool pool = new WorkerPool(threads)) {
      Runnable step = () -> {
        pool.run(t -> {
          int lo = t * batch / threads;
          int n = (t + 1) * batch / threads - lo;
          k.matmul(x, lo * inputs, w, 0, bias, 0, y, lo * units, n, inputs, units);
          k.matmulTransA(x, lo * inputs, dy, lo * units, dw[t], 0, n, inputs, units);
          k.columnSums(dy, lo * units, n, units, dw[t], inputs * units);
          k.matmulTransB(dy, lo * units, w, 0, dx, lo * inputs, n, units, inputs, scratch[t]);
        });
        pool.run(t -> {
          int from = t * dw[0].length / threads;
          int to = (t + 1) * dw[0].length / threads;
          for (int s = 1; s < threads; s++) {
            k.add(dw[0], dw[s], from, to);
          }
        });
      };
      for (int i = 0; i < 20; i++) {
        step.run();
      }
      double best = 0;
      long deadline = System.nanoTime() + (long) (seconds * 1e9);
      do {
        long start = System.nanoTime();
        step.run();
        best = Math.max(best, 1 / ((System.nanoTime() - start) / 1e9));
      } while (System.nanoTime() < deadline);
      double flops = 3.0 * 2 * batch * inputs * units;
      figures.add("gflops", batch, best * flops / 1e9, "GFLOP/s",
          Map.of("layer", inputs + "x" + units, "steps_per_s", best));
    }
  }

  private static float[] random(SplittableRandom rng, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (rng.nextDouble() - 0.5);
    }
    return a;
  }
}
