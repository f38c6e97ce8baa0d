package org.dendrite.compiler.diag;

/** How serious a diagnostic is. */
public enum Severity {
  /** The network cannot be compiled. */
  ERROR,
  /** The network compiles but is probably not what was meant. */
  WARNING,
  /** Information, such as the summary table. */
  NOTE
}
