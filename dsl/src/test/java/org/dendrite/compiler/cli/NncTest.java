package org.dendrite.compiler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nnc's contract: exit codes, where files go, what goes to standard error. */
class NncTest {
  static final String VALID = String.join("\n",
      "package org.example.fashion",
      "",
      "network FashionMlp(loss = sparse_categorical_crossentropy) {",
      "    input   image [28, 28]",
      "    flatten flat",
      "    dense   hidden (units = 100, activation = relu)",
      "    dense   output (units = 10, activation = softmax)",
      "}",
      "");

  @TempDir
  Path dir;

  record Run(int exit, String out, String err) {}

  static Run nnc(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Nnc.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(exit, out.toString(), err.toString());
  }

  Path file(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  List<Path> javaFiles(Path root) throws IOException {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }

  @Test
  void successWritesTheClassInItsPackageAndPrintsNothing() throws IOException {
    Path out = dir.resolve("gen");
    Run r = nnc("-d", out.toString(), file("fashion.nn", VALID).toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals("", r.err());
    assertEquals("", r.out());
    Path generated = out.resolve("org/example/fashion/CompiledFashionMlp.java");
    assertEquals(List.of(generated), javaFiles(out));
    String text = Files.readString(generated);
    assertTrue(text.contains("public final class CompiledFashionMlp implements Model"), text);
    assertTrue(text.contains("@Generated(\"org.dendrite.compiler.nn.NnCompiler\")"), text);
  }

  @Test
  void diagramWritesSvgAndDotBesideTheSource() throws IOException {
    Path out = dir.resolve("gen");
    Run r = nnc("--diagram", "-d", out.toString(), file("fashion.nn", VALID).toString());
    assertEquals(0, r.exit(), r.err());
    Path folder = out.resolve("org/example/fashion");
    String svg = Files.readString(folder.resolve("CompiledFashionMlp.svg"));
    assertTrue(svg.startsWith("<svg") && svg.contains(">hidden: Dense<"), svg);
    String dot = Files.readString(folder.resolve("CompiledFashionMlp.dot"));
    assertTrue(dot.contains("\"flat\" -> \"hidden\";"), dot);
  }

  @Test
  void errorsGoToStandardErrorInJavacsFormatAndNothingIsWritten() throws IOException {
    Path out = dir.resolve("gen");
    Path good = file("good.nn", VALID);
    Path bad = file("bad.nn", VALID.replace("relu)", "rleu)").replace("(units = 10,", "(units = 0,"));
    Run r = nnc("-d", out.toString(), good.toString(), bad.toString());
    assertEquals(1, r.exit());
    assertEquals("", r.out());
    String expected = String.join("\n",
        bad + ":6:47: error: [Dendrite/UnknownValue] 'rleu' is not a known activation; did you"
            + " mean 'relu'?",
        "    dense   hidden (units = 100, activation = rleu)",
        "                                              ^",
        "1 error",
        "");
    assertEquals(expected, r.err());
    assertEquals(List.of(), javaFiles(out), "a failed run writes nothing");
  }

  @Test
  void warningsAlonePass() throws IOException {
    Path out = dir.resolve("gen");
    Run r = nnc("-d", out.toString(), file("w.nn", VALID.replace("(units = 100, activation"
        + " = relu)", "(units = 100, activation = tanh, init = he_uniform)")).toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.err().contains("warning: [Dendrite/InitMismatch]"), r.err());
    assertTrue(r.err().endsWith("1 warning\n"), r.err());
    assertEquals(1, javaFiles(out).size());
  }

  @Test
  void badUsageExitsWithTwo() throws IOException {
    Run none = nnc();
    assertEquals(2, none.exit());
    assertTrue(none.err().contains("Missing required parameter: 'FILE'"), none.err());
    Run unknown = nnc("--bogus", file("a.nn", VALID).toString());
    assertEquals(2, unknown.exit());
    assertTrue(unknown.err().contains("Unknown option: '--bogus'"), unknown.err());
    Run missing = nnc(dir.resolve("missing.nn").toString());
    assertEquals(2, missing.exit());
    assertTrue(missing.err().startsWith("nnc: error: file not found: "), missing.err());
  }

  @Test
  void unreadableInputIsAnError() throws IOException {
    Path latin1 = dir.resolve("latin1.nn");
    Files.write(latin1, new byte[] {'/', '/', ' ', (byte) 0xE9, '\n'});
    Run r = nnc("-d", dir.resolve("gen").toString(), latin1.toString());
    assertEquals(1, r.exit());
    assertEquals(latin1 + ": error: [Dendrite/FileRead] cannot read " + latin1
        + ": it is not UTF-8 text\n1 error\n", r.err());
  }

  @Test
  void outputThatIsNotADirectoryIsAnError() throws IOException {
    Path notADirectory = file("plain.txt", "x");
    Run r = nnc("-d", notADirectory.toString(), file("a.nn", VALID).toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().startsWith("nnc: error: cannot write to "), r.err());
  }

  @Test
  void helpAndVersion() {
    Run help = nnc("--help");
    assertEquals(0, help.exit());
    assertTrue(help.out().startsWith(
        "Usage: nnc [-hV] [--diagram] [-d=OUTDIR] [--name=NAME] [--onnx=OUT.onnx]"), help.out());
    assertTrue(help.out().contains("--weights=W.safetensors"), help.out());
    assertTrue(help.out().contains("Exit codes:"), help.out());
    assertFalse(help.out().isEmpty());
    Run version = nnc("--version");
    assertEquals(0, version.exit());
    assertTrue(version.out().startsWith("nnc (Dendrite) "), version.out());
  }
}
