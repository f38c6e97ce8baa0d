package org.dendrite.compiler.ir;

/**
 * A layer with a kernel and an optional bias: an initialiser for the kernel and L1/L2 penalties
 * on it. Rules about initialisers and penalties apply to every such layer, whatever its kind.
 */
public interface Weighted extends Activated {
  /** Whether the layer adds a bias. */
  boolean useBias();

  /** The kernel's initialiser, {@link Init#AUTO} unresolved. */
  Init init();

  /** The L1 penalty factor of the kernel. */
  float l1();

  /** The L2 penalty factor of the kernel. */
  float l2();

  /** Whether the kernel carries a penalty. */
  default boolean regularized() {
    return l1() != 0f || l2() != 0f;
  }
}
