package org.dendrite.compiler.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dendrite.compiler.diag.Diagnostic;
import org.dendrite.compiler.diag.DiagnosticCollector;
import org.dendrite.compiler.diag.Severity;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.Init;
import org.dendrite.compiler.ir.LossKind;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.ir.Padding;
import org.dendrite.compiler.ir.SourcePosition;
import org.dendrite.compiler.ir.Syntax;
import org.dendrite.compiler.testing.NetworkBuilder;
import org.junit.jupiter.api.Test;

/**
 * One test per rule of the checker: the tag, the words of the message, and the line it points at
 * (layer i of a {@link NetworkBuilder} network is on line i + 2).
 */
class CheckerTest {
  static List<Diagnostic> check(Network n) {
    DiagnosticCollector c = new DiagnosticCollector();
    boolean ok = Checker.check(n, c);
    assertEquals(ok, !c.hasErrors());
    return c.diagnostics();
  }

  static NetworkBuilder net() {
    return NetworkBuilder.network("p", "Net").loss(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY)
        .syntax(Syntax.ANNOTATIONS);
  }

  static Diagnostic only(List<Diagnostic> ds, String tag) {
    List<Diagnostic> tagged = ds.stream().filter(d -> d.tag().equals(tag)).toList();
    assertEquals(1, tagged.size(), () -> "expected one " + tag + " in " + ds);
    return tagged.get(0);
  }

  static int line(Diagnostic d) {
    return ((SourcePosition) d.origin()).line();
  }

  static void assertMentions(Diagnostic d, String... words) {
    for (String w : words) {
      assertTrue(d.message().contains(w), () -> "'" + w + "' missing from: " + d.message());
    }
  }

  @Test
  void validNetworkHasNoDiagnostics() {
    assertEquals(List.of(), check(net().input("image", 28, 28).flatten("flat")
        .dense("hidden", 30, Activation.RELU).dropout("drop", 0.2f)
        .dense("out", 10, Activation.SOFTMAX).build()));
  }

  @Test
  void missingInput() {
    Diagnostic d = only(check(net().dense("out", 10, Activation.SOFTMAX).build()),
        "MissingInput");
    assertEquals(Severity.ERROR, d.severity());
    assertMentions(d, "'Net'", "@Input", "@Input({28, 28}) Layer image;");
    assertEquals(1, line(d));
  }

  @Test
  void inputMustBeFirst() {
    Diagnostic d = only(check(net().dense("early", 3, Activation.RELU).input("x", 4)
        .dense("out", 2, Activation.SOFTMAX).build()), "InputFirst");
    assertMentions(d, "@Input 'x'", "@Dense 'early'", "first");
    assertEquals(3, line(d));
  }

  @Test
  void secondInput() {
    Diagnostic d = only(check(net().input("a", 4).input("b", 4)
        .dense("out", 2, Activation.SOFTMAX).build()), "SingleInput");
    assertMentions(d, "'b'", "'a'", "exactly one");
    assertEquals(3, line(d));
  }

  @Test
  void nonPositiveSizes() {
    List<Diagnostic> ds = check(net().input("x", 28, 0).flatten("f")
        .dense("h", 0, Activation.RELU).dense("out", 10, Activation.SOFTMAX).build());
    List<Diagnostic> sizes = ds.stream().filter(d -> d.tag().equals("PositiveSize")).toList();
    assertEquals(2, sizes.size(), ds::toString);
    assertMentions(sizes.get(0), "shape 28×0, whose dimension 2 is 0", "28×0");
    assertEquals(2, line(sizes.get(0)));
    assertMentions(sizes.get(1), "units = 0", "at least 1");
    assertEquals(4, line(sizes.get(1)));
  }

  @Test
  void emptyInputShape() {
    Diagnostic d = only(check(net().input("x").dense("out", 2, Activation.SOFTMAX).build()),
        "PositiveSize");
    assertMentions(d, "no dimensions");
  }

  @Test
  void denseAfterImageNeedsFlatten() {
    Diagnostic d = only(check(net().input("image", 28, 28)
        .dense("hidden1", 300, Activation.RELU).dense("out", 10, Activation.SOFTMAX).build()),
        "NeedsFlatten");
    assertEquals(
        "@Dense 'hidden1' needs a flat input but @Input 'image' is 28×28; add @Flatten before it",
        d.message());
    assertEquals(3, line(d));
  }

