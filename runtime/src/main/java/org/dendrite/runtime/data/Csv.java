package org.dendrite.runtime.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.dendrite.runtime.data.CsvRecords.Row;
import org.dendrite.runtime.io.FileErrors;

/**
 * Reads a table with a header row (RFC 4180: comma-separated, fields optionally in double quotes,
 * which may hold separators, line breaks and doubled quotes) into a {@link Dataset}, choosing its
 * feature and target columns by name:
 *
 * <pre>{@code
 * Csv.Table iris = Csv.read(Path.of("iris.csv"))
 *     .features("sepal_length", "sepal_width", "petal_length", "petal_width")
 *     .classTarget("species")        // class indices 0, 1, 2 in the order of iris.classes()
 *     .load();
 * }</pre>
 *
 * <p>Numeric columns ({@link #features}, {@link #targets}) hold numbers; categorical ones are
 * one-hot encoded ({@link #oneHot}, {@link #oneHotTarget}) or read as a class index
 * ({@link #classTarget}). A categorical column's categories are those given with
 * {@link #categories}, or else every value the column holds, sorted, which a file is read once
 * more to learn (a {@link Reader} is read once, so its categories must be given). Features are
 * laid out in the order the columns were named, a one-hot column taking one feature per category.
 *
 * <p>Every problem is an {@link IOException} naming the source, the line and the column: a
 * missing column (with the columns there are), a row with more or fewer fields than the header,
 * a field that is not a finite number, a category outside the given ones. A missing value (an
 * empty field, or one of {@link #missingMarkers}) is an error too unless a policy says otherwise
 * ({@link #missing}, {@link #fillMissing}). Malformed quoting is refused in every column, read
 * or not, at the line where the field starts: a quote that is never closed (it would take in the
 * rest of the file), a quote inside a field that does not start with one ({@code 6"2}, or a
 * space before the opening quote), text after a closing quote ({@code "a"b}), and a field longer
 * than 4,194,304 characters (in practice such a quote left open, met before the end of a large
 * file, so that memory stays bounded).
 *
 * <p>Lines end in CRLF, LF or CR; blank lines are skipped; a byte order mark before the header is
 * dropped. A file with a header and no rows gives an empty dataset; an empty file is an error.
 *
 * <p>The table streams: {@link #load()} keeps the samples on the heap as floats, built in
 * chunks; {@link #load(Path)} writes them to a scratch file that the dataset maps, so that a
 * table larger than the heap costs it a chunk of rows (see {@link DatasetBuilder}).
 *
 * <p>Parsing is FastCSV's (a maintained RFC 4180 parser without dependencies).
 */
public final class Csv {
  /** What a missing value does. */
  public enum Missing {
    /** Fails the read, naming the line and the column (the default). */
    FAIL,
    /** Leaves out the row; {@link Table#skippedRows} counts them. */
    SKIP_ROW,
    /** Reads a missing numeric value as {@link #fillMissing}'s value. */
    FILL
  }

  /**
   * The most categories a categorical column may have: more is almost always an identifier or
   * free text chosen by mistake, whose one-hot rows would be as wide as the table is long.
   */
  public static final int MAX_CATEGORIES = 1024;

  /**
   * A table as read: its dataset, the names of the features and targets (a one-hot column's as
   * {@code column=category}), the categories of each categorical column, and the rows left out
   * for a missing value ({@link Missing#SKIP_ROW}).
   */
  public record Table(Dataset dataset, List<String> featureNames, List<String> targetNames,
      Map<String, List<String>> categories, int skippedRows) {
    /** Makes the lists and the map unmodifiable. */
    public Table {
      featureNames = List.copyOf(featureNames);
      targetNames = List.copyOf(targetNames);
      Map<String, List<String>> copy = new LinkedHashMap<>();
      categories.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      categories = Collections.unmodifiableMap(copy);
    }

    /**
     * The categories of the target column, in the order of their class indices (or one-hot
     * positions).
     *
     * @throws IllegalStateException if the target is not categorical
     */
    public List<String> classes() {
      if (targetNames.size() == 1 && categories.containsKey(targetNames.get(0))) {
        return categories.get(targetNames.get(0));
      }
      for (String t : targetNames) {
        int eq = t.indexOf('=');
        if (eq > 0 && categories.containsKey(t.substring(0, eq))) {
          return categories.get(t.substring(0, eq));
        }
      }
      throw new IllegalStateException("the target " + targetNames + " is not categorical");
    }
  }

  private enum Kind { NUMBER, ONE_HOT, CLASS_INDEX }

  private record Column(String name, Kind kind, boolean target) {}

  /** The header row: each name's position, and how many fields a row must have. */
  private record Header(Map<String, Integer> positions, int fields) {}

