package org.dendrite.compiler.ir;

import java.util.Locale;

/** Activation functions; the same constants as {@code org.dendrite.annotation.Activation}. */
public enum Activation {
  LINEAR,
  STEP,
  SIGMOID,
  TANH,
  RELU,
  LEAKY_RELU,
  SOFTPLUS,
  SOFTMAX;

  /** The lower-case spelling of {@code .nn} files and summaries: {@code leaky_relu}. */
  public String spelling() {
    return name().toLowerCase(Locale.ROOT);
  }
}
