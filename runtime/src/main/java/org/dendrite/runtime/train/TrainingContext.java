package org.dendrite.runtime.train;

import java.io.IOException;
import java.nio.file.Path;
import org.dendrite.runtime.Model;
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

  /**
   * Writes a checkpoint of the run as it stands — the weights, the optimizer's state, the epoch,
   * the shuffle seed, whether the run is stopping, and every callback's {@link
   * Callback#saveState state} — that {@link Trainer#resume} continues exactly. Call it from
   * {@link Callback#afterEpoch}, when all of that is final for the epoch. The default, for
   * training loops outside {@link Trainer}, writes the model, the optimizer, {@link #epoch()} and
   * {@link #seed()} without any callback state.
   *
   * @throws IOException if the file cannot be written; the message names it
   */
  default void saveCheckpoint(Path file) throws IOException {
    Checkpoint.save(file, model(), optimizer(), epoch(), seed());
  }
}
