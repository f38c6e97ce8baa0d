package org.dendrite.runtime.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Turns the file system's exceptions into messages that name the file the user asked for and say
 * what went wrong. The JDK's own are terse: a {@code NoSuchFileException}'s message is a bare
 * path (often of a parent directory), a failed write says "File too large" or "Is a directory"
 * without any path.
 */
public final class FileErrors {
  private FileErrors() {}

  /**
   * An exception for a failed {@code action} on {@code file}: "cannot {action} {file}: {what went
   * wrong}", with {@code cause} as its cause.
   */
  public static IOException wrap(String action, Path file, IOException cause) {
    return new IOException("cannot " + action + " " + file + ": " + reason(cause), cause);
  }

  /** What went wrong, in words, naming the path involved when the exception has one. */
  public static String reason(IOException e) {
    if (e instanceof FileSystemException f) {
      String path = f.getFile() == null ? "a file" : f.getFile();
      String other = f.getOtherFile() == null ? "" : " (and " + f.getOtherFile() + ")";
      if (e instanceof NoSuchFileException) {
        return path + other + " does not exist";
      }
      if (e instanceof FileAlreadyExistsException) {
        return path + other + " already exists (a file where a directory is needed?)";
      }
      if (e instanceof NotDirectoryException) {
        return path + " is not a directory";
      }
      if (e instanceof DirectoryNotEmptyException) {
        return path + " is a directory that is not empty";
      }
      if (e instanceof AccessDeniedException) {
        return "permission denied on " + path + other;
      }
      return f.getReason() == null ? e.getClass().getSimpleName() + " on " + path + other
          : path + other + ": " + f.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
