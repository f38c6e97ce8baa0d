package org.dendrite.runtime.optim;

import org.dendrite.runtime.kernel.Kernels;

/** Stochastic gradient descent: {@code p -= lr · g}. Keras' default learning rate is 0.01. */
public final class Sgd extends Optimizer {
  private static final Kernels K = Kernels.get();

  /** Gradient descent with learning rate 0.01. */
  public Sgd() {
    this(0.01f);
  }

  /** Gradient descent with the given learning rate. */
  public Sgd(float learningRate) {
    super(learningRate);
  }

  @Override
  public void prepare(int parameterCount) {}

  @Override
  public void update(float[] params, float[] grads, int from, int to) {
    K.sgd(params, grads, from, to, learningRate());
  }

  @Override
  public String toString() {
    return "SGD(lr=" + learningRate() + ")";
  }
}
