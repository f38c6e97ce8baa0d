package org.dendrite.runtime.callback;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.dendrite.runtime.Callback;
import org.dendrite.runtime.EpochResult;
import org.dendrite.runtime.TrainingContext;
import org.dendrite.runtime.io.Checkpoint;

/**
 * Saves a {@link Checkpoint} at the end of epochs, as Keras' {@code ModelCheckpoint}: every epoch,
 * or only when the monitored value improves ({@link #saveBestOnly}). The file name may contain
 * {@code {epoch}} (1-based, as Keras counts in names), replaced per epoch. Each write is atomic, so
 * the last checkpoint on disk is always complete; {@code Trainer.resume} continues from it, and
 * {@code Model.loadWeights} reads its weights.
 */
public final class ModelCheckpoint implements Callback {
  private final String pattern;
  private String monitor = "val_loss";
  private Boolean maximize;
  private boolean saveBestOnly;
  private double best = Double.NaN;
  private PrintStream warnings = System.err;

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

  @Override
  public void onEpochEnd(TrainingContext context, EpochResult result) {
    if (saveBestOnly) {
      Double value = result.logs().get(monitor);
      if (value == null) {
        warnings.println("ModelCheckpoint: no '" + monitor + "' in the logs "
            + result.logs().keySet() + "; not saving epoch " + (result.epoch() + 1));
        return;
      }
      if (value.isNaN()) {
        warnings.println("ModelCheckpoint: '" + monitor + "' is NaN in epoch "
            + (result.epoch() + 1) + "; not saving it" + (Double.isNaN(best) ? ""
            : " (the best so far is " + best + ")"));
        return;
      }
      boolean max = maximize != null ? maximize : monitor.toLowerCase(Locale.ROOT).contains("acc");
      if (!Double.isNaN(best) && !(max ? value > best : value < best)) {
        return;
      }
      best = value;
    }
    Path file = Path.of(pattern.replace("{epoch}", Integer.toString(result.epoch() + 1)));
    try {
      Checkpoint.save(file, context.model(), context.optimizer(), result.epoch(), context.seed());
    } catch (IOException e) {
      throw new UncheckedIOException("ModelCheckpoint: cannot write " + file, e);
    }
  }
}
