package org.dendrite.compiler.diag;

import java.util.ArrayList;
import java.util.List;

/** A sink that keeps the diagnostics, optionally passing them on. */
public final class DiagnosticCollector implements DiagnosticSink {
  private final List<Diagnostic> diagnostics = new ArrayList<>();
  private final DiagnosticSink next;

  /** Collects only. */
  public DiagnosticCollector() {
    this(d -> {});
  }

  /** Collects and forwards every diagnostic to {@code next}. */
  public DiagnosticCollector(DiagnosticSink next) {
    this.next = next;
  }

  @Override
  public void report(Diagnostic diagnostic) {
    diagnostics.add(diagnostic);
    next.report(diagnostic);
  }

  /** Everything reported, in order. */
  public List<Diagnostic> diagnostics() {
    return List.copyOf(diagnostics);
  }

  /** The errors reported. */
  public List<Diagnostic> errors() {
    return diagnostics.stream().filter(d -> d.severity() == Severity.ERROR).toList();
  }

  /** Whether any error was reported. */
  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(d -> d.severity() == Severity.ERROR);
  }
}
