package org.dendrite.runtime.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stochastic gradient descent, optionally with momentum and Nesterov momentum, as Keras'
 * {@code SGD}: {@code p -= lr·g}; with momentum {@code m = momentum·m - lr·g}, {@code p += m}
 * (Nesterov: {@code p += momentum·m - lr·g}). Keras' defaults: lr 0.01, no momentum.
 */
public final class Sgd extends Optimizer {
  private final float momentum;
  private final boolean nesterov;
  private float[] m = new float[0];

  /** Plain gradient descent with learning rate 0.01. */
  public Sgd() {
    this(0.01f);
  }

  /** Plain gradient descent. */
  public Sgd(float learningRate) {
    this(learningRate, 0f, false);
  }

  /**
   * Gradient descent with momentum.
   *
   * @throws IllegalArgumentException if momentum is outside [0, 1)
   */
  public Sgd(float learningRate, float momentum, boolean nesterov) {
    super(learningRate);
    this.momentum = checkMomentum(momentum);
    this.nesterov = nesterov;
  }

  /** Gradient descent with momentum and a learning-rate schedule. */
  public Sgd(LearningRateSchedule schedule, float momentum, boolean nesterov) {
    super(schedule);
    this.momentum = checkMomentum(momentum);
    this.nesterov = nesterov;
  }

  private static float checkMomentum(float momentum) {
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
    }
    return momentum;
  }

  @Override
  protected void allocate(int parameterCount) {
    if (momentum > 0 && m.length != parameterCount) {
      m = new float[parameterCount];
    }
  }

  @Override
  protected void apply(float[] params, float[] grads, int from, int to) {
    if (momentum > 0) {
      K.momentum(params, grads, m, from, to, learningRate(), momentum, nesterov);
    } else {
      K.sgd(params, grads, from, to, learningRate());
    }
  }

  @Override
  protected void flushState(int from, int to) {
    if (momentum > 0) {
      K.flushSubnormals(m, from, to);
    }
  }

  @Override
  public Map<String, float[]> state() {
    Map<String, float[]> state = new LinkedHashMap<>();
    if (momentum > 0) {
      state.put("momentum", m);
    }
    return state;
  }

  @Override
  public String toString() {
    return "SGD(" + options() + (momentum > 0 ? ", momentum=" + momentum : "")
        + (nesterov ? ", nesterov" : "") + ")";
  }
}