  @Test
  void needsFlattenSpeltForNnFiles() {
    Diagnostic d = only(check(net().syntax(Syntax.NN).input("image", 28, 28)
        .dense("hidden1", 300, Activation.RELU).dense("out", 10, Activation.SOFTMAX).build()),
        "NeedsFlatten");
    assertEquals(
        "dense 'hidden1' needs a flat input but input 'image' is 28×28; add flatten before it",
        d.message());
  }

  @Test
  void softmaxOnOneUnit() {
    Diagnostic d = only(check(net().loss(LossKind.MSE).input("x", 3)
        .dense("out", 1, Activation.SOFTMAX).build()), "SoftmaxOneUnit");
    assertMentions(d, "SOFTMAX", "1 unit", "always 1", "SIGMOID");
  }

  @Test
  void crossEntropyNeedsSoftmax() {
    Diagnostic d = only(check(net().input("x", 3).dense("out", 10, Activation.RELU).build()),
        "LossMismatch");
    assertMentions(d, "SPARSE_CATEGORICAL_CROSSENTROPY", "SOFTMAX", "'out'", "10 unit(s)",
        "RELU", "activation = SOFTMAX");
  }

  @Test
  void binaryCrossEntropyNeedsSigmoid() {
    Diagnostic d = only(check(net().loss(LossKind.BINARY_CROSSENTROPY).input("x", 3)
        .dense("out", 4, Activation.SOFTMAX).build()), "LossMismatch");
    assertMentions(d, "BINARY_CROSSENTROPY", "SIGMOID", "uses SOFTMAX",
        "CATEGORICAL_CROSSENTROPY");
  }

  @Test
  void perceptronNeedsOneStepOrLinearUnit() {
    Diagnostic d = only(check(net().loss(LossKind.PERCEPTRON).input("x", 2)
        .dense("out", 3, Activation.SIGMOID).build()), "LossMismatch");
    assertMentions(d, "PERCEPTRON", "STEP", "LINEAR", "3 unit(s)", "units = 1");
    assertEquals(List.of(), check(net().loss(LossKind.PERCEPTRON).input("x", 2)
        .dense("out", 1, Activation.STEP).build()));
    assertEquals(List.of(), check(net().loss(LossKind.PERCEPTRON).input("x", 2)
        .dense("out", 1, Activation.LINEAR).build()));
  }

  @Test
  void stepOnlyOnAPerceptronOutput() {
    List<Diagnostic> ds = check(net().loss(LossKind.MSE).input("x", 2)
        .dense("hidden", 3, Activation.STEP).dense("out", 1, Activation.STEP).build());
    List<Diagnostic> steps = ds.stream().filter(d -> d.tag().equals("StepNoGradient")).toList();
    assertEquals(2, steps.size(), ds::toString);
    assertMentions(steps.get(0), "'hidden'", "no gradient", "PERCEPTRON");
    assertEquals(3, line(steps.get(0)));
    // A STEP hidden layer is wrong even under PERCEPTRON.
    only(check(net().loss(LossKind.PERCEPTRON).input("x", 2)
        .dense("hidden", 3, Activation.STEP).dense("out", 1, Activation.STEP).build()),
        "StepNoGradient");
  }

  @Test
  void dropoutRateInZeroOne() {
    Diagnostic d = only(check(net().input("x", 4).dropout("d", 1f)
        .dense("out", 2, Activation.SOFTMAX).build()), "DropoutRate");
    assertMentions(d, "rate = 1.0", "[0, 1)");
    only(check(net().input("x", 4).dropout("d", -0.1f).dense("out", 2, Activation.SOFTMAX)
        .build()), "DropoutRate");
    only(check(net().input("x", 4).dropout("d", Float.NaN).dense("out", 2, Activation.SOFTMAX)
        .build()), "DropoutRate");
  }

  @Test
  void theOutputIsDenseAndNothingFollowsIt() {
    only(check(net().input("x", 4).build()), "NoDense");
    Diagnostic d = only(check(net().input("x", 4).dense("out", 2, Activation.SOFTMAX)
        .dropout("late", 0.5f).build()), "OutputLayer");
    assertMentions(d, "@Dropout 'late'", "remove it");
    assertEquals(4, line(d));
  }

