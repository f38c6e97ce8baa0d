package org.dendrite.runtime.optim;

/**
 * An optimizer over a model's flat parameter array. State (moments, velocities) is allocated on
 * first use; each step is one pass over the flat arrays. A trainer calls {@link #beginStep()} once
 * per step and then {@link #update} over disjoint ranges, possibly from several threads; the update
 * of a value depends only on that value's parameter, gradient and state, so the split does not
 * change the result.
 */
public abstract class Optimizer {
  private float learningRate;
  private long iterations;

  /** Creates an optimizer with the given learning rate. */
  protected Optimizer(float learningRate) {
    setLearningRate(learningRate);
  }

  /** The learning rate of the next step. */
  public final float learningRate() {
    return learningRate;
  }

  /**
   * Changes the learning rate (schedules call this between steps).
   *
   * @throws IllegalArgumentException if the rate is not finite and positive
   */
  public final void setLearningRate(float learningRate) {
    if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
      throw new IllegalArgumentException("the learning rate must be positive, got " + learningRate);
    }
    this.learningRate = learningRate;
  }

  /** The number of steps begun so far. */
  public final long iterations() {
    return iterations;
  }

  /**
   * Makes room for the state of {@code parameterCount} parameters; state of another size is reset.
   */
  public abstract void prepare(int parameterCount);

  /** Starts the next step: advances {@link #iterations()} and computes per-step constants. */
  public final void beginStep() {
    iterations++;
    onBeginStep(iterations);
  }

  /** Computes the constants of step {@code t} (counted from 1). */
  protected void onBeginStep(long t) {}

  /** Applies the current step to {@code params[from, to)}. */
  public abstract void update(float[] params, float[] grads, int from, int to);

  /** One whole step on one thread: prepare, begin, update everything. */
  public final void step(float[] params, float[] grads) {
    if (grads.length < params.length) {
      throw new IllegalArgumentException(
          "the gradient array holds " + grads.length + " values for " + params.length
              + " parameters");
    }
    prepare(params.length);
    beginStep();
    update(params, grads, 0, params.length);
  }
}
