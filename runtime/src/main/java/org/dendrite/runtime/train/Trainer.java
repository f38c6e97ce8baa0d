package org.dendrite.runtime.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dendrite.annotation.Loss;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.metric.Metric;
import org.dendrite.runtime.metric.MetricFactory;
import org.dendrite.runtime.metric.Metrics;
import org.dendrite.runtime.optim.Adam;
import org.dendrite.runtime.optim.Optimizer;
import org.dendrite.runtime.parallel.WorkerPool;
import org.dendrite.runtime.support.Checks;
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
 * whose gradients are summed in thread order; a first dense layer on the inputs is split by bands
 * of its kernel's rows instead ({@link org.dendrite.runtime.parallel.RowBands}), so that the
 * largest kernel never moves between the cores' caches. Every split depends only on the batch
 * size, the layer sizes and the thread count, so the same seed and thread count give
 * bit-identical weights. Threads are created once per call, and a step allocates nothing.
 */
public final class Trainer {
  /** Values per chunk that checkData reads at a time. */
  private static final int CHECK_CHUNK = 1 << 16;

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

  /** The index after the last epoch to run. */
  int epochs() {
    return epochs;
  }

  /** Samples per training step. */
  int batchSize() {
    return batchSize;
  }

  /** Whether each epoch shuffles the training samples. */
  boolean shuffles() {
    return shuffle;
  }

  /** The callbacks, in the order added. */
  List<Callback> callbacks() {
    return callbacks;
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
   *     holds a NaN or an infinity, or a target is invalid for the loss
   */
  public History fit(Dataset train, Dataset validation) {
    checkData(train, "training data");
    if (validation != null) {
      checkData(validation, "validation data");
    }
    try {
      return new TrainingRun(this, train, validation, seed, initialEpoch).fit();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // only a resumed run restores callback states
    }
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
    TrainingRun run = new TrainingRun(this, train, validation, c.trainerSeed(), c.epoch() + 1);
    run.resumeFrom(checkpoint, c);
    return run.fit();
  }

  /**
   * {@link #resume(Path, Dataset, Dataset)} holding out the last {@link
   * Builder#validationSplit} fraction of {@code train} for validation, as {@link #fit(Dataset)}.
   */
  public History resume(Path checkpoint, Dataset train) throws IOException {
    Dataset[] parts = split(train);
    return resume(checkpoint, parts[0], parts[1]);
  }

  /**
   * The mean loss and the metrics of the model over {@code data}, in inference mode.
   *
   * @throws IllegalArgumentException if the dataset's row sizes do not fit the model, it is
   *     empty, holds a NaN or an infinity, or a target is invalid for the loss
   */
  public Evaluation evaluate(Dataset data) {
    checkData(data, "evaluation data");
    try (WorkerPool pool = new WorkerPool(threads)) {
      return new Evaluator(model, pool, this::newMetrics).evaluate(data);
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
    // One NaN or infinity turns every weight into NaN within a step, silently: refused first.
    // Read a chunk at a time, so that a dataset kept as bytes or mapped is never copied whole;
    // features that cannot be anything but finite (bytes) are not read at all.
    boolean features = !data.featuresAlwaysFinite();
    int chunk = Math.max(1, Math.min(data.size(), CHECK_CHUNK / data.featureSize()));
    float[] x = features ? new float[chunk * data.featureSize()] : null;
    float[] y = new float[chunk * data.targetSize()];
    boolean sparse = model.loss() == Loss.SPARSE_CATEGORICAL_CROSSENTROPY;
    for (int first = 0; first < data.size(); first += chunk) {
      int count = Math.min(chunk, data.size() - first);
      if (features) {
        data.copyFeatures(first, count, x, 0);
        Checks.finite(what, "feature", x, 0, count * data.featureSize(), data.featureSize(),
            first);
      }
      data.copyTargets(first, count, y, 0);
      Checks.finite(what, "target value", y, 0, count * data.targetSize(), data.targetSize(),
          first);
      for (int i = 0; sparse && i < count; i++) {
        Checks.classIndex(what, y[i], first + i, model.outputSize());
      }
    }
  }

  /**
   * One weight per sample of {@code data} from the class weights (1 for a class without one),
   * or null without class weights.
   */
  float[] sampleWeights(Dataset data) {
    if (classWeights == null) {
      return null;
    }
    float[] w = new float[data.size()];
    float[] t = new float[data.targetSize()];
    for (int i = 0; i < w.length; i++) {
      data.copyTargets(i, 1, t, 0);
      int cls;
      if (model.loss() == Loss.CATEGORICAL_CROSSENTROPY) {
        cls = org.dendrite.runtime.metric.Accuracy.argMax(t, 0, t.length);
      } else if (model.loss() == Loss.SPARSE_CATEGORICAL_CROSSENTROPY) {
        cls = (int) t[0];
      } else {
        cls = t[0] >= 0.5f ? 1 : 0;
      }
      w[i] = classWeights.getOrDefault(cls, 1f);
    }
    return w;
  }

  /** Fresh instances of the chosen metrics. */
  List<Metric> newMetrics() {
    List<Metric> out = new ArrayList<>(metrics.size());
    for (MetricFactory f : metrics) {
      out.add(f.create(model));
    }
    return out;
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

    /**
     * Threads for training and evaluation, in [1, {@link WorkerPool#MAX_THREADS}]; default all
     * available processors.
     */
    public Builder threads(int threads) {
      this.threads = WorkerPool.checkThreads(threads);
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
