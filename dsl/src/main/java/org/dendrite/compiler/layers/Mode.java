package org.dendrite.compiler.layers;

/** Which pass a forward call is written into. */
public enum Mode {
  /** {@code predict} and {@code evaluate}: inference behaviour (dropout off, moving averages). */
  PREDICT,
  /** {@code predictDeferred}: as PREDICT, the first layer starting from the caller's products. */
  PREDICT_DEFERRED,
  /** {@code train}: training behaviour, the first layer's products optionally the caller's. */
  TRAIN
}
