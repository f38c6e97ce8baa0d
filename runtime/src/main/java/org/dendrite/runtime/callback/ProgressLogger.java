package org.dendrite.runtime.callback;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import org.dendrite.runtime.train.Callback;
import org.dendrite.runtime.train.EpochResult;
import org.dendrite.runtime.train.TrainingContext;

/**
 * Prints one line per epoch: the logged values, the training time and the throughput.
 *
 * <pre>
 * Epoch 1/5: loss 0.4967, accuracy 0.8232, val_loss 0.4010, val_accuracy 0.8561 (3.2 s, 18,742 samples/s)
 * </pre>
 */
public final class ProgressLogger implements Callback {
  private final PrintStream out;

  /** Prints to {@code out}. */
  public ProgressLogger(PrintStream out) {
    this.out = out;
  }

  @Override
  public void onEpochEnd(TrainingContext context, EpochResult result) {
    StringBuilder line = new StringBuilder();
    line.append("Epoch ").append(result.epoch() + 1).append('/').append(context.epochs())
        .append(':');
    String sep = " ";
    for (Map.Entry<String, Double> e : result.logs().entrySet()) {
      line.append(sep).append(e.getKey()).append(' ')
          .append(String.format(Locale.ROOT, "%.4f", e.getValue()));
      sep = ", ";
    }
    line.append(String.format(Locale.ROOT, " (%.1f s, %,.0f samples/s)",
        result.seconds(), result.samplesPerSecond()));
    out.println(line);
  }
}
