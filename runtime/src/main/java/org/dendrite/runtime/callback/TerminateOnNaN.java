package org.dendrite.runtime.callback;

import java.io.PrintStream;
import java.util.Objects;
import org.dendrite.runtime.train.BatchLogs;
import org.dendrite.runtime.train.Callback;
import org.dendrite.runtime.train.CallbackState;
import org.dendrite.runtime.train.TrainingContext;

/**
 * Stops training at the first batch whose running loss is NaN or infinite, as Keras'
 * {@code TerminateOnNaN}. The running loss is the epoch's mean so far, so it turns invalid with
 * the first invalid batch and stays so. The trainer finishes that batch and ends the epoch there.
 *
 * <p>Prints, as Keras does, {@code Batch 12: Invalid loss, terminating training} — batches
 * counted from 0 within the epoch — followed by the epoch (from 1) and the loss.
 */
public final class TerminateOnNaN implements Callback {
  private final PrintStream out;
  private int epoch;
  private int stoppedEpoch = -1;
  private int stoppedBatch = -1;

  /** Prints its message to {@code System.out}. */
  public TerminateOnNaN() {
    this(System.out);
  }

  /** Prints its message to {@code out}. */
  public TerminateOnNaN(PrintStream out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  @Override
  public void onTrainBegin(TrainingContext context) {
    stoppedEpoch = -1;
    stoppedBatch = -1;
  }

  @Override
  public void onEpochBegin(TrainingContext context, int epoch) {
    this.epoch = epoch;
  }

  @Override
  public void onBatchEnd(TrainingContext context, int batch, BatchLogs logs) {
    double loss = logs.loss();
    if (Double.isNaN(loss) || Double.isInfinite(loss)) {
      if (stoppedBatch < 0) {
        out.println("Batch " + batch + ": Invalid loss, terminating training (epoch "
            + (epoch + 1) + ", loss " + loss + ")");
        stoppedEpoch = epoch;
        stoppedBatch = batch;
      }
      context.stopTraining();
    }
  }

  @Override
  public void saveState(CallbackState state) {
    state.putInt("stoppedEpoch", stoppedEpoch).putInt("stoppedBatch", stoppedBatch);
  }

  @Override
  public void restoreState(TrainingContext context, CallbackState state) {
    stoppedEpoch = state.getInt("stoppedEpoch");
    stoppedBatch = state.getInt("stoppedBatch");
  }

  /** The epoch (from 0) in which this callback stopped training, or -1 if it did not. */
  public int stoppedEpoch() {
    return stoppedEpoch;
  }

  /** The batch (from 0, within {@link #stoppedEpoch()}) that had an invalid loss, or -1. */
  public int stoppedBatch() {
    return stoppedBatch;
  }
}