  private final Path file;
  private final Reader reader;
  private final String source;
  private char separator = ',';
  private final List<Column> columns = new ArrayList<>();
  private final Map<String, List<String>> givenCategories = new HashMap<>();
  private final Set<String> missingMarkers = new LinkedHashSet<>(List.of(""));
  private Missing missing = Missing.FAIL;
  private float fill;

  private Csv(Path file, Reader reader, String source) {
    this.file = file;
    this.reader = reader;
    this.source = source;
  }

  /** A table in a UTF-8 file, read when {@link #load} is called. */
  public static Csv read(Path file) {
    return new Csv(Objects.requireNonNull(file, "file"), null, file.toString());
  }

  /**
   * A table read from {@code reader} (once, so categorical columns need {@link #categories}),
   * named {@code name} in messages. {@link #load} does not close it.
   */
  public static Csv read(Reader reader, String name) {
    return new Csv(null, Objects.requireNonNull(reader, "reader"),
        Objects.requireNonNull(name, "name"));
  }

  /** The field separator, {@code ','} unless set (e.g. {@code ';'} or {@code '\t'}). */
  public Csv separator(char separator) {
    if (separator == '"' || separator == '\r' || separator == '\n') {
      throw new IllegalArgumentException("the separator cannot be a quote or a line break");
    }
    this.separator = separator;
    return this;
  }

  /** Numeric feature columns, appended to the features in this order. */
  public Csv features(String... names) {
    return add(Kind.NUMBER, false, names);
  }

  /** Categorical feature columns, each one-hot encoded: a feature per category. */
  public Csv oneHot(String... names) {
    return add(Kind.ONE_HOT, false, names);
  }

  /** Numeric target columns (a regression's), in this order. */
  public Csv targets(String... names) {
    return add(Kind.NUMBER, true, names);
  }

  /**
   * The categorical target column, read as a class index (the category's position in
   * {@link Table#classes}), for a sparse categorical cross-entropy.
   */
  public Csv classTarget(String name) {
    return add(Kind.CLASS_INDEX, true, name);
  }

  /** The categorical target column, one-hot encoded, for a categorical cross-entropy. */
  public Csv oneHotTarget(String name) {
    return add(Kind.ONE_HOT, true, name);
  }

  /**
   * The categories of a categorical column, in the order of their class indices or one-hot
   * positions; a value outside them is an error. Without it the column's values, sorted, are
   * its categories.
   */
  public Csv categories(String column, String... values) {
    Objects.requireNonNull(column, "column");
    if (values.length == 0 || values.length > MAX_CATEGORIES) {
      throw new IllegalArgumentException("column '" + column + "' needs 1 to " + MAX_CATEGORIES
          + " categories, got " + values.length);
    }
    Set<String> distinct = new LinkedHashSet<>(List.of(values));
    if (distinct.size() != values.length) {
      throw new IllegalArgumentException("categories of column '" + column
          + "' repeat a value: " + List.of(values));
    }
    givenCategories.put(column, List.of(values));
    return this;
  }

  /** Field values that mean "missing" besides the empty field, such as {@code "NA"}. */
  public Csv missingMarkers(String... markers) {
    missingMarkers.addAll(List.of(markers));
    return this;
  }