  @Test
  void parameterCountFitsAnArray() {
    Diagnostic d = only(check(net().input("x", 50_000).dense("huge", 50_000, Activation.RELU)
        .dense("out", 10, Activation.SOFTMAX).build()), "ParameterCount");
    assertMentions(d, "2,500,","'huge'", "2,147,483,639");
  }

  @Test
  void namesMustNotClashWithTheGeneratedClass() {
    Diagnostic d = only(check(net().input("x", 4).dense("parameters", 3, Activation.RELU)
        .dense("out", 2, Activation.SOFTMAX).build()), "NameClash");
    assertMentions(d, "'parameters'", "parameters()", "CompiledNet");
    Diagnostic c = only(check(net().input("x", 4).dense("hiddenLayer", 3, Activation.RELU)
        .dense("hidden_layer", 3, Activation.RELU).dense("out", 2, Activation.SOFTMAX).build()),
        "NameClash");
    assertMentions(c, "HIDDEN_LAYER_KERNEL", "'hiddenLayer'");
  }

  @Test
  void namesAreUniqueIdentifiers() {
    Diagnostic d = only(check(net().input("x", 4).dense("h", 3, Activation.RELU)
        .dense("h", 2, Activation.SOFTMAX).build()), "DuplicateName");
    assertMentions(d, "'h'", "Net.nn:3:5");
    only(check(net().input("x", 4).dense("class", 2, Activation.SOFTMAX).build()),
        "InvalidName");
  }

  @Test
  void leakyAlphaIsNotNegative() {
    Diagnostic d = only(check(net().input("x", 4)
        .dense("h", 3, Activation.LEAKY_RELU, true, Init.AUTO, -0.1f)
        .dense("out", 2, Activation.SOFTMAX).build()), "LeakyAlpha");
    assertMentions(d, "alpha = -0.1", ">= 0");
  }

  @Test
  void penaltiesAreNotNegative() {
    List<Diagnostic> ds = check(net().input("x", 4)
        .dense("h", 3, Activation.RELU, true, Init.AUTO, 0.2f, -0.01f, Float.NaN)
        .dense("out", 2, Activation.SOFTMAX).build());
    List<Diagnostic> r = ds.stream().filter(d -> d.tag().equals("Regularization")).toList();
    assertEquals(2, r.size(), ds::toString);
    assertMentions(r.get(0), "'h'", "l1 = -0.01", ">= 0");
    assertMentions(r.get(1), "l2 = NaN");
  }

  static final int[] K3 = {3, 3};
  static final int[] S1 = {1, 1};
  static final int[] P2 = {2, 2};

  @Test
  void theKerasConvnetIsValid() {
    // 28 → 26 → 13 → 11 → 5: the second pooling drops the 11th row and column, as intended.
    assertEquals(List.of(), check(net().input("image", 28, 28, 1)
        .conv2d("conv1", 32, K3, S1, Padding.VALID, Activation.RELU)
        .maxPool("pool1", P2, P2, Padding.VALID)
        .conv2d("conv2", 64, K3, S1, Padding.VALID, Activation.RELU)
        .maxPool("pool2", P2, P2, Padding.VALID)
        .flatten("flat").dropout("drop", 0.5f).dense("output", 10, Activation.SOFTMAX)
        .build()));
  }

  @Test
  void aWindowThatDoesNotFitShowsTheFormulaAndTheChainOfSizes() {
    Diagnostic d = only(check(net().input("image", 9, 9, 1)
        .conv2d("conv1", 4, K3, S1, Padding.VALID, Activation.RELU)
        .conv2d("conv2", 4, new int[] {3, 1}, S1, Padding.VALID, Activation.RELU)
        .conv2d("conv3", 4, new int[] {7, 7}, S1, Padding.VALID, Activation.RELU)
        .flatten("flat").dense("output", 10, Activation.SOFTMAX).build()), "WindowFit");
    assertEquals(Severity.ERROR, d.severity());
    assertEquals(5, line(d));
    assertMentions(d, "@Conv2D 'conv3'", "height (5 + 2·0 − 7)/1 + 1 = −1:",
        "the 7×7 kernel is larger than its 5×7 input", "use padding = Padding.SAME",
        "image 9×9×1 → conv1 7×7×4 → conv2 5×7×4 → conv3");
  }

