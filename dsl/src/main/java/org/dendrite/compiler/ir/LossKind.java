package org.dendrite.compiler.ir;

import java.util.Locale;

/** Loss functions; the same constants as {@code org.dendrite.annotation.Loss}. */
public enum LossKind {
  MSE,
  BINARY_CROSSENTROPY,
  CATEGORICAL_CROSSENTROPY,
  SPARSE_CATEGORICAL_CROSSENTROPY,
  PERCEPTRON;

  /** The lower-case spelling of {@code .nn} files: {@code sparse_categorical_crossentropy}. */
  public String spelling() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether targets are one class index (or label) per sample rather than one value per unit. */
  public boolean indexTargets() {
    return this == SPARSE_CATEGORICAL_CROSSENTROPY || this == PERCEPTRON;
  }
}
