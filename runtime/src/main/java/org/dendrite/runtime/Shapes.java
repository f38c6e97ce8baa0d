package org.dendrite.runtime;

/** Formatting and arithmetic of tensor shapes, shared by messages and summaries. */
public final class Shapes {
  private Shapes() {}

  /** {@code [28, 28]} as {@code 28×28}; a rank-1 shape as its one number. */
  public static String format(int[] shape) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < shape.length; i++) {
      if (i > 0) {
        sb.append('×');
      }
      sb.append(shape[i]);
    }
    return sb.toString();
  }

  /** The number of values of a shape. */
  public static int size(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }
}
