package org.dendrite.runtime.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that a crash at any moment leaves either the old file or the new one, never a
 * mix: the bytes go to a temporary file in the same directory, which is forced to disk and then
 * renamed over the target, and the directory is forced so that the rename survives a power loss.
 * A write that fails removes its temporary file, whatever failed.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** What to write: called once with the temporary file's channel. */
  @FunctionalInterface
  interface Content {
    void writeTo(WritableByteChannel out) throws IOException;
  }

  /** Writes every remaining byte of {@code b} to {@code out}. */
  static void writeFully(WritableByteChannel out, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      out.write(b);
    }
  }

  /**
   * Writes {@code bytes} as the new content of {@code target}, atomically.
   *
   * @throws IOException naming {@code target} and what went wrong; {@code target} is then as it
   *     was and no temporary file is left
   */
  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, out -> writeFully(out, ByteBuffer.wrap(bytes)));
  }

  /**
   * Writes {@code content} as the new content of {@code target}.
   *
   * @throws IOException naming {@code target} and what went wrong; {@code target} is then as it
   *     was and no temporary file is left
   */
  static void write(Path target, Content content) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    if (Files.isDirectory(absolute)) {
      throw new IOException("cannot write " + target + ": it is a directory");
    }
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw new IOException("cannot write " + target + ": " + e.getFile()
          + " is a file, not a directory", e);
    } catch (IOException e) {
      throw FileErrors.wrap("write", target, e);
    }
    // A fixed name: a temporary file left by a crash is simply overwritten by the next save.
    Path temp = dir.resolve("." + absolute.getFileName() + ".tmp");
    boolean moved = false;
    try {
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        content.writeTo(out);
        out.force(true);
      }
      Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      moved = true;
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot write " + target + ": it cannot be replaced atomically on"
          + " this file system", e);
    } catch (IOException e) {
      throw FileErrors.wrap("write", target, e);
    } finally {
      if (!moved) {
        deleteQuietly(temp);
      }
    }
    forceDirectory(dir);
  }

  private static void deleteQuietly(Path temp) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      // Nothing better to do: the write's own failure is what the caller must hear about, and
      // the next save to this target overwrites the temporary file.
    }
  }

  private static void forceDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Some platforms cannot open or force a directory; the rename is still atomic there.
    }
  }
}
