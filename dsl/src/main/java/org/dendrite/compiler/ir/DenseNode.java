package org.dendrite.compiler.ir;

/** A fully connected layer: {@code activation(input · kernel + bias)}. */
public record DenseNode(
    String name,
    int units,
    Activation activation,
    boolean useBias,
    Init init,
    float alpha,
    Origin origin)
    implements LayerNode {
  /** The annotation's and the {@code .nn} language's default negative slope of LEAKY_RELU. */
  public static final float DEFAULT_ALPHA = 0.2f;

  @Override
  public LayerKind kind() {
    return LayerKind.DENSE;
  }
}
