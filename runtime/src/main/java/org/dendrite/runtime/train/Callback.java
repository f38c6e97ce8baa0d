package org.dendrite.runtime.train;

/**
 * Hooks into {@link Trainer#fit}, as Keras' callbacks. Every method does nothing by default. A
 * callback stops training with {@link TrainingContext#stopTraining()}: the current batch finishes,
 * the epoch ends there and no further epoch starts.
 *
 * <p>A callback whose decisions depend on earlier epochs (a best value, a wait count) keeps that
 * state across a checkpoint by implementing {@link #saveState} and {@link #restoreState}: then
 * {@link Trainer#resume} continues it exactly where the checkpointed run was.
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

  /**
   * After every callback's {@link #onEpochEnd} of the epoch: the weights, the optimizer (its
   * learning rate included) and every callback's state are final for the epoch, and
   * {@link TrainingContext#stopRequested()} says whether the run ends here. A checkpoint written
   * here resumes exactly, whatever the order of the callbacks; for that, a callback changes its
   * {@link #saveState state} in {@link #onEpochEnd}, never here.
   */
  default void afterEpoch(TrainingContext context, EpochResult result) {}

  /** After the last epoch. */
  default void onTrainEnd(TrainingContext context, History history) {}

  /**
   * Puts what this callback has learnt so far in the fit into {@code state}, for a checkpoint
   * written between epochs ({@link TrainingContext#saveCheckpoint}). Callbacks without such state
   * put nothing.
   */
  default void saveState(CallbackState state) {}

  /**
   * Takes back the state {@link #saveState} put, when {@link Trainer#resume} continues a fit:
   * called after {@link #onTrainBegin} (which sets up as for a fresh fit) and before the first
   * resumed epoch.
   *
   * @throws IllegalArgumentException if {@code state} lacks a value or holds one that cannot be
   *     this callback's
   */
  default void restoreState(TrainingContext context, CallbackState state) {}
}
