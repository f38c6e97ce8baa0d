package org.dendrite.runtime.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RMSprop (Hinton) as Keras' {@code RMSprop}: {@code v = ρv + (1-ρ)g²},
 * {@code p -= lr·g / sqrt(v + ε)}; optionally centred (divides by the variance estimate
 * {@code v - a²} with {@code a = ρa + (1-ρ)g}) and with momentum. Defaults: lr 0.001, ρ 0.9,
 * no momentum, ε 1e-7, not centred.
 */
public final class RmsProp extends Optimizer {
  private final float rho;
  private final float momentum;
  private final float epsilon;
  private final boolean centered;
  private float[] v = new float[0];
  private float[] average;
  private float[] m;

  /** RMSprop with Keras' defaults. */
  public RmsProp() {
    this(0.001f);
  }

  /** RMSprop with the given learning rate and Keras' other defaults. */
  public RmsProp(float learningRate) {
    this(learningRate, 0.9f, 0f, 1e-7f, false);
  }

  /**
   * RMSprop with every constant given.
   *
   * @throws IllegalArgumentException if ρ or momentum is outside [0, 1), or ε is negative or
   *     infinite
   */
  public RmsProp(float learningRate, float rho, float momentum, float epsilon, boolean centered) {
    super(learningRate);
    if (!(rho >= 0 && rho < 1) || !(momentum >= 0 && momentum < 1) || !(epsilon >= 0)
        || Float.isInfinite(epsilon)) {
      throw new IllegalArgumentException("rho and momentum must be in [0, 1) and epsilon finite"
          + " and >= 0, got rho " + rho + ", momentum " + momentum + ", epsilon " + epsilon);
    }
    this.rho = rho;
    this.momentum = momentum;
    this.epsilon = epsilon;
    this.centered = centered;
  }

  @Override
  protected void allocate(int parameterCount) {
    if (v.length != parameterCount) {
      v = new float[parameterCount];
      average = centered ? new float[parameterCount] : null;
      m = momentum > 0 ? new float[parameterCount] : null;
    }
  }

  @Override
  protected void apply(float[] params, float[] grads, int from, int to) {
    K.rmsprop(params, grads, v, average, m, from, to, learningRate(), rho, momentum, epsilon);
  }

  @Override
  protected void flushState(int from, int to) {
    K.flushSubnormals(v, from, to);
    if (average != null) {
      K.flushSubnormals(average, from, to);
    }
    if (m != null) {
      K.flushSubnormals(m, from, to);
    }
  }

  @Override
  public Map<String, float[]> state() {
    Map<String, float[]> state = new LinkedHashMap<>();
    state.put("velocity", v);
    if (average != null) {
      state.put("average_gradient", average);
    }
    if (m != null) {
      state.put("momentum", m);
    }
    return state;
  }

  @Override
  public String toString() {
    return "RMSprop(" + options() + ", rho=" + rho + ", momentum=" + momentum + ", epsilon="
        + epsilon + (centered ? ", centered" : "") + ")";
  }
}
