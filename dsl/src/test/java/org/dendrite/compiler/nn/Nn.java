package org.dendrite.compiler.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.dendrite.compiler.diag.Diagnostic;
import org.dendrite.compiler.diag.DiagnosticFormatter;
import org.dendrite.compiler.diag.SourceFile;
import org.dendrite.compiler.ir.SourcePosition;

/** Helpers of the .nn tests: compile text, find diagnostics, assert where they point. */
final class Nn {
  private Nn() {}

  static final String FILE = "test.nn";

  /** Compiles one file called test.nn made of {@code lines}. */
  static NnCompiler.Result compile(String... lines) {
    return new NnCompiler().compile(List.of(new SourceFile(FILE, String.join("\n", lines))));
  }

  /** The single diagnostic of a run, with its message, tag, line and column asserted. */
  static Diagnostic single(NnCompiler.Result r, String tag, int line, int column,
      String message) {
    assertEquals(1, r.diagnostics().size(), () -> render(r));
    Diagnostic d = r.diagnostics().get(0);
    assertAt(d, tag, line, column, message);
    return d;
  }

  static void assertAt(Diagnostic d, String tag, int line, int column, String message) {
    assertEquals(tag, d.tag(), d::toString);
    SourcePosition p = (SourcePosition) d.origin();
    assertEquals(FILE + ":" + line + ":" + column, p.describe(), d::toString);
    if (message != null) {
      assertEquals(message, d.message());
    }
  }

  /** Every diagnostic as nnc prints it, for failure messages. */
  static String render(NnCompiler.Result r) {
    DiagnosticFormatter f = new DiagnosticFormatter(r.sources());
    StringBuilder sb = new StringBuilder();
    r.diagnostics().forEach(d -> sb.append(f.format(d)).append('\n'));
    return sb.toString();
  }
}
