package org.dendrite.compiler.frozen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.palantir.javapoet.JavaFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.dendrite.compiler.diag.DiagnosticCollector;
import org.dendrite.compiler.diag.SourceFile;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.nn.NnCompiler;
import org.dendrite.compiler.testing.InMemoryJavac;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One golden file per form of frozen class: each {@code src/test/resources/golden/X.nn} network
 * listed here, with random weights, generates {@code golden/frozen/FrozenX.java} byte for byte,
 * and that source compiles. The unrolled form (Perceptron), the dense chain on the kernels
 * (Dropout), and the graph path: a convnet, a residual block, flat branches and the image blocks.
 * After a deliberate change, regenerate with {@code mvn -pl dsl test -Dtest=FrozenGoldenTest
 * -Ddendrite.golden.update=true}, read the diff, and commit it with the change.
 */
class FrozenGoldenTest {
  static final Path DIRECTORY = Path.of("src/test/resources/golden");

  @ParameterizedTest
  @ValueSource(strings = {"Perceptron", "Dropout", "KerasConvnet", "Residual", "Branches",
      "ImageBlocks"})
  void frozenSourceMatchesItsGolden(String name) throws Exception {
    Path nn = DIRECTORY.resolve(name + ".nn");
    Network network = NnCompiler.parse(new SourceFile(nn.getFileName().toString(),
        Files.readString(nn)), new DiagnosticCollector()).get(0);
    FrozenWriter writer = new FrozenWriter(network, FrozenTest.randomWeights(network, 1),
        "golden", FrozenWriter.UNROLL_LIMIT);
    JavaFile file = writer.write();
    String actual = file.toString();
    Path golden = DIRECTORY.resolve("frozen").resolve(file.typeSpec().name() + ".java");
    if (Boolean.getBoolean("dendrite.golden.update")) {
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual,
        () -> golden + " differs; see the class comment to update it");
    InMemoryJavac.compile(Map.of(file.packageName() + "." + file.typeSpec().name(), actual));
  }
}
