package org.dendrite.runtime.optim;

/**
 * A learning rate as a function of the optimizer's step, as Keras'
 * {@code LearningRateSchedule}: the rate of step {@code t} (counted from 0) is {@code rate(t)}.
 * See {@link Schedules} for the built-in ones.
 */
@FunctionalInterface
public interface LearningRateSchedule {
  /**
   * The learning rate of step {@code step}, counted from 0: finite and {@code >= 0}. Optimizers
   * check it and throw an {@link IllegalArgumentException} naming the step otherwise.
   */
  float rate(long step);
}
