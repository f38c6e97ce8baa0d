package org.dendrite.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntConsumer;
import org.dendrite.annotation.Loss;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.io.Checkpoint;
import org.dendrite.runtime.kernel.Kernels;
import org.dendrite.runtime.metric.Metric;
import org.dendrite.runtime.metric.MetricFactory;
import org.dendrite.runtime.metric.Metrics;
import org.dendrite.runtime.optim.Adam;
import org.dendrite.runtime.optim.Optimizer;
import org.dendrite.runtime.parallel.WorkerPool;
import org.dendrite.runtime.support.Seeds;

/**
 * Trains and evaluates a {@link Model}, as Keras' {@code fit} and {@code evaluate}: mini-batch
 * training with a per-epoch shuffle, an optimizer, metrics, validation and callbacks.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder(model)
 *     .optimizer(new Adam(1e-3f)).epochs(5).batchSize(32).seed(42)
 *     .callback(new ProgressLogger(System.out))
 *     .build();
 * History history = trainer.fit(data.train(), data.test());
 * double accuracy = trainer.evaluate(data.test()).accuracy();
 * }</pre>
 *
 * <p>Training is data-parallel: each step's batch is split into one contiguous share per thread,
 * each thread computes its share's gradient into its own buffer, and the buffers are summed in
 * thread order. The first layer, when it is a plain dense layer on the inputs (see
 * {@link BatchPass#deferredKernel()}), is split by rows of its kernel instead: each thread owns a
 * band of rows, computes the band's partial products for the whole batch (summed in thread
 * order), its gradient and its optimizer step, so that the largest kernel never moves between
 * the cores' caches. Every split depends only on the batch size, the layer sizes and the thread
 * count, so the same seed and thread count give bit-identical weights. Threads are created once
 * per call, and a step allocates nothing.
 */
public final class Trainer {
  /** Samples per thread and forward pass in {@link #evaluate}. */
  private static final int EVALUATION_CHUNK = 128;

  private static final Kernels K = Kernels.get();

  private final Model model;
  private final Optimizer optimizer;
  private final int epochs;
  private final int initialEpoch;
  private final int batchSize;
  private final boolean shuffle;
  private final long seed;
  private final int threads;
  private final double validationSplit;
  private final List<Callback> callbacks;
  private final List<MetricFactory> metrics;
  private final Map<Integer, Float> classWeights;

  private Trainer(Builder b) {
    this.model = b.model;
    this.optimizer = b.optimizer;
    this.epochs = b.epochs;
    this.initialEpoch = b.initialEpoch;
    this.batchSize = b.batchSize;
    this.shuffle = b.shuffle;
    this.seed = b.seed;
    this.threads = b.threads;
    this.validationSplit = b.validationSplit;
    this.callbacks = List.copyOf(b.callbacks);
    this.metrics = b.metrics == null ? Metrics.defaultsFor(model.loss()) : List.copyOf(b.metrics);
    this.classWeights = b.classWeights;
    if (classWeights != null && (model.loss() == Loss.MSE
        || model.loss() == Loss.BINARY_CROSSENTROPY && model.outputSize() > 1)) {
      throw new IllegalArgumentException("class weights need one class per sample: "
          + model.loss() + " with " + model.outputSize() + " output(s) has none");
    }
    newMetrics(); // fails early if a metric does not fit the model
    if (initialEpoch >= epochs) {
      throw new IllegalArgumentException(
          "initialEpoch " + initialEpoch + " leaves nothing to run before epoch " + epochs);
    }
  }

  /** Starts configuring a trainer for {@code model}. */
  public static Builder builder(Model model) {
    return new Builder(model);
  }

  /** The model trained. */
  public Model model() {
    return model;
  }

  /** The optimizer; its state carries over between calls to {@link #fit}. */
  public Optimizer optimizer() {
    return optimizer;
  }

  /** The seed of the per-epoch shuffles. */
  public long seed() {
    return seed;
  }

