package org.dendrite.compiler.ir;

/** One declared layer of a {@link Network}. Immutable; carries where it was declared. */
public sealed interface LayerNode permits InputNode, FlattenNode, DenseNode, DropoutNode, BatchNormNode {
  /** The layer's name: a Java identifier, unique within its network. */
  String name();

  /** The layer's kind. */
  LayerKind kind();

  /** Where the layer was declared. */
  Origin origin();
}
