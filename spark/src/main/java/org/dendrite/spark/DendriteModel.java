package org.dendrite.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.spark.SparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dendrite.annotation.Loss;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.train.History;
import scala.reflect.ClassTag$;

/**
 * Scores a generated Dendrite network on Spark: a Spark ML {@code Transformer} (a
 * {@link org.apache.spark.ml.Model}, so it fits a {@code Pipeline} and is what
 * {@link DendriteEstimator} returns) that appends a prediction column and an output column to a
 * {@code Dataset<Row>} whose features column is a vector ({@code VectorUDT}) or an
 * {@code array<float>} or {@code array<double>} of the network's input size.
 *
 * <ul>
 *   <li>{@code predictionCol} (default {@code prediction}, double): the arg-max class for several
 *       outputs; for one output, {@code 1} if it is above 0.5 and {@code 0} otherwise, or the
 *       output itself for an {@link Loss#MSE} network. Empty to leave it out.
 *   <li>{@code probabilityCol} (default {@code probability}, vector): the network's outputs
 *       (probabilities for a softmax output), bit for bit those of {@link Model#predict} widened to
 *       double. Empty to leave it out.
 * </ul>
 *
 * <p>The weights travel to the executors once, as a broadcast; each executor JVM builds the model
 * once and reuses it across tasks, and each task predicts {@code batchSize} rows at a time through
 * a {@link org.dendrite.runtime.Predictor}. The network's class must be in the application jar.
 *
 * <pre>{@code
 * DendriteModel scorer =
 *     DendriteModel.load(CompiledFashionMlp.class, Path.of("fashion.safetensors"));
 * Dataset<Row> scored = scorer.transform(images);   // + prediction, probability
 * }</pre>
 */
public final class DendriteModel extends org.apache.spark.ml.Model<DendriteModel> {
  private static final long serialVersionUID = 1L;

  /** The largest batch size: a task's buffers hold this many rows' inputs and outputs. */
  public static final int MAX_BATCH = 8192;

  private final String uid;
  private final NetworkSnapshot snapshot;
  private final Param<String> featuresCol;
  private final Param<String> predictionCol;
  private final Param<String> probabilityCol;
  private final IntParam batchSize;
  /** The training history, when an estimator made this model (driver only). */
  private transient History history;
  private transient Broadcast<NetworkSnapshot> broadcast;
  private transient SparkContext broadcastContext;

  DendriteModel(String uid, NetworkSnapshot snapshot) {
    this.uid = uid;
    this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
    this.featuresCol = new Param<>(this, "featuresCol", "the features column");
    this.predictionCol = new Param<>(this, "predictionCol",
        "the prediction column (empty: none)");
    this.probabilityCol = new Param<>(this, "probabilityCol",
        "the column of the network's outputs (empty: none)");
    this.batchSize = new IntParam(this, "batchSize", "rows per prediction call, at most "
        + MAX_BATCH, ParamValidators.inRange(1, MAX_BATCH));
    setDefault(featuresCol, "features");
    setDefault(predictionCol, "prediction");
    setDefault(probabilityCol, "probability");
    setDefault(batchSize, 256);
  }

  /** A scorer of {@code model}'s current weights (copied: later training does not change it). */
  public static DendriteModel of(Model model) {
    return new DendriteModel(Identifiable$.MODULE$.randomUID("dendrite"),
        NetworkSnapshot.of(model));
  }

  /**
   * A scorer of the generated class {@code type} with the weights of {@code weightFile} (written
   * by {@link Model#save}).
   *
   * @throws IOException if the file cannot be read or holds another architecture
   */
  public static DendriteModel load(Class<? extends Model> type, Path weightFile)
      throws IOException {
    Model model = NetworkSnapshot.instantiate(type.getName(), 0);
    model.loadWeights(weightFile);
    return of(model);
  }

  @Override
  public String uid() {
    return uid;
  }

  /** The network's class and weights. */
  public NetworkSnapshot snapshot() {
    return snapshot;
  }

  /** A new model instance holding this scorer's weights, for use on the driver. */
  public Model newModel() {
    return snapshot.newModel();
  }

  /**
   * The history of the {@link DendriteEstimator#fit} that made this model; {@code null} for a
   * model made otherwise or deserialized.
   */
  public History history() {
    return history;
  }

  DendriteModel withHistory(History history) {
    this.history = history;
    return this;
  }

  /** The features column's param. */
  public Param<String> featuresCol() {
    return featuresCol;
  }

  /** The prediction column's param. */
  public Param<String> predictionCol() {
    return predictionCol;
  }

  /** The output column's param. */
  public Param<String> probabilityCol() {
    return probabilityCol;
  }

  /** The batch size's param. */
  public IntParam batchSize() {
    return batchSize;
  }

  /** Sets the features column (default {@code features}). */
  public DendriteModel setFeaturesCol(String name) {
    set(featuresCol, name);
    return this;
  }

  /** Sets the prediction column (default {@code prediction}; empty: none). */
  public DendriteModel setPredictionCol(String name) {
    set(predictionCol, name);
    return this;
  }

  /** Sets the output column (default {@code probability}; empty: none). */
  public DendriteModel setProbabilityCol(String name) {
    set(probabilityCol, name);
    return this;
  }

  /** Sets the rows per prediction call (default 256, at most {@value #MAX_BATCH}). */
  public DendriteModel setBatchSize(int rows) {
    set(batchSize, rows);
    return this;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    NetworkSnapshot model = snapshot;
    Columns.kind(schema, $(featuresCol), model.inputSize(), "features");
    StructType out = schema;
    String prediction = $(predictionCol);
    String probability = $(probabilityCol);
    if (!prediction.isEmpty()) {
      if (model.loss() == Loss.MSE && model.outputSize() > 1) {
        throw new IllegalArgumentException(model.name() + " is a regression network of "
            + model.outputSize() + " outputs: it predicts no single value; set predictionCol"
            + " to \"\" and read the outputs from probabilityCol");
      }
      out = add(out, prediction, false);
    }
    if (!probability.isEmpty()) {
      out = add(out, probability, true);
    }
    return out;
  }

  private static StructType add(StructType schema, String name, boolean vector) {
    for (String existing : schema.fieldNames()) {
      if (existing.equals(name)) {
        throw new IllegalArgumentException("the output column '" + name
            + "' already exists in " + schema.simpleString());
      }
    }
    return schema.add(name, vector ? SQLDataTypes.VectorType() : DataTypes.DoubleType, false);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType schema = dataset.schema();
    StructType out = transformSchema(schema);
    Columns.Kind kind = Columns.kind(schema, $(featuresCol), snapshot.inputSize(), "features");
    ScoringFunction f = new ScoringFunction(broadcast(dataset.sparkSession().sparkContext()),
        schema.fieldIndex($(featuresCol)), kind, (Integer) $(batchSize),
        !$(predictionCol).isEmpty(), !$(probabilityCol).isEmpty());
    return dataset.toDF().mapPartitions(f, Encoders.row(out));
  }

  /** The snapshot's broadcast in {@code context}, created once per context. */
  private synchronized Broadcast<NetworkSnapshot> broadcast(SparkContext context) {
    if (broadcast == null || broadcastContext != context) {
      broadcast = context.broadcast(snapshot, ClassTag$.MODULE$.apply(NetworkSnapshot.class));
      broadcastContext = context;
    }
    return broadcast;
  }

  @Override
  public DendriteModel copy(ParamMap extra) {
    DendriteModel copy = copyValues(new DendriteModel(uid, snapshot), extra);
    copy.history = history;
    return copy.setParent(parent());
  }
}
