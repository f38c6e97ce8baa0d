package org.dendrite.compiler.nn;

import static org.dendrite.compiler.nn.Nn.assertAt;
import static org.dendrite.compiler.nn.Nn.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dendrite.compiler.diag.Diagnostic;
import org.dendrite.compiler.diag.DiagnosticCollector;
import org.dendrite.compiler.diag.SourceFile;
import org.dendrite.compiler.ir.ActivateNode;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.AddNode;
import org.dendrite.compiler.ir.ConcatenateNode;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.ir.Shape;
import org.junit.jupiter.api.Test;

/**
 * Graphs in {@code .nn} files: {@code from}, the merges and {@code activate} read into the IR
 * with their shapes; every graph check reported at its culprit, with the fix.
 */
class GraphsTest {
  /** A network Net whose layer lines follow the header; its first layer line is line 2. */
  static NnCompiler.Result net(String... layers) {
    return DiagnosticsTest.net(layers);
  }

  @Test
  void aResidualGraphReadsIntoTheIr() {
    DiagnosticCollector d = new DiagnosticCollector();
    List<Network> networks = NnCompiler.parse(new SourceFile("r.nn", String.join("\n",
        "network R(loss = sparse_categorical_crossentropy) {",
        "  input x [8, 8, 1]",
        "  conv2d stem (filters = 4, kernel = [3, 3], padding = same)",
        "  conv2d c (filters = 4, kernel = [3, 3], padding = same)",
        "  add sum [c, stem]",
        "  activate act relu",
        "  conv2d side (filters = 2, kernel = [1, 1], from = stem)",
        "  concatenate joined [act, side] (axis = -1)",
        "  activate soft (value = leaky_relu, alpha = 0.1, from = side)",
        "  flatten f (from = joined)",
        "  dense out (units = 3, activation = softmax)",
        "}")), d);
    assertEquals(List.of(), d.diagnostics());
    Network n = networks.get(0);
    assertEquals(List.of("c", "stem"), ((AddNode) n.layers().get(3)).inputs());
    assertEquals(List.of(2, 1), n.inputs(3));
    assertEquals(Activation.RELU, ((ActivateNode) n.layers().get(4)).activation());
    assertEquals(List.of(1), n.inputs(5));
    assertEquals(-1, ((ConcatenateNode) n.layers().get(6)).axis());
    assertEquals(Shape.of(8, 8, 6), n.outputShape(6));
    assertEquals(0.1f, ((ActivateNode) n.layers().get(7)).alpha());
    assertEquals(List.of(6), n.inputs(8));
    assertEquals(List.of(1), n.readers(0));
    assertEquals(List.of(2, 3, 5), n.readers(1));
    assertEquals(List.of(6, 7), n.readers(5));
    assertTrue(n.isGraph());
  }

  @Test
  void unknownLayerWithSuggestion() {
    single(net("  input x [4]", "  dense a (units = 3)", "  dense b (units = 3, from = aa)",
        "  dense out (units = 1)"), "UnknownLayer", 4, 30,
        "dense 'b' reads 'aa', but network 'Net' has no layer of that name; did you mean 'a'?");
  }

  @Test
  void unknownLayerInAMergeListsTheLayersBefore() {
    Diagnostic d = single(net("  input x [4]", "  dense a (units = 3)",
        "  add s [a, zzz]", "  dense out (units = 1)"), "UnknownLayer", 4, 9, null);
    assertTrue(d.message().endsWith("the layers declared before it are x, a"), d::message);
  }

  @Test
  void forwardReference() {
    NnCompiler.Result r = net("  input x [4]", "  dense a (units = 3, from = b)",
        "  dense b (units = 3)", "  dense out (units = 1)");
    Diagnostic d = r.diagnostics().stream().filter(x -> x.tag().equals("ForwardReference"))
        .findFirst().orElseThrow(() -> new AssertionError(Nn.render(r)));
    assertAt(d, "ForwardReference", 3, 30, "dense 'a' reads 'b', which is declared after it (at"
        + " test.nn:4:3); a layer reads only layers declared before it, so that the network has"
        + " no cycle: move 'b' above 'a'");
  }

