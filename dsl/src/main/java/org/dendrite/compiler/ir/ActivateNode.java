package org.dendrite.compiler.ir;

import java.util.List;

/**
 * An activation on its own (Keras' {@code Activation}): the ReLU after a residual addition. Its
 * output has its input's shape.
 */
public record ActivateNode(String name, Activation activation, float alpha, Origin origin,
    List<String> inputs) implements LayerNode, Activated {
  /** {@code @Activate(Activation value, float alpha)}. */
  public static final List<Attribute> ATTRIBUTES = List.of(
      Attribute.required(Attribute.VALUE, AttributeType.ACTIVATION, "relu"),
      Attribute.optional("alpha", AttributeType.DECIMAL, DenseNode.DEFAULT_ALPHA, "alpha = 0.2"));

  /** Copies the list. */
  public ActivateNode {
    inputs = List.copyOf(inputs);
  }

  static ActivateNode of(String name, Attributes a, Origin origin) {
    return new ActivateNode(name, a.activation(Attribute.VALUE), a.decimal("alpha"), origin,
        a.inputs());
  }

  /** {@code value}: {@code @Activate(Activation.RELU)}. */
  @Override
  public String activationAttribute() {
    return Attribute.VALUE;
  }

  @Override
  public LayerKind kind() {
    return LayerKind.ACTIVATE;
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
