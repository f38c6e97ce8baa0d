package org.dendrite.compiler.nn;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dendrite.compiler.diag.Diagnostic;
import org.dendrite.compiler.diag.DiagnosticFormatter;
import org.dendrite.compiler.diag.SourceFile;
import org.dendrite.compiler.ir.SourcePosition;
import org.junit.jupiter.api.Timeout;

/**
 * Whatever the bytes, the .nn compiler answers with diagnostics or classes: no exception (the
 * compiler's own safety net, InternalError, counts as a failure), no hang, and every diagnostic
 * points inside the text and formats.
 *
 * <p>{@code mvn verify} replays the corpus in {@code
 * src/test/resources/org/dendrite/compiler/nn/NnFuzzTestInputs/anyInputGivesOnlyDiagnostics}.
 * To fuzz: {@code JAZZER_FUZZ=1 mvn -pl dsl test -Dtest=NnFuzzTest} (Jazzer adds inputs that
 * crash to that directory, where they become regression tests).
 */
class NnFuzzTest {
  @FuzzTest(maxDuration = "5m")
  @Timeout(10)
  void anyInputGivesOnlyDiagnostics(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    SourceFile source = new SourceFile("fuzz.nn", text);
    NnCompiler.Result result = new NnCompiler().compile(List.of(source));
    DiagnosticFormatter formatter = new DiagnosticFormatter(result.sources());
    int lines = source.lines().size();
    for (Diagnostic d : result.diagnostics()) {
      assertFalse(d.tag().equals("InternalError"), d::toString);
      assertFalse(d.message().isEmpty());
      SourcePosition p = (SourcePosition) d.origin();
      assertTrue(p.line() >= 1 && p.line() <= lines + 1 && p.column() >= 1, d::toString);
      assertTrue(formatter.format(d).startsWith("fuzz.nn:" + p.line() + ":" + p.column()
          + ": "));
    }
    if (!result.hasErrors()) {
      result.files().forEach(f -> assertTrue(f.toString().contains("implements Model")));
    }
  }
}
