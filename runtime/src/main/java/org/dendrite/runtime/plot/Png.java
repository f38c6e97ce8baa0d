package org.dendrite.runtime.plot;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.dendrite.runtime.io.FileErrors;

/**
 * Writes images as PNG files. Through a stream of the file rather than {@code ImageIO}'s own file
 * handling, whose failures say only "Can't create output stream!": here a failure names the file
 * and what went wrong.
 */
public final class Png {
  private Png() {}

  /**
   * Writes {@code image} to {@code file}, creating its folder if needed.
   *
   * @throws IOException naming the file, if it cannot be written
   */
  public static void write(BufferedImage image, Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException("cannot write " + file + ": it is a directory");
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (OutputStream out = Files.newOutputStream(file)) {
        if (!ImageIO.write(image, "png", out)) {
          throw new IOException("no PNG writer in this JVM");
        }
      }
    } catch (IOException e) {
      throw FileErrors.wrap("write", file, e);
    }
  }
}
