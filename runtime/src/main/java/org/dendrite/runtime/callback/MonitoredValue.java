package org.dendrite.runtime.callback;

import java.io.PrintStream;
import java.util.Objects;
import org.dendrite.runtime.train.EpochResult;

/**
 * Reads one monitored value out of the epoch logs and, like Keras, warns (once per fit) when the
 * logs have no such key instead of failing: a typo in {@code monitor} should not kill a long run.
 */
final class MonitoredValue {
  private final String callback;
  private final String monitor;
  private final PrintStream warnings;
  private boolean warned;

  MonitoredValue(String callback, String monitor, PrintStream warnings) {
    this.callback = callback;
    this.monitor = Objects.requireNonNull(monitor, "monitor");
    this.warnings = Objects.requireNonNull(warnings, "warnings");
  }

  /** Forgets the warning, so the next fit warns again. */
  void reset() {
    warned = false;
  }

  /** The value, or {@code null} (after one warning) if the epoch did not log it. */
  Double read(EpochResult result) {
    Double value = result.logs().get(monitor);
    if (value == null && !warned) {
      warned = true;
      warnings.println("Warning: " + callback + " is conditioned on '" + monitor
          + "', which is not available. Available metrics are: "
          + String.join(",", result.logs().keySet()));
    }
    return value;
  }
}
