package org.dendrite.compiler.ir;

/** Inverted dropout of its input during training; nothing at inference. */
public record DropoutNode(String name, float rate, Origin origin) implements LayerNode {
  @Override
  public LayerKind kind() {
    return LayerKind.DROPOUT;
  }
}
