package org.dendrite.compiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.dendrite.compiler.diag.Diagnostic;
import org.dendrite.compiler.diag.DiagnosticCollector;
import org.dendrite.compiler.diag.Severity;
import org.dendrite.compiler.diag.SourceFile;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.nn.NnCompiler;
import org.dendrite.compiler.testing.GradientCheck;
import org.dendrite.compiler.testing.InMemoryJavac;
import org.dendrite.compiler.testing.SameBits;
import org.dendrite.annotation.Loss;
import org.dendrite.runtime.Model;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Outputs that are not dense layers: a standalone activation that the loss applies (softmax or
 * sigmoid with a cross-entropy, as a dense output's), and, with MSE, any layer that computes its
 * outputs (a sum, a concatenation, a convolution, a global pooling). Each is checked against
 * central differences; the activation output equals a dense output with that activation bit for
 * bit; the losses that apply an activation refuse an output that cannot leave it to them.
 */
class OutputLayersTest {
  static final String PACKAGE = "outputs";

  /** Name → network body; every one compiles. */
  static final Map<String, String> NETWORKS = new LinkedHashMap<>();

  static {
    // two heads summed, then the softmax the loss applies
    NETWORKS.put("HeadsSoftmax", """
        network HeadsSoftmax(loss = sparse_categorical_crossentropy) {
            input    x [5]
            dense    h (units = 6, activation = tanh)
            dense    a (units = 3)
            dense    b (units = 3, from = x)
            add      logits [a, b]
            activate probabilities softmax
        }
        """);
    NETWORKS.put("HeadsSigmoid", """
        network HeadsSigmoid(loss = binary_crossentropy) {
            input    x [5]
            dense    a (units = 2, activation = softplus)
            dense    b (units = 2, from = x)
            add      logits [a, b]
            activate probability sigmoid
        }
        """);
    // an all-convolutional classifier: no dense layer at all
    NETWORKS.put("AllConv", """
        network AllConv(loss = categorical_crossentropy) {
            input           x [4, 4, 2]
            conv2d          c1 (filters = 3, kernel = [3, 3], padding = same, activation = tanh)
            conv2d          c2 (filters = 4, kernel = [1, 1])
            globalavgpool2d gap
            activate        probabilities softmax
        }
        """);
    NETWORKS.put("SumRegression", """
        network SumRegression(loss = mse) {
            input x [4]
            dense deep (units = 5, activation = tanh)
            dense d2 (units = 2)
            dense wide (units = 2, from = x)
            add   total [d2, wide]
        }
        """);
    NETWORKS.put("JoinedRegression", """
        network JoinedRegression(loss = mse) {
            input       x [4]
            dense       a (units = 2, activation = sigmoid)
            dense       b (units = 3, from = x)
            concatenate both [a, b]
        }
        """);
    NETWORKS.put("ImageRegression", """
        network ImageRegression(loss = mse) {
            input  x [4, 3, 1]
            conv2d c1 (filters = 2, kernel = [3, 3], padding = same, activation = softplus)
            conv2d c2 (filters = 1, kernel = [3, 3], padding = same, activation = sigmoid)
        }
        """);
    NETWORKS.put("NormRegression", """
        network NormRegression(loss = mse) {
            input     x [4]
            dense     a (units = 3, useBias = false)
            batchnorm out (epsilon = 0.01, activation = tanh)
        }
        """);
    // the same as HeadsSoftmax, with the softmax on a dense output: bit-identical
    NETWORKS.put("DenseSoftmax", """
        network DenseSoftmax(loss = sparse_categorical_crossentropy) {
            input    x [5]
            dense    h (units = 6, activation = tanh)
            dense    a (units = 3, activation = softmax)
        }
        """);
    NETWORKS.put("ActivateSoftmax", """
        network ActivateSoftmax(loss = sparse_categorical_crossentropy) {
            input    x [5]
            dense    h (units = 6, activation = tanh)
            dense    a (units = 3)
            activate probabilities softmax
        }
        """);
  }

  static final Map<String, String> SOURCES = new LinkedHashMap<>();
  static ClassLoader loader;

  @BeforeAll
  static void compile() {
    NetworkCompiler compiler = new NetworkCompiler("test");
    Map<String, String> classes = new LinkedHashMap<>();
    for (String body : NETWORKS.values()) {
      String text = "package " + PACKAGE + "\n" + body;
      DiagnosticCollector diagnostics = new DiagnosticCollector();
      Network n = NnCompiler.parse(new SourceFile("net.nn", text), diagnostics).get(0);
      NetworkCompiler.Output out = compiler.compile(n, diagnostics)
          .orElseThrow(() -> new AssertionError(text + diagnostics.diagnostics()));
      assertTrue(diagnostics.diagnostics().stream().noneMatch(d -> d.severity() == Severity.ERROR),
          () -> text + diagnostics.diagnostics());
      SOURCES.put(n.name(), out.file().toString());
      classes.put(PACKAGE + "." + n.generatedName(), out.file().toString());
    }
    loader = InMemoryJavac.compile(classes);
  }

  static Model model(String name, long seed) throws Exception {
    return (Model) loader.loadClass(PACKAGE + ".Compiled" + name).getConstructor(long.class)
        .newInstance(seed);
  }

  @ParameterizedTest
  @ValueSource(strings = {"HeadsSoftmax", "HeadsSigmoid", "AllConv", "SumRegression",
      "JoinedRegression", "ImageRegression", "NormRegression"})
  void gradientsMatchCentralDifferences(String name) throws Exception {
    Model model = model(name, 11);
    int count = 4;
    SplittableRandom rng = new SplittableRandom(name.hashCode());
    float[] inputs = new float[count * model.inputSize()];
    for (int k = 0; k < inputs.length; k++) {
      inputs[k] = (float) rng.nextDouble(-1, 1);
    }
    float[] targets = new float[count * model.targetSize()];
    for (int s = 0; s < count; s++) {
      if (model.loss() == Loss.SPARSE_CATEGORICAL_CROSSENTROPY) {
        targets[s] = rng.nextInt(model.outputSize());
      } else if (model.loss() == Loss.CATEGORICAL_CROSSENTROPY) {
        targets[s * model.outputSize() + rng.nextInt(model.outputSize())] = 1f;
      } else {
        for (int j = 0; j < model.outputSize(); j++) {
          targets[s * model.outputSize() + j] = model.loss() == Loss.BINARY_CROSSENTROPY
              ? rng.nextInt(2) : (float) rng.nextDouble(-1, 1);
        }
      }
    }
    GradientCheck.Result r = GradientCheck.checkTraining(model, inputs, targets, count,
        ConvGradientCheckTest.H, ConvGradientCheckTest.KINK);
    assertTrue(r.maxError() <= GradientCheckTest.TOLERANCE, () -> name + " " + r);
    // smooth activations only: a "kink" here is a difference spoilt by float rounding
    assertTrue(r.kinks() <= GradientCheckTest.MAX_KINK_FRACTION * r.parameters(),
        () -> name + " " + r);
  }

  /** The predictions are probabilities: what the loss applied, {@code predict} applies too. */
  @Test
  void predictAppliesTheActivationTheLossApplies() throws Exception {
    Model model = model("HeadsSoftmax", 3);
    float[] in = {0.5f, -1f, 2f, 0.25f, -0.75f};
    float[] out = new float[3];
    model.predict(in, out);
    float sum = 0;
    for (float p : out) {
      assertTrue(p > 0 && p < 1, () -> java.util.Arrays.toString(out));
      sum += p;
    }
    assertEquals(1f, sum, 1e-6f);
    String source = SOURCES.get("HeadsSoftmax");
    assertTrue(source.contains("the logits (the loss applies softmax, and so does predict)"),
        source);
  }

  @Test
  void anActivationOutputEqualsADenseOutputWithThatActivationBitForBit() throws Exception {
    Model dense = model("DenseSoftmax", 5);
    Model activate = model("ActivateSoftmax", 5);
    assertArrayEquals(dense.parameters(), activate.parameters());
    SameBits.assertSameTraining(dense, activate, 9, 9);
  }

  // ---- what the checker refuses ------------------------------------------------------------

  static List<Diagnostic> errors(String text) {
    NnCompiler.Result r = new NnCompiler().compile(List.of(new SourceFile("bad.nn", text)));
    assertTrue(r.files().isEmpty(), text);
    return r.diagnostics().stream().filter(d -> d.severity() == Severity.ERROR).toList();
  }

  @Test
  void aCrossEntropyNeedsAnOutputThatLeavesItsActivationToTheLoss() {
    List<Diagnostic> e = errors("""
        network Net(loss = sparse_categorical_crossentropy) {
            input x [4]
            dense a (units = 3)
            dense b (units = 3, from = x)
            add   logits [a, b]
        }
        """);
    assertEquals(1, e.size(), e::toString);
    assertEquals("OutputLayer", e.get(0).tag());
    assertEquals("loss sparse_categorical_crossentropy applies softmax to the network's output,"
        + " but the last layer, add 'logits', cannot leave its activation to the loss; add"
        + " activate output softmax after it, or end with dense", e.get(0).message());
  }

  @Test
  void anActivationOutputMustBeTheLossesActivation() {
    List<Diagnostic> e = errors("""
        network Net(loss = binary_crossentropy) {
            input    x [4]
            dense    a (units = 1)
            activate p tanh
        }
        """);
    assertEquals(1, e.size(), e::toString);
    assertEquals("LossMismatch", e.get(0).tag());
    assertTrue(e.get(0).message().contains("'p' uses tanh"), e.get(0).message());
  }

  @Test
  void aFlattenOrADropoutCannotBeTheOutput() {
    for (String last : List.of("flatten f", "dropout d (rate = 0.5)")) {
      List<Diagnostic> e = errors("network Net(loss = mse) {\n    input x [2, 2, 1]\n"
          + "    conv2d c (filters = 1, kernel = [1, 1])\n    " + last + "\n}\n");
      assertEquals(1, e.size(), e::toString);
      assertEquals("OutputLayer", e.get(0).tag());
      assertTrue(e.get(0).message().contains("cannot be the network's output"),
          e.get(0).message());
    }
  }
}