  @Test
  void aWindowThatDoesNotFitReportsOnceAndStopsTheChain() {
    List<Diagnostic> ds = check(net().input("image", 4, 4, 1)
        .maxPool("pool", new int[] {5, 5}, new int[] {5, 5}, Padding.VALID)
        .maxPool("again", P2, P2, Padding.VALID)
        .flatten("flat").dense("output", 10, Activation.SOFTMAX).build());
    assertMentions(only(ds, "WindowFit"), "@MaxPool2D 'pool': (4 + 2·0 − 5)/5 + 1 = 0:",
        "the 5×5 pool is larger than its 4×4 input", "or a smaller pool");
    assertEquals(1, ds.size(), ds::toString);
  }

  @Test
  void sameFitsAnyWindow() {
    assertEquals(List.of(), check(net().input("image", 2, 3, 2)
        .conv2d("conv", 4, new int[] {7, 5}, new int[] {3, 3}, Padding.SAME, Activation.RELU)
        .avgPool("pool", new int[] {4, 4}, new int[] {4, 4}, Padding.SAME)
        .flatten("flat").dense("output", 10, Activation.SOFTMAX).build()));
  }

  @Test
  void aStrideThatLeavesRowsUnreadIsAWarning() {
    List<Diagnostic> ds = check(net().input("image", 28, 27, 1)
        .conv2d("conv", 8, K3, P2, Padding.VALID, Activation.RELU)
        .flatten("flat").dense("output", 10, Activation.SOFTMAX).build());
    Diagnostic d = only(ds, "StrideDrops");
    assertEquals(Severity.WARNING, d.severity());
    assertMentions(d, "@Conv2D 'conv'", "(28 + 2·0 − 3)/2 + 1 = 13", "the last 1 row of its"
        + " 28×27×1 input is never read", "use padding = Padding.SAME", "a stride that divides 25");
    assertEquals(1, ds.size(), ds::toString); // 27 columns: (27 − 3)/2 + 1 = 13 reads them all
  }

  @Test
  void explicitPadsEnterTheFormulaAndTheShapes() {
    // PyTorch's 3x3, stride 2, padding 1: 28 → 14 (SAME would pad 0 above and 1 below).
    assertEquals(List.of(), check(net().input("image", 28, 28, 1)
        .conv2dPads("conv", 4, K3, P2, new int[] {1, 1, 1, 1}, Activation.RELU)
        .maxPoolPads("pool", K3, P2, new int[] {1, 0, 1, 0})
        .flatten("flat").dense("output", 10, Activation.SOFTMAX).build()));
    Diagnostic d = only(check(net().input("image", 4, 4, 1)
        .conv2dPads("conv", 4, new int[] {7, 7}, S1, new int[] {1, 1, 2, 2}, Activation.RELU)
        .flatten("flat").dense("output", 10, Activation.SOFTMAX).build()), "WindowFit");
    // The width fits: (4 + 2 + 2 − 7)/1 + 1 = 2.
    assertMentions(d, "@Conv2D 'conv': height (4 + 1 + 1 − 7)/1 + 1 = 0: the 7×7 kernel is"
        + " larger than its 4×4 input");
    assertEquals(3, line(d));
  }

  @Test
  void aStrideThatLeavesRealRowsUnreadWarnsWithExplicitPadsToo() {
    // 29 rows and 1 zero above: (29 + 1 + 0 − 3) is odd, so the last real row is never read.
    Diagnostic d = only(check(net().input("image", 29, 28, 1)
        .conv2dPads("conv", 4, K3, P2, new int[] {1, 0, 1, 0}, Activation.RELU)
        .flatten("flat").dense("output", 10, Activation.SOFTMAX).build()), "StrideDrops");
    assertMentions(d, "(29 + 1 + 0 − 3)/2 + 1 = 14", "the last 1 row of its 29×28×1 input is"
        + " never read", "use padding = Padding.SAME in place of the pads, or a stride that"
        + " divides 27");
    // A zero below instead: the window the stride skips holds only that zero.
    assertEquals(List.of(), check(net().input("image", 29, 28, 1)
        .conv2dPads("conv", 4, K3, P2, new int[] {0, 1, 1, 0}, Activation.RELU)
        .flatten("flat").dense("output", 10, Activation.SOFTMAX).build()));
  }

