package org.dendrite.runtime.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
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
   * An {@link IOException} whose message already names the file and says what is wrong with it
   * (a defect of its content, a size it cannot have): {@link #read} passes it on as it is.
   */
  public static final class NamedFileException extends IOException {
    /** An exception with {@code message}, which names the file. */
    public NamedFileException(String message) {
      super(message);
    }

    /** An exception with {@code message}, which names the file, and its cause. */
    public NamedFileException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Reads something from a file; see {@link #read}. */
  @FunctionalInterface
  public interface Reader<T> {
    T read() throws IOException;
  }

  /**
   * Runs {@code reader} on {@code file}, a {@code what} ("an IDX file"): a directory is refused
   * first, a {@link NamedFileException} passes on, and every other IOException (the file
   * system's) is {@link #wrap wrapped} to name the file.
   */
  public static <T> T read(Path file, String what, Reader<T> reader) throws IOException {
    if (Files.isDirectory(file)) {
      throw new NamedFileException("cannot read " + file + ": it is a directory, not " + what);
    }
    try {
      return reader.read();
    } catch (NamedFileException e) {
      throw e;
    } catch (IOException e) {
      throw wrap("read", file, e);
    }
  }

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
