package org.dendrite.runtime.train;

import java.util.List;
import java.util.function.IntConsumer;
import org.dendrite.runtime.BatchPass;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.TrainingChunks;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.kernel.Kernels;
import org.dendrite.runtime.metric.Metric;
import org.dendrite.runtime.optim.Optimizer;
import org.dendrite.runtime.parallel.RowBands;
import org.dendrite.runtime.parallel.Shares;
import org.dendrite.runtime.parallel.WorkerPool;

/**
 * One training step on a pool of threads, data-parallel: the batch is cut into one contiguous
 * share per thread, each thread runs its share's forward pass, loss and backward pass into its own
 * gradient array, and then each thread sums the shares' gradients over its own ranges of the
 * parameters, in thread order, and applies the optimizer to them. A share larger than the pass's
 * {@linkplain BatchPass#trainingChunk() training chunk} (an image network's, whose activations
 * would leave the caches) is cut in turn into equal chunks ({@link TrainingChunks#count}), each
 * into a gradient array of its own, summed with the shares' in order. With two or more threads, a first dense layer on the inputs
 * is split by {@link RowBands} instead. Every cut depends only on the batch size, the layer sizes
 * and the thread count, so the same seed and thread count give bit-identical weights; nothing is
 * allocated per step.
 */
final class TrainingStep {
  private static final Kernels K = Kernels.get();

  private final Model model;
  private final Optimizer optimizer;
  private final WorkerPool pool;
  private final Dataset train;
  private final int parts;
  /** Chunks per share: 1 unless a share may exceed the pass's training chunk. */
  private final int chunks;
  private final BatchPass[] passes;
  private final BatchPass.Step[] calls;
  /** Share t's chunk c trains into gradients[t · chunks + c]; [0] is the model's. */
  private final float[][] gradients;
  /** With chunks, each share's outputs gathered chunk by chunk (the pass keeps the last only). */
  private final float[][] outputs;
  private final double[] losses;
  private final double[] squares;
  private final float[] batchInputs;
  private final float[] batchTargets;
  /** Each training sample's weight, or null; and the step's, in batch order. */
  private final float[] weights;
  private final float[] batchWeights;
  private final float[] params;
  /** The first layer's row bands, with two or more threads and a first dense layer; or null. */
  private final RowBands bands;
  /**
   * The parameter ranges thread t sums and updates, as {@code from, to} pairs: its share of the
   * parameters before the banded kernel, its band of that kernel, its share of the parameters
   * after it; without bands, its share of all parameters in the first pair. Plain shares start at
   * multiples of 64 values.
   */
  private final int[][] ranges;
  private final IntConsumer bandForward = this::bandForward;
  private final IntConsumer share = this::share;
  private final IntConsumer reduceAndUpdate = this::reduceAndUpdate;
  private final IntConsumer reduceAndSquare = this::reduceAndSquare;
  private final IntConsumer update = this::update;
  // The current step, read by the threads.
  private int[] order;
  private int first;
  private int count;
  private float scale;
  private long number;