  @Test
  void padsMustBeFourCountsSmallerThanTheWindowWithoutSame() {
    Diagnostic count = only(check(net().input("image", 8, 8, 1)
        .conv2dPads("conv", 4, K3, S1, new int[] {1, 1}, Activation.RELU)
        .flatten("flat").dense("output", 10, Activation.SOFTMAX).build()), "Pads");
    assertEquals("@Conv2D 'conv' has pads = {1, 1}; it takes four counts of zeros, top, bottom,"
        + " left and right, e.g. pads = {1, 1, 1, 1}", count.message());
    assertEquals(3, line(count));
    Diagnostic negative = only(check(net().input("image", 8, 8, 1)
        .avgPoolPads("pool", K3, P2, new int[] {0, 0, -1, 0})
        .flatten("flat").dense("output", 10, Activation.SOFTMAX).build()), "Pads");
    assertEquals("@AvgPool2D 'pool' has pads = {0, 0, -1, 0}, whose left pad is -1; a pad counts"
        + " zero rows or columns: give 0 or more, e.g. pads = {1, 1, 1, 1}", negative.message());
    Diagnostic same = only(check(net().input("image", 8, 8, 1)
        .conv2dPads("conv", 4, K3, S1, Padding.SAME, new int[] {1, 1, 1, 1}, Activation.RELU)
        .flatten("flat").dense("output", 10, Activation.SOFTMAX).build()), "Pads");
    assertEquals("@Conv2D 'conv' has both pads = {1, 1, 1, 1} and padding = Padding.SAME;"
        + " explicit pads replace SAME's: remove padding = Padding.SAME (or the pads)",
        same.message());
    List<Diagnostic> large = check(net().input("image", 8, 8, 1)
        .maxPoolPads("pool", new int[] {3, 2}, P2, new int[] {0, 2, 1, 2})
        .flatten("flat").dense("output", 10, Activation.SOFTMAX).build());
    assertEquals("@MaxPool2D 'pool' has pads = {0, 2, 1, 2}, whose right pad (2) is not smaller"
        + " than its 2-pixel wide pool, so windows there would read only zeros; pad at most 1"
        + " there", only(large, "Pads").message());
    assertEquals(1, large.size(), large::toString); // no shape error follows from it
  }

  @Test
  void aConvolutionNeedsAChannelAxis() {
    Diagnostic d = only(check(net().input("image", 28, 28)
        .conv2d("conv", 8, K3, S1, Padding.VALID, Activation.RELU)
        .flatten("flat").dense("output", 10, Activation.SOFTMAX).build()), "NeedsChannels");
    assertEquals(3, line(d));
    assertMentions(d, "@Conv2D 'conv' needs an image of height × width × channels",
        "@Input 'image' is 28×28", "@Input({28, 28, 1}) Layer image;");
    assertMentions(only(check(net().syntax(Syntax.NN).input("image", 28, 28)
        .globalAvgPool("gap").dense("output", 10, Activation.SOFTMAX).build()),
        "NeedsChannels"), "globalavgpool2d 'gap'", "input image [28, 28, 1]");
    assertMentions(only(check(net().input("image", 28, 28, 1).flatten("flat")
        .maxPool("pool", P2, P2, Padding.VALID).dense("output", 10, Activation.SOFTMAX)
        .build()), "NeedsChannels"), "@MaxPool2D 'pool'", "@Flatten 'flat' is 784",
        "its input must have height, width and channels");
  }

  @Test
  void aDenseAfterAConvolutionNeedsAFlatten() {
    assertMentions(only(check(net().input("image", 28, 28, 1)
        .conv2d("conv", 32, K3, S1, Padding.VALID, Activation.RELU)
        .dense("output", 10, Activation.SOFTMAX).build()), "NeedsFlatten"),
        "@Dense 'output' needs a flat input but @Conv2D 'conv' is 26×26×32");
  }

  @Test
  void filtersWindowsAndStridesArePositivePairs() {
    List<Diagnostic> ds = check(net().input("image", 28, 28, 1)
        .conv2d("conv", 0, new int[] {3}, new int[] {0, 1}, Padding.VALID, Activation.RELU)
        .maxPool("pool", new int[] {2, -2}, P2, Padding.VALID)
        .flatten("flat").dense("output", 10, Activation.SOFTMAX).build());
    assertMentions(only(ds, "PositiveSize"), "@Conv2D 'conv' has filters = 0");
    List<Diagnostic> sizes = ds.stream().filter(d -> d.tag().equals("WindowSize")).toList();
    assertEquals(3, sizes.size(), ds::toString);
    assertMentions(sizes.get(0), "@Conv2D 'conv' has kernel = {3}", "two positive sizes",
        "kernel = {2, 2}");
    assertMentions(sizes.get(1), "strides = {0, 1}");
    assertMentions(sizes.get(2), "@MaxPool2D 'pool' has pool = {2, -2}");
  }

