package org.dendrite.runtime.callback;

import java.io.PrintStream;
import java.util.Objects;
import org.dendrite.runtime.optim.Optimizer;
import org.dendrite.runtime.train.Callback;
import org.dendrite.runtime.train.CallbackState;
import org.dendrite.runtime.train.EpochResult;
import org.dendrite.runtime.train.TrainingContext;

/**
 * Multiplies the learning rate by a factor when a monitored value has stopped improving, as
 * Keras' {@code ReduceLROnPlateau} (same arguments, defaults and decisions).
 *
 * <pre>{@code
 * ReduceLROnPlateau.builder().monitor("val_loss").factor(0.2).patience(5).minLr(1e-3).build();
 * }</pre>
 *
 * <p>After each epoch the monitored value improves if it beats the best so far by more than
 * {@link Builder#minDelta} (below {@code best - minDelta} in {@link Mode#MIN}, above
 * {@code best + minDelta} in {@link Mode#MAX}). Each epoch without improvement adds to a wait;
 * when the wait reaches {@link Builder#patience}, the rate becomes
 * {@code max(rate × factor, minLr)} (if it is still above {@code minLr}) and the wait restarts.
 * A {@link Builder#cooldown} of c epochs then keeps the wait at 0 until the c-th epoch after the
 * reduction, which counts again — Keras counts the cooldown down before checking it, so a
 * cooldown of 1 changes nothing. The epoch's logged {@code learning_rate} is the rate it trained
 * with, before any reduction. A missing monitored key is warned about once per fit, naming the
 * keys that are there. As in Keras, an optimizer whose rate follows a
 * {@link org.dendrite.runtime.optim.LearningRateSchedule} is refused when training begins.
 */
public final class ReduceLROnPlateau implements Callback {
  private final String monitor;
  private final double factor;
  private final int patience;
  private final boolean maximize;
  private final double minDelta;
  private final int cooldown;
  private final double minLr;
  private final PrintStream out;
  private final MonitoredValue monitored;

  private double best;
  private int wait;
  private int cooldownCounter;
  private int reductions;

  private ReduceLROnPlateau(Builder b) {
    this.monitor = b.monitor;
    this.factor = b.factor;
    this.patience = b.patience;
    this.maximize = b.mode.maximizes(b.monitor);
    this.minDelta = b.minDelta;
    this.cooldown = b.cooldown;
    this.minLr = b.minLr;
    this.out = b.verbose ? b.out : null;
    this.monitored = new MonitoredValue("ReduceLROnPlateau", b.monitor, b.warnings);
    reset();
  }

  /** Starts configuring; every setting defaults to Keras' value. */
  public static Builder builder() {
    return new Builder();
  }

  private void reset() {
    best = maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    wait = 0;
    cooldownCounter = 0;
    reductions = 0;
    monitored.reset();
  }

  @Override
  public void onTrainBegin(TrainingContext context) {
    LearningRateScheduler.refuseScheduledOptimizer(context, "ReduceLROnPlateau");
    reset();
  }

  @Override
  public void onEpochEnd(TrainingContext context, EpochResult result) {
    Double current = monitored.read(result);
    if (current == null) {
      return;
    }
    if (cooldownCounter > 0) {
      cooldownCounter--;
      wait = 0;
    }
    if (maximize ? current > best + minDelta : current < best - minDelta) {
      best = current;
      wait = 0;
    } else if (cooldownCounter == 0) {
      wait++;
      if (wait >= patience) {
        Optimizer optimizer = context.optimizer();
        float old = optimizer.learningRate();
        if (old > (float) minLr) {
          float reduced = (float) Math.max(old * factor, minLr);
          if (reduced > 0) {
            optimizer.setLearningRate(reduced);
            reductions++;
            if (out != null) {
              out.println("Epoch " + (result.epoch() + 1)
                  + ": ReduceLROnPlateau reducing learning rate to " + reduced + ".");
            }
          }
          cooldownCounter = cooldown;
          wait = 0;
        }
      }
    }
  }

  /** Its best value, wait, cooldown and count of reductions go into checkpoints. */
  @Override
  public void saveState(CallbackState state) {
    state.putDouble("best", best).putInt("wait", wait).putInt("cooldown", cooldownCounter)
        .putInt("reductions", reductions);
  }

  @Override
  public void restoreState(TrainingContext context, CallbackState state) {
    double b = state.getDouble("best");
    int w = state.getInt("wait");
    int c = state.getInt("cooldown");
    int r = state.getInt("reductions");
    if (w < 0 || c < 0 || r < 0) {
      throw new IllegalArgumentException("wait " + w + ", cooldown " + c + " and reductions " + r
          + " cannot be negative");
    }
    if (Double.isNaN(b)) {
      throw new IllegalArgumentException("the best value is NaN, which no epoch can beat");
    }
    best = b;
    wait = w;
    cooldownCounter = c;
    reductions = r;
  }

  /** How many times this fit reduced the rate. */
  public int reductions() {
    return reductions;
  }

  /** The best monitored value this fit (an infinity before the first). */
  public double best() {
    return best;
  }

  /** The monitored log key. */
  public String monitor() {
    return monitor;
  }

  /** Configures a {@link ReduceLROnPlateau}. */
  public static final class Builder {
    private String monitor = "val_loss";
    private double factor = 0.1;
    private int patience = 10;
    private Mode mode = Mode.AUTO;
    private double minDelta = 1e-4;
    private int cooldown;
    private double minLr;
    private boolean verbose;
    private PrintStream out = System.out;
    private PrintStream warnings = System.err;

    private Builder() {}

    /** The log key to watch; default {@code val_loss}. */
    public Builder monitor(String monitor) {
      this.monitor = Objects.requireNonNull(monitor, "monitor");
      return this;
    }

    /** The factor the rate is multiplied by, in (0, 1); default 0.1. */
    public Builder factor(double factor) {
      if (!(factor > 0 && factor < 1)) {
        throw new IllegalArgumentException(
            "ReduceLROnPlateau needs a factor in (0, 1), got " + factor);
      }
      this.factor = factor;
      return this;
    }

    /** Epochs without improvement before a reduction; default 10. */
    public Builder patience(int patience) {
      this.patience = EarlyStopping.nonNegative("patience", patience);
      return this;
    }

    /** Whether lower or higher is better; default {@link Mode#AUTO}. */
    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** The margin an improvement must beat the best by; default 1e-4. */
    public Builder minDelta(double minDelta) {
      this.minDelta = minDelta;
      return this;
    }

    /** Epochs after a reduction before the wait grows again (see above); default 0. */
    public Builder cooldown(int cooldown) {
      this.cooldown = EarlyStopping.nonNegative("cooldown", cooldown);
      return this;
    }

    /** The lowest rate a reduction goes to; default 0. */
    public Builder minLr(double minLr) {
      if (!(minLr >= 0) || Double.isInfinite(minLr)) {
        throw new IllegalArgumentException("minLr must be finite and >= 0, got " + minLr);
      }
      this.minLr = minLr;
      return this;
    }

    /** Whether to print a line for every reduction; default false. */
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
    public ReduceLROnPlateau build() {
      return new ReduceLROnPlateau(this);
    }
  }
}
