package org.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the readers' fuzz tests ask of every file they make: it reads, or it fails with an
 * {@link IOException} whose message names it — never an {@link OutOfMemoryError}, a
 * {@link StackOverflowError} or another raw exception.
 */
public final class ReaderChecks {
  private ReaderChecks() {}

  /** Reads a file; may throw anything. */
  @FunctionalInterface
  public interface Read {
    void read(Path file) throws Exception;
  }

  /**
   * Writes {@code bytes} to {@code file}, runs {@code read} on it and deletes it.
   *
   * @return whether it read; false if it failed as it should
   */
  public static boolean readsOrNamesTheFile(Path file, byte[] bytes, String what, Read read)
      throws IOException {
    Files.write(file, bytes);
    try {
      read.read(file);
      return true;
    } catch (IOException e) {
      assertTrue(e.getMessage() != null && e.getMessage().contains(file.toString()),
          what + ": the message does not name the file: " + e.getMessage());
      return false;
    } catch (Throwable t) {
      return fail(what + ": " + t, t);
    } finally {
      Files.delete(file);
    }
  }
}
