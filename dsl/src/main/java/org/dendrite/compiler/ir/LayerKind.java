package org.dendrite.compiler.ir;

/** The kinds of layer, as summaries and diagnostics name them. */
public enum LayerKind {
  INPUT("Input", "input"),
  FLATTEN("Flatten", "flatten"),
  DENSE("Dense", "dense"),
  DROPOUT("Dropout", "dropout"),
  BATCH_NORM("BatchNorm", "batchnorm");

  private final String displayName;
  private final String keyword;

  LayerKind(String displayName, String keyword) {
    this.displayName = displayName;
    this.keyword = keyword;
  }

  /** The name of the annotation and of the layer type in summaries: {@code Dense}. */
  public String displayName() {
    return displayName;
  }

  /** The {@code .nn} keyword: {@code dense}. */
  public String keyword() {
    return keyword;
  }
}
