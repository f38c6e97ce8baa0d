package org.dendrite.compiler.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.Map;
import org.dendrite.compiler.NetworkCompiler;
import org.dendrite.compiler.diag.Diagnostic;
import org.dendrite.compiler.diag.DiagnosticCollector;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.Init;
import org.dendrite.compiler.ir.LossKind;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.testing.InMemoryJavac;
import org.dendrite.compiler.testing.NetworkBuilder;
import org.junit.jupiter.api.Test;

/**
 * The layer limit: one layer more is an error on the network, and a network of exactly the limit
 * compiles with javac (whose 64 KB limit on a method's code the generated constructor meets first).
 */
class LayerCountTest {
  /**
   * The input and {@code count - 1} dense layers with every attribute that adds code to the
   * constructor (He init, L1 and L2 penalties).
   */
  static Network deep(int count) {
    NetworkBuilder b = NetworkBuilder.network("deep", "Deep").loss(LossKind.MSE).input("x", 2);
    for (int i = 1; i < count - 1; i++) {
      b.dense("d" + i, 2, Activation.LEAKY_RELU, true, Init.HE_UNIFORM, 0.1f, 0.01f, 0.01f);
    }
    return b.dense("out", 1, Activation.LINEAR).build();
  }

  @Test
  void oneLayerTooManyIsAnError() {
    List<Diagnostic> ds = CheckerTest.check(deep(LayerCountRule.MAX_LAYERS + 1));
    Diagnostic d = CheckerTest.only(ds, "LayerCount");
    assertEquals("network 'Deep' has 501 layers, more than the 500 a generated class holds"
        + " (javac limits a method's code to 64 KB); use fewer layers", d.message());
    assertEquals(1, ds.size(), ds::toString);
  }

  @Test
  void theLargestNetworkAllowedCompiles() throws ClassNotFoundException {
    DiagnosticCollector sink = new DiagnosticCollector();
    String source = new NetworkCompiler("test").compile(deep(LayerCountRule.MAX_LAYERS), sink)
        .orElseThrow(() -> new AssertionError(sink.diagnostics())).file().toString();
    assertNotNull(InMemoryJavac.compile(Map.of("deep.CompiledDeep", source))
        .loadClass("deep.CompiledDeep"));
  }
}
