package org.dendrite.compiler.ir;

import java.util.List;

/**
 * A sliding window along one axis of an image (a convolution's kernel, a pooling window): its
 * size, its stride and the padding, and the arithmetic of the output's size. SAME pads as Keras
 * and TensorFlow do; VALID adds {@code before} zeros before the input and {@code after} after it
 * (none for Keras' VALID; explicit pads, as PyTorch's and ONNX's, otherwise).
 *
 * @param size the window's extent along the axis
 * @param stride its step
 * @param padding VALID (with the explicit zeros) or SAME
 * @param before the zeros added before the input with VALID; 0 with SAME
 * @param after the zeros added after the input with VALID; 0 with SAME
 */
public record Window(int size, int stride, Padding padding, int before, int after) {
  /** A window without explicit zeros: Keras' VALID or SAME. */
  public Window(int size, int stride, Padding padding) {
    this(size, stride, padding, 0, 0);
  }

  /**
   * The output's extent for an input of {@code in}: {@code (in + before + after - size) / stride
   * + 1} with VALID (not positive when the window does not fit), {@code ceil(in / stride)} with
   * SAME.
   */
  public int output(int in) {
    if (padding == Padding.SAME) {
      return (in + stride - 1) / stride;
    }
    // Floored, so that a window too large gives < 1; in long, as sizes and pads near 2³¹ add up.
    long out = Math.floorDiv((long) in + before + after - size, stride) + 1;
    return (int) Math.min(out, Integer.MAX_VALUE);
  }

  /**
   * The zeros added before the input: {@code total / 2} of the {@code total} SAME needs (the odd
   * one goes after, as TensorFlow does); {@code before} with VALID.
   */
  public int padBefore(int in) {
    return padding == Padding.SAME ? total(in) / 2 : before;
  }

  /** All the zeros added along the axis. */
  public int total(int in) {
    return padding == Padding.SAME ? Math.max((output(in) - 1) * stride + size - in, 0)
        : before + after;
  }

  /**
   * The input rows (or columns) a VALID window never reads, at the end, when {@code in + before
   * + after - size} is not a multiple of the stride and the windows stop short of the last real
   * rows (not only of the zeros after them); 0 otherwise.
   */
  public int unread(int in) {
    long span = (long) in + before + after - size;
    return padding == Padding.VALID && span >= 0 ? (int) Math.max(span % stride - after, 0) : 0;
  }

  /** The two windows of an image without explicit zeros: rows, then columns. */
  public static Window[] of(List<Integer> sizes, List<Integer> strides, Padding padding) {
    return of(sizes, strides, padding, List.of());
  }

  /**
   * The two windows of an image: rows, then columns, with {@code pads} {@code [top, bottom,
   * left, right]} zeros (empty: none).
   */
  public static Window[] of(List<Integer> sizes, List<Integer> strides, Padding padding,
      List<Integer> pads) {
    boolean explicit = pads.size() == 4;
    return new Window[] {
      new Window(sizes.get(0), strides.get(0), padding, explicit ? pads.get(0) : 0,
          explicit ? pads.get(1) : 0),
      new Window(sizes.get(1), strides.get(1), padding, explicit ? pads.get(2) : 0,
          explicit ? pads.get(3) : 0)};
  }
}
