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

  /** What {@link #AUTO} means for an activation: He for the ReLU family, Glorot otherwise. */
  public Init resolve(Activation activation) {
    if (this != AUTO) {
      return this;
    }
    return activation.reluFamily() ? HE_UNIFORM : GLOROT_UNIFORM;
  }
}
