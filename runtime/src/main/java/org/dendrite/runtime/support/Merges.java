package org.dendrite.runtime.support;

/**
 * The merges of network graphs, as the generated passes call them: element-wise sums and
 * concatenations of row-major samples, with the copies that undo a concatenation in the backward
 * pass. Plain loops and {@link System#arraycopy}: they move memory, which the JIT vectorises, and
 * give the same results on every path. Every call checks its ranges first, naming the sizes.
 */
public final class Merges {
  private Merges() {}

  /** {@code dst[dstOff + i] = a[aOff + i] + b[bOff + i]} for {@code i < len}. */
  public static void add(float[] a, int aOff, float[] b, int bOff, float[] dst, int dstOff,
      int len) {
    range("a", a, aOff, len);
    range("b", b, bOff, len);
    range("dst", dst, dstOff, len);
    for (int i = 0; i < len; i++) {
      dst[dstOff + i] = a[aOff + i] + b[bOff + i];
    }
  }

  /** {@code dst[dstOff + i] += src[srcOff + i]} for {@code i < len}. */
  public static void accumulate(float[] src, int srcOff, float[] dst, int dstOff, int len) {
    range("src", src, srcOff, len);
    range("dst", dst, dstOff, len);
    for (int i = 0; i < len; i++) {
      dst[dstOff + i] += src[srcOff + i];
    }
  }

  /**
   * Copies {@code rows} blocks of {@code width} values, adjacent in {@code src}, into blocks
   * {@code stride} values apart in {@code dst}: block {@code r} goes to {@code dstOff + r ·
   * stride}. One input of a concatenation, {@code dstOff} its column in the output's blocks.
   */
  public static void concatenate(float[] src, int srcOff, int rows, int width, float[] dst,
      int dstOff, int stride) {
    blocks(rows, width, dstOff, stride);
    range("src", src, srcOff, (long) rows * width);
    range("dst", dst, dstOff, rows == 0 ? 0 : (long) (rows - 1) * stride + width);
    for (int r = 0; r < rows; r++) {
      System.arraycopy(src, srcOff + r * width, dst, dstOff + r * stride, width);
    }
  }

  /**
   * The inverse of {@link #concatenate}: copies {@code rows} blocks of {@code width} values,
   * {@code stride} apart in {@code src} from {@code srcOff}, to adjacent blocks in {@code dst}.
   */
  public static void split(float[] src, int srcOff, int stride, int rows, int width, float[] dst,
      int dstOff) {
    blocks(rows, width, srcOff, stride);
    range("src", src, srcOff, rows == 0 ? 0 : (long) (rows - 1) * stride + width);
    range("dst", dst, dstOff, (long) rows * width);
    for (int r = 0; r < rows; r++) {
      System.arraycopy(src, srcOff + r * stride, dst, dstOff + r * width, width);
    }
  }

  private static void blocks(int rows, int width, int column, int stride) {
    if (rows < 0 || width < 0 || column < 0 || (long) column + width > stride) {
      throw new IllegalArgumentException("blocks of " + width + " values from column " + column
          + " do not fit rows of " + stride + " values (" + rows + " rows)");
    }
  }

  private static void range(String what, float[] array, int offset, long len) {
    if (array == null) {
      throw new NullPointerException(what + " is null");
    }
    if (offset < 0 || len < 0 || offset + len > array.length) {
      throw new IllegalArgumentException(what + " holds " + array.length + " values; " + len
          + " values from offset " + offset + " do not fit");
    }
  }
}
