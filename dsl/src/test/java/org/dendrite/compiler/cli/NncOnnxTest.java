package org.dendrite.compiler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nnc model.onnx --package p --name X -d OUT}: what it writes and how it fails. */
class NncOnnxTest {
  @TempDir
  Path dir;

  @Test
  void onnxFileBecomesAClassAndItsWeights() throws IOException {
    Path model = fixture("mlp.onnx");
    Path out = dir.resolve("out");
    StringWriter err = new StringWriter();
    int exit = Nnc.run(new PrintWriter(new StringWriter()), new PrintWriter(err),
        model.toString(), "--package", "org.example.onnx", "--name", "Tiny", "-d",
        out.toString());
    assertEquals(0, exit, err::toString);
    Path folder = out.resolve("org/example/onnx");
    String source = Files.readString(folder.resolve("CompiledTiny.java"));
    assertTrue(source.contains("public final class CompiledTiny"), source);
    assertTrue(source.contains("@Generated(\"org.dendrite.compiler.onnx.OnnxCompiler\")"));
    assertTrue(Files.size(folder.resolve("Tiny.safetensors")) > 0);
  }

  @Test
  void nameDefaultsToTheFileNameInCamelCase() throws IOException {
    Path model = Files.copy(fixture("mlp.onnx"), dir.resolve("fashion_mlp-v2.onnx"));
    int exit = Nnc.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
        model.toString(), "-d", dir.resolve("out").toString());
    assertEquals(0, exit);
    assertTrue(Files.exists(dir.resolve("out/CompiledFashionMlpV2.java")));
    assertEquals("Model1x", Nnc.camelCase("1x.onnx"));
  }

  @Test
  void unsupportedOperatorFailsNamingItAndWritesNothing() throws IOException {
    Path model = fixture("elu.onnx");
    Path out = dir.resolve("out");
    StringWriter err = new StringWriter();
    int exit = Nnc.run(new PrintWriter(new StringWriter()), new PrintWriter(err),
        model.toString(), "--name", "Elu", "-d", out.toString());
    assertEquals(Nnc.ERRORS, exit);
    assertTrue(err.toString().startsWith("nnc: error: " + model + ": node '/1/Elu' (Elu) uses"
        + " an operator Dendrite does not import; supported operators: Gemm,"), err.toString());
    assertFalse(Files.exists(out));
  }

  private Path fixture(String name) throws IOException {
    try (InputStream in = NncOnnxTest.class.getResourceAsStream("/onnx/" + name)) {
      Path p = dir.resolve(name);
      Files.write(p, in.readAllBytes());
      return p;
    }
  }
}
