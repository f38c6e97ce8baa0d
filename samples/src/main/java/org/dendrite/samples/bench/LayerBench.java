package org.dendrite.samples.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.dendrite.runtime.kernel.Kernels;
import org.dendrite.runtime.parallel.WorkerPool;

/**
 * Forward and backward of one dense layer ({@code inputs → units}, batch {@code batch}) as a
 * generated layer runs them: output = input · kernel + bias, kernel gradient = inputᵀ · dY, input
 * gradient = dY · kernelᵀ. With several threads it is measured two ways: the batch split by
 * samples, as the trainer splits every layer but the first, with the threads' kernel gradients
 * summed; and the kernel split by rows, as the trainer splits a plain first dense layer, each
 * thread owning a band of rows (the partial products of its band of inputs, summed per sample;
 * the band's gradient over the whole batch; the input gradient's matching columns). The figure
 * is the better of the two (for one thread, the first), and the JSON line carries both.
 */
final class LayerBench {
  private final int inputs;
  private final int units;
  private final int batch;
  private final int threads;
  private final BenchCommand.Figures figures;
  private final Kernels k = Kernels.get();
  private final float[] x;
  private final float[] w;
  private final float[] bias;
  private final float[] dy;
  private final float[] y;
  private final float[] dx;
  /** The kernel and bias gradient each split left, for the comparison of the two. */
  private float[] samplesGradient;
  private float[] rowsGradient;

  LayerBench(int inputs, int units, int batch, int threads, BenchCommand.Figures figures) {
    this.inputs = inputs;
    this.units = units;
    this.batch = batch;
    this.threads = threads;
    this.figures = figures;
    SplittableRandom rng = new SplittableRandom(1);
    x = random(rng, batch * inputs);
    w = random(rng, inputs * units);
    bias = random(rng, units);
    dy = random(rng, batch * units);
    y = new float[batch * units];
    dx = new float[batch * inputs];
  }

  void run(double seconds) {
    try (WorkerPool pool = new WorkerPool(threads)) {
      Runnable bySamples = samplesSplit(pool);
      double samples = best(bySamples, seconds);
      double rows = 0;
      if (threads > 1) {
        Runnable byRows = rowsSplit(pool);
        rows = best(byRows, seconds);
        checkSameResults(bySamples, byRows);
      }
      double flops = 3.0 * 2 * batch * inputs * units;
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("layer", inputs + "x" + units);
      extra.put("steps_per_s", Math.max(samples, rows));
      extra.put("samples_split_gflops", samples * flops / 1e9);
      if (threads > 1) {
        extra.put("rows_split_gflops", rows * flops / 1e9);
      }
      figures.add("gflops", batch, Math.max(samples, rows) * flops / 1e9, "GFLOP/s", extra);
    }
  }

  /** The batch split by samples; each thread's kernel gradient, then their sum by ranges. */
  private Runnable samplesSplit(WorkerPool pool) {
    float[][] dw = new float[threads][inputs * units + units];
    float[][] scratch = new float[threads][inputs * units];
    samplesGradient = dw[0];
    return () -> {
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
  }

  /**
   * The kernel split by rows: thread t owns rows [r0, r1), computes their partial product for
   * the whole batch, then (after the hand-over) sums the partials of its share of samples and
   * adds the bias, and computes its band of the kernel gradient and its columns of the input
   * gradient, both over the whole batch. Thread 0 adds the bias gradient.
   */
  private Runnable rowsSplit(WorkerPool pool) {
    float[][] partial = new float[threads][batch * units];
    float[] dw = new float[inputs * units + units];
    rowsGradient = dw;
    float[][] band = new float[threads][batch * ((inputs + threads - 1) / threads)];
    float[][] scratch = new float[threads][inputs * units];
    return () -> {
      pool.run(t -> {
        int r0 = t * inputs / threads;
        int r1 = (t + 1) * inputs / threads;
        k.matmul(x, r0, inputs, w, r0 * units, null, 0, partial[t], 0, batch, r1 - r0, units);
      });
      pool.run(t -> {
        int lo = t * batch / threads;
        int hi = (t + 1) * batch / threads;
        System.arraycopy(partial[0], lo * units, y, lo * units, (hi - lo) * units);
        for (int s = 1; s < threads; s++) {
          k.add(y, partial[s], lo * units, hi * units);
        }
        k.addBias(y, lo * units, hi - lo, units, bias, 0);
        int r0 = t * inputs / threads;
        int r1 = (t + 1) * inputs / threads;
        k.matmulTransA(x, r0, inputs, dy, 0, dw, r0 * units, batch, r1 - r0, units);
        if (t == 0) {
          k.columnSums(dy, 0, batch, units, dw, inputs * units);
        }
        // dx[:, r0..r1) = dy · kernel[r0..r1)ᵀ, into a [batch][r1 - r0] band, then its columns.
        k.matmulTransB(dy, 0, w, r0 * units, band[t], 0, batch, units, r1 - r0, scratch[t]);
        for (int i = 0; i < batch; i++) {
          System.arraycopy(band[t], i * (r1 - r0), dx, i * inputs + r0, r1 - r0);
        }
      });
    };
  }

  /**
   * Runs both splits once and checks that they computed the same output, kernel and bias
   * gradient and input gradient, up to the rounding of their different sums.
   */
  private void checkSameResults(Runnable bySamples, Runnable byRows) {
    bySamples.run();
    float[] y0 = y.clone();
    float[] dx0 = dx.clone();
    java.util.Arrays.fill(y, Float.NaN);
    java.util.Arrays.fill(dx, Float.NaN);
    byRows.run();
    float[][][] pairs = {{y0, y}, {dx0, dx}, {samplesGradient, rowsGradient}};
    String[] names = {"output", "input gradient", "kernel and bias gradient"};
    for (int p = 0; p < pairs.length; p++) {
      for (int i = 0; i < pairs[p][0].length; i++) {
        float a = pairs[p][0][i];
        float b = pairs[p][1][i];
        if (!(Math.abs(a - b) <= 1e-3f * Math.max(1f, Math.abs(a)))) {
          throw new IllegalStateException("the row split's " + names[p] + " differs at " + i
              + ": " + b + " against " + a + " split by samples");
        }
      }
    }
  }

  /** The best rate of {@code step}, in steps per second, over {@code seconds} after warm-up. */
  private static double best(Runnable step, double seconds) {
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
    return best;
  }

  private static float[] random(SplittableRandom rng, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (rng.nextDouble() - 0.5);
    }
    return a;
  }
}
