package org.dendrite.compiler.ir;

import java.util.List;

/** Inverted dropout of its input during training; nothing at inference. */
public record DropoutNode(String name, float rate, Origin origin,
    List<String> inputs) implements LayerNode {
  /** {@code @Dropout(float rate)}. */
  public static final List<Attribute> ATTRIBUTES =
      List.of(Attribute.required("rate", AttributeType.DECIMAL, "rate = 0.2"));

  /** Copies the list. */
  public DropoutNode {
    inputs = List.copyOf(inputs);
  }

  /** A layer that reads the layer declared just before it. */
  public DropoutNode(String name, float rate, Origin origin) {
    this(name, rate, origin, List.of());
  }

  static DropoutNode of(String name, Attributes a, Origin origin) {
    return new DropoutNode(name, a.decimal("rate"), origin, a.inputs());
  }

  @Override
  public LayerKind kind() {
    return LayerKind.DROPOUT;
  }

  /** The input's shape. */
  @Override
  public Shape outputShape(Shape input) {
    return input;
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
