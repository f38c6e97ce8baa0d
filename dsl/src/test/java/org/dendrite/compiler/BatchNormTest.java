package org.dendrite.compiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.dendrite.compiler.diag.DiagnosticCollector;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.Init;
import org.dendrite.compiler.ir.LossKind;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.testing.InMemoryJavac;
import org.dendrite.compiler.testing.NetworkBuilder;
import org.dendrite.runtime.BatchPass;
import org.dendrite.runtime.Layer;
import org.dendrite.runtime.Model;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch normalisation in a generated network: the moving averages follow the batch statistics,
 * inference uses them, and they are part of the model's state and its weight files.
 */
class BatchNormTest {
  static Class<?> type;

  @BeforeAll
  static void compile() throws ClassNotFoundException {
    Network n = NetworkBuilder.network("bn", "Normed")
        .loss(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY)
        .input("x", 3)
        .dense("linear", 4, Activation.LINEAR, false, Init.AUTO, 0.2f)
        .batchNorm("norm", 0.9f, 1e-3f, Activation.RELU)
        .dense("out", 2, Activation.SOFTMAX)
        .build();
    String source = new NetworkCompiler("test").compile(n, new DiagnosticCollector())
        .orElseThrow().file().toString();
    type = InMemoryJavac.compile(Map.of("bn.CompiledNormed", source)).loadClass("bn.CompiledNormed");
  }

  static Model model() throws ReflectiveOperationException {
    return (Model) type.getConstructor(long.class).newInstance(5L);
  }

  @Test
  void stateStartsAtKerasDefaultsAndIsExposed() throws ReflectiveOperationException {
    Model m = model();
    Layer norm = m.layers().get(2);
    assertEquals(List.of("norm.gamma", "norm.beta"),
        norm.weights().stream().map(w -> w.name()).toList());
    assertEquals(List.of("norm.moving_mean", "norm.moving_variance"),
        norm.state().stream().map(w -> w.name()).toList());
    assertArrayEquals(new float[] {1, 1, 1, 1}, norm.weight("gamma").toArray());
    assertArrayEquals(new float[] {0, 0, 0, 0}, norm.weight("moving_mean").toArray());
    assertArrayEquals(new float[] {1, 1, 1, 1}, norm.weight("moving_variance").toArray());
    assertEquals(8, m.state().length);
    assertTrue(m.summary().contains(" norm (BatchNorm)            (None, 4)                 16"),
        m.summary());
    assertTrue(m.summary().contains("Non-trainable params: 8 (32.00 B)"), m.summary());
  }

  @Test
  void movingAveragesFollowTheBatchAndInferenceUsesThem() throws ReflectiveOperationException {
    Model m = model();
    int n = 6;
    SplittableRandom rng = new SplittableRandom(3);
    float[] x = new float[n * 3];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (rng.nextGaussian() * 2 + 1);
    }
    float[] y = {0, 1, 1, 0, 1, 0};
    BatchPass pass = m.newBatchPass(n);
    float[] grads = new float[m.parameterCount()];
    // Only the pass holding the step's sample 0 moves the averages.
    BatchPass.Step call = new BatchPass.Step().samples(x, 0, y, 0, n).gradients(grads, 1f / n);
    pass.train(call.at(0, 1));
    assertArrayEquals(new float[] {0, 0, 0, 0}, m.layers().get(2).weight("moving_mean").toArray());
    for (int step = 0; step < 400; step++) {
      pass.train(call.at(step, 0));
    }
    float[] trainingOutputs = pass.outputs().clone();
    // The batch statistics of the normalised layer's input, x · kernel.
    float[] kernel = m.layers().get(1).kernel().toArray();
    for (int j = 0; j < 4; j++) {
      double mean = 0;
      double square = 0;
      for (int r = 0; r < n; r++) {
        double v = 0;
        for (int k = 0; k < 3; k++) {
          v += x[r * 3 + k] * kernel[k * 4 + j];
        }
        mean += v / n;
        square += v * v / n;
      }
      assertEquals(mean, m.layers().get(2).weight("moving_mean").get(j), 1e-4);
      assertEquals(square - mean * mean, m.layers().get(2).weight("moving_variance").get(j),
          1e-3);
    }
    // With the averages equal to the batch's statistics, inference reproduces training.
    float[] predicted = new float[n * 2];
    m.predictBatch(x, predicted, n);
    assertArrayEquals(trainingOutputs, java.util.Arrays.copyOf(predicted, n * 2), 1e-4f);
  }

  @Test
  void weightFilesCarryTheState(@TempDir Path dir) throws Exception {
    Model a = model();
    for (int i = 0; i < a.state().length; i++) {
      a.state()[i] = 0.5f + i;
    }
    Path file = dir.resolve("normed.safetensors");
    a.save(file);
    Model b = model();
    b.loadWeights(file);
    assertArrayEquals(a.state(), b.state());
    assertArrayEquals(a.parameters(), b.parameters());
  }
}
