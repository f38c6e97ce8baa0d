package org.dendrite.samples;

import java.io.PrintStream;
import org.dendrite.runtime.callback.ProgressLogger;
import org.dendrite.runtime.train.Callback;
import org.dendrite.runtime.train.EpochResult;
import org.dendrite.runtime.train.History;
import org.dendrite.runtime.train.TrainingContext;

/**
 * {@link ProgressLogger}'s line for the first epoch, every {@code n}-th and the last only: long
 * runs of small models print a readable page instead of hundreds of lines.
 */
final class SparseProgress implements Callback {
  private final ProgressLogger logger;
  private final int every;
  private EpochResult last;
  private boolean lastPrinted;

  SparseProgress(PrintStream out, int every) {
    this.logger = new ProgressLogger(out);
    this.every = every;
  }

  @Override
  public void onTrainBegin(TrainingContext context) {
    last = null;
  }

  @Override
  public void onEpochEnd(TrainingContext context, EpochResult result) {
    int epoch = result.epoch() + 1;
    lastPrinted = epoch == 1 || epoch % every == 0;
    if (lastPrinted) {
      logger.onEpochEnd(context, result);
    }
    last = result;
  }

  @Override
  public void onTrainEnd(TrainingContext context, History history) {
    if (last != null && !lastPrinted) {
      logger.onEpochEnd(context, last);
    }
  }
}
