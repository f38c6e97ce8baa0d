package org.dendrite.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.optim.Adam;
import org.dendrite.runtime.train.Callback;
import org.dendrite.runtime.train.History;

/**
 * Trains a generated Dendrite network data-parallel on Spark: a Spark ML {@code Estimator} whose
 * {@link #fit} returns a {@link DendriteModel} (and leaves the trained weights in the model it was
 * given, as {@link org.dendrite.runtime.train.Trainer} does).
 *
 * <p>By default every step is synchronous: the driver broadcasts the weights, each partition
 * computes the gradient of its share of the step's batch with the generated pass, the shares are
 * summed with {@code treeAggregate}, and the optimizer steps once, on the driver. With
 * {@link #setModelAveraging model averaging}, each partition instead trains a whole epoch on its
 * own samples, from the same weights and optimizer state, and the driver averages the results
 * (weighted by samples): one round of Spark work per epoch instead of one per step, at some cost in
 * accuracy. Keras-style {@link History} and {@link Callback}s run on the driver, as with the
 * single-machine trainer.
 *
 * <p>The same seed and partitioning give bit-identical weights: every step's samples are a
 * function of the seed and the partition sizes, partial sums are added in a fixed tree over the
 * partition indices whatever order Spark delivers them in ({@link TreeSum}), and a task that fails
 * and is retried computes exactly what the first attempt would have. The training data are read
 * once into memory, one block per partition, and cached for the fit; a source whose rows change
 * between reads (a non-deterministic query) changes that guarantee.
 *
 * <pre>{@code
 * CompiledFashionMlp model = new CompiledFashionMlp(42);
 * DendriteModel trained = new DendriteEstimator(model)
 *     .setEpochs(5).setBatchSize(64).setSeed(42)
 *     .setOptimizer(() -> new Adam(1e-3f))
 *     .fit(train);                       // features: vector or array<float>; label: double
 * Dataset<Row> scored = trained.transform(test);
 * }</pre>
 */
public final class DendriteEstimator extends Estimator<DendriteModel> {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final transient Model model;
  private final Param<String> featuresCol;
  private final Param<String> labelCol;
  private final Param<String> predictionCol;
  private final Param<String> probabilityCol;
  private final IntParam epochs;
  private final IntParam batchSize;
  private final LongParam seed;
  private final BooleanParam shuffle;
  private final BooleanParam modelAveraging;
  private final IntParam aggregationDepth;
  private OptimizerFactory optimizer = Adam::new;
  private final transient List<Callback> callbacks = new ArrayList<>();
  private TaskHook taskHook;

  /**
   * An estimator that trains {@code model}: its class (which must be in the application jar),
   * seed and current weights are the starting point, and it receives the trained weights.
   */
  public DendriteEstimator(Model model) {
    this(Identifiable$.MODULE$.randomUID("dendriteEstimator"), model);
  }

  private DendriteEstimator(String uid, Model model) {
    this.uid = uid;
    this.model = Objects.requireNonNull(model, "model");
    featuresCol = new Param<>(this, "featuresCol", "the features column");
    labelCol = new Param<>(this, "labelCol",
        "the target column: a number (class index or value), or a vector of the target size");
    predictionCol = new Param<>(this, "predictionCol", "the fitted model's prediction column");
    probabilityCol = new Param<>(this, "probabilityCol", "the fitted model's output column");
    epochs = new IntParam(this, "epochs", "epochs to train", ParamValidators.gtEq(1));
    batchSize = new IntParam(this, "batchSize", "samples per step over all partitions",
        ParamValidators.gtEq(1));
    seed = new LongParam(this, "seed", "the seed of the per-epoch shuffles");
    shuffle = new BooleanParam(this, "shuffle", "whether to shuffle every epoch");
    modelAveraging = new BooleanParam(this, "modelAveraging",
        "train each partition for an epoch and average, instead of synchronous steps");
    aggregationDepth = new IntParam(this, "aggregationDepth", "the depth of treeAggregate",
        ParamValidators.gtEq(1));
    setDefault(featuresCol, "features");
    setDefault(labelCol, "label");
    setDefault(predictionCol, "prediction");
    setDefault(probabilityCol, "probability");
    setDefault(epochs, 1);
    setDefault(batchSize, 32);
    setDefault(seed, (long) DendriteEstimator.class.getName().hashCode());
    setDefault(shuffle, true);
    setDefault(modelAveraging, false);
    setDefault(aggregationDepth, 2);
  }

  @Override
  public String uid() {
    return uid;
  }

  /** The model trained. */
  public Model model() {
    return model;
  }

  /** The features column's param (default {@code features}). */
  public Param<String> featuresCol() {
    return featuresCol;
  }

  /** The label column's param (default {@code label}). */
  public Param<String> labelCol() {
    return labelCol;
  }

  /** The fitted model's prediction column's param. */
  public Param<String> predictionCol() {
    return predictionCol;
  }

  /** The fitted model's output column's param. */
  public Param<String> probabilityCol() {
    return probabilityCol;
  }

  /** The epochs' param (default 1). */
  public IntParam epochs() {
    return epochs;
  }

