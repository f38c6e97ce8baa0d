package org.dendrite.compiler.ir;

/**
 * A layer that applies an activation to what it computes. Rules about activations (a leaky ReLU's
 * slope, STEP's missing gradient) apply to every such layer, whatever its kind.
 */
public interface Activated {
  /** The activation applied last. */
  Activation activation();

  /** The name of the attribute that sets the activation, for diagnostics. */
  default String activationAttribute() {
    return "activation";
  }

  /** The negative slope of {@link Activation#LEAKY_RELU}; ignored by other activations. */
  float alpha();
}
