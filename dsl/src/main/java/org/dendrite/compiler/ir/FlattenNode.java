package org.dendrite.compiler.ir;

/** Reshapes its input to one dimension. */
public record FlattenNode(String name, Origin origin) implements LayerNode {
  @Override
  public LayerKind kind() {
    return LayerKind.FLATTEN;
  }
}
