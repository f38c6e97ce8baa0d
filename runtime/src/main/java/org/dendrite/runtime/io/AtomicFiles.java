package org.dendrite.runtime.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes files so that a crash at any moment leaves either the old file or the new one, never a
 * mix: the bytes go to a temporary file in the same directory, which is forced to disk and then
 * renamed over the target, and the directory is forced so that the rename survives a power loss.
 */
final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes {@code buffers} in order as the new content of {@code target}. */
  static void write(Path target, List<ByteBuffer> buffers) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    // A fixed name: a temporary file left by a crash is simply overwritten by the next save.
    Path temp = dir.resolve("." + absolute.getFileName() + ".tmp");
    try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      for (ByteBuffer b : buffers) {
        while (b.hasRemaining()) {
          out.write(b);
        }
      }
      out.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    try {
      Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(temp);
      throw new IOException("cannot replace " + absolute + " atomically on this file system", e);
    }
    forceDirectory(dir);
  }

  private static void forceDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Some platforms cannot open or force a directory; the rename is still atomic there.
    }
  }
}