  /** The batch size's param (default 32). */
  public IntParam batchSize() {
    return batchSize;
  }

  /** The seed's param. */
  public LongParam seed() {
    return seed;
  }

  /** The shuffle's param (default true). */
  public BooleanParam shuffle() {
    return shuffle;
  }

  /** The model averaging's param (default false: synchronous steps). */
  public BooleanParam modelAveraging() {
    return modelAveraging;
  }

  /** The aggregation depth's param (default 2). */
  public IntParam aggregationDepth() {
    return aggregationDepth;
  }

  /** Sets the features column: a vector, {@code array<float>} or {@code array<double>}. */
  public DendriteEstimator setFeaturesCol(String name) {
    set(featuresCol, name);
    return this;
  }

  /** Sets the label column. */
  public DendriteEstimator setLabelCol(String name) {
    set(labelCol, name);
    return this;
  }

  /** Sets the fitted model's prediction column. */
  public DendriteEstimator setPredictionCol(String name) {
    set(predictionCol, name);
    return this;
  }

  /** Sets the fitted model's output column. */
  public DendriteEstimator setProbabilityCol(String name) {
    set(probabilityCol, name);
    return this;
  }

  /** Sets the number of epochs. */
  public DendriteEstimator setEpochs(int value) {
    set(epochs, value);
    return this;
  }

  /**
   * Sets the samples per step, over all partitions. With model averaging, the samples per local
   * step of each partition.
   */
  public DendriteEstimator setBatchSize(int value) {
    set(batchSize, value);
    return this;
  }

  /** Sets the seed of the shuffles. */
  public DendriteEstimator setSeed(long value) {
    set(seed, value);
    return this;
  }

  /** Sets whether to shuffle every epoch. */
  public DendriteEstimator setShuffle(boolean value) {
    set(shuffle, value);
    return this;
  }

  /** Sets model averaging (one round per epoch) instead of synchronous steps. */
  public DendriteEstimator setModelAveraging(boolean value) {
    set(modelAveraging, value);
    return this;
  }

  /** Sets the depth of {@code treeAggregate} (default 2). */
  public DendriteEstimator setAggregationDepth(int value) {
    set(aggregationDepth, value);
    return this;
  }

  /**
   * Sets how to make the optimizer (default {@code Adam::new}, Keras' defaults). The driver makes
   * one for the whole fit; with model averaging, each task makes its own too.
   */
  public DendriteEstimator setOptimizer(OptimizerFactory factory) {
    this.optimizer = Objects.requireNonNull(factory, "factory");
    return this;
  }

  /** Adds a callback, run on the driver; callbacks run in the order added. */
  public DendriteEstimator addCallback(Callback callback) {
    callbacks.add(Objects.requireNonNull(callback, "callback"));
    return this;
  }

  /** Runs {@code hook} at the start of every training task (for tests of retries). */
  DendriteEstimator setTaskHook(TaskHook hook) {
    this.taskHook = hook;
    return this;
  }

  /**
   * Trains on {@code dataset} and returns the scorer of the trained weights, with the
   * {@link DendriteModel#history() history}.
   *
   * @throws IllegalArgumentException if a column is missing or does not fit the network, the data
   *     are empty, or a label is not a class index of the network
   */
  @Override
  public DendriteModel fit(Dataset<?> dataset) {
    return fit(dataset, (Dataset<?>) null);
  }

  /**
   * Trains on {@code train}, evaluating on {@code validation} (same columns; may be null) after
   * every epoch: the history logs {@code val_loss} and, for classification, {@code val_accuracy}.
   */
  public DendriteModel fit(Dataset<?> train, Dataset<?> validation) {
    transformSchema(train.schema());
    if (validation != null) {
      transformSchema(validation.schema());
    }
    SparkTraining run = new SparkTraining(model, optimizer.get(), optimizer, List.copyOf(callbacks),
        new SparkTraining.Settings($(featuresCol), $(labelCol), (Integer) $(epochs),
            (Integer) $(batchSize), (Long) $(seed), (Boolean) $(shuffle),
            (Boolean) $(modelAveraging), (Integer) $(aggregationDepth)),
        taskHook);
    History history = run.fit(train, validation);
    DendriteModel fitted = DendriteModel.of(model).withHistory(history)
        .setFeaturesCol($(featuresCol)).setPredictionCol($(predictionCol))
        .setProbabilityCol($(probabilityCol));
    return fitted.setParent(this);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    Columns.kind(schema, $(featuresCol), model.inputSize(), "features");
    Columns.kind(schema, $(labelCol), model.targetSize(), "label");
    return DendriteModel.of(model).setFeaturesCol($(featuresCol))
        .setPredictionCol($(predictionCol)).setProbabilityCol($(probabilityCol))
        .transformSchema(schema);
  }

  @Override
  public DendriteEstimator copy(ParamMap extra) {
    DendriteEstimator copy = copyValues(new DendriteEstimator(uid, model), extra);
    copy.optimizer = optimizer;
    copy.callbacks.addAll(callbacks);
    copy.taskHook = taskHook;
    return copy;
  }
}
