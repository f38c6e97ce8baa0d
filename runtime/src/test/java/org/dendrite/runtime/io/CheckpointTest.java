package org.dendrite.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.dendrite.runtime.optim.Adam;
import org.dendrite.runtime.optim.Sgd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints: what they save and restore, and what they refuse. */
class CheckpointTest {
  @TempDir Path dir;

  @Test
  void restoresWeightsOptimizerStateAndCounters() throws IOException {
    TensorModel model = new TensorModel(5, 4, 3).fill(0.1f, 0.01f);
    Adam adam = new Adam(0.01f);
    float[] grads = new float[model.parameterCount()];
    java.util.Arrays.fill(grads, 0.3f);
    adam.step(model.parameters(), grads.clone());
    adam.step(model.parameters(), grads.clone());
    Path file = dir.resolve("ckpt.safetensors");
    Checkpoint.save(file, model, adam, 1, 99L);

    TensorModel copy = new TensorModel(5, 4, 3);
    Adam fresh = new Adam(0.01f);
    Checkpoint c = Checkpoint.restore(file, copy, fresh);
    assertEquals(new Checkpoint(1, 2, 0.01f, 99L, 5L), c);
    assertArrayEquals(model.parameters(), copy.parameters());
    assertArrayEquals(adam.state().get("m"), fresh.state().get("m"));
    assertArrayEquals(adam.state().get("v"), fresh.state().get("v"));
    assertEquals(2, fresh.iterations());
    // The next step of both is identical.
    adam.step(model.parameters(), grads.clone());
    fresh.step(copy.parameters(), grads.clone());
    assertArrayEquals(model.parameters(), copy.parameters());
    // A checkpoint is also a weight file.
    TensorModel weightsOnly = new TensorModel(0, 4, 3);
    weightsOnly.loadWeights(file);
  }

  @Test
  void refusesAnotherOptimizerAnotherSeedOrAPlainWeightFile() throws IOException {
    TensorModel model = new TensorModel(5, 4, 3);
    Path file = dir.resolve("ckpt.safetensors");
    Checkpoint.save(file, model, new Adam(), 0, 1L);
    IOException kind = assertThrows(IOException.class,
        () -> Checkpoint.restore(file, new TensorModel(5, 4, 3), new Sgd()));
    assertTrue(kind.getMessage().contains("Adam, not of a org.dendrite.runtime.optim.Sgd"),
        kind.getMessage());
    IOException seed = assertThrows(IOException.class,
        () -> Checkpoint.restore(file, new TensorModel(6, 4, 3), new Adam()));
    assertTrue(seed.getMessage().contains("seed 5; this one has seed 6"), seed.getMessage());
    Path weights = dir.resolve("w.safetensors");
    model.save(weights);
    IOException plain = assertThrows(IOException.class,
        () -> Checkpoint.restore(weights, model, new Adam()));
    assertTrue(plain.getMessage().contains("not a checkpoint"), plain.getMessage());
  }
}
