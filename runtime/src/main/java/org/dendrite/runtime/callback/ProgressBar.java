package org.dendrite.runtime.callback;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.dendrite.runtime.io.Terminal;
import org.dendrite.runtime.train.BatchLogs;
import org.dendrite.runtime.train.Callback;
import org.dendrite.runtime.train.EpochResult;
import org.dendrite.runtime.train.TrainingContext;

/**
 * A per-epoch progress display, as Keras' progress bar, that adapts to where its output goes.
 *
 * <p>On an interactive terminal it prints {@code Epoch 3/10} and then redraws one line in place
 * (carriage return, no other control codes), at most every 50 ms:
 *
 * <pre>
 *  612/1875 [=========&gt;....................] - ETA: 4s - loss: 0.5121 - accuracy: 0.8190
 * </pre>
 *
 * and ends the epoch with its time, the time per step and every logged value:
 *
 * <pre>
 * 1875/1875 [==============================] - 6s 3ms/step - loss: 0.4967 - accuracy: 0.8232 - val_loss: 0.4010 - val_accuracy: 0.8561
 * </pre>
 *
 * <p>Anywhere else (a CI log, a file, a pipe) it prints plain lines only — no carriage return,
 * no escape code: one line per epoch, {@code Epoch 3/10 - 1875/1875 - 6s 3ms/step - loss: ...},
 * plus a progress line every 30 s within long epochs so a log shows the run is alive.
 *
 * <p>Progress lines are kept within the terminal width (the {@code COLUMNS} variable, else 80)
 * so that they never wrap, which would break redrawing: the bar shrinks first, then the values
 * at the end are left out. The {@code learning_rate} log is left out. Between redraws a batch costs one clock read.
 */
public final class ProgressBar implements Callback {
  private static final long REDRAW_NANOS = 50_000_000L;
  private static final long PLAIN_INTERVAL_NANOS = 30_000_000_000L;
  private static final int BAR_WIDTH = 30;
  private static final int MIN_BAR_WIDTH = 10;

  private final PrintStream out;
  private final boolean interactive;
  private final LongSupplier clock;
  private final int columns;
  private final long plainIntervalNanos;
  private final StringBuilder line = new StringBuilder(200);

  private String epochLabel;
  private int steps;
  private int done;
  private long start;
  private long lastDraw;
  private int drawnWidth;

  /** Writes to {@code System.out}, redrawing if it is an interactive terminal. */
  public ProgressBar() {
    this(System.out);
  }

  /**
   * Writes to {@code out}, redrawing if the standard output is an interactive terminal (pass
   * {@code interactive} explicitly when {@code out} is another stream).
   */
  public ProgressBar(PrintStream out) {
    this(out, isInteractiveTerminal());
  }

  /** Writes to {@code out}: a redrawn line if {@code interactive}, plain lines otherwise. */
  public ProgressBar(PrintStream out, boolean interactive) {
    this(out, interactive, System::nanoTime, Terminal.columns(System.getenv("COLUMNS")),
        PLAIN_INTERVAL_NANOS);
  }

  ProgressBar(PrintStream out, boolean interactive, LongSupplier nanoClock, int columns,
      long plainIntervalNanos) {
    this.out = Objects.requireNonNull(out, "out");
    this.interactive = interactive;
    this.clock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.columns = columns;
    this.plainIntervalNanos = plainIntervalNanos;
  }

  /** Whether the standard output can redraw a line: see {@link Terminal#isInteractive()}. */
  public static boolean isInteractiveTerminal() {
    return Terminal.isInteractive();
  }

  /** Whether this bar redraws a line in place. */
  public boolean interactive() {
    return interactive;
  }

  @Override
  public void onEpochBegin(TrainingContext context, int epoch) {
    epochLabel = "Epoch " + (epoch + 1) + "/" + context.epochs();
    steps = context.stepsPerEpoch();
    done = 0;
    start = clock.getAsLong();
    lastDraw = interactive ? start - REDRAW_NANOS : start;
    drawnWidth = 0;
    if (interactive) {
      out.println(epochLabel);
    }
  }

