package org.dendrite.runtime.optim;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdaGrad (Duchi et al., 2011) as Keras' {@code Adagrad}: {@code acc += g²},
 * {@code p -= lr·g / sqrt(acc + ε)}, the accumulator starting at 0.1. Defaults: lr 0.001,
 * ε 1e-7.
 */
public final class AdaGrad extends Optimizer {
  private final float initialAccumulator;
  private final float epsilon;
  private float[] accumulator = new float[0];

  /** AdaGrad with Keras' defaults. */
  public AdaGrad() {
    this(0.001f);
  }

  /** AdaGrad with the given learning rate and Keras' other defaults. */
  public AdaGrad(float learningRate) {
    this(learningRate, 0.1f, 1e-7f);
  }

  /**
   * AdaGrad with every constant given.
   *
   * @throws IllegalArgumentException if the initial accumulator or ε is negative or infinite
   */
  public AdaGrad(float learningRate, float initialAccumulator, float epsilon) {
    super(learningRate);
    if (!(initialAccumulator >= 0) || !(epsilon >= 0) || Float.isInfinite(initialAccumulator)
        || Float.isInfinite(epsilon)) {
      throw new IllegalArgumentException("initialAccumulator and epsilon must be finite and"
          + " >= 0, got " + initialAccumulator + " and " + epsilon);
    }
    this.initialAccumulator = initialAccumulator;
    this.epsilon = epsilon;
  }

  @Override
  protected void allocate(int parameterCount) {
    if (accumulator.length != parameterCount) {
      accumulator = new float[parameterCount];
      Arrays.fill(accumulator, initialAccumulator);
    }
  }

  @Override
  protected void apply(float[] params, float[] grads, int from, int to) {
    K.adagrad(params, grads, accumulator, from, to, learningRate(), epsilon);
  }

  @Override
  public Map<String, float[]> state() {
    Map<String, float[]> state = new LinkedHashMap<>();
    state.put("accumulator", accumulator);
    return state;
  }

  @Override
  public String toString() {
    return "AdaGrad(" + options() + ", initialAccumulator=" + initialAccumulator + ", epsilon="
        + epsilon + ")";
  }
}
