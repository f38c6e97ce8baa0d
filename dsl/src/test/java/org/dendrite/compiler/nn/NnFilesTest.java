package org.dendrite.compiler.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.dendrite.compiler.diag.Diagnostic;
import org.dendrite.compiler.diag.DiagnosticFormatter;
import org.dendrite.compiler.diag.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code .nn} reader fed truncated, oversized and malformed files, under a 256 MB heap (its own
 * surefire execution, {@code nn-small-heap}): every file gets diagnostics that name it, never an
 * exception, an InternalError diagnostic or an OutOfMemoryError, and the largest file allowed of
 * the worst kinds is read within the heap.
 */
class NnFilesTest {
  /** Every construct of the language, without an error: three networks. */
  static final String VALID = String.join("\n",
      "package org.example.nets",
      "/* block",
      "   comment */",
      "network Regularised(loss = sparse_categorical_crossentropy) {",
      "    input   image [28, 28]",
      "    flatten flat",
      "    dense   hidden (units = 16, activation = leaky_relu, alpha = 0.1, init = he_normal,"
          + " l1 = 1e-4, l2 = 0.001)",
      "    batchnorm bn (momentum = 0.9, epsilon = 0.001, activation = relu)",
      "    dropout drop (rate = 0.3) // trailing comment",
      "    dense   output (",
      "        units = 10,",
      "        activation = softmax,",
      "        useBias = true,",
      "        init = glorot_uniform,",
      "    )",
      "}",
      "network Perceptron(loss = perceptron) { input x [2]",
      "  dense y (units = 1, activation = step, init = zeros) }",
      "network Regression(loss = mse) {",
      "\tinput x (value = [1],)",
      "\tdense h (units = 4, activation = softplus, useBias = false)",
      "\tdense y (units = 1)",
      "}",
      "");

  @TempDir
  Path dir;

  @Test
  void theValidFileCompiles() throws IOException {
    NnCompiler.Result r = compile(write("valid.nn", bytes(VALID)));
    assertEquals(List.of(), r.diagnostics(), () -> Nn.render(r));
    assertEquals(3, r.files().size());
    r.files().forEach(f -> assertTrue(f.toString().contains("implements Model")));
  }

  @Test
  void everyTruncation() throws IOException {
    byte[] all = bytes(VALID);
    Path file = dir.resolve("cut.nn");
    for (int n = 0; n < all.length; n++) {
      Files.write(file, Arrays.copyOf(all, n));
      NnCompiler.Result r = compile(file);
      assertSane(r, file);
      if (n < all.length - 1) { // short of its closing '}', the last network at least is lost
        assertTrue(r.files().size() < 3, "a truncation to " + n + " bytes lost nothing");
      }
    }
  }

  @Test
  void randomCorruption() throws IOException {
    byte[] all = bytes(VALID);
    Path file = dir.resolve("corrupt.nn");
    SplittableRandom random = new SplittableRandom(20);
    for (int round = 0; round < 300; round++) {
      byte[] b = all.clone();
      int edits = 1 + random.nextInt(5);
      for (int e = 0; e < edits; e++) {
        int at = random.nextInt(b.length);
        switch (random.nextInt(3)) {
          case 0 -> b[at] = (byte) random.nextInt(256); // any byte, not UTF-8 at times
          case 1 -> b[at] = (byte) "()[]{},=.;#\"/*-0e\n".charAt(random.nextInt(18));
          default -> { // a chunk duplicated over another place
            int from = random.nextInt(b.length);
            int len = Math.min(random.nextInt(40), Math.min(b.length - from, b.length - at));
            System.arraycopy(all, from, b, at, len);
          }
        }
      }
      Files.write(file, b);
      assertSane(compile(file), file);
    }
  }

  @Test
  void aFileOverTheLimitIsRefusedUnread() throws IOException {
    byte[] big = new byte[(int) NnCompiler.MAX_FILE_BYTES + 1];
    Arrays.fill(big, (byte) ' ');
    Path file = write("big.nn", big);
    NnCompiler.Result r = compile(file);
    assertEquals(1, r.diagnostics().size(), () -> Nn.render(r));
    Diagnostic d = r.diagnostics().get(0);
    assertEquals("FileRead", d.tag());
    assertEquals("cannot read " + file + ": it is 1,048,577 bytes, more than the 1,048,576 a .nn"
        + " file may have; split its networks into several files", d.message());
  }