  @Override
  public void onBatchEnd(TrainingContext context, int batch, BatchLogs logs) {
    done = batch + 1;
    long now = clock.getAsLong();
    if (interactive) {
      // The last step always draws: validation may take a while before the epoch's end line.
      if (now - lastDraw >= REDRAW_NANOS || done == steps) {
        lastDraw = now;
        redraw(now, logs);
      }
    } else if (now - lastDraw >= plainIntervalNanos && done < steps) {
      lastDraw = now;
      line.setLength(0);
      line.append(epochLabel).append(" - ");
      counter(line).append(" - ETA: ").append(eta(now));
      runningValues(logs);
      out.println(line);
    }
  }

  @Override
  public void onEpochEnd(TrainingContext context, EpochResult result) {
    long elapsed = clock.getAsLong() - start;
    line.setLength(0);
    if (!interactive) {
      line.append(epochLabel).append(" - ");
    }
    counter(line);
    if (interactive) {
      line.append(' ');
      bar(line, BAR_WIDTH);
    }
    line.append(" - ").append(elapsed / 1_000_000_000L).append('s');
    if (done > 0) {
      line.append(' ').append(perStep(elapsed / (double) done));
    }
    for (Map.Entry<String, Double> e : result.logs().entrySet()) {
      if (!e.getKey().equals("learning_rate")) {
        value(e.getKey(), e.getValue());
      }
    }
    if (interactive) {
      out.print('\r');
      out.print(line);
      pad(line.length());
      out.println();
    } else {
      out.println(line);
    }
    out.flush();
  }

  private void redraw(long now, BatchLogs logs) {
    int barWidth = BAR_WIDTH;
    do {
      line.setLength(0);
      counter(line).append(' ');
      bar(line, barWidth);
      line.append(done < steps ? " - ETA: " + eta(now) : "");
      runningValues(logs);
      barWidth -= 5;
    } while (line.length() > columns - 1 && barWidth >= MIN_BAR_WIDTH);
    if (line.length() > columns - 1) {
      // Drop whole " - name: value" items from the end rather than cut a number in half.
      int cut = line.lastIndexOf(" - ", columns - 1);
      line.setLength(cut > 0 ? cut : columns - 1);
    }
    out.print('\r');
    out.print(line);
    pad(line.length());
    out.flush();
  }

  /** Blanks what is left of a longer earlier line. */
  private void pad(int width) {
    for (int i = width; i < drawnWidth; i++) {
      out.print(' ');
    }
    drawnWidth = Math.max(width, drawnWidth);
  }

  private StringBuilder counter(StringBuilder b) {
    String total = Integer.toString(steps);
    String now = Integer.toString(done);
    for (int i = now.length(); i < total.length(); i++) {
      b.append(' ');
    }
    return b.append(now).append('/').append(total);
  }

  /** Keras' bar: {@code [====>.....]}. */
  private void bar(StringBuilder b, int width) {
    int filled = steps == 0 ? width : (int) ((long) width * done / steps);
    b.append('[');
    for (int i = 0; i < filled - 1; i++) {
      b.append('=');
    }
    if (filled > 0) {
      b.append(done < steps ? '>' : '=');
    }
    for (int i = filled; i < width; i++) {
      b.append('.');
    }
    b.append(']');
  }

  private void runningValues(BatchLogs logs) {
    value("loss", logs.loss());
    for (String name : logs.metricNames()) {
      value(name, logs.metric(name));
    }
  }

  /** Keras' format: 4 decimals, or 4 significant digits in scientific form near zero. */
  private void value(String name, double v) {
    line.append(" - ").append(name).append(": ")
        .append(String.format(Locale.ROOT, Math.abs(v) > 1e-3 ? "%.4f" : "%.4e", v));
  }

  private String eta(long now) {
    long seconds = Math.round((now - start) / 1e9 / done * (steps - done));
    if (seconds > 3600) {
      return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds % 3600 / 60,
          seconds % 60);
    }
    if (seconds > 60) {
      return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
    return seconds + "s";
  }

  private static String perStep(double nanos) {
    if (nanos >= 1e9) {
      return Math.round(nanos / 1e9) + "s/step";
    }
    if (nanos >= 1e6) {
      return Math.round(nanos / 1e6) + "ms/step";
    }
    return Math.round(nanos / 1e3) + "us/step";
  }
}
