package org.dendrite.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The generated source of the README's example, byte for byte. After a deliberate generator
 * change, regenerate with {@code mvn -pl processor test -Dtest=GoldenFileTest
 * -Ddendrite.golden.update=true}, read the diff, and commit it with the change.
 */
class GoldenFileTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden/CompiledFashionMlp.java");

  static final JavaFileObject FASHION = JavaFileObjects.forSourceString("org.example.FashionMlp",
      String.join("\n",
          "package org.example;",
          "",
          "import org.dendrite.annotation.*;",
          "import org.dendrite.runtime.Layer;",
          "",
          "@Network(loss = Loss.SPARSE_CATEGORICAL_CROSSENTROPY)",
          "abstract class FashionMlp {",
          "  @Input({28, 28})                                   Layer image;",
          "  @Flatten                                           Layer flat;",
          "  @Dense(units = 300, activation = Activation.RELU)  Layer hidden1;",
          "  @Dense(units = 100, activation = Activation.RELU)  Layer hidden2;",
          "  @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;",
          "}",
          ""));

  static String generated(Compilation c) throws IOException {
    return c.generatedSourceFile("org.example.CompiledFashionMlp").orElseThrow()
        .getCharContent(true).toString();
  }

  @Test
  void exampleCompilesWithoutWarningsAndMatchesTheGoldenFile() throws IOException {
    Compilation c = Sources.compile(java.util.List.of("-Xlint:all,-processing"), FASHION);
    assertThat(c).succeededWithoutWarnings();
    String actual = generated(c);
    if (Boolean.getBoolean("dendrite.golden.update")) {
      Files.writeString(GOLDEN, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
  }

  @Test
  void outputIsDeterministic() throws IOException {
    assertThat(generated(Sources.compile(FASHION))).isEqualTo(generated(Sources.compile(FASHION)));
  }
}