  @Test
  void aFileOfBrokenLinesStopsAfterAHundredErrors() throws IOException {
    Path file = write("broken.nn", largest("network B(loss = mse) {\n", "a b\n", "}\n"));
    NnCompiler.Result r = compile(file);
    assertSane(r, file);
    List<Diagnostic> ds = r.diagnostics();
    assertEquals(NnCompiler.MAX_ERRORS + 1, ds.size());
    Diagnostic last = ds.get(ds.size() - 1);
    assertEquals("TooManyErrors", last.tag());
    assertEquals(Severity.NOTE, last.severity());
    assertEquals(file + ":" + (NnCompiler.MAX_ERRORS + 2) + ":1", last.origin().describe());
  }

  @Test
  void theLargestFilesOfTheWorstKindsFitTheHeap() throws IOException {
    // One network of ~40,000 layers: refused by the checker before anything is generated.
    StringBuilder layers = new StringBuilder("network Deep(loss = mse) {\n  input x [2]\n");
    for (int i = 0; layers.length() < NnCompiler.MAX_FILE_BYTES - 100; i++) {
      layers.append("  dense d").append(i).append(" (units = 2)\n");
    }
    Path deep = write("deep.nn", bytes(layers.append("}\n").toString()));
    NnCompiler.Result r = compile(deep);
    assertSane(r, deep);
    assertTrue(r.diagnostics().stream().anyMatch(d -> d.tag().equals("LayerCount")),
        () -> Nn.render(r));
    // ~16,000 small networks: their plans are held, and each class generated only when read.
    StringBuilder many = new StringBuilder();
    for (int i = 0; many.length() < NnCompiler.MAX_FILE_BYTES - 100; i++) {
      many.append("network N").append(i).append("(loss = mse) {\n  input x [2]\n")
          .append("  dense y (units = 1)\n}\n");
    }
    Path manyFile = write("many.nn", bytes(many.toString()));
    NnCompiler.Result m = compile(manyFile);
    assertEquals(List.of(), m.diagnostics(), () -> Nn.render(m));
    assertTrue(m.files().size() > 15_000, "networks: " + m.files().size());
    assertTrue(m.files().get(m.files().size() - 1).toString().contains("implements Model"));
    // One line of a million characters; a million '['; a million comment openers; one word.
    byte[] shape = largest("network L(loss = mse) {\n  input x [", "1,", "1]\n  dense y"
        + " (units = 1)\n}\n");
    for (byte[] text : List.of(shape, largest("", "[", ""), largest("", "/* ", ""),
        largest("network ", "w", " {}"))) {
      Path file = write("worst.nn", text);
      assertSane(compile(file), file);
    }
  }

  /** A file of {@link NnCompiler#MAX_FILE_BYTES}: the head, the body repeated, the tail. */
  static byte[] largest(String head, String body, String tail) {
    int room = (int) NnCompiler.MAX_FILE_BYTES - head.length() - tail.length();
    return bytes(head + body.repeat(room / body.length()) + tail);
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  Path write(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  static NnCompiler.Result compile(Path file) {
    return new NnCompiler().compileFiles(List.of(file));
  }

  /**
   * Every diagnostic names the file, points inside it (or at its end) and formats; none is the
   * compiler's own failure; at least one explains a file that generates nothing.
   */
  static void assertSane(NnCompiler.Result r, Path file) {
    DiagnosticFormatter formatter = new DiagnosticFormatter(r.sources());
    for (Diagnostic d : r.diagnostics()) {
      assertFalse(d.tag().equals("InternalError"), d::toString);
      assertTrue(d.origin().describe().startsWith(file.toString()), d::toString);
      assertTrue(formatter.format(d).startsWith(file.toString()), d::toString);
    }
    if (r.files().isEmpty()) {
      assertFalse(r.diagnostics().isEmpty(), "nothing generated and nothing said");
    }
  }
}
