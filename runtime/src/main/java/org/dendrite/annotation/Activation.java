package org.dendrite.annotation;

/** Activation functions of a {@link Dense} layer. */
public enum Activation {
  /** The identity: {@code f(z) = z}. */
  LINEAR,
  /**
   * Heaviside step: 1 if {@code z >= 0}, else 0. It has no gradient, so it is allowed only on the
   * output of a network trained with {@link Loss#PERCEPTRON} (the perceptron learning rule).
   */
  STEP,
  /** The logistic function {@code 1 / (1 + e^-z)}. */
  SIGMOID,
  /** The hyperbolic tangent. */
  TANH,
  /** Rectified linear unit: {@code max(0, z)}. */
  RELU,
  /** {@code z} if {@code z > 0}, else {@code alpha · z} ({@link Dense#alpha()}). */
  LEAKY_RELU,
  /** {@code ln(1 + e^z)}, a smooth ReLU. */
  SOFTPLUS,
  /** Normalised exponentials over the layer's units: the outputs are positive and sum to 1. */
  SOFTMAX
}
