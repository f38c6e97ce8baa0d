package org.dendrite.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.dendrite.annotation.Loss;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.optim.Optimizer;
import org.dendrite.runtime.train.BatchLogs;
import org.dendrite.runtime.train.Callback;
import org.dendrite.runtime.train.EpochResult;
import org.dendrite.runtime.train.History;
import org.dendrite.runtime.train.TrainingContext;

/**
 * The driver's side of one {@link DendriteEstimator#fit}: reads the data into cached blocks, runs
 * the epochs (one Spark job per synchronous step, or per averaging round), steps the optimizer,
 * keeps the history and calls the callbacks, which see it as a {@link TrainingContext}.
 */
final class SparkTraining implements TrainingContext, BatchLogs {
  /** The estimator's params, read once. */
  record Settings(String featuresCol, String labelCol, int epochs, int batchSize, long seed,
      boolean shuffle, boolean averaging, int depth) {}

  private final Model model;
  private final Optimizer optimizer;
  private final OptimizerFactory optimizers;
  private final List<Callback> callbacks;
  private final Settings settings;
  private final TaskHook hook;
  private final List<String> metricNames;
  private final List<Broadcast<?>> broadcasts = new ArrayList<>();
  private JavaSparkContext context;
  private Broadcast<TrainingPlan> plan;
  /** The broadcast of the current weights; null once they change. */
  private Broadcast<float[]> weights;
  private int epoch;
  private int stepsPerEpoch;
  private boolean stop;
  private long epochSamples;
  private double epochLoss;
  private long epochCorrect;
  private long epochTotal;

  SparkTraining(Model model, Optimizer optimizer, OptimizerFactory optimizers,
      List<Callback> callbacks, Settings settings, TaskHook hook) {
    this.model = model;
    this.optimizer = optimizer;
    this.optimizers = optimizers;
    this.callbacks = callbacks;
    this.settings = settings;
    this.hook = hook;
    this.metricNames = model.loss() == Loss.MSE ? List.of() : List.of("accuracy");
  }

  History fit(Dataset<?> train, Dataset<?> validation) {
    context = JavaSparkContext.fromSparkContext(train.sparkSession().sparkContext());
    JavaRDD<PartitionBlock> blocks = blocks(train);
    JavaRDD<PartitionBlock> validationBlocks = validation == null ? null : blocks(validation);
    try {
      List<Integer> sizes = blocks.map(b -> b.size).collect();
      int[] n = sizes.stream().mapToInt(Integer::intValue).toArray();
      TrainingPlan p = new TrainingPlan(UUID.randomUUID().toString(),
          model.getClass().getName(), model.seed(), settings.seed(), settings.shuffle(), n,
          settings.batchSize());
      if (p.samples() == 0) {
        throw new IllegalArgumentException("the training data are empty");
      }
      if (validationBlocks != null && validationBlocks.map(b -> b.size).reduce(Integer::sum) == 0) {
        throw new IllegalArgumentException("the validation data are empty");
      }
      plan = keep(context.broadcast(p));
      stepsPerEpoch = settings.averaging() ? 1 : p.steps;
      return run(blocks, validationBlocks);
    } finally {
      blocks.unpersist(false);
      if (validationBlocks != null) {
        validationBlocks.unpersist(false);
      }
      for (Broadcast<?> b : broadcasts) {
        b.destroy();
      }
    }
  }

  /** The dataset's partitions as cached blocks, one per partition, in order. */
  private JavaRDD<PartitionBlock> blocks(Dataset<?> data) {
    StructType schema = data.schema();
    String f = settings.featuresCol();
    String l = settings.labelCol();
    PartitionBlock.Layout layout = new PartitionBlock.Layout(0,
        Columns.kind(schema, f, model.inputSize(), "features"), 1,
        Columns.kind(schema, l, model.targetSize(), "label"), model.inputSize(),
        model.targetSize(), model.loss(), model.outputSize());
    JavaRDD<Row> rows = data.select(f, l).toJavaRDD();
    return rows.mapPartitionsWithIndex(
            (Integer index, Iterator<Row> it) ->
                List.of(PartitionBlock.read(index, it, layout)).iterator(), true)
        .persist(StorageLevel.MEMORY_AND_DISK());
  }

  private <T> Broadcast<T> keep(Broadcast<T> b) {
    broadcasts.add(b);
    return b;
  }

  /** The broadcast of the model's current weights. */
  private Broadcast<float[]> weights() {
    if (weights == null) {
      weights = keep(context.broadcast(model.parameters().clone()));
    }
    return weights;
  }

  /** Drops the broadcast of weights that have changed. */
  private void weightsChanged() {
    if (weights != null) {
      weights.destroy();
      broadcasts.remove(weights);
      weights = null;
    }
  }

