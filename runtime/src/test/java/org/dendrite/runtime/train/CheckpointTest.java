package org.dendrite.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.dendrite.runtime.TensorModel;
import org.dendrite.runtime.io.SafeTensors;
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
    assertEquals(new Checkpoint(1, 2, 0.01f, 99L, 5L, TrainerState.NONE), c);
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

  /** The architecture is checked first: its message, not the optimizer state's size. */
  @Test
  void anotherArchitectureIsReportedBeforeTheOptimizerState() throws IOException {
    TensorModel model = new TensorModel(5, 4, 3);
    Adam adam = new Adam();
    adam.prepare(model.parameterCount());
    Path file = dir.resolve("ckpt.safetensors");
    Checkpoint.save(file, model, adam, 0, 1L);
    TensorModel other = new TensorModel(5, 4, 6).fill(2f, 0f);
    Adam fresh = new Adam();
    IOException e = assertThrows(IOException.class, () -> Checkpoint.restore(file, other, fresh));
    assertEquals(file + " holds weights of another architecture than TensorModel: tensor"
        + " 'l0.kernel' is [4, 3] in the file but [4, 6] in TensorModel; tensor 'l0.bias' is [3]"
        + " in the file but [6] in TensorModel", e.getMessage());
    assertEquals(0, fresh.iterations());
    assertEquals(0, fresh.state().get("m").length, "the optimizer is left alone");
  }

  /** Metadata values a checkpoint can never hold are corrupt, not a crash after the copy. */
  @Test
  void impossibleMetadataIsCorrupt() throws IOException {
    TensorModel model = new TensorModel(5, 4, 3).fill(1f, 0f);
    Path file = dir.resolve("ckpt.safetensors");
    for (String[] bad : new String[][] {
        {Checkpoint.EPOCH, "-1"}, {Checkpoint.ITERATIONS, "-5"},
        {Checkpoint.LEARNING_RATE, "NaN"}, {Checkpoint.LEARNING_RATE, "-0.1"},
        {Checkpoint.LEARNING_RATE, "x"}, {Checkpoint.MODEL_SEED, ""},
        {Checkpoint.STOPPED, "yes"}}) {
      Checkpoint.save(file, model, new Adam(), 0, 1L);
      SafeTensors.Contents c = SafeTensors.read(file);
      java.util.Map<String, String> meta = new java.util.LinkedHashMap<>(c.metadata());
      meta.put(bad[0], bad[1]);
      SafeTensors.write(file, java.util.List.copyOf(c.tensors().values()), meta);
      TensorModel target = new TensorModel(5, 4, 3).fill(3f, 0f);
      IOException e = assertThrows(IOException.class,
          () -> Checkpoint.restore(file, target, new Adam()), String.join("=", bad));
      assertTrue(e.getMessage().startsWith(file + ": corrupt checkpoint metadata"),
          e.getMessage());
      for (float p : target.parameters()) {
        assertEquals(3f, p, "weights changed by a failed restore");
      }
    }
  }
}
