package org.dendrite.compiler.ir;

import java.util.List;

/** The network's input: the shape of one sample. */
public record InputNode(String name, List<Integer> shape, Origin origin) implements LayerNode {
  /** Copies the shape. */
  public InputNode {
    shape = List.copyOf(shape);
  }

  @Override
  public LayerKind kind() {
    return LayerKind.INPUT;
  }
}
