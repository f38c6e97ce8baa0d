package org.dendrite.compiler.ir;

import java.util.List;

/**
 * A fully connected layer: {@code activation(input · kernel + bias)}, with optional L1 and L2
 * penalties on the kernel.
 */
public record DenseNode(
    String name,
    int units,
    Activation activation,
    boolean useBias,
    Init init,
    float alpha,
    float l1,
    float l2,
    Origin origin,
    List<String> inputs)
    implements LayerNode, Weighted {
  /** The annotation's and the {@code .nn} language's default negative slope of LEAKY_RELU. */
  public static final float DEFAULT_ALPHA = 0.2f;

  /** {@code @Dense(units, activation, useBias, init, alpha, l1, l2)}. */
  public static final List<Attribute> ATTRIBUTES = List.of(
      Attribute.required("units", AttributeType.INTEGER, "units = 10"),
      Attribute.optional("activation", AttributeType.ACTIVATION, Activation.LINEAR,
          "activation = relu"),
      Attribute.optional("useBias", AttributeType.BOOLEAN, true, "useBias = false"),
      Attribute.optional("init", AttributeType.INIT, Init.AUTO, "init = he_normal"),
      Attribute.optional("alpha", AttributeType.DECIMAL, DEFAULT_ALPHA, "alpha = 0.2"),
      Attribute.optional("l1", AttributeType.DECIMAL, 0f, "l1 = 1e-4"),
      Attribute.optional("l2", AttributeType.DECIMAL, 0f, "l2 = 1e-4"));

  /** Copies the list. */
  public DenseNode {
    inputs = List.copyOf(inputs);
  }

  /** A layer that reads the layer declared just before it. */
  public DenseNode(String name, int units, Activation activation, boolean useBias, Init init,
      float alpha, float l1, float l2, Origin origin) {
    this(name, units, activation, useBias, init, alpha, l1, l2, origin, List.of());
  }

  /** A layer without regularisation. */
  public DenseNode(String name, int units, Activation activation, boolean useBias, Init init,
      float alpha, Origin origin) {
    this(name, units, activation, useBias, init, alpha, 0f, 0f, origin);
  }

  static DenseNode of(String name, Attributes a, Origin origin) {
    return new DenseNode(name, a.integer("units"), a.activation("activation"),
        a.bool("useBias"), a.init("init"), a.decimal("alpha"), a.decimal("l1"),
        a.decimal("l2"), origin, a.inputs());
  }

  @Override
  public LayerKind kind() {
    return LayerKind.DENSE;
  }

  /** {@code units} values, whatever the input (the checker reports an input that is not flat). */
  @Override
  public Shape outputShape(Shape input) {
    return Shape.of(units);
  }

  /** The kernel, {@code [inputs][units]}, and the bias. */
  @Override
  public long parameterCount(Shape input) {
    return input == null ? 0 : input.size() * units + (useBias ? units : 0);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
