package org.dendrite.runtime.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dendrite.runtime.kernel.Kernels;

/**
 * An optimizer over a model's flat parameter array, in Keras' formulation. State (moments,
 * accumulators) is allocated on first use; each step is one pass over the flat arrays.
 *
 * <p>Every optimizer takes Keras' common options: gradient clipping by value
 * ({@link #clipValue(float)}), by the global norm of the whole gradient ({@link #clipNorm}), and
 * decoupled weight decay ({@link #weightDecay}); they apply in that order, before the update rule.
 * The learning rate is a constant or a {@link LearningRateSchedule} of the step.
 *
 * <p>A trainer calls {@link #beginStep()} once per step, then (if {@link #needsGlobalNorm()})
 * {@link #setGlobalNorm} with the gradient's norm, then {@link #update} over disjoint ranges,
 * possibly from several threads: a value's update depends only on its own parameter, gradient and
 * state, so the split does not change the result. {@link #step} does all of it on one thread.
 */
public abstract class Optimizer {
  /** The kernels every rule runs on. */
  protected static final Kernels K = Kernels.get();

  /**
   * Every this many steps, {@link #update} flushes the rule's subnormal state values to +0
   * ({@link #flushState}). A moving average whose gradient stays zero decays into the subnormal
   * range, where arithmetic on it is slow; flushed, it stays exactly 0 while the gradient does.
   * Flushing on every store instead cost a quarter of Adam's step (102 µs against 77 over the
   * Fashion-MNIST MLP's 266,610 parameters); this way a value is subnormal for at most 15 steps.
   */
  public static final int FLUSH_INTERVAL = 16;

  private LearningRateSchedule schedule;
  private float learningRate;
  private long iterations;
  private float clipValue;
  private float clipNorm;
  private float weightDecay;
  private float gradientScale = 1f;

  /** An optimizer with a constant learning rate. */
  protected Optimizer(float learningRate) {
    setLearningRate(learningRate);
  }

  /** An optimizer whose learning rate follows {@code schedule}. */
  protected Optimizer(LearningRateSchedule schedule) {
    if (schedule == null) {
      throw new NullPointerException("schedule");
    }
    this.schedule = schedule;
    this.learningRate = scheduledRate(0);
  }

  /** The learning rate of the current (or next) step. */
  public final float learningRate() {
    return learningRate;
  }

