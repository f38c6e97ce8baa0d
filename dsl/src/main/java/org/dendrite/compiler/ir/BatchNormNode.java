package org.dendrite.compiler.ir;

import java.util.List;

/**
 * Batch normalisation of its input's last axis (the features of a flat input, the channels of an
 * image, as Keras' {@code axis=-1}), then an activation: {@code activation(gamma · (x - μ) /
 * sqrt(σ² + epsilon) + beta)}, with statistics over the batch (and an image's pixels) in training
 * and moving averages (updated with {@code momentum}) at inference.
 */
public record BatchNormNode(
    String name, float momentum, float epsilon, Activation activation, float alpha, Origin origin,
    List<String> inputs)
    implements LayerNode, Activated {
  /** Keras' defaults. */
  public static final float DEFAULT_MOMENTUM = 0.99f;

  public static final float DEFAULT_EPSILON = 1e-3f;

  /** {@code @BatchNorm(momentum, epsilon, activation, alpha)}. */
  public static final List<Attribute> ATTRIBUTES = List.of(
      Attribute.optional("momentum", AttributeType.DECIMAL, DEFAULT_MOMENTUM, "momentum = 0.99"),
      Attribute.optional("epsilon", AttributeType.DECIMAL, DEFAULT_EPSILON, "epsilon = 0.001"),
      Attribute.optional("activation", AttributeType.ACTIVATION, Activation.LINEAR,
          "activation = relu"),
      Attribute.optional("alpha", AttributeType.DECIMAL, DenseNode.DEFAULT_ALPHA, "alpha = 0.2"));

  /** Copies the list. */
  public BatchNormNode {
    inputs = List.copyOf(inputs);
  }

  /** A layer that reads the layer declared just before it. */
  public BatchNormNode(String name, float momentum, float epsilon, Activation activation,
      float alpha, Origin origin) {
    this(name, momentum, epsilon, activation, alpha, origin, List.of());
  }

  static BatchNormNode of(String name, Attributes a, Origin origin) {
    return new BatchNormNode(name, a.decimal("momentum"), a.decimal("epsilon"),
        a.activation("activation"), a.decimal("alpha"), origin, a.inputs());
  }

  @Override
  public LayerKind kind() {
    return LayerKind.BATCH_NORM;
  }

  /** The input's shape. */
  @Override
  public Shape outputShape(Shape input) {
    return input;
  }

  /** Gamma and beta, one each per feature (the moving averages are state, not parameters). */
  @Override
  public long parameterCount(Shape input) {
    return input == null || input.rank() == 0 ? 0 : 2L * input.dim(input.rank() - 1);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