  /**
   * A step for {@code model} on {@code pool}'s threads, over batches of up to {@code batch}
   * samples of {@code train}, weighted by {@code weights} (one per sample; null for none).
   */
  TrainingStep(Model model, Optimizer optimizer, WorkerPool pool, Dataset train, float[] weights,
      int batch) {
    this.model = model;
    this.optimizer = optimizer;
    this.pool = pool;
    this.train = train;
    this.parts = pool.threads();
    int share = (batch + parts - 1) / parts;
    BatchPass probe = model.newBatchPass(1);
    BatchPass.DeferredKernel kernel = parts > 1 ? probe.deferredKernel() : null;
    boolean banded = kernel != null && kernel.rows() == model.inputSize();
    // Row bands defer the first layer's products for whole shares: no chunks with them.
    int chunk = banded ? Integer.MAX_VALUE : Math.max(1, probe.trainingChunk());
    this.chunks = TrainingChunks.count(share, chunk, model.parameterCount(), parts);
    int capacity = (share + chunks - 1) / chunks;
    this.passes = new BatchPass[parts];
    this.calls = new BatchPass.Step[parts];
    this.gradients = new float[parts * chunks][];
    this.outputs = chunks == 1 ? null : new float[parts][share * model.outputSize()];
    for (int t = 0; t < parts; t++) {
      passes[t] = model.newBatchPass(capacity);
      calls[t] = new BatchPass.Step();
    }
    for (int p = 0; p < parts * chunks; p++) {
      gradients[p] = p == 0 ? model.gradients() : new float[model.parameterCount()];
    }
    this.losses = new double[parts];
    this.squares = new double[parts];
    this.batchInputs = new float[batch * model.inputSize()];
    this.batchTargets = new float[batch * model.targetSize()];
    this.weights = weights;
    this.batchWeights = weights == null ? null : new float[batch];
    this.params = model.parameters();
    this.bands = banded
        ? new RowBands(kernel.offset(), kernel.rows(), kernel.columns(), parts, batch) : null;
    this.ranges = new int[parts][];
    int all = model.parameterCount();
    for (int t = 0; t < parts; t++) {
      if (bands == null) {
        ranges[t] = new int[] {
          Shares.aligned(t, 0, all, parts), Shares.aligned(t + 1, 0, all, parts), 0, 0, 0, 0};
      } else {
        int k0 = bands.offset();
        int k1 = bands.kernelEnd();
        ranges[t] = new int[] {
          Shares.aligned(t, 0, k0, parts), Shares.aligned(t + 1, 0, k0, parts),
          bands.bandStart(t), bands.bandStart(t + 1),
          Shares.aligned(t, k1, all, parts), Shares.aligned(t + 1, k1, all, parts)};
      }
    }
  }

  /** The threads, and so the shares of a step. */
  int parts() {
    return parts;
  }

  /**
   * Starts step {@code number} on the samples {@code order[first .. first + count)}; with row
   * bands, runs the first layer's forward pass, each thread its band.
   */
  void begin(int[] order, int first, int count, long number) {
    this.order = order;
    this.first = first;
    this.count = count;
    this.scale = 1f / count;
    this.number = number;
    if (bands != null) {
      pool.run(bandForward);
    }
  }

  /** Each thread's share: its samples gathered, then the pass's forward, loss and backward. */
  void trainShares() {
    pool.run(share);
  }

  /**
   * Each thread's parameter ranges: the shares' gradients summed into share 0's array (and the
   * banded kernel's gradient), then the optimizer's step on them; with a global-norm optimizer,
   * the norm of the whole gradient first.
   */
  void reduceAndUpdate() {
    optimizer.beginStep();
    if (optimizer.needsGlobalNorm()) {
      pool.run(reduceAndSquare);
      double total = 0;
      for (double sq : squares) {
        total += sq; // in thread order: deterministic
      }
      optimizer.setGlobalNorm(Math.sqrt(total));
      pool.run(update);
    } else {
      pool.run(reduceAndUpdate);
    }
  }

  /** The step's summed loss, in thread order. */
  double loss() {
    double loss = 0;
    for (int t = 0; t < parts; t++) {
      if (shareSize(t) > 0) {
        loss += losses[t];
      }
    }
    return loss;
  }

  /** Updates {@code metrics} with the step's outputs and targets, share by share. */
  void updateMetrics(List<Metric> metrics) {
    for (int t = 0; t < parts; t++) {
      int lo = Shares.start(t, count, parts);
      if (shareSize(t) > 0) {
        float[] shareOutputs = chunks == 1 ? passes[t].outputs() : outputs[t];
        for (Metric m : metrics) {
          m.update(shareOutputs, model.outputSize(), batchTargets, lo * model.targetSize(),
              model.targetSize(), shareSize(t));
        }
      }
    }
  }

  private int shareSize(int t) {
    return Shares.start(t + 1, count, parts) - Shares.start(t, count, parts);
  }

  /** Thread {@code t}'s band: its columns of the batch's features gathered, then multiplied. */
  private void bandForward(int t) {
    int in = model.inputSize();
    int f0 = bands.featureStart(t);
    int f1 = bands.featureStart(t + 1);
    if (f0 < f1) {
      for (int i = 0; i < count; i++) {
        train.copyFeatures(order[first + i], f0, f1, batchInputs, i * in + f0);
      }
    }
    bands.forward(t, batchInputs, in, count, params);
  }

