package org.dendrite.runtime.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files of unsigned bytes (the format of MNIST and Fashion-MNIST), gzip-compressed or
 * not. A file that is not such a file, or that ends early, is an {@link IOException} naming the
 * file and what is wrong.
 */
public final class IdxReader {
  /** The IDX type code of unsigned bytes. */
  private static final int UNSIGNED_BYTE = 0x08;

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
  }

  /**
   * Reads an IDX file of unsigned bytes with {@code expectedRank} dimensions.
   *
   * @throws IOException if the file cannot be read, is not gzip or IDX, has another rank or type,
   *     or ends before the data its header announces
   */
  public static IdxArray read(Path file, int expectedRank) throws IOException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      raw.mark(2);
      int b0 = raw.read();
      int b1 = raw.read();
      raw.reset();
      boolean gzip = b0 == 0x1f && b1 == 0x8b;
      try (DataInputStream in =
          new DataInputStream(gzip ? new GZIPInputStream(raw, 1 << 16) : raw)) {
        return read(in, file, expectedRank);
      } catch (ZipException | EOFException e) {
        throw new IOException(file + ": corrupt gzip data (" + e.getMessage() + ")", e);
      }
    }
  }

  private static IdxArray read(DataInputStream in, Path file, int expectedRank)
      throws IOException {
    int magic;
    try {
      magic = in.readInt();
    } catch (EOFException e) {
      throw new IOException(file + ": empty or truncated: no IDX header", e);
    }
    int type = (magic >>> 8) & 0xff;
    int rank = magic & 0xff;
    if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE || rank != expectedRank) {
      throw new IOException(String.format(
          "%s: not an IDX file of unsigned bytes with %d dimensions: magic number 0x%08x,"
              + " expected 0x%08x", file, expectedRank, magic, (UNSIGNED_BYTE << 8) | expectedRank));
    }
    int[] dims = new int[rank];
    long size = 1;
    try {
      for (int i = 0; i < rank; i++) {
        dims[i] = in.readInt();
        if (dims[i] <= 0) {
          throw new IOException(file + ": dimension " + i + " is " + dims[i]);
        }
        size *= dims[i];
      }
    } catch (EOFException e) {
      throw new IOException(file + ": truncated inside the IDX header", e);
    }
    if (size > Integer.MAX_VALUE - 8) {
      throw new IOException(file + ": " + Arrays.toString(dims) + " is too large to load");
    }
    byte[] data = new byte[(int) size];
    int read = in.readNBytes(data, 0, data.length);
    if (read < data.length) {
      throw new IOException(String.format(
          "%s: truncated: the header announces %s = %,d values but the file holds %,d",
          file, formatDims(dims), size, read));
    }
    // Reading to the end also makes GZIPInputStream verify the CRC and length of the trailer.
    if (in.read() != -1) {
      throw new IOException(String.format(
          "%s: longer than its header announces (%s = %,d values)", file, formatDims(dims),
          size));
    }
    return new IdxArray(dims, data);
  }

  private static String formatDims(int[] dims) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < dims.length; i++) {
      sb.append(i == 0 ? "" : "×").append(dims[i]);
    }
    return sb.toString();
  }
}
