package org.dendrite.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.dendrite.runtime.ReaderChecks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IdxReader against truncated, oversized and malformed files, plain and gzip: every file either
 * reads back consistently or fails with an {@link IOException} naming the file — never an
 * {@link OutOfMemoryError}, a {@link StackOverflowError} or another raw exception. Surefire runs
 * this class with a 256 MB heap (runtime/pom.xml), where a header believed before the file is
 * checked would exhaust the memory.
 */
class IdxReaderFuzzTest {
  @TempDir Path dir;
  private int files;

  /** Reads {@code bytes} as rank {@code rank}: consistent, or an IOException naming the file. */
  private void check(byte[] bytes, int rank, String what) throws IOException {
    ReaderChecks.readsOrNamesTheFile(dir.resolve("f" + files++ + ".idx"), bytes, what, file -> {
      IdxReader.IdxArray a = IdxReader.read(file, rank);
      long n = 1;
      for (int d : a.dimensions()) {
        n *= d;
      }
      assertEquals(n, a.size(), what + ": the dimensions and the data disagree");
    });
  }

  private static byte[] valid(SplittableRandom rng, int rank) {
    int[] dims = new int[rank];
    for (int i = 0; i < rank; i++) {
      dims[i] = rng.nextInt(1, 6);
    }
    return IdxFiles.idx(dims, IdxFiles.bytes(Arrays.stream(dims).reduce(1, (a, b) -> a * b),
        i -> rng.nextInt(256)));
  }

  @Test
  void everyTruncationOfPlainAndGzipFiles() throws IOException {
    SplittableRandom rng = new SplittableRandom(1);
    for (int rank : new int[] {1, 3}) {
      byte[] raw = valid(rng, rank);
      for (byte[] file : new byte[][] {raw, IdxFiles.gzip(raw)}) {
        for (int length = 0; length < file.length; length++) {
          check(Arrays.copyOf(file, length), rank, "first " + length + " bytes");
        }
      }
    }
  }

  /** Headers announcing sizes from one value to more than an array holds, in tiny files. */
  @Test
  void headersThatLieAboutTheirSize() throws IOException {
    int[] sizes = {0, -1, 1, 2, 255, 1 << 16, 1 << 24, 46_340, 2_000_000, Integer.MAX_VALUE};
    for (int a : sizes) {
      for (int b : sizes) {
        byte[] raw = IdxFiles.idx(0x0803, new int[] {a, b, 28}, new byte[1000]);
        check(raw, 3, a + "×" + b + "×28, plain");
        check(IdxFiles.gzip(raw), 3, a + "×" + b + "×28, gzip");
      }
    }
  }

  /** A gzip stream that inflates to far more than the header announces. */
  @Test
  void aGzipBombIsLongerThanItsHeaderNotAnOutOfMemoryError() throws IOException {
    check(gzipWithZeros(new int[] {10}, 300L << 20), 1,
        "300 MB of zeros behind a 10-value header");
  }

  /**
   * A 1.5 MB gzip file whose header tells the truth: 2,000,000 images of 28×28 zeros, 1.5 GB,
   * more than the heap. Not an OutOfMemoryError but an IOException saying so.
   */
  @Test
  void aFileLargerThanTheHeapIsAnIoException() throws IOException {
    check(gzipWithZeros(new int[] {2_000_000, 28, 28}, 2_000_000L * 28 * 28), 3,
        "1.5 GB of zeros, as announced");
  }

  /** An IDX header of {@code dims} followed by {@code zeros} zero bytes, gzip-compressed. */
  private static byte[] gzipWithZeros(int[] dims, long zeros) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(bytes, 1 << 16)) {
      out.write(IdxFiles.idx(dims, new byte[0]));
      byte[] chunk = new byte[1 << 20];
      for (long left = zeros; left > 0; left -= chunk.length) {
        out.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
    }
    return bytes.toByteArray();
  }

  /** Random bytes flipped in valid files, and random files. */
  @Test
  void randomCorruption() throws IOException {
    SplittableRandom rng = new SplittableRandom(2);
    for (int round = 0; round < 400; round++) {
      int rank = rng.nextBoolean() ? 1 : 3;
      byte[] raw = valid(rng, rank);
      byte[] file = rng.nextBoolean() ? IdxFiles.gzip(raw) : raw;
      int flips = rng.nextInt(1, 4);
      for (int i = 0; i < flips; i++) {
        file[rng.nextInt(file.length)] ^= (byte) rng.nextInt(1, 256);
      }
      check(file, rank, "round " + round + " with " + flips + " flipped bytes");
    }
    for (int round = 0; round < 100; round++) {
      byte[] noise = new byte[rng.nextInt(0, 64)];
      rng.nextBytes(noise);
      if (noise.length >= 4 && rng.nextBoolean()) {
        ByteBuffer.wrap(noise).putInt(0, 0x0803); // past the magic number, into the dimensions
      }
      check(noise, 3, "noise of " + noise.length + " bytes");
    }
  }
}
