package org.dendrite.runtime;

import org.dendrite.runtime.optim.Optimizer;

/** What a {@link Callback} sees of a running {@link Trainer#fit}. */
public interface TrainingContext {
  /** The model being trained. */
  Model model();

  /** The optimizer. */
  Optimizer optimizer();

  /** The index after the last epoch this fit runs (epochs are counted from 0). */
  int epochs();

  /** Training steps per epoch. */
  int stepsPerEpoch();

  /** The epoch in progress (counted from 0). */
  int epoch();

  /** The seed of the trainer's shuffles (checkpoints record it). */
  long seed();

  /**
   * Asks the trainer to stop: it finishes the current batch, ends the epoch there (validation and
   * {@code onEpochEnd} included) and starts no further epoch.
   */
  void stopTraining();

  /** Whether a callback asked to stop. */
  boolean stopRequested();
}
