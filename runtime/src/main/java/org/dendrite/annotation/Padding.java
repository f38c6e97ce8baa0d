package org.dendrite.annotation;

/** How a convolution or pooling window treats the input's borders (Keras' {@code padding}). */
public enum Padding {
  /**
   * No padding: the window stays inside the input, and the output has {@code (H - F) / S + 1}
   * rows (rounded down).
   */
  VALID,
  /**
   * Zeros around the input (the extra one, if the total is odd, below and right, as TensorFlow
   * does) so that the output has {@code ceil(H / S)} rows: the input's size at stride 1.
   */
  SAME
}
