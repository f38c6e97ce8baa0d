package org.dendrite.runtime;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The child process of {@link FileErrorsTest}'s full-disk case: saves a 1 MB model to
 * {@code args[0]} and prints "saved" or the exception's message. Run under {@code ulimit -f}, its
 * writes fail as on a full disk.
 */
public final class SaveUnderSizeLimit {
  private SaveUnderSizeLimit() {}

  public static void main(String[] args) {
    try {
      new TensorModel(1, 512, 512).fill(1f, 0f).save(Path.of(args[0]));
      System.out.println("saved");
    } catch (IOException e) {
      System.out.println(e.getMessage());
    }
  }
}