  @Test
  void activationsThatOverflowAJavaArrayAreAnError() {
    Diagnostic d = only(check(net().input("image", 10_000, 10_000, 3)
        .conv2d("conv", 64, K3, S1, Padding.SAME, Activation.RELU)
        .globalAvgPool("gap").dense("output", 10, Activation.SOFTMAX).build()), "ArraySize");
    assertMentions(d, "@Conv2D 'conv'", "more than a Java array holds");
  }

  @Test
  void batchNormRules() {
    List<Diagnostic> settings = check(net().input("x", 4)
        .batchNorm("bn", 1f, 0f, Activation.RELU).dense("out", 2, Activation.SOFTMAX).build());
    List<Diagnostic> s = settings.stream().filter(d -> d.tag().equals("BatchNormSettings"))
        .toList();
    assertEquals(2, s.size(), settings::toString);
    assertMentions(s.get(0), "@BatchNorm 'bn'", "momentum = 1.0", "[0, 1)");
    assertMentions(s.get(1), "epsilon = 0.0", "positive");
    // On an image, per channel (the last axis), as Keras' BatchNormalization(axis = -1).
    assertEquals(List.of(), check(net().input("image", 28, 28, 3)
        .batchNorm("bn", Activation.LINEAR).flatten("f").dense("out", 2, Activation.SOFTMAX)
        .build()));
    assertMentions(only(check(net().input("x", 4).dense("out", 2, Activation.SOFTMAX)
        .batchNorm("late", Activation.LINEAR).build()), "OutputLayer"), "@BatchNorm 'late'");
    assertMentions(only(check(net().input("x", 4).batchNorm("bn", Activation.STEP)
        .dense("out", 2, Activation.SOFTMAX).build()), "StepNoGradient"), "@BatchNorm 'bn'");
    assertEquals(List.of(), check(net().input("x", 4)
        .dense("h", 8, Activation.LINEAR, false, Init.AUTO, 0.2f)
        .batchNorm("bn", Activation.RELU).dense("out", 2, Activation.SOFTMAX).build()));
  }

  @Test
  void warningsDoNotFailTheCheck() {
    List<Diagnostic> ds = check(net().loss(LossKind.MSE).input("x", 4).flatten("f")
        .dense("h", 3, Activation.SOFTMAX)
        .dense("g", 3, Activation.RELU, true, Init.GLOROT_UNIFORM, 0.2f)
        .dense("t", 3, Activation.TANH, true, Init.HE_NORMAL, 0.2f)
        .dropout("d", 0f)
        .dense("out", 2, Activation.SOFTMAX).build());
    assertTrue(ds.stream().allMatch(d -> d.severity() == Severity.WARNING), ds::toString);
    assertMentions(only(ds, "RedundantFlatten"), "'f'", "already flat (4)");
    assertMentions(only(ds, "HiddenSoftmax"), "'h'", "RELU");
    List<Diagnostic> inits = ds.stream().filter(d -> d.tag().equals("InitMismatch")).toList();
    // Glorot with RELU ('g') is Keras' default and no mismatch; He with TANH is.
    assertEquals(1, inits.size(), ds::toString);
    assertMentions(inits.get(0), "'t'", "TANH", "HE_NORMAL", "GLOROT_NORMAL");
    assertMentions(only(ds, "DropoutZero"), "'d'", "drops nothing");
    assertMentions(only(ds, "MseSoftmax"), "MSE", "SOFTMAX", "'out'");
  }

  @Test
  void everyErrorIsReportedInOneRun() {
    List<Diagnostic> ds = check(net().input("image", 28, 28)
        .dense("h", 0, Activation.STEP).dropout("d", 2f).dense("out", 1, Activation.SOFTMAX)
        .build());
    for (String tag : List.of("NeedsFlatten", "PositiveSize", "StepNoGradient", "DropoutRate",
        "SoftmaxOneUnit")) {
      assertTrue(ds.stream().anyMatch(d -> d.tag().equals(tag)), tag + " missing from " + ds);
    }
    assertFalse(ds.isEmpty());
  }
}