  /** The number of threads training and evaluation use. */
  public int threads() {
    return threads;
  }

  /**
   * Trains on {@code train}, holding out the last {@link Builder#validationSplit} fraction of it
   * for validation if one was set (before shuffling, as Keras does).
   */
  public History fit(Dataset train) {
    Dataset[] parts = split(train);
    return fit(parts[0], parts[1]);
  }

  /** {@code train} without and with its validation share, or {@code train} and null. */
  private Dataset[] split(Dataset train) {
    if (validationSplit == 0) {
      return new Dataset[] {train, null};
    }
    int held = (int) (train.size() * validationSplit);
    if (held == 0 || held == train.size()) {
      throw new IllegalArgumentException("validationSplit " + validationSplit + " of "
          + train.size() + " samples leaves " + (train.size() - held) + " for training and "
          + held + " for validation; both need at least one");
    }
    return new Dataset[] {train.slice(0, train.size() - held),
        train.slice(train.size() - held, train.size())};
  }

  /**
   * Trains on {@code train}, evaluating on {@code validation} (if not {@code null}) after every
   * epoch; the history logs {@code val_}-prefixed values for it.
   *
   * @throws IllegalArgumentException if a dataset's row sizes do not fit the model, it is empty,
   *     or a target is invalid for the loss
   */
  public History fit(Dataset train, Dataset validation) {
    checkData(train, "training data");
    if (validation != null) {
      checkData(validation, "validation data");
    }
    return new Run(train, validation, seed, initialEpoch).fit();
  }

  /**
   * Resumes training from a checkpoint written by {@link
   * org.dendrite.runtime.callback.ModelCheckpoint} or {@link TrainingContext#saveCheckpoint}:
   * restores the model's weights, the optimizer's state and every callback's {@link
   * Callback#saveState state}, then runs the epochs after the checkpoint's with its shuffle seed
   * (none if the checkpointed run was stopping or at its last epoch: only {@link
   * Callback#onTrainEnd} runs then, as it would have). With the same data, callbacks and thread
   * count, the weights, the logs and the callbacks' decisions are bit-identical to those of an
   * uninterrupted run. The history holds the resumed epochs.
   *
   * @throws IOException if the checkpoint cannot be read or does not fit the model, the
   *     optimizer or a callback
   * @throws IllegalArgumentException if the checkpoint is past this trainer's last epoch
   */
  public History resume(Path checkpoint, Dataset train, Dataset validation) throws IOException {
    checkData(train, "training data");
    if (validation != null) {
      checkData(validation, "validation data");
    }
    Checkpoint c = Checkpoint.restore(checkpoint, model, optimizer);
    if (c.epoch() + 1 > epochs) {
      throw new IllegalArgumentException(checkpoint + " ends at epoch " + (c.epoch() + 1)
          + ", past this trainer's last (" + epochs + ")");
    }
    Run run = new Run(train, validation, c.trainerSeed(), c.epoch() + 1);
    run.resumeFrom(checkpoint, c);
    try {
      return run.fit();
    } catch (RestoreFailure e) {
      throw e.getCause();
    }
  }

  /**
   * {@link #resume(Path, Dataset, Dataset)} holding out the last {@link
   * Builder#validationSplit} fraction of {@code train} for validation, as {@link #fit(Dataset)}.
   */
  public History resume(Path checkpoint, Dataset train) throws IOException {
    Dataset[] parts = split(train);
    return resume(checkpoint, parts[0], parts[1]);
  }

  /** Carries a callback's refusal of its checkpointed state out of a run. */
  private static final class RestoreFailure extends RuntimeException {
    RestoreFailure(IOException cause) {
      super(cause);
    }

    @Override
    public synchronized IOException getCause() {
      return (IOException) super.getCause();
    }
  }

  /**
   * The mean loss and the metrics of the model over {@code data}, in inference mode.
   *
   * @throws IllegalArgumentException if the dataset's row sizes do not fit the model, it is
   *     empty, or a target is invalid for the loss
   */
  public Evaluation evaluate(Dataset data) {
    checkData(data, "evaluation data");
    try (WorkerPool pool = new WorkerPool(threads)) {
      return new Evaluator(pool).evaluate(data);
    }
  }

