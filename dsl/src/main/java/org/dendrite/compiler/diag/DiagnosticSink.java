package org.dendrite.compiler.diag;

/** Receives diagnostics: javac's {@code Messager}, {@code nnc}'s stderr, or a test's list. */
@FunctionalInterface
public interface DiagnosticSink {
  /** Reports one diagnostic. */
  void report(Diagnostic diagnostic);
}