  /** What a missing value does: {@link Missing#FAIL} unless set. */
  public Csv missing(Missing policy) {
    this.missing = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * Reads a missing numeric value as {@code value} ({@link Missing#FILL}); a missing category
   * still fails.
   */
  public Csv fillMissing(float value) {
    if (!Float.isFinite(value)) {
      throw new IllegalArgumentException("the fill value must be finite, got " + value);
    }
    this.fill = value;
    this.missing = Missing.FILL;
    return this;
  }

  /** Reads the table into a dataset of floats on the heap. */
  public Table load() throws IOException {
    return load(null);
  }

  /**
   * Reads the table into a dataset mapped from a scratch file in {@code scratchDirectory} (or on
   * the heap if it is null), for tables larger than the heap.
   */
  public Table load(Path scratchDirectory) throws IOException {
    if (columns.stream().noneMatch(c -> !c.target) || columns.stream().noneMatch(c -> c.target)) {
      throw new IllegalStateException("choose at least one feature column and a target column"
          + " before load (features, oneHot; targets, classTarget, oneHotTarget)");
    }
    for (String name : givenCategories.keySet()) {
      if (columns.stream().noneMatch(c -> c.name.equals(name) && c.kind != Kind.NUMBER)) {
        throw new IllegalStateException("categories were given for '" + name
            + "', which is not chosen as a categorical column");
      }
    }
    Map<String, List<String>> categories = categories();
    try (CsvRecords records = open()) {
      Layout layout = new Layout(header(records), categories);
      try (DatasetBuilder builder = scratchDirectory == null
          ? DatasetBuilder.inMemory(layout.featureSize, layout.targetSize)
          : DatasetBuilder.mapped(layout.featureSize, layout.targetSize, scratchDirectory)) {
        float[] x = new float[layout.featureSize];
        float[] y = new float[layout.targetSize];
        int skipped = 0;
        for (Row row = records.next(); row != null; row = records.next()) {
          if (layout.read(row, x, y)) {
            if (builder.size() == Integer.MAX_VALUE - 2) {
              throw new IOException(source + " holds more rows than a dataset can ("
                  + builder.size() + ")");
            }
            builder.add(x, 0, y, 0);
          } else {
            skipped++;
          }
        }
        return new Table(builder.build(), layout.featureNames, layout.targetNames, categories,
            skipped);
      }
    }
  }

  private Csv add(Kind kind, boolean target, String... names) {
    if (names.length == 0) {
      throw new IllegalArgumentException("name at least one column");
    }
    for (String name : names) {
      Objects.requireNonNull(name, "column name");
      if (columns.stream().anyMatch(c -> c.name.equals(name))) {
        throw new IllegalArgumentException("column '" + name + "' is chosen twice");
      }
      if (target && kind != Kind.NUMBER && columns.stream().anyMatch(c -> c.target)
          || target && columns.stream().anyMatch(c -> c.target && c.kind != Kind.NUMBER)) {
        throw new IllegalArgumentException("a categorical target must be the only target");
      }
      columns.add(new Column(name, kind, target));
    }
    return this;
  }

  private CsvRecords open() throws IOException {
    if (file == null) {
      return new CsvRecords(reader, false, separator, source);
    }
    Reader in;
    try {
      in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw FileErrors.wrap("read", file, e);
    }
    try {
      return new CsvRecords(in, true, separator, source);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** The categories of every categorical column: given, or read from the file, sorted. */
  private Map<String, List<String>> categories() throws IOException {
    Map<String, List<String>> out = new LinkedHashMap<>();
    Map<String, Set<String>> seen = new LinkedHashMap<>();
    for (Column c : columns) {
      if (c.kind == Kind.NUMBER) {
        continue;
      }
      List<String> given = givenCategories.get(c.name);
      if (given != null) {
        out.put(c.name, given);
      } else if (file == null) {
        throw new IllegalStateException("the categories of column '" + c.name + "' must be"
            + " given with categories(...): " + source + " is a stream, read once");
      } else {
        seen.put(c.name, new TreeSet<>());
        out.put(c.name, null);
      }
    }
    if (seen.isEmpty()) {
      return out;
    }
    try (CsvRecords records = open()) {
      Header header = header(records);
      Map<String, Integer> at = new LinkedHashMap<>();
      for (String name : seen.keySet()) {
        at.put(name, index(header, name));
      }
      for (Row row = records.next(); row != null; row = records.next()) {
        for (Map.Entry<String, Integer> e : at.entrySet()) {
          if (e.getValue() < row.fields().length) {
            String v = row.fields()[e.getValue()].strip();
            Set<String> values = seen.get(e.getKey());
            if (!missingMarkers.contains(v) && values.add(v) && values.size() > MAX_CATEGORIES) {
              throw new IOException(source + ": column '" + e.getKey() + "' holds more than "
                  + MAX_CATEGORIES + " distinct values; is it categorical? (its categories"
                  + " can be given with categories(...))");
            }
          }
        }
      }
    }
    seen.forEach((name, values) -> out.put(name, List.copyOf(values)));
    for (Map.Entry<String, List<String>> e : out.entrySet()) {
      if (e.getValue().isEmpty()) {
        throw new IOException(source + ": column '" + e.getKey() + "' holds no value");
      }
    }
    return out;
  }

  /** Reads the header row: column name to position. */
  private Header header(CsvRecords records) throws IOException {
    Row h = records.next();
    if (h == null) {
      throw new IOException(source + " is empty: a header row naming the columns is needed");
    }
    Map<String, Integer> header = new LinkedHashMap<>();
    Set<String> repeated = new TreeSet<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < h.fields().length; i++) {
      String name = h.fields()[i].strip();
      names.add(name);
      if (header.putIfAbsent(name, i) != null) {
        repeated.add(name);
      }
    }
    records.header(names);
    for (Column c : columns) {
      if (repeated.contains(c.name)) {
        throw new IOException(source + ": the header names column '" + c.name
            + "' more than once");
      }
    }
    return new Header(header, h.fields().length);
  }

  private int index(Header header, String name) throws IOException {
    Integer i = header.positions.get(name);
    if (i == null) {
      throw new IOException(source + " has no column '" + name + "'; its columns are "
          + String.join(", ", header.positions.keySet()));
    }
    return i;
  }

  /** Where each chosen column goes, and the reading of a row. */
  private final class Layout {
    final int fields;
    final int[] position;
    final int[] offset;
    final List<String> featureNames = new ArrayList<>();
    final List<String> targetNames = new ArrayList<>();
    final List<Map<String, Integer>> codes = new ArrayList<>();
    final int featureSize;
    final int targetSize;

    Layout(Header header, Map<String, List<String>> categories) throws IOException {
      fields = header.fields;
      position = new int[columns.size()];
      offset = new int[columns.size()];
      for (int i = 0; i < columns.size(); i++) {
        Column c = columns.get(i);
        position[i] = index(header, c.name);
        List<String> names = c.target ? targetNames : featureNames;
        offset[i] = names.size();
        Map<String, Integer> code = null;
        if (c.kind != Kind.NUMBER) {
          code = new HashMap<>();
          for (String v : categories.get(c.name)) {
            code.put(v, code.size());
          }
        }
        codes.add(code);
        if (c.kind == Kind.ONE_HOT) {
          for (String v : categories.get(c.name)) {
            names.add(c.name + "=" + v);
          }
        } else {
          names.add(c.name);
        }
      }
      featureSize = featureNames.size();
      targetSize = targetNames.size();
    }

    /** Reads {@code row} into {@code x} and {@code y}; false if it is to be left out. */
    boolean read(Row row, float[] x, float[] y) throws IOException {
      long line = row.line();
      int count = row.fields().length;
      if (count != fields) {
        throw new IOException(source + " line " + line + ": " + count + " field(s) where the"
            + " header has " + fields + (count > fields
                ? "; a field that holds the separator '" + separator + "' must be quoted"
                : "; a missing value is an empty field between its separators (3"
                    + separator + separator + "5)"));
      }
      for (int i = 0; i < columns.size(); i++) {
        Column c = columns.get(i);
        float[] dst = c.target ? y : x;
        String raw = row.fields()[position[i]];
        String v = raw.strip();
        if (missingMarkers.contains(v)) {
          if (missing == Missing.SKIP_ROW) {
            return false;
          }
          if (missing == Missing.FAIL || c.kind != Kind.NUMBER) {
            throw new IOException(source + " line " + line + ", column '" + c.name
                + "': missing value" + (v.isEmpty() ? "" : " '" + v + "'")
                + (c.kind == Kind.NUMBER ? "; choose a policy with missing(...) or"
                    + " fillMissing(...)" : "; a category cannot be filled in, rows can be"
                    + " skipped with missing(Missing.SKIP_ROW)"));
          }
          dst[offset[i]] = fill;
          continue;
        }
        switch (c.kind) {
          case NUMBER -> dst[offset[i]] = number(v, raw, line, c.name);
          case CLASS_INDEX -> dst[offset[i]] = code(i, v, line);
          case ONE_HOT -> {
            int width = codes.get(i).size();
            java.util.Arrays.fill(dst, offset[i], offset[i] + width, 0f);
            dst[offset[i] + code(i, v, line)] = 1f;
          }
          default -> throw new AssertionError(c.kind);
        }
      }
      return true;
    }

    private int code(int column, String v, long line) throws IOException {
      Integer code = codes.get(column).get(v);
      if (code == null) {
        List<String> known = new ArrayList<>(codes.get(column).keySet());
        known.sort(java.util.Comparator.comparing(codes.get(column)::get));
        throw new IOException(source + " line " + line + ", column '" + columns.get(column).name
            + "': '" + v + "' is not one of its categories " + known);
      }
      return code;
    }

    private float number(String v, String raw, long line, String column) throws IOException {
      // parseFloat also takes Java's suffixes ("1f", "2d") and hexadecimal: not numbers in a
      // table. A number ends in a digit or a point, and is not hexadecimal.
      char last = v.charAt(v.length() - 1);
      boolean shape = (last >= '0' && last <= '9' || last == '.')
          && !v.regionMatches(true, v.startsWith("-") || v.startsWith("+") ? 1 : 0, "0x", 0, 2);
      float f = Float.NaN;
      if (shape) {
        try {
          f = Float.parseFloat(v);
        } catch (NumberFormatException e) {
          shape = false;
        }
      }
      if (!shape) {
        throw new IOException(source + " line " + line + ", column '" + column + "': '"
            + abbreviate(raw) + "' is not a number");
      }
      if (!Float.isFinite(f)) {
        throw new IOException(source + " line " + line + ", column '" + column + "': " + v
            + " is beyond the range of a float");
      }
      return f;
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
