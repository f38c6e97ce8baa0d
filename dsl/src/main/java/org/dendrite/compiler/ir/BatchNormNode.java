package org.dendrite.compiler.ir;

/**
 * Batch normalisation of a flat input, then an activation: {@code activation(gamma · (x - μ) /
 * sqrt(σ² + epsilon) + beta)}, with batch statistics in training and moving averages (updated
 * with {@code momentum}) at inference.
 */
public record BatchNormNode(
    String name, float momentum, float epsilon, Activation activation, float alpha, Origin origin)
    implements LayerNode {
  /** Keras' defaults. */
  public static final float DEFAULT_MOMENTUM = 0.99f;

  public static final float DEFAULT_EPSILON = 1e-3f;

  @Override
  public LayerKind kind() {
    return LayerKind.BATCH_NORM;
  }
}
