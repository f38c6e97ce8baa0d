package org.dendrite.runtime.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.dendrite.runtime.io.FileErrors;
import org.dendrite.runtime.io.FileErrors.NamedFileException;

/**
 * Reads IDX files of unsigned bytes (the format of MNIST and Fashion-MNIST), gzip-compressed or
 * not. A file that is not such a file, or that ends early, is an {@link IOException} naming the
 * file and what is wrong.
 */
public final class IdxReader {
  /** The IDX type code of unsigned bytes. */
  private static final int UNSIGNED_BYTE = 0x08;
  /** The most values an array may hold: a Java array's limit. */
  private static final long MAX_VALUES = Integer.MAX_VALUE - 8;

  private IdxReader() {}

  /** An IDX array: its dimensions and its values, row-major. */
  public static final class IdxArray {
    private final int[] dimensions;
    private final byte[] data;

    IdxArray(int[] dimensions, byte[] data) {
      this.dimensions = dimensions;
      this.data = data;
    }

    /** A copy of the dimensions, outermost first. */
    public int[] dimensions() {
      return dimensions.clone();
    }

    /** The unsigned value at flat index {@code i}. */
    public int get(int i) {
      return data[i] & 0xff;
    }

    /** The number of values. */
    public int size() {
      return data.length;
    }

    /** The values as stored, unsigned bytes (live, not a copy). */
    byte[] bytes() {
      return data;
    }
  }

  /**
   * Reads an IDX file of unsigned bytes with {@code expectedRank} dimensions.
   *
   * @throws IOException if the file cannot be read, is not gzip or IDX, has another rank or type,
   *     or ends before the data its header announces
   */
  public static IdxArray read(Path file, int expectedRank) throws IOException {
    return FileErrors.read(file, "an IDX file", () -> {
      try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        // What an uncompressed file can hold, to check a header against before allocating; a
        // gzip stream's size is only known at its end, so its data is read in growing chunks.
        long available = gzip ? -1 : Files.size(file);
        try (DataInputStream in =
            new DataInputStream(gzip ? new GZIPInputStream(raw, 1 << 16) : raw)) {
          return read(in, file, expectedRank, available);
        } catch (ZipException | EOFException e) {
          throw new NamedFileException(file + ": corrupt gzip data (" + e.getMessage() + ")", e);
        }
      }
    });
  }

  private static IdxArray read(DataInputStream in, Path file, int expectedRank, long fileSize)
      throws IOException {
    int magic;
    try {
      magic = in.readInt();
    } catch (EOFException e) {
      throw new NamedFileException(file + ": empty or truncated: no IDX header", e);
    }
    int type = (magic >>> 8) & 0xff;
    int rank = magic & 0xff;
    if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE || rank != expectedRank) {
      throw new NamedFileException(String.format(Locale.ROOT,
          "%s: not an IDX file of unsigned bytes with %d dimensions: magic number 0x%08x,"
              + " expected 0x%08x", file, expectedRank, magic,
          (UNSIGNED_BYTE << 8) | expectedRank));
    }
    int[] dims = new int[rank];
    long size = 1;
    try {
      for (int i = 0; i < rank; i++) {
        dims[i] = in.readInt();
        if (dims[i] <= 0) {
          throw new NamedFileException(file + ": dimension " + i + " is " + dims[i]);
        }
        // Checked factor by factor: below the limit times a factor below 2^31, no overflow.
        size *= dims[i];
        if (size > MAX_VALUES) {
          throw new NamedFileException(String.format(Locale.ROOT,
              "%s: the header's dimensions %s hold more values than a Java array can (%,d)",
              file, Arrays.toString(Arrays.copyOf(dims, i + 1)), MAX_VALUES));
        }
      }
    } catch (EOFException e) {
      throw new NamedFileException(file + ": truncated inside the IDX header", e);
    }
    long header = 4L + 4L * rank;
    if (fileSize >= 0 && fileSize - header < size) {
      throw truncated(file, dims, size, fileSize - header);
    }
    byte[] data;
    try {
      data = readData(in, (int) size, fileSize >= 0);
    } catch (OutOfMemoryError e) {
      // One array too large for the heap: the allocation failed, nothing else did.
      throw new NamedFileException(String.format(Locale.ROOT, "%s: the header announces %s = %,d"
          + " values, more than this JVM's heap holds (%,d MB); give it more with -Xmx", file,
          formatDims(dims), size, Runtime.getRuntime().maxMemory() >> 20));
    }
    if (data.length < size) {
      throw truncated(file, dims, size, data.length);
    }
    // Reading to the end also makes GZIPInputStream verify the CRC and length of the trailer.
    if (in.read() != -1) {
      throw new NamedFileException(String.format(Locale.ROOT,
          "%s: longer than its header announces (%s = %,d values)", file, formatDims(dims),
          size));
    }
    return new IdxArray(dims, data);
  }

  /**
   * Reads up to {@code size} bytes; fewer if the stream ends first. With {@code known} the file
   * was checked to hold them, and the array is allocated at once; otherwise it grows as data
   * arrives, so a lying header costs no more memory than the data really there.
   */
  private static byte[] readData(InputStream in, int size, boolean known) throws IOException {
    byte[] data = new byte[known ? size : Math.min(size, 1 << 20)];
    int n = 0;
    while (n < size) {
      if (n == data.length) {
        data = Arrays.copyOf(data, (int) Math.min(size, 2L * data.length));
      }
      int r = in.read(data, n, data.length - n);
      if (r < 0) {
        return Arrays.copyOf(data, n);
      }
      n += r;
    }
    return data;
  }

  private static NamedFileException truncated(Path file, int[] dims, long size, long holds) {
    return new NamedFileException(String.format(Locale.ROOT,
        "%s: truncated: the header announces %s = %,d values but the file holds %,d",
        file, formatDims(dims), size, Math.max(0, holds)));
  }

  private static String formatDims(int[] dims) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < dims.length; i++) {
      sb.append(i == 0 ? "" : "×").append(dims[i]);
    }
    return sb.toString();
  }
}
