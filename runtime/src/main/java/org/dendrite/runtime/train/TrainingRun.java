package org.dendrite.runtime.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.metric.Metric;
import org.dendrite.runtime.optim.Optimizer;
import org.dendrite.runtime.parallel.WorkerPool;
import org.dendrite.runtime.support.Seeds;

/**
 * One {@link Trainer#fit} or {@link Trainer#resume} call: the epochs, each a shuffle and the
 * steps over the training data, then validation and the callbacks. What callbacks see of it as
 * it runs ({@link TrainingContext}, {@link BatchLogs}).
 */
final class TrainingRun implements TrainingContext, BatchLogs {
  private final Trainer trainer;
  private final Model model;
  private final Optimizer optimizer;
  private final List<Callback> callbacks;
  private final Dataset train;
  private final Dataset validation;
  private final int n;
  private final int batch;
  private final int steps;
  private final int parts;
  private final int[] order;
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

  /**
   * A run of {@code trainer} on {@code train} (validating on {@code validation} if not null)
   * from epoch {@code firstEpoch}, shuffling with {@code shuffleSeed}.
   */
  TrainingRun(Trainer trainer, Dataset train, Dataset validation, long shuffleSeed,
      int firstEpoch) {
    this.trainer = trainer;
    this.model = trainer.model();
    this.optimizer = trainer.optimizer();
    this.callbacks = trainer.callbacks();
    this.shuffleSeed = shuffleSeed;
    this.firstEpoch = firstEpoch;
    this.train = train;
    this.validation = validation;
    this.n = train.size();
    this.batch = Math.min(trainer.batchSize(), n);
    this.steps = (n + batch - 1) / batch;
    this.parts = Math.min(trainer.threads(), batch);
    this.order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
  }

  /** Makes this run continue {@code checkpoint}, restored from {@code file}. */
  void resumeFrom(Path file, Checkpoint checkpoint) {
    this.resumedFile = file;
    this.resumed = checkpoint;
    this.currentEpoch = checkpoint.epoch();
  }

  /**
   * Runs the epochs.
   *
   * @throws IOException if a callback refuses its checkpointed state
   */
  History fit() throws IOException {
    optimizer.prepare(model.parameterCount());
    History history = new History();
    trainingMetrics = trainer.newMetrics();
    metricNames = trainingMetrics.stream().map(Metric::name).toList();
    try (WorkerPool pool = new WorkerPool(parts)) {
      TrainingStep step = new TrainingStep(model, optimizer, pool, train,
          trainer.sampleWeights(train), batch);
      Evaluator evaluator = validation == null ? null
          : new Evaluator(model, pool, trainer::newMetrics);
      for (Callback c : callbacks) {
        c.onTrainBegin(this);
      }
      if (resumed != null) {
        CallbackStates.restore(this, callbacks, resumed.trainer(), resumedFile, System.err);
        stop = resumed.trainer().stopped();
      }
      for (int epoch = firstEpoch; epoch < trainer.epochs() && !stop; epoch++) {
        EpochResult result = epoch(epoch, step, evaluator);
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

  /** Epoch {@code epoch}: its steps, each forward, loss, backward, reduce and update; then logs. */
  private EpochResult epoch(int epoch, TrainingStep step, Evaluator evaluator) {
    currentEpoch = epoch;
    settled = false;
    for (Callback c : callbacks) {
      c.onEpochBegin(this, epoch);
    }
    if (trainer.shuffles()) {
      // From the identity every epoch: the order is a function of (seed, epoch) alone, so a run
      // resumed at any epoch sees the same batches.
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      shuffle(order, Seeds.mix(shuffleSeed, epoch));
    }
    for (Metric m : trainingMetrics) {
      m.reset();
    }
    double lossSum = 0;
    epochSamples = 0;
    epochLoss = 0;
    long start = System.nanoTime();
    for (int b = 0; b < steps; b++) {
      int first = b * batch;
      int count = Math.min(batch, n - first);
      step.begin(order, first, count, optimizer.iterations());
      step.trainShares(); // each thread: its share's forward, loss and backward
      step.reduceAndUpdate(); // each thread: its parameters' gradient summed, then updated
      lossSum += step.loss();
      step.updateMetrics(trainingMetrics);
      epochSamples += count;
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
    for (Metric m : trainingMetrics) {
      logs.put(m.name(), m.result());
    }
    if (evaluator != null) {
      Evaluation v = evaluator.evaluate(validation);
      logs.put("val_loss", v.loss());
      v.metrics().forEach((k, value) -> logs.put("val_" + k, value));
    }
    logs.put("learning_rate", (double) optimizer.learningRate());
    return new EpochResult(epoch, logs, seconds, epochSamples);
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
    return trainer.epochs();
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
