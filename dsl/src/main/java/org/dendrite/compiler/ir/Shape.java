package org.dendrite.compiler.ir;

import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

/**
 * The shape of one sample, outermost dimension first: {@code 28×28×1} for a channels-last image,
 * {@code 300} for a dense layer's output. Immutable. Dimensions are what the network declared and
 * may be zero or negative in a network the checker rejects.
 */
public final class Shape {
  private final int[] dims;

  private Shape(int[] dims) {
    this.dims = dims;
  }

  /** A shape of these dimensions. */
  public static Shape of(int... dims) {
    return new Shape(dims.clone());
  }

  /** A shape of these dimensions. */
  public static Shape of(List<Integer> dims) {
    return new Shape(dims.stream().mapToInt(Integer::intValue).toArray());
  }

  /** The number of dimensions. */
  public int rank() {
    return dims.length;
  }

  /** Dimension {@code i}, outermost first. */
  public int dim(int i) {
    return dims[i];
  }

  /** The dimensions, as a new array. */
  public int[] dims() {
    return dims.clone();
  }

  /** Whether the shape is one-dimensional, as a dense layer's input must be. */
  public boolean isFlat() {
    return dims.length == 1;
  }

  /** Whether every dimension is positive (and there is one). */
  public boolean positive() {
    for (int d : dims) {
      if (d <= 0) {
        return false;
      }
    }
    return dims.length > 0;
  }

  /** The number of values: the product of the dimensions, as a long so overflow can be seen. */
  public long size() {
    long n = 1;
    for (int d : dims) {
      n *= d;
    }
    return n;
  }

  /**
   * The number of values as an {@code int}, for shapes the checker accepted (it rejects any
   * larger than a Java array).
   *
   * @throws ArithmeticException if the size does not fit an {@code int}
   */
  public int intSize() {
    return Math.toIntExact(size());
  }

  /** As diagnostics write it: {@code 28×28}. */
  @Override
  public String toString() {
    return join("×");
  }

  /** The dimensions joined by {@code separator}: {@code 28x28} for {@code "x"}. */
  public String join(String separator) {
    StringJoiner j = new StringJoiner(separator);
    for (int d : dims) {
      j.add(Integer.toString(d));
    }
    return j.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape s && Arrays.equals(dims, s.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }
}
