package org.dendrite.processor;

import static com.google.common.truth.Truth.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.dendrite.compiler.NetworkCompiler;
import org.dendrite.compiler.diag.DiagnosticCollector;
import org.dendrite.compiler.diag.SourceFile;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.nn.NnCompiler;
import org.junit.jupiter.api.Test;

/**
 * The README's example written as a .nn file generates what javac's processor generates from the
 * annotated class (the golden file), apart from what only the .nn version needs: there is no
 * class to extend, so it declares the layer fields itself.
 */
class NnEquivalenceTest {
  static final String FASHION_NN = String.join("\n",
      "package org.example",
      "",
      "network FashionMlp(loss = sparse_categorical_crossentropy) {",
      "    input   image [28, 28]",
      "    flatten flat",
      "    dense   hidden1 (units = 300, activation = relu)",
      "    dense   hidden2 (units = 100, activation = relu)",
      "    dense   output  (units = 10, activation = softmax)",
      "}",
      "");

  @Test
  void sameClassAsTheAnnotatedVersionButForSuperclassAndFields() throws IOException {
    DiagnosticCollector diagnostics = new DiagnosticCollector();
    List<Network> networks =
        NnCompiler.parse(new SourceFile("fashion.nn", FASHION_NN), diagnostics);
    assertThat(diagnostics.diagnostics()).isEmpty();
    // The processor's generator name, so that @Generated is not a difference either.
    String fromNn = new NetworkCompiler(DendriteProcessor.class.getName())
        .compile(networks.get(0), diagnostics).orElseThrow().file().toString();
    String golden = Files.readString(GoldenFileTest.GOLDEN, StandardCharsets.UTF_8);

    String fields = String.join("\n",
        "  /**", "   * The Input layer {@code image}.", "   */", "  public final Layer image;", "",
        "  /**", "   * The Flatten layer {@code flat}.", "   */", "  public final Layer flat;", "",
        "  /**", "   * The Dense layer {@code hidden1}.", "   */", "  public final Layer hidden1;",
        "",
        "  /**", "   * The Dense layer {@code hidden2}.", "   */", "  public final Layer hidden2;",
        "",
        "  /**", "   * The Dense layer {@code output}.", "   */", "  public final Layer output;",
        "", "");
    assertThat(fromNn).contains(fields);
    String expected = golden.replace(
        "public final class CompiledFashionMlp extends FashionMlp implements Model {",
        "public final class CompiledFashionMlp implements Model {");
    assertThat(fromNn.replace(fields, "")).isEqualTo(expected);
  }
}
