package org.dendrite.runtime.callback;

import java.util.Locale;

/**
 * Whether a monitored value improves by falling or by rising, as Keras' {@code mode} argument.
 */
public enum Mode {
  /**
   * Decided from the monitored name: {@link #MAX} for names that contain {@code acc} (so
   * {@code accuracy}, {@code val_top_5_accuracy}), {@code auc}, {@code precision},
   * {@code recall} or {@code f1} — the metrics Keras marks as improving upwards — and {@link #MIN}
   * for everything else ({@code loss}, {@code val_loss}, {@code mae}, {@code rmse}).
   */
  AUTO,
  /** Lower is better. */
  MIN,
  /** Higher is better. */
  MAX;

  private static final String[] UPWARD = {"acc", "auc", "precision", "recall", "f1"};

  /** Whether, in this mode, a higher value of {@code monitor} is an improvement. */
  public boolean maximizes(String monitor) {
    switch (this) {
      case MIN:
        return false;
      case MAX:
        return true;
      default:
        String name = monitor.toLowerCase(Locale.ROOT);
        for (String word : UPWARD) {
          if (name.contains(word)) {
            return true;
          }
        }
        return false;
    }
  }
}
