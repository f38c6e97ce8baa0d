package org.dendrite.compiler.ir;

import java.util.List;

/**
 * One declared layer of a {@link Network}. Immutable; carries where it was declared.
 *
 * <p>Each kind is a record that holds its attributes ({@code ATTRIBUTES}, read by both front
 * ends), its factory from them, and its shape rule. Adding a kind adds a record here, a constant
 * to {@link LayerKind}, and an overload to {@link Visitor}: every visitor, among them the code
 * generator's, then fails to compile until it handles the new kind.
 */
public sealed interface LayerNode
    permits InputNode, FlattenNode, DenseNode, DropoutNode, BatchNormNode, Conv2DNode,
        MaxPool2DNode, AvgPool2DNode, GlobalAvgPool2DNode, ActivateNode, Merge {
  /** The layer's name: a Java identifier, unique within its network. */
  String name();

  /** The layer's kind. */
  LayerKind kind();

  /** Where the layer was declared. */
  Origin origin();

  /**
   * The names of the layers it reads, as declared: a merge's inputs, a layer's {@code from};
   * empty for a layer that reads the layer declared just before it (and for the input layer).
   */
  List<String> inputs();

  /**
   * The kind's shape rule: the shape of one output sample for an input sample of shape {@code
   * input}. Tolerant of broken networks, so that the checker can report every error in one run:
   * {@code input} is null for the input layer and when it cannot be known, and the result is null
   * when it cannot be known either.
   */
  Shape outputShape(Shape input);

  /**
   * The number of trainable parameters for an input of shape {@code input}, as a long so that
   * the checker can report a network too large for a Java array; 0 when {@code input} is null.
   */
  long parameterCount(Shape input);

  /** Calls the visitor's method for this layer's kind. */
  <R> R accept(Visitor<R> visitor);

  /** An operation with one method per layer kind. */
  interface Visitor<R> {
    R visit(InputNode node);

    R visit(FlattenNode node);

    R visit(DenseNode node);

    R visit(DropoutNode node);

    R visit(BatchNormNode node);

    R visit(Conv2DNode node);

    R visit(MaxPool2DNode node);

    R visit(AvgPool2DNode node);

    R visit(GlobalAvgPool2DNode node);

    R visit(ActivateNode node);

    R visit(AddNode node);

    R visit(ConcatenateNode node);
  }
}
