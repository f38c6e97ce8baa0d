package org.dendrite.compiler.nn;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.dendrite.compiler.diag.Diagnostic;
import org.dendrite.compiler.diag.DiagnosticFormatter;
import org.dendrite.compiler.diag.SourceFile;
import org.dendrite.compiler.ir.SourcePosition;

/**
 * Whatever the bytes, the .nn compiler answers with diagnostics or classes: no exception (the
 * compiler's own safety net, InternalError, counts as a failure), no hang, and every diagnostic
 * points inside the text and formats.
 *
 * <p>{@code mvn verify} replays the corpus in {@code
 * src/test/resources/org/dendrite/compiler/nn/NnFuzzTestInputs/anyInputGivesOnlyDiagnostics}.
 * To fuzz: {@code JAZZER_FUZZ=1 mvn -pl dsl test -Dtest=NnFuzzTest -Djazzer.max_duration=10m}
 * (five minutes by default); Jazzer keeps its working corpus in {@code dsl/.cifuzz-corpus} and
 * puts an input that fails into the directory above, where it becomes a regression test.
 */
class NnFuzzTest {
  /** Far more than any input needs (milliseconds), on a loaded machine too. */
  static final long HANG_SECONDS = 5;

  /**
   * Runs each input, so that a hang is a failure rather than a stuck build. One thread for all
   * inputs: a thread per input (assertTimeoutPreemptively) cost the fuzzer two thirds of its
   * speed. The timeout is per input: in fuzzing mode the whole run is one invocation.
   */
  static final ExecutorService WORKER = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "nn-fuzz-worker");
    t.setDaemon(true);
    return t;
  });

  @FuzzTest(maxDuration = "5m")
  void anyInputGivesOnlyDiagnostics(byte[] input) throws Throwable {
    Future<?> run = WORKER.submit(() -> compile(new String(input, StandardCharsets.UTF_8)));
    try {
      run.get(HANG_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      fail("no result after " + HANG_SECONDS + " s: the compiler hangs on this input");
    } catch (ExecutionException e) {
      throw e.getCause();
    }
  }

  private static void compile(String text) {
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
