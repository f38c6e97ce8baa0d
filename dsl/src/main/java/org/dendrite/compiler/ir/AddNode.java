package org.dendrite.compiler.ir;

import java.util.List;

/**
 * The element-wise sum of layers of one shape (Keras' {@code Add}): the merge of a residual
 * connection, {@code block output + block input}.
 */
public record AddNode(String name, List<String> inputs, Origin origin) implements Merge {
  /** {@code @Add(String[] value)}: the names of the layers added. */
  public static final List<Attribute> ATTRIBUTES = List.of(
      Attribute.required(Attribute.VALUE, AttributeType.NAMES, "[conv2, stem]"));

  /** Copies the list. */
  public AddNode {
    inputs = List.copyOf(inputs);
  }

  @Override
  public LayerKind kind() {
    return LayerKind.ADD;
  }

  /** The inputs' common shape; null if one is unknown or they differ. */
  @Override
  public Shape mergedShape(List<Shape> shapes) {
    if (shapes.isEmpty() || shapes.contains(null)) {
      return null;
    }
    for (Shape s : shapes) {
      if (!s.equals(shapes.get(0))) {
        return null;
      }
    }
    return shapes.get(0);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
