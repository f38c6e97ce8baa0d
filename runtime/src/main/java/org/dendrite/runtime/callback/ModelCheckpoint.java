package org.dendrite.runtime.callback;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.dendrite.runtime.train.Callback;
import org.dendrite.runtime.train.CallbackState;
import org.dendrite.runtime.train.Checkpoint;
import org.dendrite.runtime.train.EpochResult;
import org.dendrite.runtime.train.TrainingContext;

/**
 * Saves a {@link Checkpoint} at the end of epochs, as Keras' {@code ModelCheckpoint}: every epoch,
 * or only when the monitored value improves ({@link #saveBestOnly}). The file name may contain
 * {@code {epoch}} (1-based, as Keras counts in names), replaced per epoch. Each write is atomic, so
 * the last checkpoint on disk is always complete; {@code Trainer.resume} continues from it, and
 * {@code Model.loadWeights} reads its weights.
 *
 * <p>It decides in {@link #onEpochEnd} and writes in {@link #afterEpoch}, once every callback has
 * seen the epoch's end, so that the checkpoint holds their decisions (a reduced learning rate, a
 * stop) and their state whatever the order the callbacks were added in. Its own state, the best
 * value so far, is in the checkpoint too.
 */
public final class ModelCheckpoint implements Callback {
  private final String pattern;
  private String monitor = "val_loss";
  private Boolean maximize;
  private boolean saveBestOnly;
  private double best = Double.NaN;
  private PrintStream warnings = System.err;
  /** Whether the epoch that just ended is to be written in {@link #afterEpoch}. */
  private boolean save;

  /** Checkpoints to {@code file} ({@code {epoch}} is replaced by the epoch number). */
  public ModelCheckpoint(Path file) {
    this.pattern = file.toString();
  }

  /** The value {@link #saveBestOnly} watches; default {@code val_loss}. */
  public ModelCheckpoint monitor(String name) {
    this.monitor = name;
    return this;
  }

  /**
   * Whether larger is better for the monitored value; by default it is for names containing
   * "acc", as Keras' {@code mode="auto"}.
   */
  public ModelCheckpoint maximize(boolean maximize) {
    this.maximize = maximize;
    return this;
  }

  /** Saves only when the monitored value beats every earlier epoch's. */
  public ModelCheckpoint saveBestOnly(boolean saveBestOnly) {
    this.saveBestOnly = saveBestOnly;
    return this;
  }

  /**
   * Where {@link #saveBestOnly} says why it skips an epoch (the monitored value is missing or
   * NaN); default {@code System.err}.
   */
  public ModelCheckpoint warnings(PrintStream warnings) {
    this.warnings = Objects.requireNonNull(warnings, "warnings");
    return this;
  }

  /** Decides whether this epoch is saved, so that its new best is in every later checkpoint. */
  @Override
  public void onEpochEnd(TrainingContext context, EpochResult result) {
    save = !saveBestOnly || improves(result);
  }

  /** Writes the checkpoint decided on, now that every callback's state is final. */
  @Override
  public void afterEpoch(TrainingContext context, EpochResult result) {
    if (!save) {
      return;
    }
    save = false;
    Path file = Path.of(pattern.replace("{epoch}", Integer.toString(result.epoch() + 1)));
    try {
      context.saveCheckpoint(file);
    } catch (IOException e) {
      throw new UncheckedIOException("ModelCheckpoint: " + e.getMessage(), e);
    }
  }

  /** Whether the monitored value beats the best so far; if so, it becomes the best. */
  private boolean improves(EpochResult result) {
    Double value = result.logs().get(monitor);
    if (value == null) {
      warnings.println("ModelCheckpoint: no '" + monitor + "' in the logs "
          + result.logs().keySet() + "; not saving epoch " + (result.epoch() + 1));
      return false;
    }
    if (value.isNaN()) {
      warnings.println("ModelCheckpoint: '" + monitor + "' is NaN in epoch "
          + (result.epoch() + 1) + "; not saving it" + (Double.isNaN(best) ? ""
          : " (the best so far is " + best + ")"));
      return false;
    }
    boolean max = maximize != null ? maximize : monitor.toLowerCase(Locale.ROOT).contains("acc");
    if (!Double.isNaN(best) && !(max ? value > best : value < best)) {
      return false;
    }
    best = value;
    return true;
  }

  @Override
  public void saveState(CallbackState state) {
    if (saveBestOnly) {
      state.putDouble("best", best);
    }
  }

  @Override
  public void restoreState(TrainingContext context, CallbackState state) {
    if (saveBestOnly) {
      best = state.getDouble("best");
    }
  }
}
