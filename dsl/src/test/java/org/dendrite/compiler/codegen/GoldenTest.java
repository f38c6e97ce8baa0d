package org.dendrite.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dendrite.compiler.diag.SourceFile;
import org.dendrite.compiler.nn.NnCompiler;
import org.dendrite.compiler.testing.InMemoryJavac;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One golden file per generator feature: each {@code src/test/resources/golden/X.nn} network
 * generates {@code CompiledX.java} byte for byte, and that source compiles without warnings.
 * Goldens are how a reviewer sees what a generator change does: after a deliberate change,
 * regenerate with {@code mvn -pl dsl test -Dtest=GoldenTest -Ddendrite.golden.update=true}, read
 * the diff, and commit it with the change.
 */
class GoldenTest {
  static final Path DIRECTORY = Path.of("src/test/resources/golden");

  static Stream<String> networks() throws IOException {
    try (Stream<Path> files = Files.list(DIRECTORY)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".nn"))
          .map(n -> n.substring(0, n.length() - 3)).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("networks")
  void generatedSourceMatchesItsGolden(String name) throws IOException {
    Path nn = DIRECTORY.resolve(name + ".nn");
    NnCompiler.Result result = new NnCompiler().compile(List.of(
        new SourceFile(nn.getFileName().toString(), Files.readString(nn))));
    assertFalse(result.hasErrors(), () -> result.diagnostics().toString());
    assertEquals(1, result.files().size());
    JavaFile file = result.files().get(0);
    String actual = file.toString();
    Path golden = DIRECTORY.resolve(file.typeSpec().name() + ".java");
    if (Boolean.getBoolean("dendrite.golden.update")) {
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual,
        () -> golden + " differs; see the class comment to update it");
    InMemoryJavac.compile(Map.of(file.packageName() + "." + file.typeSpec().name(), actual));
  }
}