  @Test
  void selfReference() {
    single(net("  input x [4]", "  dense a (units = 3, from = a)", "  dense out (units = 1)"),
        "ForwardReference", 3, 30, "dense 'a' reads itself; name a layer declared before it");
  }

  @Test
  void addOverDifferentShapesNamesEveryInputAndShape() {
    single(net("  input x [4]", "  dense a (units = 3)", "  dense b (units = 5, from = x)",
        "  add s [a, b, x]", "  dense out (units = 1)"), "MergeShapes", 5, 9,
        "add 's' adds layers of different shapes: a 3, b 5, x 4; every input of an add must"
            + " have the same shape: change the layers (a 1×1 convolution or a dense layer can"
            + " project one to the other's shape)");
  }

  @Test
  void concatenateShapesDifferingOutsideTheAxis() {
    single(net("  input x [4, 4, 2]", "  conv2d a (filters = 3, kernel = [3, 3])",
        "  concatenate j [a, x]", "  flatten f", "  dense out (units = 1)"), "MergeShapes", 4,
        17, "concatenate 'j' joins along axis -1 layers whose shapes differ on another axis:"
            + " a 2×2×3, x 4×4×2; every axis but -1 must agree: change the layers, or join along"
            + " the axis where they differ");
  }

  @Test
  void concatenateAxisOutOfRange() {
    single(net("  input x [4]", "  dense a (units = 3)", "  concatenate j [a, x] (axis = 1)",
        "  dense out (units = 1)"), "MergeShapes", 4, 32,
        "concatenate 'j' has axis = 1, but its inputs have 1 dimension(s); use an axis from -1"
            + " to 0 (-1 is the last)");
  }

  @Test
  void concatenateAlongAnyAxisThatFits() {
    NnCompiler.Result r = net("  input x [4, 3, 2]", "  conv2d a (filters = 2, kernel = [1, 1])",
        "  concatenate rows [a, x] (axis = 0)", "  concatenate cols [rows, rows] (axis = 1)",
        "  flatten f", "  dense out (units = 1)");
    assertFalse(r.hasErrors(), () -> Nn.render(r));
  }

  @Test
  void mergeOfOneLayer() {
    single(net("  input x [4]", "  dense a (units = 3)", "  add s [a]", "  dense out (units = 1)"),
        "MergeInputs", 4, 9, "add 's' merges only 'a'; a merge needs at least two layers, e.g."
            + " add s [a, b]");
  }

  @Test
  void unreadLayerIsAWarning() {
    NnCompiler.Result r = net("  input x [4]", "  dense a (units = 3)",
        "  dense b (units = 3, from = x)", "  dense out (units = 1)");
    assertFalse(r.hasErrors(), () -> Nn.render(r));
    single(r, "UnreadLayer", 3, 3, "dense 'a' is read by no layer, so it does not affect the"
        + " output 'out'; read it (from = a on a layer after it, or in a merge's list) or remove"
        + " it");
  }

  @Test
  void layerNamesAreWrittenWithoutQuotes() {
    single(net("  input x [4]", "  dense a (units = 3)", "  add s [\"a\", x]",
        "  dense out (units = 1)"), "AttributeType", 4, 10,
        "'value' takes a list of layer names, not the name '\"a\"'; e.g. [a] (layer names are"
            + " written without quotes)");
  }

  @Test
  void activateNeedsItsActivation() {
    single(net("  input x [4]", "  activate a", "  dense out (units = 1)"), "MissingAttribute",
        3, 3, "activate 'a' needs an activation; e.g. activate a relu");
  }

  @Test
  void aMergeAfterAnUnknownNameIsNotReportedTwice() {
    NnCompiler.Result r = net("  input x [4]", "  dense a (units = 3)",
        "  dense b (units = 5, from = nope)", "  add s [a, b]", "  dense out (units = 1)");
    // b's shape is unknown while its input is: no MergeShapes error on top
    assertEquals(List.of("UnknownLayer"), r.diagnostics().stream().map(Diagnostic::tag)
        .toList(), () -> Nn.render(r));
  }
}
