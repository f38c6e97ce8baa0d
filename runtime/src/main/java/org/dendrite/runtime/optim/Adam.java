package org.dendrite.runtime.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam (Kingma and Ba, 2015) in Keras' formulation: the bias corrections fold into the step size,
 * {@code alpha = lr · sqrt(1 - β₂ᵗ) / (1 - β₁ᵗ)}, and ε is added to {@code sqrt(v)}. Defaults as
 * Keras: lr 0.001, β₁ 0.9, β₂ 0.999, ε 1e-7. With {@link #weightDecay(float)} it is AdamW.
 */
public class Adam extends Optimizer {
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private float[] m = new float[0];
  private float[] v = new float[0];
  private float alpha;

  /** Adam with Keras' defaults. */
  public Adam() {
    this(0.001f);
  }

  /** Adam with the given learning rate and Keras' other defaults. */
  public Adam(float learningRate) {
    this(learningRate, 0.9f, 0.999f, 1e-7f);
  }

  /**
   * Adam with every constant given.
   *
   * @throws IllegalArgumentException if a β is outside [0, 1) or ε is negative or infinite
   */
  public Adam(float learningRate, float beta1, float beta2, float epsilon) {
    super(learningRate);
    this.beta1 = beta(beta1);
    this.beta2 = beta(beta2);
    this.epsilon = eps(epsilon);
  }

  /** Adam with a learning-rate schedule and Keras' other defaults. */
  public Adam(LearningRateSchedule schedule) {
    super(schedule);
    this.beta1 = 0.9f;
    this.beta2 = 0.999f;
    this.epsilon = 1e-7f;
  }

  private static float beta(float b) {
    if (!(b >= 0 && b < 1)) {
      throw new IllegalArgumentException("beta1 and beta2 must be in [0, 1), got " + b);
    }
    return b;
  }

  private static float eps(float e) {
    if (!(e >= 0) || Float.isInfinite(e)) {
      throw new IllegalArgumentException("epsilon must be finite and >= 0, got " + e);
    }
    return e;
  }

  @Override
  protected void allocate(int parameterCount) {
    if (m.length != parameterCount) {
      m = new float[parameterCount];
      v = new float[parameterCount];
    }
  }

  @Override
  protected void onBeginStep(long t) {
    double correction1 = 1 - Math.pow(beta1, t);
    double correction2 = 1 - Math.pow(beta2, t);
    alpha = (float) (learningRate() * Math.sqrt(correction2) / correction1);
  }

  @Override
  protected void apply(float[] params, float[] grads, int from, int to) {
    if (m.length < to) {
      throw new IllegalStateException(
          "Adam holds state for " + m.length + " parameters; call prepare(" + params.length
              + ") first");
    }
    K.adam(params, grads, m, v, from, to, alpha, beta1, beta2, epsilon);
  }

  @Override
  protected void flushState(int from, int to) {
    K.flushSubnormals(m, from, to);
    K.flushSubnormals(v, from, to);
  }

  @Override
  public Map<String, float[]> state() {
    Map<String, float[]> state = new LinkedHashMap<>();
    state.put("m", m);
    state.put("v", v);
    return state;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + options() + ", beta1=" + beta1 + ", beta2="
        + beta2 + ", epsilon=" + epsilon + ")";
  }
}