  private void checkData(Dataset data, String what) {
    Objects.requireNonNull(data, what);
    if (data.featureSize() != model.inputSize() || data.targetSize() != model.targetSize()) {
      throw new IllegalArgumentException(
          what + " has " + data.featureSize() + " features and " + data.targetSize()
              + " target value(s) per sample; " + model.name() + " takes "
              + model.inputSize() + " and " + model.targetSize());
    }
    if (data.size() == 0) {
      throw new IllegalArgumentException(what + " is empty");
    }
    if (model.loss() == Loss.SPARSE_CATEGORICAL_CROSSENTROPY) {
      float[] t = data.targets();
      for (int i = 0; i < t.length; i++) {
        int label = (int) t[i];
        if (label != t[i] || label < 0 || label >= model.outputSize()) {
          throw new IllegalArgumentException(
              what + ": target " + t[i] + " of sample " + i + " is not a class index in [0, "
                  + model.outputSize() + ")");
        }
      }
    }
  }

  /**
   * One weight per sample of {@code data} from the class weights (1 for a class without one),
   * or null without class weights.
   */
  private float[] sampleWeights(Dataset data) {
    if (classWeights == null) {
      return null;
    }
    float[] w = new float[data.size()];
    float[] t = data.targets();
    int ts = data.targetSize();
    for (int i = 0; i < w.length; i++) {
      int cls;
      if (model.loss() == Loss.CATEGORICAL_CROSSENTROPY) {
        cls = org.dendrite.runtime.metric.Accuracy.argMax(t, i * ts, ts);
      } else if (model.loss() == Loss.SPARSE_CATEGORICAL_CROSSENTROPY) {
        cls = (int) t[i];
      } else {
        cls = t[i] >= 0.5f ? 1 : 0;
      }
      w[i] = classWeights.getOrDefault(cls, 1f);
    }
    return w;
  }

  /** Splits {@code count} into {@code parts} contiguous shares; share 0 is never empty. */
  static int shareStart(int part, int count, int parts) {
    return (int) (((long) part * count + parts - 1) / parts);
  }

  /** Fresh instances of the chosen metrics. */
  private List<Metric> newMetrics() {
    List<Metric> out = new ArrayList<>(metrics.size());
    for (MetricFactory f : metrics) {
      out.add(f.create(model));
    }
    return out;
  }

  /** Evaluation over a dataset with one inference pass per thread. */
  private final class Evaluator {
    private final WorkerPool pool;
    private final BatchPass[] passes;
    private final double[] losses;
    private final IntConsumer shard = this::shard;
    private Dataset data;
    private int blockStart;
    private int blockCount;

    Evaluator(WorkerPool pool) {
      this.pool = pool;
      this.passes = new BatchPass[pool.threads()];
      for (int i = 0; i < passes.length; i++) {
        passes[i] = model.newBatchPass(EVALUATION_CHUNK);
      }
      this.losses = new double[passes.length];
    }

