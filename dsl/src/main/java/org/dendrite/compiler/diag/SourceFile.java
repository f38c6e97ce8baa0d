package org.dendrite.compiler.diag;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The text of one source file with its name as diagnostics print it, split into lines so that a
 * {@link DiagnosticFormatter} can quote the line a diagnostic points at.
 *
 * @param name the file's name as positions name it, e.g. {@code src/main/nn/fashion.nn}
 * @param text the whole text
 */
public record SourceFile(String name, String text) {
  /**
   * Line {@code line} (1-based) without its terminator, or empty past the end. A line ends at
   * {@code \n}, {@code \r\n} or a lone {@code \r}, as the lexer counts them.
   */
  public Optional<String> line(int line) {
    List<String> lines = lines();
    return line >= 1 && line <= lines.size() ? Optional.of(lines.get(line - 1)) : Optional.empty();
  }

  /** The lines, without terminators; a file ending with a newline has no empty last line. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        lines.add(text.substring(start, i));
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    if (start < text.length()) {
      lines.add(text.substring(start));
    }
    return lines;
  }
}
