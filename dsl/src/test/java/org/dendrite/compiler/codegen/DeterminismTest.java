package org.dendrite.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.dendrite.compiler.NetworkCompiler;
import org.dendrite.compiler.diag.DiagnosticCollector;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.LossKind;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.testing.NetworkBuilder;
import org.junit.jupiter.api.Test;

/** Generated code is a function of the network alone, with names that never clash. */
class DeterminismTest {
  static String generate(Network n) {
    return new NetworkCompiler("test").compile(n, new DiagnosticCollector())
        .orElseThrow().file().toString();
  }

  @Test
  void sameNetworkSameBytes() {
    Network n = NetworkBuilder.network("p", "Net").loss(LossKind.BINARY_CROSSENTROPY)
        .input("x", 4).dense("h", 8, Activation.TANH).dropout("d", 0.5f)
        .dense("y", 1, Activation.SIGMOID).build();
    assertEquals(generate(n), generate(n));
  }

  @Test
  void inheritedAndMethodParameterNamesAreAvoided() {
    // Layers named like the pass's method parameters, and a superclass member called
    // "parameters": generated names must step aside.
    Network base = NetworkBuilder.network("p", "Tricky").loss(LossKind.MSE)
        .input("in", 3).dense("n", 4, Activation.RELU).dense("count", 2, Activation.LINEAR)
        .build();
    Network n = new Network(base.packageName(), base.name(), base.generatedName(),
        Optional.empty(), base.loss(), base.layers(), Set.of("parameters", "seed"),
        base.syntax(), base.origin());
    String source = generate(n);
    assertTrue(source.contains("private final float[] parameters_"), source);
    assertTrue(source.contains("private final long seed_"), source);
    assertTrue(source.contains("private final float[] n_;"), source);
    assertTrue(source.contains("private final float[] count_;"), source);
    assertTrue(List.of(source.split("\n")).stream().noneMatch(l -> l.contains("\t")));
  }
}
