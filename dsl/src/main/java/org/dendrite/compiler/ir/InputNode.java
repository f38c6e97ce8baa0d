package org.dendrite.compiler.ir;

import java.util.List;

/** The network's input: the shape of one sample. */
public record InputNode(String name, List<Integer> shape, Origin origin) implements LayerNode {
  /** {@code @Input(int[] value)}. */
  public static final List<Attribute> ATTRIBUTES =
      List.of(Attribute.required(Attribute.VALUE, AttributeType.INTEGERS, "[28, 28]"));

  /** Copies the shape. */
  public InputNode {
    shape = List.copyOf(shape);
  }

  static InputNode of(String name, Attributes a, Origin origin) {
    return new InputNode(name, a.integers(Attribute.VALUE), origin);
  }

  /** None: the input reads the caller's samples. */
  @Override
  public List<String> inputs() {
    return List.of();
  }

  @Override
  public LayerKind kind() {
    return LayerKind.INPUT;
  }

  /** The declared shape. */
  @Override
  public Shape outputShape(Shape input) {
    return Shape.of(shape);
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
