package org.dendrite.compiler.diag;

import org.dendrite.compiler.ir.Origin;

/**
 * One compiler message: its severity, a stable tag (the rule that raised it), the text, and where
 * it points.
 */
public record Diagnostic(Severity severity, String tag, String message, Origin origin) {
  /** The message with its tag, as javac and {@code nnc} print it: {@code [Dendrite/Tag] text}. */
  public String formatted() {
    return "[Dendrite/" + tag + "] " + message;
  }

  @Override
  public String toString() {
    return origin.describe() + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + ": "
        + formatted();
  }
}
