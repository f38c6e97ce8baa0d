package org.dendrite.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX files read back exactly, raw or gzip; broken files fail naming the file and the defect. */
class IdxReaderTest {
  @TempDir Path dir;

  static void assertMessage(IOException e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part),
          "message should contain '" + part + "': " + e.getMessage());
    }
  }

  @Test
  void validRawAndGzipFilesReadBack() throws IOException {
    int[] dims = {2, 3, 43};
    byte[] data = IdxFiles.bytes(2 * 3 * 43, i -> i * 7); // wraps: values up to 255
    for (boolean gzip : new boolean[] {false, true}) {
      Path file = IdxFiles.write(dir.resolve(gzip ? "a.gz" : "a"), IdxFiles.idx(dims, data), gzip);
      IdxReader.IdxArray array = IdxReader.read(file, 3);
      assertArrayEquals(dims, array.dimensions(), "dimensions of " + file);
      assertEquals(data.length, array.size(), "size of " + file);
      for (int i = 0; i < data.length; i++) {
        assertEquals(data[i] & 0xff, array.get(i), file + " value " + i);
      }
      array.dimensions()[0] = 99;
      assertEquals(2, array.dimensions()[0], "dimensions() returns a copy");
    }
  }

  @Test
  void wrongMagicNamesTheFileAndTheNumber() throws IOException {
    // A labels file (rank 1) where images (rank 3) are expected, and a file of another type.
    Path labels = IdxFiles.write(dir.resolve("labels"),
        IdxFiles.idx(new int[] {4}, new byte[4]), false);
    IOException rank = assertThrows(IOException.class, () -> IdxReader.read(labels, 3));
    assertMessage(rank, labels.toString(), "magic number 0x00000801", "expected 0x00000803");
    Path ints = IdxFiles.write(dir.resolve("ints.gz"),
        IdxFiles.idx(0x0c01, new int[] {1}, new byte[4]), true);
    IOException type = assertThrows(IOException.class, () -> IdxReader.read(ints, 1));
    assertMessage(type, ints.toString(), "0x00000c01", "unsigned bytes");
  }

  @Test
  void truncatedDataNamesTheFileAndTheExpectedSize() throws IOException {
    byte[] raw = IdxFiles.idx(new int[] {2, 3, 4}, new byte[10]); // announces 24 values
    for (boolean gzip : new boolean[] {false, true}) {
      Path file = IdxFiles.write(dir.resolve(gzip ? "short.gz" : "short"), raw, gzip);
      IOException e = assertThrows(IOException.class, () -> IdxReader.read(file, 3));
      assertMessage(e, file.toString(), "truncated", "2×3×4 = 24 values", "holds 10");
    }
  }

  @Test
  void truncatedOrMissingHeaderNamesTheFile() throws IOException {
    Path empty = Files.write(dir.resolve("empty"), new byte[0]);
    assertMessage(assertThrows(IOException.class, () -> IdxReader.read(empty, 1)),
        empty.toString(), "truncated");
    byte[] raw = IdxFiles.idx(new int[] {2, 3, 4}, new byte[24]);
    Path header = Files.write(dir.resolve("header"), Arrays.copyOf(raw, 4 + 6));
    assertMessage(assertThrows(IOException.class, () -> IdxReader.read(header, 3)),
        header.toString(), "truncated inside the IDX header");
  }

  @Test
  void corruptGzipNamesTheFile() throws IOException {
    byte[] good = IdxFiles.gzip(IdxFiles.idx(new int[] {50}, IdxFiles.bytes(50, i -> i)));
    // A gzip header followed by bytes that are not deflate data.
    byte[] garbage = Arrays.copyOf(good, good.length);
    for (int i = 10; i < garbage.length; i++) {
      garbage[i] = (byte) 0xff;
    }
    Path bad = Files.write(dir.resolve("garbage.gz"), garbage);
    assertMessage(assertThrows(IOException.class, () -> IdxReader.read(bad, 1)),
        bad.toString(), "corrupt gzip");
    // A download cut short: the compressed stream ends inside the deflate data.
    byte[] big = IdxFiles.gzip(IdxFiles.idx(new int[] {5000}, IdxFiles.bytes(5000, i -> i * 31)));
    Path cut = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(big, big.length / 2));
    assertMessage(assertThrows(IOException.class, () -> IdxReader.read(cut, 1)),
        cut.toString(), "gzip");
  }

  @Test
  void damagedGzipChecksumOrTrailingDataIsAnError() throws IOException {
    byte[] good = IdxFiles.gzip(IdxFiles.idx(new int[] {50}, IdxFiles.bytes(50, i -> i)));
    byte[] badCrc = good.clone();
    badCrc[badCrc.length - 8] ^= 0x55; // the CRC32 of the gzip trailer
    Path crc = Files.write(dir.resolve("crc.gz"), badCrc);
    IOException e = assertThrows(IOException.class, () -> IdxReader.read(crc, 1));
    assertTrue(e.getMessage().contains(crc.toString()), e.getMessage());

    byte[] raw = IdxFiles.idx(new int[] {4}, new byte[] {1, 2, 3, 4});
    byte[] longer = java.util.Arrays.copyOf(raw, raw.length + 3);
    Path extra = Files.write(dir.resolve("extra"), longer);
    IOException e2 = assertThrows(IOException.class, () -> IdxReader.read(extra, 1));
    assertTrue(e2.getMessage().contains("longer than its header announces"), e2.getMessage());
  }

  /**
   * A header that claims 2,000,000 images of 28×28 in a file of about 1 KB, plain or gzip: a
   * truncated file naming both sizes, not an OutOfMemoryError (the data is never allocated at the
   * header's size before the file is known to hold it).
   */
  @Test
  void aLyingHeaderIsTruncatedBeforeAnythingIsAllocated() throws IOException {
    byte[] raw = IdxFiles.idx(new int[] {2_000_000, 28, 28}, IdxFiles.bytes(1000, i -> i));
    for (boolean gzip : new boolean[] {false, true}) {
      Path file = IdxFiles.write(dir.resolve(gzip ? "lie.gz" : "lie"), raw, gzip);
      IOException e = assertThrows(IOException.class, () -> IdxReader.read(file, 3));
      assertEquals(file + ": truncated: the header announces 2000000×28×28 = 1,568,000,000"
          + " values but the file holds 1,000", e.getMessage());
    }
  }

  @Test
  void aDirectoryOrAMissingFileIsNamed() throws IOException {
    Path d = Files.createDirectory(dir.resolve("images"));
    assertEquals("cannot read " + d + ": it is a directory, not an IDX file",
        assertThrows(IOException.class, () -> IdxReader.read(d, 3)).getMessage());
    Path missing = dir.resolve("missing.gz");
    assertEquals("cannot read " + missing + ": " + missing + " does not exist",
        assertThrows(IOException.class, () -> IdxReader.read(missing, 3)).getMessage());
  }
}
