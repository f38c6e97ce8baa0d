package org.dendrite.runtime.callback;

import java.io.PrintStream;
import java.util.Objects;
import org.dendrite.runtime.train.Callback;
import org.dendrite.runtime.train.CallbackState;
import org.dendrite.runtime.train.EpochResult;
import org.dendrite.runtime.train.History;
import org.dendrite.runtime.train.TrainingContext;

/**
 * Stops training when a monitored value has stopped improving, as Keras' {@code EarlyStopping}
 * (same arguments, defaults and decisions).
 *
 * <pre>{@code
 * EarlyStopping stop = EarlyStopping.builder()
 *     .monitor("val_loss").patience(2).restoreBestWeights(true).build();
 * }</pre>
 *
 * <p>After each epoch from {@link Builder#startFromEpoch} on, the monitored value counts as an
 * improvement if it beats the best so far by more than {@link Builder#minDelta}. Every epoch
 * without one adds to a wait; once the wait reaches {@link Builder#patience} (in any epoch but
 * the first) training stops. With a {@link Builder#baseline}, an improvement resets the wait
 * only if it also beats the baseline, so a run that never reaches the baseline stops after
 * {@code patience} epochs.
 *
 * <p>With {@link Builder#restoreBestWeights}, the parameters of the best epoch are kept in a copy
 * and written back into {@link org.dendrite.runtime.Model#parameters()} when training ends —
 * whether this callback, another one or the epoch count ended it, as Keras 3 does. Only trainable
 * parameters are restored. If the logs lack the monitored value, a warning naming the keys that
 * are there is printed once per fit and the epoch is ignored.
 */
public final class EarlyStopping implements Callback {
  private final String monitor;
  private final double minDelta;
  private final int patience;
  private final boolean maximize;
  private final Double baseline;
  private final boolean restoreBestWeights;
  private final int startFromEpoch;
  private final PrintStream out;
  private final MonitoredValue monitored;

  private int wait;
  private int stoppedEpoch = -1;
  private double best;
  private int bestEpoch = -1;
  private float[] bestWeights;
  private float[] bestState;
  private boolean haveBestWeights;

  private EarlyStopping(Builder b) {
    this.monitor = b.monitor;
    this.minDelta = Math.abs(b.minDelta);
    this.patience = b.patience;
    this.maximize = b.mode.maximizes(b.monitor);
    this.baseline = b.baseline;
    this.restoreBestWeights = b.restoreBestWeights;
    this.startFromEpoch = b.startFromEpoch;
    this.out = b.verbose ? b.out : null;
    this.monitored = new MonitoredValue("EarlyStopping", b.monitor, b.warnings);
  }

  /** Starts configuring; every setting defaults to Keras' value. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void onTrainBegin(TrainingContext context) {
    wait = 0;
    stoppedEpoch = -1;
    best = maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    bestEpoch = -1;
    haveBestWeights = false;
    bestWeights = restoreBestWeights ? new float[context.model().parameterCount()] : null;
    monitored.reset();
  }

  @Override
  public void onEpochEnd(TrainingContext context, EpochResult result) {
    Double current = monitored.read(result);
    int epoch = result.epoch();
    if (current == null || epoch < startFromEpoch) {
      return;
    }
    if (restoreBestWeights && !haveBestWeights) {
      // Until something improves, the first monitored epoch's weights are the best known.
      saveWeights(context);
      bestEpoch = epoch;
    }
    wait++;
    if (improves(current, best)) {
      best = current;
      bestEpoch = epoch;
      if (restoreBestWeights) {
        saveWeights(context);
      }
      if (baseline == null || improves(current, baseline)) {
        wait = 0;
      }
      return;
    }
    if (wait >= patience && epoch > 0) {
      stoppedEpoch = epoch;
      context.stopTraining();
    }
  }

  @Override
  public void onTrainEnd(TrainingContext context, History history) {
    if (stoppedEpoch >= 0 && out != null) {
      out.println("Epoch " + (stoppedEpoch + 1) + ": early stopping");
    }
    if (restoreBestWeights && haveBestWeights) {
      if (out != null) {
        out.println("Restoring model weights from the end of the best epoch: "
            + (bestEpoch + 1) + ".");
      }
      float[] live = context.model().parameters();
      System.arraycopy(bestWeights, 0, live, 0, bestWeights.length);
      float[] state = context.model().state();
      System.arraycopy(bestState, 0, state, 0, bestState.length);
    }
  }

  /**
   * Its wait, best value and epoch, stopping epoch and (with {@link Builder#restoreBestWeights})
   * the best epoch's weights go into checkpoints.
   */
  @Override
  public void saveState(CallbackState state) {
    state.putInt("wait", wait).putInt("stoppedEpoch", stoppedEpoch).putDouble("best", best)
        .putInt("bestEpoch", bestEpoch).putBoolean("haveBestWeights", haveBestWeights);
    if (haveBestWeights) {
      state.putFloats("bestWeights", bestWeights).putFloats("bestState", bestState);
    }
  }

