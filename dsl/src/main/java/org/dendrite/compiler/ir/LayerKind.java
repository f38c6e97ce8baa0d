package org.dendrite.compiler.ir;

import java.util.Locale;

/** The kinds of layer, as summaries and diagnostics name them. */
public enum LayerKind {
  INPUT("Input"),
  FLATTEN("Flatten"),
  DENSE("Dense"),
  DROPOUT("Dropout");

  private final String displayName;

  LayerKind(String displayName) {
    this.displayName = displayName;
  }

  /** The name of the annotation and of the layer type in summaries: {@code Dense}. */
  public String displayName() {
    return displayName;
  }

  /** The {@code .nn} keyword: {@code dense}. */
  public String keyword() {
    return name().toLowerCase(Locale.ROOT);
  }
}
