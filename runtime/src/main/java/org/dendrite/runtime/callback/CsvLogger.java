package org.dendrite.runtime.callback;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.dendrite.runtime.io.FileErrors;
import org.dendrite.runtime.train.Callback;
import org.dendrite.runtime.train.CallbackState;
import org.dendrite.runtime.train.EpochResult;
import org.dendrite.runtime.train.TrainingContext;

/**
 * Writes one CSV row per epoch, as Keras' {@code CSVLogger}: a header {@code epoch,loss,...} and
 * then the epoch (counted from 0) and every logged value.
 *
 * <pre>
 * epoch,loss,accuracy,val_loss,val_accuracy,learning_rate
 * 0,0.4967,0.8232,0.4010,0.8561,0.001
 * </pre>
 *
 * <p>Columns are the keys of the first epoch logged, in the order the trainer logged them (Keras
 * sorts them; log order keeps {@code loss} first and each {@code val_} key after its training
 * twin). When appending to a file that already has a header, that header's columns are used, so
 * rows line up with earlier runs. A column an epoch did not log is written as {@code NA}, as
 * Keras does; a key that appears only after the header was written cannot get a column and is
 * left out, with one warning on {@code System.err} per fit naming it.
 *
 * <p>The file is opened, appended to and closed at every epoch's end, so each row is on disk when
 * the epoch is done and nothing stays open if training fails. Values are written with
 * {@link Double#toString(double)}, which reads back to the same double. Fields that contain the
 * separator, a quote or a line break are quoted. If the file cannot be read or written, the
 * callback throws an {@link UncheckedIOException} naming it, which ends the fit.
 *
 * <p>A checkpoint holds the rows this fit wrote and the file's length before them; a resumed fit
 * cuts the file back to that length and writes those rows again, so that the rows of epochs
 * after the checkpoint, written before an interruption, are not there twice.
 */
public final class CsvLogger implements Callback {
  private final Path file;
  private final char separator;
  private final boolean append;
  private final PrintStream warnings;
  private List<String> columns;
  private final Set<String> warnedKeys = new LinkedHashSet<>();
  /** The file's length when this fit began, and the text it has appended since. */
  private long base;
  private final StringBuilder written = new StringBuilder();

  /** Writes {@code file} with commas, replacing it at the start of every fit. */
  public CsvLogger(Path file) {
    this(file, ',', false);
  }

  /**
   * Writes {@code file} with {@code separator}; with {@code append} a fit adds to an existing
   * file instead of replacing it.
   */
  public CsvLogger(Path file, char separator, boolean append) {
    this(file, separator, append, System.err);
  }

  CsvLogger(Path file, char separator, boolean append, PrintStream warnings) {
    this.file = Objects.requireNonNull(file, "file");
    if (separator == '"' || separator == '\n' || separator == '\r') {
      throw new IllegalArgumentException("a CSV separator cannot be a quote or a line break");
    }
    this.separator = separator;
    this.append = append;
    this.warnings = Objects.requireNonNull(warnings, "warnings");
  }

  /** The file written. */
  public Path file() {
    return file;
  }

  @Override
  public void onTrainBegin(TrainingContext context) {
    columns = null;
    warnedKeys.clear();
    written.setLength(0);
    base = 0;
    try {
      if (append && Files.exists(file)) {
        columns = existingColumns();
        base = Files.size(file);
      } else {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        Files.write(file, new byte[0]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(FileErrors.wrap("prepare the CSV log", file, e));
    }
  }

  @Override
  public void onEpochEnd(TrainingContext context, EpochResult result) {
    Map<String, Double> logs = result.logs();
    StringBuilder text = new StringBuilder();
    if (columns == null) {
      columns = List.copyOf(logs.keySet());
      List<String> header = new ArrayList<>();
      header.add("epoch");
      header.addAll(columns);
      appendRow(text, header);
    }
    List<String> row = new ArrayList<>(columns.size() + 1);
    row.add(Integer.toString(result.epoch()));
    for (String key : columns) {
      Double v = logs.get(key);
      row.add(v == null ? "NA" : Double.toString(v));
    }
    appendRow(text, row);
    for (String key : logs.keySet()) {
      if (!columns.contains(key) && warnedKeys.add(key)) {
        warnings.println("Warning: CsvLogger has no column for '" + key + "' (first logged in "
            + "epoch " + result.epoch() + ", after the header " + columns + " of " + file
            + " was written); it is not logged");
      }
    }
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      w.write(text.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(FileErrors.wrap("write epoch " + result.epoch() + " to",
          file, e));
    }
    written.append(text);
  }

  @Override
  public void saveState(CallbackState state) {
    state.putLong("base", base).putString("rows", written.toString());
    if (columns != null) {
      StringBuilder header = new StringBuilder();
      appendRow(header, columns);
      state.putString("columns", header.substring(0, header.length() - 1));
    }
  }

  /**
   * Cuts the file back to its length when the checkpointed fit began and writes that fit's rows
   * again.
   *
   * @throws IllegalArgumentException if the file is now shorter than when that fit began: it is
   *     not the file that fit appended to
   * @throws UncheckedIOException if the file cannot be read or written
   */
  @Override
  public void restoreState(TrainingContext context, CallbackState state) {
    long b = state.getLong("base");
    String rows = state.getString("rows");
    List<String> cols = state.keys().contains("columns")
        ? List.copyOf(parseFields(state.getString("columns"), separator)) : null;
    try {
      long size = Files.exists(file) ? Files.size(file) : 0;
      if (b < 0 || size < b) {
        throw new IllegalArgumentException("the checkpointed fit appended to " + file
            + " after its first " + b + " bytes, but it now holds " + size);
      }
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE)) {
        ch.truncate(b);
        ch.position(b);
        ByteBuffer bytes = ByteBuffer.wrap(rows.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          ch.write(bytes);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(FileErrors.wrap("restore the CSV log", file, e));
    }
    base = b;
    written.setLength(0);
    written.append(rows);
    columns = cols;
  }

  /** The columns of the existing file's header (without {@code epoch}), or null if it is empty. */
  private List<String> existingColumns() throws IOException {
    String header;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      header = r.readLine();
    }
    if (header == null || header.isEmpty()) {
      return null;
    }
    List<String> fields = parseFields(header, separator);
    if (!fields.get(0).equals("epoch")) {
      throw new IllegalStateException("cannot append to " + file + ": its first line '" + header
          + "' is not a header starting with 'epoch'");
    }
    return List.copyOf(fields.subList(1, fields.size()));
  }

  private void appendRow(StringBuilder text, List<String> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        text.append(separator);
      }
      String f = fields.get(i);
      if (f.indexOf(separator) >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0
          || f.indexOf('\r') >= 0) {
        text.append('"').append(f.replace("\"", "\"\"")).append('"');
      } else {
        text.append(f);
      }
    }
    text.append('\n');
  }

  /** Splits one CSV line at {@code separator}, honouring double quotes. */
  static List<String> parseFields(String line, char separator) {
    List<String> fields = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          f.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == separator) {
        fields.add(f.toString());
        f.setLength(0);
      } else {
        f.append(c);
      }
    }
    fields.add(f.toString());
    return fields;
  }
}