  /**
   * Share {@code t}: gathers its samples (with row bands, their targets only: the bands gathered
   * the features), then forward, loss and backward, chunk by chunk.
   */
  private void share(int t) {
    int lo = Shares.start(t, count, parts);
    int hi = Shares.start(t + 1, count, parts);
    if (lo >= hi) {
      return;
    }
    int in = model.inputSize();
    int ts = model.targetSize();
    for (int i = lo; i < hi; i++) {
      int sample = order[first + i];
      if (bands == null) {
        train.copyFeatures(sample, 0, in, batchInputs, i * in); // bytes are scaled here
      }
      train.copyTargets(sample, 1, batchTargets, i * ts);
      if (weights != null) {
        batchWeights[i] = weights[sample];
      }
    }
    if (chunks > 1) {
      trainChunks(t, lo, hi);
      return;
    }
    BatchPass.Step call = calls[t].samples(batchInputs, lo * in, batchTargets, lo * ts, hi - lo)
        .weights(batchWeights, lo).gradients(gradients[t], scale).at(number, lo);
    if (bands != null) {
      bands.sum(lo, hi);
      int c = bands.columns();
      call.deferred(bands.products(), lo * c, bands.preActivationGradient(), lo * c);
    }
    losses[t] = passes[t].train(call);
  }

  /**
   * Share {@code t}'s samples {@code [lo, hi)} in chunks, each into its own gradient array, the
   * losses summed in chunk order and the outputs gathered for the metrics.
   */
  private void trainChunks(int t, int lo, int hi) {
    int in = model.inputSize();
    int ts = model.targetSize();
    int out = model.outputSize();
    double loss = 0;
    for (int c = 0; c < chunks; c++) {
      int from = lo + Shares.start(c, hi - lo, chunks);
      int to = lo + Shares.start(c + 1, hi - lo, chunks);
      if (from < to) {
        BatchPass.Step call = calls[t]
            .samples(batchInputs, from * in, batchTargets, from * ts, to - from)
            .weights(batchWeights, from).gradients(gradients[t * chunks + c], scale)
            .at(number, from);
        loss += passes[t].train(call);
        System.arraycopy(
            passes[t].outputs(), 0, outputs[t], (from - lo) * out, (to - from) * out);
      }
    }
    losses[t] = loss;
  }

  /** Samples of share {@code t}'s chunk {@code c} in the current step. */
  private int chunkSize(int t, int c) {
    int size = shareSize(t);
    return Shares.start(c + 1, size, chunks) - Shares.start(c, size, chunks);
  }

  private void reduceAndUpdate(int t) {
    reduce(t);
    update(t);
  }

  private void reduceAndSquare(int t) {
    reduce(t);
    int[] r = ranges[t];
    double sum = 0;
    for (int i = 0; i < r.length; i += 2) {
      sum += K.sumOfSquares(gradients[0], r[i], r[i + 1]); // 0 for an empty range
    }
    squares[t] = sum;
  }

  /** Thread {@code t}'s ranges: the optimizer step over the completed gradient. */
  private void update(int t) {
    int[] r = ranges[t];
    for (int i = 0; i < r.length; i += 2) {
      if (r[i] < r[i + 1]) {
        optimizer.update(params, gradients[0], r[i], r[i + 1]);
      }
    }
  }

  /**
   * Completes the gradient over thread {@code t}'s ranges in share 0's array: its band of the
   * first layer's kernel over the whole batch, and the other shares' gradients added over its
   * plain ranges, in share order.
   */
  private void reduce(int t) {
    int[] r = ranges[t];
    if (bands != null) {
      bands.gradient(t, batchInputs, model.inputSize(), count, gradients[0]);
    }
    sumRange(r[0], r[1]);
    sumRange(r[4], r[5]);
  }

  /**
   * Adds the other non-empty shares' (and chunks') gradients into share 0's over {@code [from,
   * to)}, in share and chunk order.
   */
  private void sumRange(int from, int to) {
    if (from >= to) {
      return;
    }
    float[] sum = gradients[0];
    for (int p = 1; p < parts * chunks; p++) {
      if (chunkSize(p / chunks, p % chunks) > 0) {
        K.add(sum, gradients[p], from, to);
      }
    }
  }
}
