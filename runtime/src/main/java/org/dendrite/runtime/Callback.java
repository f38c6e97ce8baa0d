package org.dendrite.runtime;

/**
 * Hooks into {@link Trainer#fit}, as Keras' callbacks. Every method does nothing by default. A
 * callback stops training with {@link TrainingContext#stopTraining()}: the current epoch finishes
 * and no further epoch starts.
 */
public interface Callback {
  /** Before the first epoch. */
  default void onTrainBegin(TrainingContext context) {}

  /** Before each epoch; {@code epoch} counts from 0. */
  default void onEpochBegin(TrainingContext context, int epoch) {}

  /** After each training step, with the batch's mean loss; {@code batch} counts from 0 per epoch. */
  default void onBatchEnd(TrainingContext context, int batch, double loss) {}

  /** After each epoch, validation included. */
  default void onEpochEnd(TrainingContext context, EpochResult result) {}

  /** After the last epoch. */
  default void onTrainEnd(TrainingContext context, History history) {}
}
