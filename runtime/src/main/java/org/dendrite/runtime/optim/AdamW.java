package org.dendrite.runtime.optim;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter), as Keras' {@code AdamW}: before each
 * Adam update, {@code p -= lr · weightDecay · p}. Keras' default decay is 0.004.
 */
public final class AdamW extends Adam {
  /** AdamW with Keras' defaults: lr 0.001, weight decay 0.004. */
  public AdamW() {
    this(0.001f, 0.004f);
  }

  /** AdamW with the given learning rate and weight decay, and Keras' other defaults. */
  public AdamW(float learningRate, float weightDecay) {
    super(learningRate);
    weightDecay(weightDecay);
  }
}
