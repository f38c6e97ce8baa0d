package org.dendrite.annotation;

/** Kernel initialisers of a {@link Dense} layer; biases always start at zero. */
public enum Init {
  /** {@link #GLOROT_UNIFORM}, Keras' default, for every activation. */
  AUTO,
  /** Uniform in ±sqrt(6 / (fanIn + fanOut)) (Glorot and Bengio, 2010). */
  GLOROT_UNIFORM,
  /** Truncated normal with standard deviation sqrt(2 / (fanIn + fanOut)), as Keras draws it. */
  GLOROT_NORMAL,
  /** Uniform in ±sqrt(6 / fanIn) (He et al., 2015). */
  HE_UNIFORM,
  /** Truncated normal with standard deviation sqrt(2 / fanIn), as Keras draws it. */
  HE_NORMAL,
  /** All zeros. */
  ZEROS
}
