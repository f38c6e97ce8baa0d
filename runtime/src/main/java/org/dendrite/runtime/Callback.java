package org.dendrite.runtime;

/**
 * Hooks into {@link Trainer#fit}, as Keras' callbacks. Every method does nothing by default. A
 * callback stops training with {@link TrainingContext#stopTraining()}: the current batch finishes,
 * the epoch ends there and no further epoch starts.
 */
public interface Callback {
  /** Before the first epoch. */
  default void onTrainBegin(TrainingContext context) {}

  /** Before each epoch; {@code epoch} counts from 0. */
  default void onEpochBegin(TrainingContext context, int epoch) {}

  /**
   * After each training step; {@code batch} counts from 0 per epoch, {@code logs} holds the
   * epoch's running loss and metrics (updated in place: do not keep it).
   */
  default void onBatchEnd(TrainingContext context, int batch, BatchLogs logs) {}

  /** After each epoch, validation included. */
  default void onEpochEnd(TrainingContext context, EpochResult result) {}

  /** After the last epoch. */
  default void onTrainEnd(TrainingContext context, History history) {}
}