    Evaluation evaluate(Dataset data) {
      this.data = data;
      List<Metric> metrics = newMetrics();
      double loss = 0;
      int n = data.size();
      int block = EVALUATION_CHUNK * passes.length;
      for (blockStart = 0; blockStart < n; blockStart += block) {
        blockCount = Math.min(block, n - blockStart);
        pool.run(shard);
        for (int t = 0; t < passes.length; t++) {
          int lo = t * EVALUATION_CHUNK;
          int hi = Math.min(lo + EVALUATION_CHUNK, blockCount);
          if (lo < hi) {
            loss += losses[t];
            for (Metric m : metrics) {
              m.update(passes[t].outputs(), model.outputSize(), data.targets(),
                  (blockStart + lo) * data.targetSize(), data.targetSize(), hi - lo);
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

    private void shard(int t) {
      int lo = t * EVALUATION_CHUNK;
      int hi = Math.min(lo + EVALUATION_CHUNK, blockCount);
      if (lo < hi) {
        int first = blockStart + lo;
        losses[t] = passes[t].evaluate(data.features(), first * data.featureSize(),
            data.targets(), first * data.targetSize(), hi - lo);
      }
    }
  }

  /** The state of one {@link #fit} call. */
  private final class Run implements TrainingContext, BatchLogs {
    private final Dataset train;
    private final Dataset validation;
    private final int n;
    private final int batch;
    private final int steps;
    private final int parts;
    private final BatchPass[] passes;
    private final float[][] gradients;
    private final double[] losses;
    private final int[] order;
    private final float[] batchInputs;
    private final float[] batchTargets;
    private final float[] weights;
    private final float[] batchWeights;
    private final float[] params;
    private final IntConsumer firstLayerShare = this::firstLayerShare;
    private final IntConsumer trainShare = this::trainShare;
    private final IntConsumer updateShare = this::updateShare;
    private final IntConsumer sumShare = this::sumShare;
    private final IntConsumer applyShare = this::applyShare;
    private final double[] squares;
    /**
     * With two or more threads, the first layer's kernel whose products the trainer takes over
     * (see {@link BatchPass#deferredKernel()}): each thread owns a band of its rows, gathers
     * that band of input features for the whole batch, computes their partial product, and
     * later the band's gradient over the whole batch and its optimizer step. No thread reads
     * another's rows, so the kernel stays in its owners' caches (measured: Adam over half the
     * parameters took 130-140 µs instead of 40-45 when the other core had read them since the
     * last step), and no thread writes a whole-kernel gradient to be summed. Else null.
     */
    private final BatchPass.DeferredKernel deferred;
    /** Thread t's partial products of the deferred layer, [batch][columns] each. */
    private final float[][] partials;
    /** The gradient with respect to the deferred layer's pre-activations, [batch][columns]. */
    private final float[] deferredGrads;
    /**
     * The parameter ranges thread t sums and updates, as {@code from, to} pairs: its share of
     * the parameters before the deferred kernel, its band of that kernel's rows, its share of the
     * parameters after it; without a deferred kernel, its share of all parameters in the first
     * pair. Shares of plain ranges start at multiples of 64 values, which keeps vector loops
     * whole and threads off each other's cache lines.
     */
    private final int[][] ranges;
    private final long shuffleSeed;
    private final int firstEpoch;
    private int currentEpoch;
    private boolean stop;
    /** Whether the current epoch is over, callbacks included: checkpoints are written then. */
    private boolean settled;
    /** The checkpoint resumed from and its contents, or null. */
    private Path resumedFile;
    private Checkpoint resumed;
    private List<Metric> trainingMetrics;
    private List<String> metricNames;
    private int epochSamples;
    private double epochLoss;
    // The current step, read by the shares.
    private int stepFirst;
    private int stepCount;
    private float stepScale;
    private long stepNumber;

    Run(Dataset train, Dataset validation, long shuffleSeed, int firstEpoch) {
      this.shuffleSeed = shuffleSeed;
      this.firstEpoch = firstEpoch;
      this.train = train;
      this.validation = validation;
      this.n = train.size();
      this.batch = Math.min(batchSize, n);
      this.steps = (n + batch - 1) / batch;
      this.parts = Math.min(threads, batch);
      int capacity = (batch + parts - 1) / parts;
      this.passes = new BatchPass[parts];
      this.gradients = new float[parts][];
      for (int t = 0; t < parts; t++) {
        passes[t] = model.newBatchPass(capacity);
        gradients[t] = t == 0 ? model.gradients() : new float[model.parameterCount()];
      }
      this.losses = new double[parts];
      this.squares = new double[parts];
      this.order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      this.batchInputs = new float[batch * model.inputSize()];
      this.batchTargets = new float[batch * model.targetSize()];
      this.weights = sampleWeights(train);
      this.batchWeights = weights == null ? null : new float[batch];
      this.params = model.parameters();
      BatchPass.DeferredKernel kernel = parts > 1 ? passes[0].deferredKernel() : null;
      this.deferred = kernel != null && kernel.rows() == model.inputSize() ? kernel : null;
      this.deferredGrads = deferred == null ? null : new float[batch * deferred.columns()];
      this.partials = deferred == null ? null : new float[parts][batch * deferred.columns()];
      this.ranges = new int[parts][];
      int count = model.parameterCount();
      for (int t = 0; t < parts; t++) {
        if (deferred == null) {
          ranges[t] = new int[] {
            alignedShare(t, 0, count), alignedShare(t + 1, 0, count), 0, 0, 0, 0};
        } else {
          int k0 = deferred.offset();
          int k1 = k0 + deferred.rows() * deferred.columns();
          int c = deferred.columns();
          ranges[t] = new int[] {
            alignedShare(t, 0, k0), alignedShare(t + 1, 0, k0),
            k0 + shareStart(t, deferred.rows(), parts) * c,
            k0 + shareStart(t + 1, deferred.rows(), parts) * c,
            alignedShare(t, k1, count), alignedShare(t + 1, k1, count)};
        }
      }
    }

    History fit() {
      optimizer.prepare(model.parameterCount());
      History history = new History();
      List<Metric> metrics = newMetrics();
      trainingMetrics = metrics;
      metricNames = metrics.stream().map(Metric::name).toList();
      try (WorkerPool pool = new WorkerPool(parts)) {
        Evaluator evaluator = validation == null ? null : new Evaluator(pool);
        for (Callback c : callbacks) {
          c.onTrainBegin(this);
        }
        if (resumed != null) {
          restoreCallbacks();
        }
        for (int epoch = firstEpoch; epoch < epochs && !stop; epoch++) {
          currentEpoch = epoch;
          settled = false;
          for (Callback c : callbacks) {
            c.onEpochBegin(this, epoch);
          }
          if (shuffle) {
            // From the identity every epoch: the order is a function of (seed, epoch) alone, so
            // a run resumed at any epoch sees the same batches.
            for (int i = 0; i < n; i++) {
              order[i] = i;
            }
            shuffle(order, Seeds.mix(shuffleSeed, epoch));
          }
          for (Metric m : metrics) {
            m.reset();
          }
          double lossSum = 0;
          epochSamples = 0;
          epochLoss = 0;
          long start = System.nanoTime();
          for (int b = 0; b < steps; b++) {
            stepFirst = b * batch;
            stepCount = Math.min(batch, n - stepFirst);
            stepScale = 1f / stepCount;
            stepNumber = optimizer.iterations();
            if (deferred != null) {
              pool.run(firstLayerShare);
            }
            pool.run(trainShare);
            optimizer.beginStep();
            if (optimizer.needsGlobalNorm()) {
              pool.run(sumShare);
              double total = 0;
              for (double sq : squares) {
                total += sq; // in thread order: deterministic
              }
              optimizer.setGlobalNorm(Math.sqrt(total));
              pool.run(applyShare);
            } else {
              pool.run(updateShare);
            }
            double batchLoss = 0;
            for (int t = 0; t < parts; t++) {
              int lo = shareStart(t, stepCount, parts);
              int hi = shareStart(t + 1, stepCount, parts);
              if (lo < hi) {
                batchLoss += losses[t];
                for (Metric m : metrics) {
                  m.update(passes[t].outputs(), model.outputSize(), batchTargets,
                      lo * model.targetSize(), model.targetSize(), hi - lo);
                }
              }
            }
            lossSum += batchLoss;
            epochSamples += stepCount;
            epochLoss = lossSum / epochSamples;
            for (Callback c : callbacks) {
              c.onBatchEnd(this, b, this);
            }
            if (stop) {
              break; // the epoch ends here; its logs cover the samples trained on
            }
          }
          double seconds = (System.nanoTime() - start) / 1e9;
          Map<String, Double> logs = new LinkedHashMap<>();
          logs.put("loss", lossSum / epochSamples);
          for (Metric m : metrics) {
            logs.put(m.name(), m.result());
          }
          if (evaluator != null) {
            Evaluation v = evaluator.evaluate(validation);
            logs.put("val_loss", v.loss());
            v.metrics().forEach((k, value) -> logs.put("val_" + k, value));
          }
          logs.put("learning_rate", (double) optimizer.learningRate());
          EpochResult result = new EpochResult(epoch, logs, seconds, epochSamples);
          history.add(result);
          for (Callback c : callbacks) {
            c.onEpochEnd(this, result);
          }
          settled = true;
          for (Callback c : callbacks) {
            c.afterEpoch(this, result);
          }
        }
        for (Callback c : callbacks) {
          c.onTrainEnd(this, history);
        }
      }
      return history;
    }

    /** Makes this run continue {@code checkpoint}, restored from {@code file}. */
    void resumeFrom(Path file, Checkpoint checkpoint) {
      this.resumedFile = file;
      this.resumed = checkpoint;
      this.currentEpoch = checkpoint.epoch();
    }

    /** Gives the callbacks their checkpointed states; a stopping run stays stopped. */
    private void restoreCallbacks() {
      try {
        CallbackStates.restore(this, callbacks, resumed.trainer(), resumedFile, System.err);
      } catch (IOException e) {
        throw new RestoreFailure(e);
      }
      stop = resumed.trainer().stopped();
    }

    /**
     * Thread {@code t}'s band of the deferred kernel's rows: gathers that band of input features
     * for every sample of the step, and their partial product with the band into
     * {@code partials[t]}.
     */
    private void firstLayerShare(int t) {
      int in = model.inputSize();
      int c = deferred.columns();
      int[] r = ranges[t];
      int f0 = (r[2] - deferred.offset()) / c;
      int f1 = (r[3] - deferred.offset()) / c;
      if (f0 == f1) {
        Arrays.fill(partials[t], 0, stepCount * c, 0f);
        return;
      }
      float[] x = train.features();
      for (int i = 0; i < stepCount; i++) {
        System.arraycopy(x, order[stepFirst + i] * in + f0, batchInputs, i * in + f0, f1 - f0);
      }
      K.matmul(batchInputs, f0, in, params, r[2], null, 0, partials[t], 0, stepCount, f1 - f0, c);
    }

    /**
     * Share {@code t} of the step: gathers its samples (with a deferred kernel, their targets:
     * {@link #firstLayerShare} gathered the features), then forward and backward.
     */
    private void trainShare(int t) {
      int lo = shareStart(t, stepCount, parts);
      int hi = shareStart(t + 1, stepCount, parts);
      if (lo >= hi) {
        return;
      }
      int in = model.inputSize();
      int ts = model.targetSize();
      float[] x = train.features();
      float[] y = train.targets();
      for (int i = lo; i < hi; i++) {
        int sample = order[stepFirst + i];
        if (deferred == null) {
          System.arraycopy(x, sample * in, batchInputs, i * in, in);
        }
        System.arraycopy(y, sample * ts, batchTargets, i * ts, ts);
        if (weights != null) {
          batchWeights[i] = weights[sample];
        }
      }
      if (deferred == null) {
        losses[t] = passes[t].train(batchInputs, lo * in, batchTargets, lo * ts, batchWeights, lo,
            hi - lo, stepScale, gradients[t], stepNumber, lo);
      } else {
        int c = deferred.columns();
        for (int s = 1; s < parts; s++) {
          K.add(partials[0], partials[s], lo * c, hi * c); // in thread order: deterministic
        }
        losses[t] = passes[t].trainDeferred(batchInputs, lo * in, batchTargets, lo * ts,
            batchWeights, lo, hi - lo, stepScale, gradients[t], stepNumber, lo, partials[0],
            lo * c, deferredGrads, lo * c);
      }
    }

    /** Thread {@code t}'s parameter ranges: their gradients completed, then the optimizer step. */
    private void updateShare(int t) {
      completeShare(t);
      applyShare(t);
    }

    /** Thread {@code t}'s ranges: their gradients completed, and their sum of squares. */
    private void sumShare(int t) {
      completeShare(t);
      int[] r = ranges[t];
      double sum = 0;
      for (int i = 0; i < r.length; i += 2) {
        sum += K.sumOfSquares(gradients[0], r[i], r[i + 1]); // 0 for an empty range
      }
      squares[t] = sum;
    }

    /** Thread {@code t}'s ranges: the optimizer step over the completed gradient. */
    private void applyShare(int t) {
      int[] r = ranges[t];
      for (int i = 0; i < r.length; i += 2) {
        if (r[i] < r[i + 1]) {
          optimizer.update(params, gradients[0], r[i], r[i + 1]);
        }
      }
    }

    /**
     * Completes the gradient over thread {@code t}'s ranges in share 0's array: its band of the
     * deferred kernel's rows as {@code inputsᵀ · deferredGrads} over the whole batch, and the
     * other shares' gradients added over its plain ranges, in share order.
     */
    private void completeShare(int t) {
      int[] r = ranges[t];
      if (deferred != null && r[2] < r[3]) {
        int c = deferred.columns();
        int firstRow = (r[2] - deferred.offset()) / c;
        K.matmulTransA(batchInputs, firstRow, model.inputSize(), deferredGrads, 0, gradients[0],
            r[2], stepCount, (r[3] - r[2]) / c, c);
      }
      sumRange(r[0], r[1]);
      sumRange(r[4], r[5]);
    }

    /** Adds the other non-empty shares' gradients into share 0's over {@code [from, to)}. */
    private void sumRange(int from, int to) {
      if (from >= to) {
        return;
      }
      float[] sum = gradients[0];
      for (int s = 1; s < parts; s++) {
        if (shareStart(s, stepCount, parts) < shareStart(s + 1, stepCount, parts)) {
          K.add(sum, gradients[s], from, to);
        }
      }
    }

    /**
     * Where thread {@code t}'s share of {@code [lo, hi)} starts: at {@code lo} plus a multiple of
     * 64 values; {@code hi} for {@code t ≥ parts}.
     */
    private int alignedShare(int t, int lo, int hi) {
      return t >= parts ? hi : lo + Math.min(hi - lo, shareStart(t, (hi - lo) / 64, parts) * 64);
    }

    @Override
    public Model model() {
      return model;
    }

    @Override
    public Optimizer optimizer() {
      return optimizer;
    }

    @Override
    public int epochs() {
      return epochs;
    }

    @Override
    public int stepsPerEpoch() {
      return steps;
    }

    @Override
    public int epoch() {
      return currentEpoch;
    }

    @Override
    public long seed() {
      return shuffleSeed;
    }

    @Override
    public void stopTraining() {
      stop = true;
    }

    @Override
    public boolean stopRequested() {
      return stop;
    }

    @Override
    public void saveCheckpoint(Path file) throws IOException {
      if (!settled) {
        throw new IllegalStateException("a checkpoint is written between epochs, from"
            + " Callback.afterEpoch: in the middle of one, a resumed run could not be exact");
      }
      Checkpoint.save(file, model, optimizer, currentEpoch, shuffleSeed,
          CallbackStates.capture(callbacks, stop));
    }

    @Override
    public int samples() {
      return epochSamples;
    }

    @Override
    public double loss() {
      return epochLoss;
    }

    @Override
    public List<String> metricNames() {
      return metricNames;
    }

    @Override
    public double metric(String name) {
      for (Metric m : trainingMetrics) {
        if (m.name().equals(name)) {
          return m.result();
        }
      }
      throw new IllegalArgumentException("no metric '" + name + "'; the metrics are "
          + metricNames);
    }
  }

  /** Fisher–Yates with a SplitMix64 stream: the same seed gives the same order on every JVM. */
  static void shuffle(int[] order, long seed) {
    long state = seed;
    for (int i = order.length - 1; i > 0; i--) {
      state = Seeds.mix(state, i);
      int j = (int) Long.remainderUnsigned(state, i + 1);
      int tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
  }

  /** Configures a {@link Trainer}; every setting has a Keras-like default. */
  public static final class Builder {
    private final Model model;
    private Optimizer optimizer = new Adam();
    private int epochs = 1;
    private int initialEpoch;
    private int batchSize = 32;
    private boolean shuffle = true;
    private long seed = Seeds.random();
    private int threads = Runtime.getRuntime().availableProcessors();
    private double validationSplit;
    private final List<Callback> callbacks = new ArrayList<>();
    private List<MetricFactory> metrics;
    private Map<Integer, Float> classWeights;

    private Builder(Model model) {
      this.model = Objects.requireNonNull(model, "model");
    }

    /** The optimizer; default {@link Adam} with Keras' defaults. */
    public Builder optimizer(Optimizer optimizer) {
      this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
      return this;
    }

    /** The index after the last epoch to run; default 1. */
    public Builder epochs(int epochs) {
      this.epochs = positive("epochs", epochs);
      return this;
    }

    /** The epoch to start at (to resume training); default 0. */
    public Builder initialEpoch(int initialEpoch) {
      if (initialEpoch < 0) {
        throw new IllegalArgumentException("initialEpoch must be >= 0, got " + initialEpoch);
      }
      this.initialEpoch = initialEpoch;
      return this;
    }

    /** Samples per training step; default 32. */
    public Builder batchSize(int batchSize) {
      this.batchSize = positive("batchSize", batchSize);
      return this;
    }

    /** Whether to shuffle the training samples before every epoch; default true. */
    public Builder shuffle(boolean shuffle) {
      this.shuffle = shuffle;
      return this;
    }

    /** The seed of the shuffles; default random. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Threads for training and evaluation; default all available processors. */
    public Builder threads(int threads) {
      this.threads = positive("threads", threads);
      return this;
    }

    /**
     * The fraction of the training data {@link #fit(Dataset)} holds out for validation, taken
     * from the end before shuffling as Keras' {@code validation_split}; default 0.
     */
    public Builder validationSplit(double fraction) {
      if (!(fraction >= 0 && fraction < 1)) {
        throw new IllegalArgumentException("validationSplit must be in [0, 1), got " + fraction);
      }
      this.validationSplit = fraction;
      return this;
    }

    /**
     * The metrics reported for training and validation, in order; default accuracy for
     * classification losses and none for MSE.
     */
    public Builder metrics(MetricFactory... factories) {
      this.metrics = List.of(factories);
      return this;
    }

    /**
     * Keras' {@code class_weight}: each training sample's loss and gradient count as many times
     * as its class's weight (classes without an entry weigh 1), to balance skewed classes. The
     * class is the target's index (sparse), its arg-max (categorical) or its 0/1 label (binary
     * with one output, perceptron). The reported loss is weighted too; metrics are not.
     *
     * @throws IllegalArgumentException if a weight is negative or not finite
     */
    public Builder classWeights(Map<Integer, Float> weights) {
      for (Map.Entry<Integer, Float> e : weights.entrySet()) {
        if (!(e.getValue() >= 0) || e.getValue().isInfinite()) {
          throw new IllegalArgumentException("the weight of class " + e.getKey()
              + " must be a finite number >= 0, got " + e.getValue());
        }
      }
      this.classWeights = Map.copyOf(weights);
      return this;
    }

    /** Adds a callback; callbacks run in the order added. */
    public Builder callback(Callback callback) {
      callbacks.add(Objects.requireNonNull(callback, "callback"));
      return this;
    }

    /** Creates the trainer. */
    public Trainer build() {
      return new Trainer(this);
    }

    private static int positive(String what, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(what + " must be positive, got " + value);
      }
      return value;
    }
  }
}