  @Override
  public void restoreState(TrainingContext context, CallbackState state) {
    int w = state.getInt("wait");
    int stopped = state.getInt("stoppedEpoch");
    double b = state.getDouble("best");
    int be = state.getInt("bestEpoch");
    boolean have = state.getBoolean("haveBestWeights");
    if (w < 0 || stopped < -1 || be < -1) {
      throw new IllegalArgumentException("wait " + w + ", stoppedEpoch " + stopped
          + " or bestEpoch " + be + " is out of range");
    }
    if (Double.isNaN(b)) {
      throw new IllegalArgumentException("the best value is NaN, which no epoch can beat");
    }
    float[] weights = null;
    float[] st = null;
    if (have) {
      if (!restoreBestWeights) {
        throw new IllegalArgumentException("it holds best weights, but this EarlyStopping does"
            + " not restore them");
      }
      weights = state.getFloats("bestWeights");
      st = state.getFloats("bestState");
      int params = context.model().parameterCount();
      int states = context.model().state().length;
      if (weights.length != params || st.length != states) {
        throw new IllegalArgumentException("its best weights hold " + weights.length + " + "
            + st.length + " values; the model has " + params + " + " + states);
      }
    }
    wait = w;
    stoppedEpoch = stopped;
    best = b;
    bestEpoch = be;
    haveBestWeights = have;
    if (have) {
      bestWeights = weights;
      bestState = st;
    }
  }

  /** The epoch (from 0) in which this callback stopped training, or -1 if it did not. */
  public int stoppedEpoch() {
    return stoppedEpoch;
  }

  /** The epoch (from 0) with the best monitored value so far, or -1 if none was monitored. */
  public int bestEpoch() {
    return bestEpoch;
  }

  /** The best monitored value so far (an infinity before the first monitored epoch). */
  public double best() {
    return best;
  }

  /** The monitored log key. */
  public String monitor() {
    return monitor;
  }

  private boolean improves(double value, double reference) {
    return maximize ? value - minDelta > reference : value + minDelta < reference;
  }

  private void saveWeights(TrainingContext context) {
    System.arraycopy(context.model().parameters(), 0, bestWeights, 0, bestWeights.length);
    // Non-trainable state (batch normalisation's moving averages) belongs to the weights too.
    float[] state = context.model().state();
    if (bestState == null || bestState.length != state.length) {
      bestState = new float[state.length];
    }
    System.arraycopy(state, 0, bestState, 0, state.length);
    haveBestWeights = true;
  }

  /** Configures an {@link EarlyStopping}. */
  public static final class Builder {
    private String monitor = "val_loss";
    private double minDelta;
    private int patience;
    private Mode mode = Mode.AUTO;
    private Double baseline;
    private boolean restoreBestWeights;
    private int startFromEpoch;
    private boolean verbose;
    private PrintStream out = System.out;
    private PrintStream warnings = System.err;

    private Builder() {}

    /** The log key to watch; default {@code val_loss}. */
    public Builder monitor(String monitor) {
      this.monitor = Objects.requireNonNull(monitor, "monitor");
      return this;
    }

    /** The smallest change that counts as an improvement (its absolute value); default 0. */
    public Builder minDelta(double minDelta) {
      this.minDelta = minDelta;
      return this;
    }

    /** Epochs without improvement before stopping; default 0. */
    public Builder patience(int patience) {
      this.patience = nonNegative("patience", patience);
      return this;
    }

    /** Whether lower or higher is better; default {@link Mode#AUTO}. */
    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** A value the monitored quantity must beat for the wait to reset; default none. */
    public Builder baseline(double baseline) {
      this.baseline = baseline;
      return this;
    }

    /** Whether to put back the best epoch's parameters when training ends; default false. */
    public Builder restoreBestWeights(boolean restore) {
      this.restoreBestWeights = restore;
      return this;
    }

    /** The first epoch (from 0) that is monitored, a warm-up before it; default 0. */
    public Builder startFromEpoch(int epoch) {
      this.startFromEpoch = nonNegative("startFromEpoch", epoch);
      return this;
    }

    /** Whether to print a line when stopping and when restoring; default false. */
    public Builder verbose(boolean verbose) {
      this.verbose = verbose;
      return this;
    }

    /** Where verbose lines go; default {@code System.out}. */
    public Builder output(PrintStream out) {
      this.out = Objects.requireNonNull(out, "out");
      return this;
    }

    /** Where the missing-monitor warning goes; default {@code System.err}. */
    public Builder warnings(PrintStream warnings) {
      this.warnings = Objects.requireNonNull(warnings, "warnings");
      return this;
    }

    /** Creates the callback. */
    public EarlyStopping build() {
      return new EarlyStopping(this);
    }
  }

  static int nonNegative(String what, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(what + " must be >= 0, got " + value);
    }
    return value;
  }
}
