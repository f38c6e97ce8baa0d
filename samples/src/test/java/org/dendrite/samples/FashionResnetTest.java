package org.dendrite.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The {@code fashion-resnet} sample on a slice (one epoch on 5,000 images, to keep CI short): the
 * network is the declared graph, learns, and writes its history, confusion matrix and the diagram
 * the compiler drew; its plain twin has the same weights without the additions.
 */
class FashionResnetTest {
  @Test
  void declaredGraph() throws IOException {
    CompiledFashionResnet model = new CompiledFashionResnet(1);
    // 160 (stem) + 4 × 2,304 (3×3×16×16, no bias) + 4 × 32 (gamma, beta) + 7,850 (784 → 10).
    assertEquals(160 + 4 * 2_304 + 4 * 32 + 7_850, model.parameterCount());
    assertEquals(model.parameterCount(), new CompiledFashionPlain(1).parameterCount());
    String summary = model.summary();
    assertTrue(summary.contains("Connected to"), summary);
    assertTrue(summary.contains("skip1 (Add)") && summary.contains("norm2, pool1"), summary);
    assertTrue(model.architecture().contains("add skip1 14x14x16 <- norm2,pool1"),
        model.architecture());
    String diagram = model.diagram();
    assertTrue(diagram.startsWith("<svg") && diagram.contains(">skip2: Add<"), diagram);
  }

  @Test
  void deepTwinsDifferOnlyInTheirEightAdditions() {
    CompiledFashionResnetDeep deep = new CompiledFashionResnetDeep(1);
    // 160 (stem) + 16 × 2,304 + 16 × 32 (gamma, beta) + 7,850 (784 → 10).
    assertEquals(160 + 16 * 2_304 + 16 * 32 + 7_850, deep.parameterCount());
    CompiledFashionPlainDeep plain = new CompiledFashionPlainDeep(1);
    assertEquals(deep.parameterCount(), plain.parameterCount());
    String arch = deep.architecture();
    assertTrue(arch.contains("add skip2 14x14x16 <- norm4,block1")
        && arch.contains("add skip3 7x7x16 <- norm6,pool2")
        && arch.contains("add skip8 7x7x16 <- norm16,block7"), arch);
    assertEquals(8, arch.lines().filter(l -> l.startsWith("add ")).count(), arch);
    assertTrue(plain.architecture().lines().noneMatch(l -> l.startsWith("add ")),
        plain.architecture());
  }

  @Test
  void trainsOnASliceAndWritesItsDiagram(@TempDir Path dir) throws IOException {
    FashionResnetCommand sample = new FashionResnetCommand();
    String out = MainTest.captureOut(() -> assertEquals(0, new CommandLine(sample).execute(
        "--epochs", "1", "--train-size", "6000", "--validation", "1000", "--batch-size", "32",
        "--out", dir.toString())));
    assertTrue(out.startsWith("Model: \"FashionResnet\""), out);
    // One epoch on 5,000 images: far above chance (0.1).
    assertTrue(sample.test.accuracy() >= 0.7, "test accuracy " + sample.test);
    assertEquals(List.of(dir.resolve("fashion-resnet-history.png"),
        dir.resolve("fashion-resnet-confusion.png"), dir.resolve("fashion-resnet.svg")),
        sample.written);
    assertTrue(Files.readString(sample.written.get(2)).contains(">skip1: Add<"));
  }
}
