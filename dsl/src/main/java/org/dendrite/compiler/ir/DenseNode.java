package org.dendrite.compiler.ir;

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
    Origin origin)
    implements LayerNode {
  /** The annotation's and the {@code .nn} language's default negative slope of LEAKY_RELU. */
  public static final float DEFAULT_ALPHA = 0.2f;

  /** A layer without regularisation. */
  public DenseNode(String name, int units, Activation activation, boolean useBias, Init init,
      float alpha, Origin origin) {
    this(name, units, activation, useBias, init, alpha, 0f, 0f, origin);
  }

  /** Whether the kernel carries a penalty. */
  public boolean regularized() {
    return l1 != 0f || l2 != 0f;
  }

  @Override
  public LayerKind kind() {
    return LayerKind.DENSE;
  }
}
