package org.dendrite.runtime.callback;

import java.io.PrintStream;
import java.util.Objects;
import java.util.function.IntToDoubleFunction;
import org.dendrite.runtime.train.Callback;
import org.dendrite.runtime.train.TrainingContext;

/**
 * Sets the optimizer's learning rate at the start of every epoch from a schedule, as Keras'
 * {@code LearningRateScheduler}:
 *
 * <pre>{@code
 * // Keep the rate for 10 epochs, then decay it by e^-0.1 per epoch (Keras' documented example).
 * new LearningRateScheduler((epoch, lr) -> epoch < 10 ? lr : lr * Math.exp(-0.1));
 * }</pre>
 *
 * <p>The rate set is the one the epoch trains with and the one its logs report as
 * {@code learning_rate}. The optimizer stores rates as {@code float}. As in Keras, an optimizer
 * whose rate already follows a {@link org.dendrite.runtime.optim.LearningRateSchedule} is refused
 * when training begins, rather than having its schedule silently replaced.
 */
public final class LearningRateScheduler implements Callback {
  /** A learning-rate schedule: the rate of an epoch from its index and the current rate. */
  @FunctionalInterface
  public interface Schedule {
    /**
     * The learning rate for {@code epoch} (counted from 0), given the rate {@code current} the
     * optimizer has now; must be finite and positive.
     */
    double rate(int epoch, double current);
  }

  private final Schedule schedule;
  private final PrintStream out;

  /** Applies {@code schedule} silently. */
  public LearningRateScheduler(Schedule schedule) {
    this(schedule, null);
  }

  /**
   * Applies {@code schedule}, printing {@code Epoch 3: LearningRateScheduler setting learning rate
   * to 0.05.} to {@code out} for every epoch if {@code out} is not {@code null}.
   */
  public LearningRateScheduler(Schedule schedule, PrintStream out) {
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    this.out = out;
  }

  /** A schedule of the epoch alone (Keras' older one-argument form). */
  public static LearningRateScheduler ofEpoch(IntToDoubleFunction schedule) {
    Objects.requireNonNull(schedule, "schedule");
    return new LearningRateScheduler((epoch, current) -> schedule.applyAsDouble(epoch));
  }

  @Override
  public void onTrainBegin(TrainingContext context) {
    refuseScheduledOptimizer(context, "LearningRateScheduler");
  }

  /** Keras raises a TypeError here too: two owners of one learning rate is a mistake. */
  static void refuseScheduledOptimizer(TrainingContext context, String callback) {
    if (context.optimizer().scheduled()) {
      throw new IllegalStateException(callback + " sets the learning rate, but the optimizer "
          + context.optimizer() + " follows a LearningRateSchedule; use one or the other");
    }
  }

  @Override
  public void onEpochBegin(TrainingContext context, int epoch) {
    double rate = schedule.rate(epoch, context.optimizer().learningRate());
    float value = (float) rate;
    if (!(value > 0) || Float.isInfinite(value)) {
      throw new IllegalArgumentException("the learning-rate schedule gave " + rate + " for epoch "
          + epoch + "; a learning rate must be finite and positive (as a float)");
    }
    context.optimizer().setLearningRate(value);
    if (out != null) {
      out.println("Epoch " + (epoch + 1) + ": LearningRateScheduler setting learning rate to "
          + value + ".");
    }
  }
}
