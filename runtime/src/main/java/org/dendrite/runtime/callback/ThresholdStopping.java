package org.dendrite.runtime.callback;

import java.io.PrintStream;
import java.util.Objects;
import org.dendrite.runtime.train.Callback;
import org.dendrite.runtime.train.CallbackState;
import org.dendrite.runtime.train.EpochResult;
import org.dendrite.runtime.train.TrainingContext;

/**
 * Stops training once a monitored value crosses a fixed threshold — the custom callback the Keras
 * textbook writes to stop "when the loss falls below 0.4":
 *
 * <pre>{@code
 * Trainer.builder(model).epochs(100).callback(ThresholdStopping.below("loss", 0.4)) ...
 * }</pre>
 *
 * <p>Checked after each epoch (validation included). In {@link Mode#MIN} the run stops when the
 * value is strictly below the threshold, in {@link Mode#MAX} strictly above; {@link Mode#AUTO}
 * decides from the name as {@link EarlyStopping} does. A missing key is warned about once per fit
 * on {@code System.err}.
 */
public final class ThresholdStopping implements Callback {
  private final String monitor;
  private final double threshold;
  private final boolean maximize;
  private final MonitoredValue monitored;
  private int stoppedEpoch = -1;

  /**
   * Stops when {@code monitor} passes {@code threshold} in the direction {@code mode} says is
   * better.
   *
   * @throws IllegalArgumentException if the threshold is NaN
   */
  public ThresholdStopping(String monitor, double threshold, Mode mode) {
    this(monitor, threshold, mode, System.err);
  }

  ThresholdStopping(String monitor, double threshold, Mode mode, PrintStream warnings) {
    this.monitor = Objects.requireNonNull(monitor, "monitor");
    if (Double.isNaN(threshold)) {
      throw new IllegalArgumentException("the threshold of '" + monitor + "' is NaN");
    }
    this.threshold = threshold;
    this.maximize = Objects.requireNonNull(mode, "mode").maximizes(monitor);
    this.monitored = new MonitoredValue("ThresholdStopping", monitor, warnings);
  }

  /** Stops once {@code monitor} is below {@code threshold} (e.g. {@code loss} below 0.4). */
  public static ThresholdStopping below(String monitor, double threshold) {
    return new ThresholdStopping(monitor, threshold, Mode.MIN);
  }

  /** Stops once {@code monitor} is above {@code threshold} (e.g. {@code accuracy} above 0.99). */
  public static ThresholdStopping above(String monitor, double threshold) {
    return new ThresholdStopping(monitor, threshold, Mode.MAX);
  }

  @Override
  public void onTrainBegin(TrainingContext context) {
    stoppedEpoch = -1;
    monitored.reset();
  }

  @Override
  public void onEpochEnd(TrainingContext context, EpochResult result) {
    Double value = monitored.read(result);
    if (value != null && (maximize ? value > threshold : value < threshold)) {
      stoppedEpoch = result.epoch();
      context.stopTraining();
    }
  }

  @Override
  public void saveState(CallbackState state) {
    state.putInt("stoppedEpoch", stoppedEpoch);
  }

  @Override
  public void restoreState(TrainingContext context, CallbackState state) {
    stoppedEpoch = state.getInt("stoppedEpoch");
  }

  /** The epoch (from 0) after which this callback stopped training, or -1 if it did not. */
  public int stoppedEpoch() {
    return stoppedEpoch;
  }

  @Override
  public String toString() {
    return "ThresholdStopping(" + monitor + (maximize ? " > " : " < ") + threshold + ")";
  }
}
