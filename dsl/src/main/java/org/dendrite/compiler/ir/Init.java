package org.dendrite.compiler.ir;

import java.util.Locale;

/** Kernel initialisers; the same constants as {@code org.dendrite.annotation.Init}. */
public enum Init {
  AUTO,
  GLOROT_UNIFORM,
  GLOROT_NORMAL,
  HE_UNIFORM,
  HE_NORMAL,
  ZEROS;

  /** The lower-case spelling of {@code .nn} files. */
  public String spelling() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * What {@link #AUTO} means: Glorot uniform for every activation, as in Keras and the PyTorch
   * peers. He was the default for the ReLU family until measured on Fashion-MNIST over ten seeds
   * (docs/accuracy.md): Glorot matched PyTorch's accuracy there and He fell short of it.
   */
  public Init resolve(Activation activation) {
    return this == AUTO ? GLOROT_UNIFORM : this;
  }
}
