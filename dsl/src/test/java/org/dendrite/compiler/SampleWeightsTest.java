package org.dendrite.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.dendrite.compiler.diag.DiagnosticCollector;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.LossKind;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.testing.InMemoryJavac;
import org.dendrite.compiler.testing.NetworkBuilder;
import org.dendrite.runtime.BatchPass;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.train.Trainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sample weights in generated passes, and class weights in the trainer. */
class SampleWeightsTest {
  static Class<?> type;

  @BeforeAll
  static void compile() throws ClassNotFoundException {
    Network n = NetworkBuilder.network("sw", "Weighted")
        .loss(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY)
        .input("x", 4).dense("h", 6, Activation.TANH).dense("out", 3, Activation.SOFTMAX)
        .build();
    String source = new NetworkCompiler("test").compile(n, new DiagnosticCollector())
        .orElseThrow().file().toString();
    type = InMemoryJavac.compile(Map.of("sw.CompiledWeighted", source))
        .loadClass("sw.CompiledWeighted");
  }

  static Model model() throws ReflectiveOperationException {
    return (Model) type.getConstructor(long.class).newInstance(3L);
  }

  @Test
  void aWeightOfTwoIsTheSampleTwice() throws ReflectiveOperationException {
    Model m = model();
    SplittableRandom rng = new SplittableRandom(8);
    int n = 5;
    float[] x = new float[n * 4];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    float[] y = {0, 1, 2, 1, 0};
    float[] w = {1, 2, 1, 2, 1};
    // The same data with every weight-2 sample written twice.
    float[] x2 = new float[7 * 4];
    float[] y2 = new float[7];
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int copy = 0; copy < (int) w[i]; copy++) {
        System.arraycopy(x, i * 4, x2, k * 4, 4);
        y2[k++] = y[i];
      }
    }
    float[] weighted = new float[m.parameterCount()];
    float[] duplicated = new float[m.parameterCount()];
    BatchPass pass = m.newBatchPass(7);
    double lossW = pass.train(new BatchPass.Step().samples(x, 0, y, 0, n).weights(w, 0)
        .gradients(weighted, 1f).at(0, 1));
    double lossD = pass.train(new BatchPass.Step().samples(x2, 0, y2, 0, 7)
        .gradients(duplicated, 1f).at(0, 1));
    assertEquals(lossD, lossW, 1e-5);
    for (int i = 0; i < weighted.length; i++) {
      assertEquals(duplicated[i], weighted[i], 1e-5, "gradient " + i);
    }
    // A short weight array is an error naming the sizes.
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> pass.train(new BatchPass.Step().samples(x, 0, y, 0, n).weights(new float[3], 0)
            .gradients(weighted, 1f).at(0, 1)));
    assertTrue(e.getMessage().contains("weights holds 3 values"), e.getMessage());
  }

  @Test
  void classWeightsReachTheLoss() throws ReflectiveOperationException {
    float[] x = new float[6 * 4];
    for (int i = 0; i < x.length; i++) {
      x[i] = (i % 5) / 5f;
    }
    Dataset data = Dataset.of(x, 4, new float[] {0, 1, 2, 0, 1, 2}, 1);
    double plain = Trainer.builder(model()).epochs(1).batchSize(6).shuffle(false).threads(1)
        .build().fit(data).last().loss();
    double ignoringClass2 = Trainer.builder(model()).epochs(1).batchSize(6).shuffle(false)
        .threads(1).classWeights(Map.of(2, 0f)).build().fit(data).last().loss();
    assertTrue(ignoringClass2 < plain, plain + " vs " + ignoringClass2);
    assertThrows(IllegalArgumentException.class,
        () -> Trainer.builder(model()).classWeights(Map.of(1, -1f)));
  }
}
