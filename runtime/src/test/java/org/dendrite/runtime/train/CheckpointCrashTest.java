package org.dendrite.runtime.train;

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
import java.util.concurrent.locks.LockSupport;
import org.dendrite.runtime.TensorModel;
import org.dendrite.runtime.optim.Adam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process that writes checkpoints ({@code kill -9}) many times; every checkpoint left on
 * disk must load, and be one whole version: weights, optimizer state and epoch all from the same
 * save.
 *
 * <p>What it tests does not depend on the machine's speed: the child says when a save begins,
 * the kill waits until that save's temporary file exists and then lands 0-40 ms later (a
 * random moment of the write, the force or the rename), and kills that came after the rename
 * are retried until {@link #KILLS} kills have landed mid-save.
 */
class CheckpointCrashTest {
  /** Kills that must land while a save is writing its temporary file. */
  static final int KILLS = 12;
  /** Attempts at most; a save writes 63 MB, so nearly every attempt lands mid-save. */
  static final int ATTEMPTS = 60;

  @TempDir Path dir;

  @Test
  void everyCheckpointLeftOnDiskLoads() throws Exception {
    Path file = dir.resolve("ckpt.safetensors");
    Path temp = dir.resolve(".ckpt.safetensors.tmp");
    SplittableRandom rng = new SplittableRandom(2024);
    int midSave = 0;
    int attempts = 0;
    List<Integer> versions = new ArrayList<>();
    while (midSave < KILLS) {
      assertTrue(attempts++ < ATTEMPTS, "only " + midSave + " of " + attempts
          + " kills landed during a save; versions " + versions);
      Process child = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), CheckpointWriter.class.getName(),
          file.toString())
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      try {
        BufferedReader out = new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        // The first save completes (overwriting a temporary file an earlier kill left behind)
        // and renames its temporary file away; the next one's temporary file is then its own.
        expect(out, "saving 1");
        expect(out, "saved 1");
        expect(out, "saving 2");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(temp)) {
          assertTrue(System.nanoTime() < deadline, "save 2 wrote no temporary file");
          LockSupport.parkNanos(100_000);
        }
        Thread.sleep(rng.nextInt(0, 40));
      } finally {
        child.destroyForcibly(); // SIGKILL: no shutdown hooks, no flushing; never left running
      }
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
      if (Files.exists(temp)) {
        midSave++;
      }
      versions.add(check(file));
    }
    System.out.println("kills during a save: " + midSave + " of " + attempts
        + "; versions on disk " + versions);
  }

  private static void expect(BufferedReader out, String line) throws IOException {
    String read = out.readLine();
    assertEquals(line, read, "the child's output");
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
