package org.dendrite.compiler.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.dendrite.compiler.ir.Origin;
import org.dendrite.compiler.ir.SourcePosition;
import org.junit.jupiter.api.Test;

/** javac's and protoc's layout: position, severity, tagged message, the line, a caret. */
class DiagnosticFormatterTest {
  static final SourceFile FILE = new SourceFile("nets/a.nn",
      "network A(loss = mse) {\n\tdense h (units = 0)\r\n  x\u0007y\n}\n");

  static String format(Diagnostic d) {
    return new DiagnosticFormatter(List.of(FILE)).format(d);
  }

  @Test
  void caretUnderTheColumn() {
    Diagnostic d = Message.NON_POSITIVE_UNITS.at(SourcePosition.at("nets/a.nn", 2, 19), "dense",
        "h", 0);
    assertEquals(String.join("\n",
        "nets/a.nn:2:19: error: [Dendrite/PositiveSize] dense 'h' has units = 0; a layer needs at"
            + " least 1 unit",
        "\tdense h (units = 0)",
        "\t                 ^"), format(d));
  }

  @Test
  void controlCharactersAreNotPrinted() {
    Diagnostic d = Message.UNEXPECTED_CHARACTER.at(SourcePosition.at("nets/a.nn", 3, 4), "U+0007",
        "");
    assertEquals("  x?y\n   ^", format(d).substring(format(d).indexOf('\n') + 1));
  }

  @Test
  void positionsOutsideTheTextPrintOneLine() {
    assertEquals("nets/a.nn:9:1: error: [Dendrite/Syntax] expected '}', found end of file",
        format(Message.EXPECTED.at(SourcePosition.at("nets/a.nn", 9, 1), "'}'",
            "end of file")));
    assertEquals("other.nn:1:1: warning: [Dendrite/EmptyFile] other.nn declares no network;"
        + " declare one, e.g. network Classifier(loss = mse) { … }",
        format(Message.NO_NETWORK.at(SourcePosition.at("other.nn", 1, 1), "other.nn")));
    assertEquals("gone.nn: error: [Dendrite/FileRead] cannot read gone.nn: no such file",
        format(Message.FILE_UNREADABLE.at(Origin.of("gone.nn"), "gone.nn", "no such file")));
  }

  @Test
  void theEndOfAFileQuotesAnEmptyLine() {
    // FILE ends with a line break: line 5 is the empty line after it, where its end is.
    assertEquals("nets/a.nn:5:1: error: [Dendrite/Syntax] expected '}', found end of file\n\n^",
        format(Message.EXPECTED.at(SourcePosition.at("nets/a.nn", 5, 1), "'}'", "end of file")));
    SourceFile empty = new SourceFile("empty.nn", "");
    assertEquals("empty.nn:1:1: warning: [Dendrite/EmptyFile] empty.nn declares no network;"
        + " declare one, e.g. network Classifier(loss = mse) { … }\n\n^",
        new DiagnosticFormatter(List.of(empty)).format(
            Message.NO_NETWORK.at(SourcePosition.at("empty.nn", 1, 1), "empty.nn")));
  }

  @Test
  void summaryCountsLikeJavac() {
    Diagnostic error = Message.EXPECTED.at(Origin.of("x"), "a", "b");
    Diagnostic warning = Message.NO_NETWORK.at(Origin.of("x"), "x");
    assertEquals("", DiagnosticFormatter.summary(List.of()));
    assertEquals("1 error", DiagnosticFormatter.summary(List.of(error)));
    assertEquals("2 errors\n1 warning",
        DiagnosticFormatter.summary(List.of(error, warning, error)));
    assertEquals("2 warnings", DiagnosticFormatter.summary(List.of(warning, warning)));
  }

  @Test
  void linesEndAtAnyTerminator() {
    assertEquals(List.of("a", "b", "c", "", "d"), new SourceFile("f", "a\nb\r\nc\r\rd\n")
        .lines());
  }

  @Test
  void typoDistanceCountsASwapAsOneEdit() {
    assertEquals(1, Strings.typoDistance("rleu", "relu"));
    assertEquals(2, Strings.levenshtein("rleu", "relu"));
    assertEquals("relu", Strings.closest("rleu", List.of("relu", "tanh")).orElseThrow());
    assertEquals("units", Strings.closest("unit", List.of("units", "alpha")).orElseThrow());
    assertEquals(false, Strings.closest("convolution", List.of("dense", "input")).isPresent());
  }
}
