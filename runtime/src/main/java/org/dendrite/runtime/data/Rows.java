package org.dendrite.runtime.data;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.dendrite.runtime.kernel.Kernels;

/**
 * Rows of {@link #width} floats as a dataset stores them: floats on the heap, bytes turned into
 * floats when read, a memory-mapped file, or a selection of another's rows. Reading copies;
 * nothing writes, so any number of threads may read at once.
 */
abstract class Rows {
  final int width;
  final int size;

  Rows(int width, int size) {
    this.width = width;
    this.size = size;
  }

  /** Copies values {@code [from, to)} of row {@code row} to {@code dst} at {@code offset}. */
  abstract void copy(int row, int from, int to, float[] dst, int offset);

  /** Copies the {@code count} whole rows from {@code first}, flat, to {@code dst}. */
  void copyRows(int first, int count, float[] dst, int offset) {
    for (int i = 0; i < count; i++) {
      copy(first + i, 0, width, dst, offset + i * width);
    }
  }

  /** Rows {@code [from, to)}, without a copy. */
  abstract Rows slice(int from, int to);

  /** The rows {@code index[0], index[1], …}, without a copy of the data. */
  Rows select(int[] index) {
    return new Selected(this, index);
  }

  /** Bytes of heap or mapping that these rows keep alive, for messages and measurements. */
  abstract long bytes();

  /** Whether every value these rows read is finite, whatever values they store. */
  boolean alwaysFinite() {
    return false;
  }

  /** Floats on the heap: rows {@code [0, size)} from {@code start} in {@code values}. */
  static final class Floats extends Rows {
    private final float[] values;
    private final int start;

    Floats(float[] values, int start, int width, int size) {
      super(width, size);
      this.values = values;
      this.start = start;
    }

    @Override
    void copy(int row, int from, int to, float[] dst, int offset) {
      System.arraycopy(values, start + row * width + from, dst, offset, to - from);
    }

    @Override
    void copyRows(int first, int count, float[] dst, int offset) {
      System.arraycopy(values, start + first * width, dst, offset, count * width);
    }

    @Override
    Rows slice(int from, int to) {
      return new Floats(values, start + from * width, width, to - from);
    }

    @Override
    long bytes() {
      return 4L * width * size;
    }
  }

  /**
   * Unsigned bytes on the heap, each read as {@code (b & 0xff) / divisor} as a batch is gathered
   * ({@link Kernels#unsignedBytes}: vectors of bytes widened and divided, where a table lookup per
   * value took 9 % of 784-300-100-10's training step).
   */
  static final class Bytes extends Rows {
    private static final Kernels K = Kernels.get();

    private final byte[] values;
    private final int start;
    private final float divisor;

    Bytes(byte[] values, int start, int width, int size, float divisor) {
      super(width, size);
      this.values = values;
      this.start = start;
      this.divisor = divisor;
    }

    @Override
    void copy(int row, int from, int to, float[] dst, int offset) {
      K.unsignedBytes(values, start + row * width + from, divisor, dst, offset, to - from);
    }

    @Override
    void copyRows(int first, int count, float[] dst, int offset) {
      K.unsignedBytes(values, start + first * width, divisor, dst, offset, count * width);
    }

    @Override
    Rows slice(int from, int to) {
      return new Bytes(values, start + from * width, width, to - from, divisor);
    }

    @Override
    long bytes() {
      return (long) width * size;
    }

    /** 255 is the largest byte read: if it divides to a finite value, every byte does. */
    @Override
    boolean alwaysFinite() {
      return Float.isFinite(255f / divisor);
    }
  }

  /**
   * Floats in memory-mapped segments of a file whose records hold {@code stride} floats each,
   * these rows' values being {@code [column, column + width)} of records {@code [first, first +
   * size)}. Each segment holds {@code perSegment} whole records.
   */
  static final class Mapped extends Rows {
    private final FloatBuffer[] segments;
    private final int perSegment;
    private final int stride;
    private final int column;
    private final long first;

    Mapped(FloatBuffer[] segments, int perSegment, int stride, int column, long first, int width,
        int size) {
      super(width, size);
      this.segments = segments;
      this.perSegment = perSegment;
      this.stride = stride;
      this.column = column;
      this.first = first;
    }

    @Override
    void copy(int row, int from, int to, float[] dst, int offset) {
      long record = first + row;
      FloatBuffer segment = segments[(int) (record / perSegment)];
      int at = (int) (record % perSegment) * stride + column + from;
      segment.get(at, dst, offset, to - from); // absolute: no shared position, thread-safe
    }

    @Override
    Rows slice(int from, int to) {
      return new Mapped(segments, perSegment, stride, column, first + from, width, to - from);
    }

    @Override
    long bytes() {
      return 4L * width * size;
    }
  }

  /** Another's rows, each value {@code v} read as {@code (v - offset[column]) · factor[column]}. */
  static final class Scaled extends Rows {
    private final Rows base;
    private final float[] offset;
    private final float[] factor;

    Scaled(Rows base, float[] offset, float[] factor) {
      super(base.width, base.size);
      this.base = base;
      this.offset = offset;
      this.factor = factor;
    }

    @Override
    void copy(int row, int from, int to, float[] dst, int offset) {
      base.copy(row, from, to, dst, offset);
      scale(dst, offset, from, to - from);
    }

    @Override
    void copyRows(int first, int count, float[] dst, int offset) {
      base.copyRows(first, count, dst, offset);
      for (int r = 0; r < count; r++) {
        scale(dst, offset + r * width, 0, width);
      }
    }

    private void scale(float[] dst, int at, int column, int n) {
      for (int i = 0; i < n; i++) {
        dst[at + i] = (dst[at + i] - offset[column + i]) * factor[column + i];
      }
    }

    @Override
    Rows slice(int from, int to) {
      return new Scaled(base.slice(from, to), offset, factor);
    }

    @Override
    Rows select(int[] index) {
      return new Scaled(base.select(index), offset, factor);
    }

    @Override
    long bytes() {
      return base.bytes();
    }
  }

  /** Another's rows through an index. */
  static final class Selected extends Rows {
    private final Rows base;
    private final int[] index;

    Selected(Rows base, int[] index) {
      super(base.width, index.length);
      this.base = base;
      this.index = index;
    }

    @Override
    void copy(int row, int from, int to, float[] dst, int offset) {
      base.copy(index[row], from, to, dst, offset);
    }

    @Override
    Rows slice(int from, int to) {
      return new Selected(base, Arrays.copyOfRange(index, from, to));
    }

    @Override
    Rows select(int[] rows) {
      int[] composed = new int[rows.length];
      for (int i = 0; i < rows.length; i++) {
        composed[i] = index[rows[i]];
      }
      return new Selected(base, composed);
    }

    /** Half the index, which a dataset's features and targets share; the data is the base's. */
    @Override
    long bytes() {
      return 2L * index.length;
    }

    @Override
    boolean alwaysFinite() {
      return base.alwaysFinite();
    }
  }
}
