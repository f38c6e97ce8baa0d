package org.dendrite.runtime.train;

import java.nio.file.Path;
import java.util.Arrays;
import org.dendrite.runtime.TensorModel;
import org.dendrite.runtime.optim.Adam;

/**
 * The child process of {@link CheckpointCrashTest}: saves checkpoint version 1, 2, 3, … to one
 * file for ever, every value of version {@code v} (weights, optimizer state, epoch) being
 * {@code v}; prints "saving v" before each save and "saved v" after it.
 */
public final class CheckpointWriter {
  private CheckpointWriter() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    TensorModel model = new TensorModel(3, 1024, 1024, 512);
    Adam adam = new Adam();
    adam.prepare(model.parameterCount());
    for (int v = 1; ; v++) {
      Arrays.fill(model.parameters(), v);
      for (float[] s : adam.state().values()) {
        Arrays.fill(s, v);
      }
      System.out.println("saving " + v);
      System.out.flush();
      Checkpoint.save(file, model, adam, v, 7L);
      System.out.println("saved " + v);
      System.out.flush();
    }
  }
}
