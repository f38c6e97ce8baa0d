package org.dendrite.annotation;

/** Loss functions a {@link Network} is trained with; the value reported is the mean over samples. */
public enum Loss {
  /** Mean squared error, averaged over the output units. Targets: one value per output unit. */
  MSE,
  /**
   * Binary cross-entropy averaged over the output units; needs {@link Activation#SIGMOID} outputs.
   * Targets: one value in [0, 1] per output unit.
   */
  BINARY_CROSSENTROPY,
  /**
   * Cross-entropy against a probability distribution; needs a {@link Activation#SOFTMAX} output
   * of at least two units. Targets: one value per output unit (e.g. one-hot).
   */
  CATEGORICAL_CROSSENTROPY,
  /**
   * Cross-entropy against a class index; needs a {@link Activation#SOFTMAX} output of at least two
   * units. Targets: one class index per sample, stored as a {@code float}.
   */
  SPARSE_CATEGORICAL_CROSSENTROPY,
  /**
   * The perceptron criterion, trained with Rosenblatt's rule; needs one {@link Activation#STEP} or
   * {@link Activation#LINEAR} output unit. Targets: 0 or 1 per sample.
   */
  PERCEPTRON
}