  private History run(JavaRDD<PartitionBlock> blocks, JavaRDD<PartitionBlock> validation) {
    optimizer.prepare(model.parameterCount());
    History history = new History();
    for (Callback c : callbacks) {
      c.onTrainBegin(this);
    }
    weightsChanged(); // a callback may have set them
    for (epoch = 0; epoch < settings.epochs() && !stop; epoch++) {
      for (Callback c : callbacks) {
        c.onEpochBegin(this, epoch);
      }
      weightsChanged();
      epochSamples = 0;
      epochLoss = 0;
      epochCorrect = 0;
      epochTotal = 0;
      long start = System.nanoTime();
      if (settings.averaging()) {
        averagingRound(blocks);
      } else {
        for (int s = 0; s < plan.value().steps && !stop; s++) {
          step(blocks, s);
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Map<String, Double> logs = new LinkedHashMap<>();
      logs.put("loss", loss());
      if (!metricNames.isEmpty()) {
        logs.put("accuracy", metric("accuracy"));
      }
      if (validation != null) {
        double[] v = evaluate(validation);
        logs.put("val_loss", v[0] / v[3]);
        if (!metricNames.isEmpty()) {
          logs.put("val_accuracy", v[1] / v[2]);
        }
      }
      logs.put("learning_rate", (double) optimizer.learningRate());
      EpochResult result = new EpochResult(epoch, logs, seconds,
          (int) Math.min(Integer.MAX_VALUE, epochSamples));
      history.add(result);
      for (Callback c : callbacks) {
        c.onEpochEnd(this, result);
      }
      for (Callback c : callbacks) {
        c.afterEpoch(this, result); // ModelCheckpoint writes here
      }
      weightsChanged();
    }
    epoch = Math.max(0, epoch - 1);
    for (Callback c : callbacks) {
      c.onTrainEnd(this, history);
    }
    return history;
  }

  /** One synchronous step: the partitions' gradients summed, the optimizer applied here. */
  private void step(JavaRDD<PartitionBlock> blocks, int s) {
    TrainingPlan p = plan.value();
    GradientStep task = new GradientStep(plan, weights(), epoch, s, optimizer.iterations(), hook);
    TreeSum zero = new TreeSum(p.sizes.length, settings.depth());
    TreeSum.Node total = blocks.treeAggregate(zero, task, TreeSum::merge, settings.depth())
        .total();
    optimizer.step(model.parameters(), total.values);
    weightsChanged();
    record(total);
    for (Callback c : callbacks) {
      c.onBatchEnd(this, s, this);
    }
  }

  /** One round of model averaging: an epoch on every partition, then the weighted average. */
  private void averagingRound(JavaRDD<PartitionBlock> blocks) {
    TrainingPlan p = plan.value();
    Map<String, float[]> state = new LinkedHashMap<>();
    optimizer.state().forEach((k, v) -> state.put(k, v.clone()));
    Broadcast<AveragingRound.Start> start = keep(context.broadcast(new AveragingRound.Start(
        model.parameters().clone(), state, optimizer.iterations(), optimizer.learningRate(),
        optimizer.scheduled())));
    AveragingRound task = new AveragingRound(plan, start, optimizers, epoch, hook);
    TreeSum zero = new TreeSum(p.sizes.length, settings.depth());
    TreeSum.Node total = blocks.treeAggregate(zero, task, TreeSum::merge, settings.depth())
        .total();
    float[] average = total.values;
    float[] params = model.parameters();
    System.arraycopy(average, 0, params, 0, params.length);
    int at = params.length;
    for (float[] t : optimizer.state().values()) {
      System.arraycopy(average, at, t, 0, t.length);
      at += t.length;
    }
    int rounds = 0;
    for (int q = 0; q < p.sizes.length; q++) {
      rounds = Math.max(rounds, AveragingRound.localSteps(p, q));
    }
    optimizer.restoreIterations(optimizer.iterations() + rounds);
    start.destroy();
    broadcasts.remove(start);
    weightsChanged();
    record(total);
    for (Callback c : callbacks) {
      c.onBatchEnd(this, 0, this);
    }
  }

  private void record(TreeSum.Node total) {
    epochSamples += total.samples;
    epochLoss += total.loss;
    epochCorrect += total.correct;
    epochTotal += total.total;
  }

  /** {loss, correct, total, samples} over {@code validation}, summed in partition order. */
  private double[] evaluate(JavaRDD<PartitionBlock> validation) {
    List<double[]> parts = validation.mapPartitions(new EvaluationTask(plan, weights())).collect();
    double[] sum = new double[4];
    for (double[] part : parts) {
      for (int i = 0; i < 4; i++) {
        sum[i] += part[i];
      }
    }
    return sum;
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
    return settings.epochs();
  }

  @Override
  public int stepsPerEpoch() {
    return stepsPerEpoch;
  }

  @Override
  public int epoch() {
    return epoch;
  }

  @Override
  public long seed() {
    return settings.seed();
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
  public int samples() {
    return (int) Math.min(Integer.MAX_VALUE, epochSamples);
  }

  @Override
  public double loss() {
    return epochSamples == 0 ? Double.NaN : epochLoss / epochSamples;
  }

  @Override
  public List<String> metricNames() {
    return metricNames;
  }

  @Override
  public double metric(String name) {
    if (!metricNames.contains(name)) {
      throw new IllegalArgumentException("no metric '" + name + "'; the metrics are "
          + metricNames);
    }
    return epochTotal == 0 ? Double.NaN : (double) epochCorrect / epochTotal;
  }
}
