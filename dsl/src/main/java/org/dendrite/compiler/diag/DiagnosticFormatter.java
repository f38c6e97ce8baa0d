package org.dendrite.compiler.diag;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dendrite.compiler.ir.SourcePosition;

/**
 * Formats diagnostics the way javac and protoc do, for {@code nnc}, the Maven plugin and tests:
 *
 * <pre>
 * fashion.nn:6:13: error: [Dendrite/UnknownValue] 'rleu' is not a known activation; did you mean 'relu'?
 *     dense h (units = 300, activation = rleu)
 *                                        ^
 * </pre>
 *
 * <p>The caret line copies the tabs of the quoted line, so that the caret stays under its column
 * whatever the terminal's tab width. A diagnostic without a text position (a network built in
 * code, an unreadable file) is printed on one line; one at the end of a file, after its last line
 * break, quotes an empty line.
 */
public final class DiagnosticFormatter {
  private final Map<String, List<String>> lines = new HashMap<>();

  /** A formatter that quotes lines of {@code sources}, found by their names. */
  public DiagnosticFormatter(List<SourceFile> sources) {
    for (SourceFile s : sources) {
      lines.put(s.name(), s.lines());
    }
  }

  /** The diagnostic with its position, severity, tag and message, and the quoted line. */
  public String format(Diagnostic d) {
    String severity = d.severity().name().toLowerCase(Locale.ROOT);
    if (!(d.origin() instanceof SourcePosition p)) {
      return d.origin().describe() + ": " + severity + ": " + d.formatted();
    }
    StringBuilder out = new StringBuilder();
    out.append(p.describe()).append(": ").append(severity).append(": ").append(d.formatted());
    List<String> file = lines.get(p.file());
    // One line past the last is the end of a file that ends with a line break (or is empty):
    // quoted as the empty line it is, so that the caret still shows where.
    if (file != null && p.line() >= 1 && p.line() <= file.size() + 1) {
      String line = p.line() <= file.size() ? file.get(p.line() - 1) : "";
      out.append('\n').append(printable(line)).append('\n').append(caret(line, p.column()));
    }
    return out.toString();
  }

  /**
   * javac's closing count: {@code 2 errors}, {@code 1 warning}, or both on two lines; empty if
   * there were none.
   */
  public static String summary(List<Diagnostic> diagnostics) {
    long errors = diagnostics.stream().filter(d -> d.severity() == Severity.ERROR).count();
    long warnings = diagnostics.stream().filter(d -> d.severity() == Severity.WARNING).count();
    StringBuilder out = new StringBuilder();
    if (errors > 0) {
      out.append(errors).append(errors == 1 ? " error" : " errors");
    }
    if (warnings > 0) {
      out.append(out.length() > 0 ? "\n" : "").append(warnings)
          .append(warnings == 1 ? " warning" : " warnings");
    }
    return out.toString();
  }

  /** Control characters would garble the terminal: shown as {@code ?}, one per code point. */
  private static String printable(String line) {
    StringBuilder sb = new StringBuilder(line.length());
    line.codePoints().forEach(c -> {
      if (c == '\t' || !Character.isISOControl(c)) {
        sb.appendCodePoint(c);
      } else {
        sb.append('?');
      }
    });
    return sb.toString();
  }

  /** Spaces (and the line's own tabs) up to {@code column}, counted in code points, then ^. */
  private static String caret(String line, int column) {
    StringBuilder sb = new StringBuilder();
    int[] codePoints = line.codePoints().toArray();
    for (int i = 0; i < column - 1; i++) {
      sb.append(i < codePoints.length && codePoints[i] == '\t' ? '\t' : ' ');
    }
    return sb.append('^').toString();
  }
}
