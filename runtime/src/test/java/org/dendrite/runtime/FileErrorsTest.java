package org.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failed saves and loads: each message names the file the user asked for and what went wrong,
 * and a failed save leaves the old file as it was and no temporary file behind.
 */
class FileErrorsTest {
  @TempDir Path dir;

  @Test
  void savingUnderARegularFileSaysItIsNotADirectory() throws IOException {
    Path notADir = Files.writeString(dir.resolve("dir"), "a file");
    Path target = notADir.resolve("w.safetensors");
    IOException e = assertThrows(IOException.class, () -> new TensorModel(1, 2, 2).save(target));
    assertEquals("cannot write " + target + ": " + notADir + " is a file, not a directory",
        e.getMessage());
  }

  @Test
  void savingOntoADirectoryLeavesNoTemporaryFile() throws IOException {
    Path target = Files.createDirectory(dir.resolve("w.safetensors"));
    Files.writeString(target.resolve("inside"), "x");
    IOException e = assertThrows(IOException.class,
        () -> new TensorModel(1, 256, 256).save(target));
    assertEquals("cannot write " + target + ": it is a directory", e.getMessage());
    assertEquals(List.of(target), list(dir), "nothing but the directory");
  }

  @Test
  void loadingADirectoryOrAMissingFileNamesIt() throws IOException {
    Path d = Files.createDirectory(dir.resolve("weights"));
    IOException e = assertThrows(IOException.class, () -> new TensorModel(1, 2, 2).loadWeights(d));
    assertEquals("cannot read " + d + ": it is a directory, not a safetensors file",
        e.getMessage());
    Path missing = dir.resolve("missing.safetensors");
    IOException m = assertThrows(IOException.class,
        () -> new TensorModel(1, 2, 2).loadWeights(missing));
    assertEquals("cannot read " + missing + ": " + missing + " does not exist", m.getMessage());
  }

  /**
   * A full disk, as {@code ulimit -f} makes one (the JVM ignores SIGXFSZ, so a write past the
   * limit fails with EFBIG, "File too large"): the message names the file, the old file is
   * intact and no temporary file is left.
   */
  @Test
  void aFullDiskNamesTheFileAndKeepsTheOldOne() throws Exception {
    Path target = dir.resolve("w.safetensors");
    TensorModel old = new TensorModel(1, 2, 2).fill(3f, 0f);
    old.save(target);
    byte[] before = Files.readAllBytes(target);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder("bash", "-c", "ulimit -f 256 && exec \"$0\" -cp \"$1\" "
        + SaveUnderSizeLimit.class.getName() + " \"$2\"", java,
        System.getProperty("java.class.path"), target.toString())
        .redirectErrorStream(true).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(60, TimeUnit.SECONDS));
    assertTrue(out.contains("cannot write " + target + ": File too large"), out);
    assertArrayEquals(before, Files.readAllBytes(target), "the old file changed");
    assertEquals(List.of(target), list(dir), "a temporary file was left");
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }
}
