package org.dendrite.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dendrite.runtime.data.FashionMnist;
import org.dendrite.spark.samples.CompiledFashionMlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoringTest {
  private static final int N = 1000;

  /** A model with weights that are not the initial ones, so that no layer is trivially zero. */
  private static CompiledFashionMlp model() {
    CompiledFashionMlp model = new CompiledFashionMlp(7);
    float[] p = model.parameters();
    for (int i = 0; i < p.length; i += 3) {
      p[i] *= 1.5f;
    }
    return model;
  }

  @Test
  void vectorColumnScoresBitForBitAsPredict() {
    CompiledFashionMlp model = model();
    FashionMnist data = SparkTests.fashion();
    Dataset<Row> frame = SparkTests.frame(true, 0, N, 3);
    List<Row> rows = DendriteModel.of(model).setBatchSize(100).transform(frame)
        .select("id", "prediction", "probability").collectAsList();
    assertEquals(N, rows.size());
    for (Row r : rows) {
      int id = r.getInt(0);
      float[] expected = model.predict(data.test().feature(id));
      Vector v = (Vector) r.get(2);
      assertEquals(10, v.size());
      for (int j = 0; j < 10; j++) {
        float actual = (float) v.apply(j);
        assertEquals(Float.floatToIntBits(expected[j]), Float.floatToIntBits(actual),
            "sample " + id + " output " + j);
        assertEquals((double) expected[j], v.apply(j), 0.0, "widened exactly");
      }
      assertEquals(ScoringFunction.predict(model.loss(), expected, 0, 10), r.getDouble(1));
    }
  }

  @Test
  void floatArrayColumnFromWeightFileScoresAsPredict(@TempDir Path dir) throws Exception {
    CompiledFashionMlp model = model();
    Path weights = dir.resolve("fashion.safetensors");
    model.save(weights);
    FashionMnist data = SparkTests.fashion();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      float[] x = data.test().feature(i);
      Float[] boxed = new Float[x.length];
      for (int j = 0; j < x.length; j++) {
        boxed[j] = x[j];
      }
      rows.add(RowFactory.create(i, boxed));
    }
    StructType schema = new StructType()
        .add("id", DataTypes.IntegerType)
        .add("pixels", DataTypes.createArrayType(DataTypes.FloatType));
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkTests.session().sparkContext());
    Dataset<Row> frame = SparkTests.session().createDataFrame(jsc.parallelize(rows, 2), schema);
    DendriteModel scorer = DendriteModel.load(CompiledFashionMlp.class, weights)
        .setFeaturesCol("pixels").setPredictionCol("").setProbabilityCol("p");
    List<Row> scored = scorer.transform(frame).collectAsList();
    assertEquals(3, scored.get(0).length(), "id, pixels, p: no prediction column");
    for (Row r : scored) {
      float[] expected = model.predict(data.test().feature(r.getInt(0)));
      double[] actual = ((Vector) r.get(2)).toArray();
      for (int j = 0; j < 10; j++) {
        assertEquals(Float.floatToIntBits(expected[j]), Float.floatToIntBits((float) actual[j]));
      }
    }
  }

  @Test
  void fitsInAPipelineAndReusesOneModelPerJvm() {
    CompiledFashionMlp model = model();
    DendriteModel scorer = DendriteModel.of(model);
    Dataset<Row> frame = SparkTests.frame(true, 0, 200, 4);
    PipelineModel pipeline = new Pipeline().setStages(new PipelineStage[] {scorer}).fit(frame);
    long agreeing = pipeline.transform(frame).filter("prediction = label").count();
    long again = scorer.transform(frame).filter("prediction = label").count();
    assertEquals(again, agreeing);
    // Both runs and all four partitions used this snapshot's one model.
    ExecutorModels.Entry entry = ExecutorModels.entry(scorer.snapshot());
    assertTrue(ExecutorModels.size() <= ExecutorModels.KEPT);
    assertEquals(model.parameterCount(), entry.model.parameterCount());
    assertArrayEquals(model.parameters(), entry.model.parameters());
  }

  @Test
  void wrongColumnsAreClearErrors() {
    DendriteModel scorer = DendriteModel.of(model());
    Dataset<Row> frame = SparkTests.frame(true, 0, 10, 1);
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> scorer.copy(new org.apache.spark.ml.param.ParamMap()).setFeaturesCol("image")
            .transform(frame));
    assertTrue(missing.getMessage().startsWith("no features column 'image' in struct<id:int,"),
        missing.getMessage());
    IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
        () -> scorer.copy(new org.apache.spark.ml.param.ParamMap()).setFeaturesCol("label")
            .transform(frame));
    assertEquals("the features column 'label' is double; it must be a vector (VectorUDT),"
        + " array<float> or array<double> of 784 value(s) per row", type.getMessage());
    IllegalArgumentException clash = assertThrows(IllegalArgumentException.class,
        () -> scorer.copy(new org.apache.spark.ml.param.ParamMap()).setPredictionCol("label")
            .transform(frame));
    assertTrue(clash.getMessage().startsWith("the output column 'label' already exists"));

    List<Row> short_ = List.of(RowFactory.create(Vectors.dense(new double[783])));
    StructType schema = new StructType().add("features",
        org.apache.spark.ml.linalg.SQLDataTypes.VectorType());
    Dataset<Row> bad = SparkTests.session().createDataFrame(short_, schema);
    Exception e = assertThrows(Exception.class, () -> scorer.transform(bad).collectAsList());
    assertTrue(SparkTests.messages(e)
        .contains("a row's features hold 783 values; the network takes 784"),
        SparkTests.messages(e));
    assertThrows(IllegalArgumentException.class,
        () -> scorer.setBatchSize(DendriteModel.MAX_BATCH + 1));
  }


  @Test
  void snapshotsRefuseAMissingClass(@TempDir Path dir) {
    assertTrue(Files.isDirectory(dir));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> NetworkSnapshot.instantiate("no.such.CompiledNet", 1));
    assertTrue(e.getMessage().startsWith("the network class no.such.CompiledNet is not on"));
  }
}
