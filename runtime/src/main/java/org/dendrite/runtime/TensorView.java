package org.dendrite.runtime;

import java.util.Arrays;
import java.util.Objects;

/**
 * A live, row-major view of one tensor inside a model's flat parameter array: reading it sees
 * training's updates, writing it changes the model. Indices are checked against the shape.
 */
public final class TensorView {
  private final String name;
  private final float[] data;
  private final int offset;
  private final int[] shape;
  private final int size;

  /**
   * Creates a view of {@code data[offset .. offset + product(shape))}; used by generated code.
   *
   * @throws IllegalArgumentException if a dimension is not positive or the view exceeds the array
   */
  public TensorView(String name, float[] data, int offset, int... shape) {
    this.name = Objects.requireNonNull(name, "name");
    this.data = Objects.requireNonNull(data, "data");
    this.shape = shape.clone();
    long n = 1;
    for (int d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException(
            name + ": every dimension must be positive, got " + Shapes.format(shape));
      }
      n *= d;
    }
    if (offset < 0 || offset + n > data.length) {
      throw new IllegalArgumentException(
          name + ": a view of " + n + " values at offset " + offset + " exceeds the array of "
              + data.length);
    }
    this.offset = offset;
    this.size = (int) n;
  }

  /** The tensor's name, {@code <layer>.<weight>}, e.g. {@code hidden1.kernel}. */
  public String name() {
    return name;
  }

  /** A copy of the shape, outermost dimension first ({@code [inputs, units]} for a kernel). */
  public int[] shape() {
    return shape.clone();
  }

  /** The number of values. */
  public int size() {
    return size;
  }

  /** The backing array: the model's flat parameter array. */
  public float[] array() {
    return data;
  }

  /** Where the view starts in {@link #array()}. */
  public int offset() {
    return offset;
  }

  /** The value at a flat row-major index in [0, size()). */
  public float get(int index) {
    return data[offset + checkFlat(index)];
  }

  /** The value at {@code [row][column]} of a rank-2 view. */
  public float get(int row, int column) {
    return data[offset + index2(row, column)];
  }

  /** Sets the value at a flat row-major index in [0, size()). */
  public void set(int index, float value) {
    data[offset + checkFlat(index)] = value;
  }

  /** Sets the value at {@code [row][column]} of a rank-2 view. */
  public void set(int row, int column, float value) {
    data[offset + index2(row, column)] = value;
  }

  /**
   * Overwrites every value, in row-major order.
   *
   * @throws IllegalArgumentException if {@code values.length != size()}
   */
  public void copyFrom(float[] values) {
    if (values.length != size) {
      throw new IllegalArgumentException(
          name + " has " + size + " values (" + Shapes.format(shape) + "), got " + values.length);
    }
    System.arraycopy(values, 0, data, offset, size);
  }

  /** A copy of the values, in row-major order. */
  public float[] toArray() {
    return Arrays.copyOfRange(data, offset, offset + size);
  }

  private int checkFlat(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(
          name + ": index " + index + " is outside [0, " + size + ")");
    }
    return index;
  }

  private int index2(int row, int column) {
    if (shape.length != 2) {
      throw new IllegalArgumentException(
          name + " has shape " + Shapes.format(shape) + ", not two dimensions");
    }
    if (row < 0 || row >= shape[0] || column < 0 || column >= shape[1]) {
      throw new IndexOutOfBoundsException(
          name + ": [" + row + "][" + column + "] is outside " + Shapes.format(shape));
    }
    return row * shape[1] + column;
  }

  @Override
  public String toString() {
    return name + " " + Shapes.format(shape);
  }
}
