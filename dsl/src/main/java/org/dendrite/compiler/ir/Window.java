package org.dendrite.compiler.ir;

/**
 * A sliding window along one axis of an image (a convolution's kernel, a pooling window): its
 * size, its stride and the padding, and the arithmetic of Keras' and TensorFlow's output sizes.
 *
 * @param size the window's extent along the axis
 * @param stride its step
 * @param padding VALID or SAME
 */
public record Window(int size, int stride, Padding padding) {
  /**
   * The output's extent for an input of {@code in}: {@code (in - size) / stride + 1} with VALID
   * (not positive when the window does not fit), {@code ceil(in / stride)} with SAME.
   */
  public int output(int in) {
    return padding == Padding.SAME ? (in + stride - 1) / stride
        : Math.floorDiv(in - size, stride) + 1; // floored, so a window too large gives < 1
  }

  /**
   * The zeros added before the input, {@code total / 2} of the {@code total} SAME needs (the odd
   * one goes after, as TensorFlow does); 0 with VALID.
   */
  public int padBefore(int in) {
    return padding == Padding.SAME ? total(in) / 2 : 0;
  }

  /** All the zeros added along the axis. */
  public int total(int in) {
    return padding == Padding.SAME ? Math.max((output(in) - 1) * stride + size - in, 0) : 0;
  }

  /**
   * The input rows (or columns) a VALID window never reads, at the end, when {@code in - size}
   * is not a multiple of the stride; 0 otherwise.
   */
  public int unread(int in) {
    return padding == Padding.VALID && in >= size ? (in - size) % stride : 0;
  }

  /** The two windows of an image: rows, then columns. */
  public static Window[] of(java.util.List<Integer> sizes, java.util.List<Integer> strides,
      Padding padding) {
    return new Window[] {
      new Window(sizes.get(0), strides.get(0), padding),
      new Window(sizes.get(1), strides.get(1), padding)};
  }
}
