package org.dendrite.compiler.ir;

import java.util.Locale;

/** Border handling of convolution and pooling windows; the same constants as the annotation's. */
public enum Padding {
  VALID,
  SAME;

  /** The lower-case spelling of {@code .nn} files. */
  public String spelling() {
    return name().toLowerCase(Locale.ROOT);
  }
}
