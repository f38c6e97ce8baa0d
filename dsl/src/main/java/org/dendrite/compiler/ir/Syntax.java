package org.dendrite.compiler.ir;

/** The front end a network came from; diagnostics name layer kinds the way it spells them. */
public enum Syntax {
  /** A Java class with layer annotations: {@code @Dense}. */
  ANNOTATIONS,
  /** A {@code .nn} file: {@code dense}. */
  NN;

  /** How this syntax writes a layer kind: {@code @Dense} or {@code dense}. */
  public String kind(LayerKind kind) {
    return this == ANNOTATIONS ? "@" + kind.displayName() : kind.keyword();
  }
}
