package org.dendrite.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.dendrite.runtime.ReaderChecks;
import org.dendrite.runtime.TensorModel;
import org.dendrite.runtime.callback.ModelCheckpoint;
import org.dendrite.runtime.callback.ReduceLROnPlateau;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.io.SafeTensors;
import org.dendrite.runtime.optim.Adam;
import org.dendrite.runtime.optim.Sgd;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints that are truncated, corrupted or hold impossible values, restored directly and
 * through {@link Trainer#resume}: each restores or fails with an {@link java.io.IOException}
 * naming the file, never an {@link OutOfMemoryError} or another raw exception, and a failed
 * restore leaves the model's weights and the optimizer as they were. Surefire runs this class
 * with a 256 MB heap (runtime/pom.xml).
 */
class CheckpointFuzzTest {
  @TempDir Path dir;
  private byte[] valid;
  private int files;

  @BeforeEach
  void writeAValidCheckpoint() throws IOException {
    TensorModel model = new TensorModel(5, 4, 3, 2).fill(0.5f, 0.01f);
    Adam adam = new Adam();
    adam.prepare(model.parameterCount());
    Arrays.fill(adam.state().get("m"), 0.25f);
    Arrays.fill(adam.state().get("v"), 0.125f);
    String plateau = ReduceLROnPlateau.class.getName() + "#0.";
    TrainerState state = new TrainerState(false, Map.of(plateau + "best", "0.5",
        plateau + "wait", "1", plateau + "cooldown", "0", plateau + "reductions", "2"),
        Map.of("x#0.weights", new float[] {1, 2, 3}));
    Path file = dir.resolve("valid.safetensors");
    Checkpoint.save(file, model, adam, 3, 11L, state);
    valid = Files.readAllBytes(file);
  }

  /**
   * Restores {@code bytes} into a fresh model and optimizer: it restores, or it fails with an
   * IOException naming the file and leaves both untouched.
   */
  private void check(byte[] bytes, String what) throws IOException {
    TensorModel model = new TensorModel(5, 4, 3, 2).fill(9f, 0f);
    Adam adam = new Adam();
    if (ReaderChecks.readsOrNamesTheFile(dir.resolve("f" + files++ + ".safetensors"), bytes,
        what, file -> Checkpoint.restore(file, model, adam))) {
      return;
    }
    for (float p : model.parameters()) {
      assertEquals(9f, p, what + ": a failed restore changed a weight");
    }
    assertEquals(0, adam.iterations(), what + ": a failed restore changed the optimizer");
  }

  @Test
  void theValidCheckpointRestores() throws IOException {
    Path file = Files.write(dir.resolve("valid.safetensors"), valid);
    TensorModel model = new TensorModel(5, 4, 3, 2);
    Adam adam = new Adam();
    Checkpoint c = Checkpoint.restore(file, model, adam);
    assertEquals(3, c.epoch());
    assertArrayEquals(new TensorModel(5, 4, 3, 2).fill(0.5f, 0.01f).parameters(),
        model.parameters());
    assertEquals("2", c.trainer().values().get(ReduceLROnPlateau.class.getName()
        + "#0.reductions"));
  }

  @Test
  void everyTruncation() throws IOException {
    for (int length = 0; length < valid.length; length += length < 2000 ? 1 : 7) {
      check(Arrays.copyOf(valid, length), "first " + length + " bytes");
    }
  }

  @Test
  void randomCorruption() throws IOException {
    SplittableRandom rng = new SplittableRandom(4);
    for (int round = 0; round < 400; round++) {
      byte[] f = valid.clone();
      int flips = rng.nextInt(1, 4);
      for (int i = 0; i < flips; i++) {
        f[rng.nextInt(f.length)] ^= (byte) rng.nextInt(1, 256);
      }
      check(f, "round " + round + " with " + flips + " flipped bytes");
    }
  }

  /** Each metadata value replaced by a table of impossible ones, and each removed. */
  @Test
  void impossibleMetadata() throws IOException {
    String[] values = {null, "", " ", "-1", "NaN", "Infinity", "1e999", "-0.0", "x", "true",
        "99999999999999999999", "2147483648", "-9223372036854775808", "0x10"};
    SafeTensors.Contents contents = read(valid);
    for (String key : contents.metadata().keySet()) {
      for (String value : values) {
        Map<String, String> meta = new LinkedHashMap<>(contents.metadata());
        if (value == null) {
          meta.remove(key);
        } else {
          meta.put(key, value);
        }
        check(write(contents.tensors(), meta), key + " = " + value);
      }
    }
  }

  /** The optimizer's state missing, of another length, or renamed; extra tensors. */
  @Test
  void optimizerStateThatDoesNotFit() throws IOException {
    SafeTensors.Contents contents = read(valid);
    int params = new TensorModel(5, 4, 3, 2).parameterCount();
    for (String name : List.of("optimizer/m", "optimizer/v")) {
      for (int length : new int[] {-1, 0, 1, params - 1, params + 1, 10 * params}) {
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>(contents.tensors());
        if (length < 0) {
          tensors.remove(name);
        } else {
          tensors.put(name, new SafeTensors.Tensor(name, new int[] {length}, new float[length]));
        }
        check(write(tensors, contents.metadata()), name + " of " + length + " values");
      }
    }
  }

  /**
   * Callback state a callback cannot take, through Trainer.resume: an IOException naming the
   * file and the callback. Only a best of -1 or of infinity (1e999 parses to it) is a state
   * ReduceLROnPlateau can have, and resumes.
   */
  @Test
  void callbackStateThatDoesNotFit() throws IOException {
    Dataset data = TrainerTest.separable(1);
    Path file = dir.resolve("e{epoch}.safetensors");
    plateauTrainer().callback(new ModelCheckpoint(file)).build().fit(data);
    SafeTensors.Contents contents = read(Files.readAllBytes(dir.resolve("e2.safetensors")));
    String plateau = "dendrite.trainer." + ReduceLROnPlateau.class.getName() + "#0.";
    assertTrue(contents.metadata().containsKey(plateau + "wait"), contents.metadata().toString());
    for (String key : List.of("best", "wait", "cooldown", "reductions")) {
      for (String value : new String[] {null, "", "x", "-1", "1e999", "NaN", "0.5.5"}) {
        String what = key + " = " + value;
        Map<String, String> meta = new LinkedHashMap<>(contents.metadata());
        if (value == null) {
          meta.remove(plateau + key);
        } else {
          meta.put(plateau + key, value);
        }
        Path f = Files.write(dir.resolve("c" + files++ + ".safetensors"),
            write(contents.tensors(), meta));
        boolean valid = key.equals("best") && ("-1".equals(value) || "1e999".equals(value));
        try {
          plateauTrainer().build().resume(f, data, null);
          assertTrue(valid, what + " was accepted");
        } catch (IOException e) {
          assertTrue(!valid && e.getMessage().startsWith(f + ": cannot restore the state of "
              + ReduceLROnPlateau.class.getName() + "#0: "), what + ": " + e.getMessage());
        }
      }
    }
    for (String key : List.of("no-hash.key", ReduceLROnPlateau.class.getName() + "#0.")) {
      Map<String, String> meta = new LinkedHashMap<>(contents.metadata());
      meta.put("dendrite.trainer." + key, "1");
      Path f = Files.write(dir.resolve("c" + files++ + ".safetensors"),
          write(contents.tensors(), meta));
      IOException e = assertThrows(IOException.class,
          () -> plateauTrainer().build().resume(f, data, null));
      assertEquals(f + ": corrupt callback state key '" + key + "'", e.getMessage());
    }
  }

  private static Trainer.Builder plateauTrainer() {
    return Trainer.builder(new LogisticRegression(0f, 0f, 0f)).optimizer(new Sgd(0.5f))
        .epochs(3).batchSize(20).seed(1).threads(1)
        .callback(ReduceLROnPlateau.builder().monitor("loss").patience(1).minDelta(10).build());
  }

  private SafeTensors.Contents read(byte[] bytes) throws IOException {
    Path f = Files.write(dir.resolve("read" + files++ + ".safetensors"), bytes);
    return SafeTensors.read(f);
  }

  private byte[] write(Map<String, SafeTensors.Tensor> tensors, Map<String, String> meta)
      throws IOException {
    Path f = dir.resolve("write" + files++ + ".safetensors");
    SafeTensors.write(f, List.copyOf(tensors.values()), meta);
    return Files.readAllBytes(f);
  }
}
