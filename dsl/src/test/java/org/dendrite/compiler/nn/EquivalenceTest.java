package org.dendrite.compiler.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import org.dendrite.compiler.NetworkCompiler;
import org.dendrite.compiler.diag.DiagnosticCollector;
import org.dendrite.compiler.diag.SourceFile;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.Init;
import org.dendrite.compiler.ir.LossKind;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.ir.SourcePosition;
import org.dendrite.compiler.testing.InMemoryJavac;
import org.dendrite.compiler.testing.NetworkBuilder;
import org.dendrite.runtime.Layer;
import org.dendrite.runtime.Model;
import org.junit.jupiter.api.Test;

/**
 * A .nn network is the same network as one built in code (the annotation front end's IR, without
 * a superclass): the same IR but for positions, and so the same generated class, byte for byte.
 */
class EquivalenceTest {
  static final String EVERYTHING = String.join("\n",
      "// every layer kind and attribute, defaults and explicit values",
      "package org.example.nets",
      "",
      "/* Two networks in one file. */",
      "network Everything(loss = categorical_crossentropy) {",
      "    input   image [4, 3]",
      "    flatten flat",
      "    dense   a (units = 8, activation = leaky_relu, alpha = 0.1, init = he_normal)",
      "    dropout drop (rate = 0.25)",
      "    batchnorm norm (momentum = 0.9, epsilon = 0.01, activation = relu)",
      "    dense   b (units = 5, activation = tanh, useBias = false, init = glorot_normal, l1 = 0.01,"
          + " l2 = 1e-3,)",
      "    dense   c (",
      "        units = 3,",
      "        activation = softmax",
      "    )",
      "}",
      "",
      "network Perceptron(loss = perceptron) {",
      "    input x (value = [2])",
      "    dense y (units = 1, activation = step, init = zeros)",
      "}",
      "");

  static List<Network> parse(String text) {
    DiagnosticCollector c = new DiagnosticCollector();
    List<Network> networks = NnCompiler.parse(new SourceFile("e.nn", text), c);
    assertEquals(List.of(), c.diagnostics());
    return networks;
  }

  static Network everythingInCode() {
    return NetworkBuilder.network("org.example.nets", "Everything")
        .loss(LossKind.CATEGORICAL_CROSSENTROPY)
        .input("image", 4, 3).flatten("flat")
        .dense("a", 8, Activation.LEAKY_RELU, true, Init.HE_NORMAL, 0.1f)
        .dropout("drop", 0.25f)
        .batchNorm("norm", 0.9f, 0.01f, Activation.RELU)
        .dense("b", 5, Activation.TANH, false, Init.GLOROT_NORMAL, 0.2f, 0.01f, 1e-3f)
        .dense("c", 3, Activation.SOFTMAX)
        .build();
  }

  static String generate(Network n) {
    return new NetworkCompiler("test").compile(n, new DiagnosticCollector()).orElseThrow()
        .file().toString();
  }

  @Test
  void sameIrAsTheCodeBuiltNetworkButForPositions() {
    List<Network> networks = parse(EVERYTHING);
    assertEquals(2, networks.size());
    Network parsed = networks.get(0);
    Network built = everythingInCode();
    assertEquals(built.packageName(), parsed.packageName());
    assertEquals(built.name(), parsed.name());
    assertEquals("CompiledEverything", parsed.generatedName());
    assertEquals(built.superclass(), parsed.superclass());
    assertEquals(built.loss(), parsed.loss());
    assertEquals(built.reservedNames(), parsed.reservedNames());
    assertEquals(built.syntax(), parsed.syntax());
    assertEquals(built.layers().size(), parsed.layers().size());
    for (int i = 0; i < built.layers().size(); i++) {
      assertEquals(withoutOrigin(built.layers().get(i).toString()),
          withoutOrigin(parsed.layers().get(i).toString()));
    }
  }

  @Test
  void sameGeneratedCode() {
    List<Network> networks = parse(EVERYTHING);
    assertEquals(generate(everythingInCode()), generate(networks.get(0)));
    Network perceptron = NetworkBuilder.network("org.example.nets", "Perceptron")
        .loss(LossKind.PERCEPTRON).input("x", 2)
        .dense("y", 1, Activation.STEP, true, Init.ZEROS, 0.2f).build();
    assertEquals(generate(perceptron), generate(networks.get(1)));
  }

  @Test
  void positionsOfNodesAndAttributes() {
    Network n = parse(EVERYTHING).get(0);
    assertEquals("e.nn:5:1", n.origin().describe());
    assertEquals("e.nn:5:27", n.origin().attribute("loss").describe());
    assertEquals("e.nn:6:5", n.layers().get(0).origin().describe());
    assertEquals("e.nn:6:19", n.layers().get(0).origin().attribute("value").describe());
    assertEquals("e.nn:8:24", n.layers().get(2).origin().attribute("units").describe());
    assertEquals("e.nn:8:40", n.layers().get(2).origin().attribute("activation").describe());
    assertEquals("e.nn:8:60", n.layers().get(2).origin().attribute("alpha").describe());
    assertEquals("e.nn:8:72", n.layers().get(2).origin().attribute("init").describe());
    assertEquals("e.nn:9:26", n.layers().get(3).origin().attribute("rate").describe());
    assertEquals("e.nn:10:32", n.layers().get(4).origin().attribute("momentum").describe());
    assertEquals("e.nn:10:66", n.layers().get(4).origin().attribute("activation").describe());
    assertEquals("e.nn:13:17", n.layers().get(6).origin().attribute("units").describe());
    // An attribute left to its default points at its layer.
    assertEquals("e.nn:12:5", n.layers().get(6).origin().attribute("init").describe());
    assertTrue(n.layers().stream().allMatch(l -> l.origin() instanceof SourcePosition));
  }

  @Test
  void defaultPackageAndWindowsLineEnds() {
    Network n = parse("network Tiny(loss = mse) {\r\n  input x [1]\r\n  dense y (units = 1)\r\n}\r\n")
        .get(0);
    assertEquals("", n.packageName());
    assertEquals("e.nn:3:3", n.layers().get(1).origin().describe());
    assertEquals(Activation.LINEAR, ((org.dendrite.compiler.ir.DenseNode) n.layers().get(1))
        .activation());
  }

  @Test
  void layersMayBeNamedLikeKeywords() {
    Network n = parse(String.join("\n",
        "network Words(loss = mse) {",
        "  input input [2]",
        "  dense dense (units = 2)",
        "  dense network (units = 1)",
        "}")).get(0);
    assertEquals(List.of("input", "dense", "network"),
        n.layers().stream().map(l -> l.name()).toList());
  }

  @Test
  void generatedClassCompilesDeclaresItsLayersAndPredicts() throws Exception {
    String source = generate(parse(EVERYTHING).get(0));
    assertFalse(source.contains(" extends "), source);
    ClassLoader loader = InMemoryJavac.compile(
        Map.of("org.example.nets.CompiledEverything", source));
    Class<?> type = loader.loadClass("org.example.nets.CompiledEverything");
    Model model = (Model) type.getConstructor(long.class).newInstance(7L);
    Field a = type.getField("a");
    assertEquals(Layer.class, a.getType());
    assertEquals("a", ((Layer) a.get(model)).name());
    float[] out = model.predict(new float[12]);
    assertEquals(3, out.length);
    assertEquals(1f, out[0] + out[1] + out[2], 1e-5f);
  }

  private static String withoutOrigin(String record) {
    return record.replaceAll(", origin=.*\\]$", "]");
  }
}
