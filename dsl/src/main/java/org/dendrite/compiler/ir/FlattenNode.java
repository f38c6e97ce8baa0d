package org.dendrite.compiler.ir;

import java.util.List;

/** Reshapes its input to one dimension. */
public record FlattenNode(String name, Origin origin,
    List<String> inputs) implements LayerNode {
  /** {@code @Flatten} takes no attributes. */
  public static final List<Attribute> ATTRIBUTES = List.of();

  /** Copies the list. */
  public FlattenNode {
    inputs = List.copyOf(inputs);
  }

  /** A layer that reads the layer declared just before it. */
  public FlattenNode(String name, Origin origin) {
    this(name, origin, List.of());
  }

  @Override
  public LayerKind kind() {
    return LayerKind.FLATTEN;
  }

  /** One dimension of the input's size (clamped to an int: the checker reports the overflow). */
  @Override
  public Shape outputShape(Shape input) {
    return input == null ? null : Shape.of((int) Math.min(Integer.MAX_VALUE, input.size()));
  }

  @Override
  public long parameterCount(Shape input) {
    return 0;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