  /**
   * Sets a constant learning rate (callbacks such as ReduceLROnPlateau call this between epochs);
   * replaces a schedule.
   *
   * @throws IllegalArgumentException if the rate is not finite and positive
   */
  public final void setLearningRate(float learningRate) {
    if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
      throw new IllegalArgumentException("the learning rate must be positive, got " + learningRate);
    }
    this.learningRate = learningRate;
    this.schedule = null;
  }

  /** Whether the learning rate follows a {@link LearningRateSchedule}. */
  public final boolean scheduled() {
    return schedule != null;
  }

  /** The number of steps begun so far (Keras' {@code iterations}). */
  public final long iterations() {
    return iterations;
  }

  /**
   * Clips every gradient value to [-limit, limit] before the update (Keras' {@code clipvalue}).
   *
   * @return this optimizer
   */
  public final Optimizer clipValue(float limit) {
    this.clipValue = nonNegative("clipValue", limit);
    return this;
  }

  /**
   * Scales the gradient down so that its global L2 norm, over all parameters, is at most
   * {@code maxNorm} (Keras' {@code global_clipnorm}, PyTorch's {@code clip_grad_norm_}).
   *
   * @return this optimizer
   */
  public final Optimizer clipNorm(float maxNorm) {
    this.clipNorm = nonNegative("clipNorm", maxNorm);
    return this;
  }

  /**
   * Decoupled weight decay: {@code p -= lr · decay · p} before each update (Keras'
   * {@code weight_decay}, as in AdamW).
   *
   * @return this optimizer
   */
  public final Optimizer weightDecay(float decay) {
    this.weightDecay = nonNegative("weightDecay", decay);
    return this;
  }

  /** The weight decay rate (0 when off). */
  public final float weightDecay() {
    return weightDecay;
  }

  /** Whether the trainer must compute the gradient's global norm before {@link #update}. */
  public final boolean needsGlobalNorm() {
    return clipNorm > 0;
  }

  /** Records the global gradient norm of the current step, for {@link #clipNorm(float)}. */
  public final void setGlobalNorm(double norm) {
    gradientScale = clipNorm > 0 && norm > clipNorm ? (float) (clipNorm / norm) : 1f;
  }

  /**
   * Makes room for the state of {@code parameterCount} parameters; state of another size is
   * reset.
   */
  public final void prepare(int parameterCount) {
    allocate(parameterCount);
  }

  /** Allocates the rule's state for {@code parameterCount} parameters, if not already. */
  protected abstract void allocate(int parameterCount);

  /** Starts the next step: takes its learning rate, advances {@link #iterations()}. */
  public final void beginStep() {
    if (schedule != null) {
      learningRate = scheduledRate(iterations);
    }
    iterations++;
    gradientScale = 1f;
    onBeginStep(iterations);
  }

  /** Computes the rule's constants of step {@code t} (counted from 1). */
  protected void onBeginStep(long t) {}

  /**
   * Applies the current step to {@code params[from, to)}: clipping (which modifies
   * {@code grads}), weight decay, then the rule.
   */
  public final void update(float[] params, float[] grads, int from, int to) {
    if (clipValue > 0) {
      K.clip(grads, from, to, clipValue);
    }
    if (gradientScale != 1f) {
      K.scale(grads, from, to, gradientScale);
    }
    if (weightDecay > 0) {
      K.decay(params, from, to, learningRate * weightDecay);
    }
    apply(params, grads, from, to);
    if (iterations % FLUSH_INTERVAL == 0) {
      flushState(from, to);
    }
  }

  /**
   * Flushes subnormal values of the rule's decaying averages over {@code [from, to)} to +0, with
   * {@link Kernels#flushSubnormals}; called by {@link #update} every {@link #FLUSH_INTERVAL} steps.
   * Rules without such state keep this no-op.
   */
  protected void flushState(int from, int to) {}

  /** The update rule over {@code [from, to)}. */
  protected abstract void apply(float[] params, float[] grads, int from, int to);

  /** One whole step on one thread: prepare, begin, global norm if needed, update everything. */
  public final void step(float[] params, float[] grads) {
    if (grads.length < params.length) {
      throw new IllegalArgumentException(
          "the gradient array holds " + grads.length + " values for " + params.length
              + " parameters");
    }
    prepare(params.length);
    beginStep();
    if (needsGlobalNorm()) {
      setGlobalNorm(Math.sqrt(K.sumOfSquares(grads, 0, params.length)));
    }
    update(params, grads, 0, params.length);
  }

  /**
   * The rule's state tensors by name ({@code m}, {@code v}, …), live: checkpoints save and
   * restore them. Empty before {@link #prepare}.
   */
  public Map<String, float[]> state() {
    return new LinkedHashMap<>();
  }

  /** Restores the step count (for checkpoints); the state tensors are restored in place. */
  public final void restoreIterations(long iterations) {
    if (iterations < 0) {
      throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
    }
    if (schedule != null) {
      learningRate = scheduledRate(iterations);
    }
    this.iterations = iterations;
  }

  /**
   * The schedule's rate of {@code step}, checked: a NaN, infinite or negative rate would turn
   * every weight into NaN or run training backwards without a word. Zero is allowed (a cosine
   * decay to {@code alpha = 0} ends there).
   *
   * @throws IllegalArgumentException naming the step and the rate, before anything changes
   */
  private float scheduledRate(long step) {
    float rate = schedule.rate(step);
    if (!(rate >= 0) || Float.isInfinite(rate)) {
      throw new IllegalArgumentException("the learning-rate schedule gave " + rate
          + " for step " + step + "; a learning rate must be finite and >= 0");
    }
    return rate;
  }

  /** The common options, for {@code toString}. */
  protected final String options() {
    StringBuilder sb = new StringBuilder();
    sb.append(schedule != null ? "lr=schedule" : "lr=" + learningRate);
    if (clipValue > 0) {
      sb.append(", clipValue=").append(clipValue);
    }
    if (clipNorm > 0) {
      sb.append(", clipNorm=").append(clipNorm);
    }
    if (weightDecay > 0) {
      sb.append(", weightDecay=").append(weightDecay);
    }
    return sb.toString();
  }

  private static float nonNegative(String what, float value) {
    if (!(value >= 0) || Float.isInfinite(value)) {
      throw new IllegalArgumentException(what + " must be a finite number >= 0, got " + value);
    }
    return value;
  }
}
