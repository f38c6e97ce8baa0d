package org.dendrite.runtime.data;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import java.io.Closeable;
import java.io.FilterReader;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.dendrite.runtime.io.FileErrors;

/**
 * The records of a table as FastCSV parses them (RFC 4180), each fault an {@link IOException}
 * naming the source, the line and the column, where FastCSV names only the line a record starts
 * on, and checked in the one pass that reads the records:
 *
 * <ul>
 *   <li>a quote left open ({@code 3,"1} and no closing quote): FastCSV, told so, refuses it at
 *       the end of the input instead of returning the rest of the input as one field. It is named
 *       at the line where the quote opens: the record's first line plus the line breaks in its
 *       fields before it.
 *   <li>a field longer than {@link #MAX_FIELD_CHARS}, which bounds FastCSV's buffer: in a large
 *       file such a quote is met here, long before the end of the input.
 *   <li>a quote inside a field that does not start with one ({@code 6"2}, or {@code  "a"} after
 *       a space), which FastCSV takes as data.
 *   <li>text after a closing quote ({@code "a"b}).
 * </ul>
 *
 * <p>A byte order mark before the header is dropped, not read as part of the first column's name.
 * Line breaks are CRLF, LF or CR; blank lines are skipped.
 */
final class CsvRecords implements Closeable {
  /**
   * The longest field read, in characters (8 MB of buffer): longer ones are almost always a quote
   * left open, and the bound keeps a reader that meets one in bounded memory.
   */
  static final int MAX_FIELD_CHARS = 1 << 22;

  private static final char QUOTE = '"';
  private static final char BOM = '\uFEFF';

  /** One record: the line it starts on and its fields. */
  record Row(long line, String[] fields) {}

  /** A fault found in a field, thrown through FastCSV's parser and caught in {@link #next}. */
  private static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int field;

    Malformed(int field, String message) {
      super(message, null, false, false);
      this.field = field;
    }
  }

  private final String source;
  private final Fields fields = new Fields();
  private final CsvReader<Row> reader;
  private final CloseableIterator<Row> rows;
  private List<String> header = List.of();

  /**
   * Reads {@code in}, named {@code source} in messages; {@link #close} closes it if
   * {@code owned}.
   */
  CsvRecords(Reader in, boolean owned, char separator, String source) throws IOException {
    this.source = source;
    Reader input = owned ? in : new FilterReader(in) {
      @Override
      public void close() {
        // The caller's stream: it closes it.
      }
    };
    try {
      input = withoutBom(input);
    } catch (IOException e) {
      throw new IOException("cannot read " + source + ": " + FileErrors.reason(e), e);
    }
    this.reader = CsvReader.builder().fieldSeparator(separator)
        // Csv counts the fields against the header's, naming the line.
        .extraFieldStrategy(FieldMismatchStrategy.IGNORE)
        .missingFieldStrategy(FieldMismatchStrategy.IGNORE)
        .allowUnclosedQuote(false)
        .maxBufferSize(MAX_FIELD_CHARS)
        .build(fields, input);
    this.rows = reader.iterator();
  }

  /** Names the columns in messages from now on: the header's names, by position. */
  void header(List<String> names) {
    this.header = List.copyOf(names);
  }

  /** The next record, or null after the last. */
  Row next() throws IOException {
    try {
      return rows.hasNext() ? rows.next() : null;
    } catch (CsvParseException e) {
      throw fault(e);
    } catch (UncheckedIOException e) {
      throw new IOException("cannot read " + source + ": " + FileErrors.reason(e.getCause()), e);
    }
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }

  /** FastCSV's exception, or one of {@link Fields}' that it wraps, with line and column. */
  private IOException fault(CsvParseException e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    if (cause instanceof Malformed m) {
      return new IOException(where(m.field) + m.getMessage(), e);
    }
    String m = String.valueOf(cause.getMessage());
    String after = "Unexpected character after closing quote";
    String what;
    if (m.startsWith("Unclosed quoted field")) {
      what = "the quote that opens this field is never closed, so the field would take in the"
          + " rest of the input; add the closing quote (a quote inside a quoted field is written"
          + " twice: \"\")";
    } else if (m.contains("maximum buffer size")) {
      what = "a field longer than " + MAX_FIELD_CHARS + " characters: most likely a quote that"
          + " opens it is never closed, and the field takes in the rest of the input; add the"
          + " closing quote (a quote inside a quoted field is written twice: \"\")";
    } else if (m.startsWith(after)) {
      what = "text after the closing quote" + m.substring(after.length()) + "; a quoted field"
          + " ends at its closing quote, and a quote inside it is written twice (\"\")";
    } else {
      what = m;
    }
    return new IOException(where(fields.count()) + what, e);
  }

  /** "{@code source line L, column 'c': }" for field {@code field} of the record being read. */
  private String where(int field) {
    String column;
    if (header.isEmpty()) {
      column = "field " + (field + 1) + " of the header";
    } else if (field < header.size()) {
      column = "column '" + header.get(field) + "'";
    } else {
      column = "field " + (field + 1) + " (the header has " + header.size() + ")";
    }
    return source + " line " + fields.lineOf(field) + ", " + column + ": ";
  }

  /** Drops a byte order mark at the start of {@code in} (U+FEFF, as UTF-8 decodes it). */
  private static Reader withoutBom(Reader in) throws IOException {
    PushbackReader r = new PushbackReader(in, 1);
    int c = r.read();
    if (c >= 0 && c != BOM) {
      r.unread(c);
    }
    return r;
  }

  /** Collects a record's fields, refusing a quote inside an unquoted one. */
  private static final class Fields extends AbstractBaseCsvCallbackHandler<Row> {
    private final List<String> values = new ArrayList<>();
    private long line;

    @Override
    protected void handleBegin(long startingLineNumber) {
      line = startingLineNumber;
      values.clear();
    }

    @Override
    protected void handleField(int index, char[] buf, int offset, int length, boolean quoted) {
      String value = new String(buf, offset, length);
      if (!quoted && value.indexOf(QUOTE) >= 0) {
        throw new Malformed(index, "a quote inside a field that does not start with one ("
            + Csv.abbreviate(value) + "); RFC 4180 quotes a field whole, with nothing before"
            + " the opening quote, and writes a quote inside it twice: \"6\"\"2\"");
      }
      values.add(value);
    }

    @Override
    protected Row buildRecord() {
      return new Row(line, values.toArray(new String[0]));
    }

    /** How many fields of the record being read are complete. */
    int count() {
      return values.size();
    }

    /** The line field {@code field} of the record being read starts on. */
    long lineOf(int field) {
      long at = line;
      for (int i = 0; i < Math.min(field, values.size()); i++) {
        String v = values.get(i);
        for (int j = 0; j < v.length(); j++) {
          char c = v.charAt(j);
          // CRLF is one break, as FastCSV counts lines.
          if (c == '\n' || c == '\r' && (j + 1 == v.length() || v.charAt(j + 1) != '\n')) {
            at++;
          }
        }
      }
      return at;
    }
  }
}
