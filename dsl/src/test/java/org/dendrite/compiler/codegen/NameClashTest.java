package org.dendrite.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dendrite.compiler.NetworkCompiler;
import org.dendrite.compiler.diag.Diagnostic;
import org.dendrite.compiler.diag.DiagnosticCollector;
import org.dendrite.compiler.emit.RuntimeNames;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.Init;
import org.dendrite.compiler.ir.LossKind;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.ir.SourcePosition;
import org.dendrite.compiler.testing.InMemoryJavac;
import org.dendrite.compiler.testing.NetworkBuilder;
import org.dendrite.runtime.Model;
import org.junit.jupiter.api.Test;

/**
 * A layer may be named after any identifier the generated code uses: the network then compiles,
 * or the compiler rejects the name with a diagnostic on that layer (a keyword, a method of
 * {@code Model}, a public constant) — never Java that javac refuses.
 */
class NameClashTest {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

  /** Every identifier of every golden generated class: names, types, packages, keywords. */
  static Set<String> identifiers() throws IOException {
    Set<String> out = new TreeSet<>();
    List<Path> goldens = new ArrayList<>();
    try (Stream<Path> files = Files.list(GoldenTest.DIRECTORY)) {
      files.filter(p -> p.toString().endsWith(".java")).forEach(goldens::add);
    }
    goldens.add(Path.of("../processor/src/test/resources/golden/CompiledFashionMlp.java"));
    for (Path golden : goldens) {
      Matcher m = IDENTIFIER.matcher(Files.readString(golden));
      while (m.find()) {
        out.add(m.group());
      }
    }
    return out;
  }

  static List<Diagnostic> errors(Network network) {
    DiagnosticCollector c = new DiagnosticCollector();
    new NetworkCompiler("test").compile(network, c);
    return c.errors();
  }

  /** Input, then layers named {@code names} of rotating kinds, then a softmax output. */
  static Network network(List<String> names, int rotation) {
    NetworkBuilder b = NetworkBuilder.network("p", "Clash")
        .loss(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY).input(names.get(0), 3);
    for (int i = 1; i < names.size() - 1; i++) {
      switch ((i + rotation) % 4) {
        case 0 -> b.dense(names.get(i), 4, Activation.RELU);
        case 1 -> b.batchNorm(names.get(i), Activation.TANH);
        case 2 -> b.dropout(names.get(i), 0.1f);
        default -> b.dense(names.get(i), 4, Activation.SIGMOID, true, Init.AUTO, 0.2f, 0f,
            1e-4f);
      }
    }
    return b.dense(names.get(names.size() - 1), 3, Activation.SOFTMAX).build();
  }

  @Test
  void everyIdentifierOfTheGeneratedCodeCompilesOrIsRejectedOnItsLayer() throws Exception {
    List<String> accepted = new ArrayList<>();
    int rejected = 0;
    for (String id : identifiers()) {
      // A probe: is the name usable at all? Layer 1 is on line 3.
      List<Diagnostic> errors = errors(network(List.of("probeIn", id, "probeOut"), 0));
      if (errors.isEmpty()) {
        accepted.add(id);
        continue;
      }
      rejected++;
      for (Diagnostic d : errors) {
        assertTrue(Set.of("InvalidName", "NameClash").contains(d.tag()), d::toString);
        assertEquals(3, ((SourcePosition) d.origin()).line(), d::toString);
      }
    }
    assertTrue(accepted.size() > 200, () -> "only " + accepted);
    // The names that once produced Java that did not compile.
    assertTrue(accepted.containsAll(List.of("K", "Checks", "Losses", "Seeds", "System", "Arrays",
        "List", "Pass", "capacity", "transposed", "updateMovingAverages")), accepted::toString);
    assertTrue(rejected > 40, "keywords and Model's methods are rejected: " + rejected);
    // Together, each name once in every kind: the clashes between names are diagnostics too.
    accepted.removeAll(RuntimeNames.packageRoots());
    // A network holds at most 500 layers (LayerCountRule) and the goldens name more identifiers
    // than that, so the names go in two halves: contiguous halves in two rotations, the even and
    // odd names in the other two, so that most pairs of names meet in some network.
    for (int rotation = 0; rotation < 4; rotation++) {
      for (int half = 0; half < 2; half++) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < accepted.size(); i++) {
          boolean mine = rotation < 2 ? (i < accepted.size() / 2) == (half == 0)
              : i % 2 == half;
          if (mine) {
            names.add(accepted.get(i));
          }
        }
        together(names, rotation);
      }
    }
  }

  /** Layers named {@code names} in one network: clashing ones removed, the rest compiles. */
  private static void together(List<String> names, int rotation) throws Exception {
    int all = names.size();
    List<Diagnostic> errors;
    while (!(errors = errors(network(names, rotation))).isEmpty()) {
      Set<Integer> clashing = new TreeSet<>(java.util.Comparator.reverseOrder());
      for (Diagnostic d : errors) {
        assertEquals("NameClash", d.tag(), d::toString);
        clashing.add(((SourcePosition) d.origin()).line() - 2); // layer i is on line i + 2
      }
      clashing.forEach(i -> names.remove((int) i));
    }
    assertTrue(names.size() > all * 9 / 10, () -> "too many clashes: " + names);
    Network network = network(names, rotation);
    String source = DeterminismTest.generate(network);
    ClassLoader loader = InMemoryJavac.compile(Map.of("p.CompiledClash", source));
    Model model = (Model) loader.loadClass("p.CompiledClash")
        .getConstructor(long.class).newInstance(1L);
    float loss = model.computeGradients(new float[] {1, 2, 3, 3, 2, 1}, new float[] {0, 2}, 2);
    assertTrue(Float.isFinite(loss), () -> "loss " + loss);
    float[] p = model.predict(new float[] {1, 2, 3});
    assertEquals(1f, p[0] + p[1] + p[2], 1e-5f);
  }

  @Test
  void aPackageRootIsAllowedUnlessATypeMustBeQualified() {
    assertEquals(List.of(), errors(network(List.of("java", "org", "javax", "out"), 0)));
    List<Diagnostic> errors = errors(network(List.of("x", "java", "List", "out"), 0));
    assertEquals(1, errors.size(), errors::toString);
    assertEquals("NameClash", errors.get(0).tag());
    assertTrue(errors.get(0).message().contains("layer 'List' hides the type List"),
        errors.get(0).message());
    Optional<String> noClash = errors(network(List.of("x", "List", "Checks", "out"), 0)).stream()
        .map(Diagnostic::message).findFirst();
    assertFalse(noClash.isPresent(), () -> noClash.get());
  }
}
