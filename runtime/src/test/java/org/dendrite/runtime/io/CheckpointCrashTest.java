package org.dendrite.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.dendrite.runtime.optim.Adam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process that writes checkpoints ({@code kill -9}, at random moments) many times; every
 * checkpoint left on disk must load, and be one whole version: weights, optimizer state and epoch
 * all from the same save.
 */
class CheckpointCrashTest {
  static final int KILLS = 20;

  @TempDir Path dir;

  @Test
  void everyCheckpointLeftOnDiskLoads() throws Exception {
    Path file = dir.resolve("ckpt.safetensors");
    Path temp = dir.resolve(".ckpt.safetensors.tmp");
    SplittableRandom rng = new SplittableRandom(2024);
    int midSave = 0;
    List<Integer> versions = new ArrayList<>();
    for (int kill = 0; kill < KILLS; kill++) {
      Process child = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), CheckpointWriter.class.getName(),
          file.toString())
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      try {
        BufferedReader out = new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        // Let it finish at least one save, then kill it at a random moment of the next ones.
        String line = out.readLine();
        assertTrue(line != null && line.startsWith("saved"), "child said: " + line);
        Thread.sleep(rng.nextInt(5, 150));
      } finally {
        child.destroyForcibly(); // SIGKILL: no shutdown hooks, no flushing; never left running
      }
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
      if (Files.exists(temp)) {
        midSave++;
      }
      versions.add(check(file));
    }
    assertTrue(midSave > 0, "no kill landed during a save, so nothing was tested; versions "
        + versions);
    System.out.println("kills during a save: " + midSave + " of " + KILLS + "; versions on disk "
        + versions);
  }

  /** Loads the checkpoint and checks that it is one whole version; returns that version. */
  static int check(Path file) throws IOException {
    TensorModel model = new TensorModel(3, 1024, 1024, 512);
    Adam adam = new Adam();
    Checkpoint c = Checkpoint.restore(file, model, adam);
    float v = c.epoch();
    for (float p : model.parameters()) {
      assertEquals(v, p, "a weight of version " + c.epoch());
    }
    for (float[] s : adam.state().values()) {
      for (float x : s) {
        assertEquals(v, x, "optimizer state of version " + c.epoch());
      }
    }
    return c.epoch();
  }
}
