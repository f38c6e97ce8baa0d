package org.dendrite.compiler.nn;

import static org.dendrite.compiler.nn.Nn.assertAt;
import static org.dendrite.compiler.nn.Nn.compile;
import static org.dendrite.compiler.nn.Nn.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dendrite.compiler.diag.Diagnostic;
import org.dendrite.compiler.diag.Severity;
import org.dendrite.compiler.diag.SourceFile;
import org.junit.jupiter.api.Test;

/**
 * One test per diagnostic of the .nn front end: its tag, its exact message, and the line and
 * column it points at. A network with an error generates nothing.
 */
class DiagnosticsTest {
  static final String HEAD = "network Net(loss = mse) {";

  /** A network Net whose layer lines follow the header; its first layer line is line 2. */
  static NnCompiler.Result net(String... layers) {
    String[] lines = new String[layers.length + 2];
    lines[0] = HEAD;
    System.arraycopy(layers, 0, lines, 1, layers.length);
    lines[lines.length - 1] = "}";
    NnCompiler.Result r = compile(lines);
    if (r.hasErrors()) {
      assertTrue(r.files().isEmpty(), "a network with errors generated a class");
    }
    return r;
  }

  // ---- syntax ------------------------------------------------------------------------------

  @Test
  void expectedToken() {
    single(net("  input x [2]", "  dense y (units 1)"), "Syntax", 3, 18,
        "expected '=' after 'units', found '1'");
  }

  @Test
  void missingCommaBetweenAttributes() {
    single(net("  input x [2]", "  dense y (units = 1 activation = relu)"), "Syntax", 3, 22,
        "expected ',' or ')', found 'activation'");
  }

  @Test
  void unexpectedCharacterWithAHint() {
    single(net("  input x [2];", "  dense y (units = 1)"), "Syntax", 2, 14,
        "unexpected character ';'; a .nn statement ends with its line, without ';'");
    single(net("  @input x [2]", "  dense y (units = 1)"), "Syntax", 2, 3,
        "unexpected character '@'; a layer is written without '@', e.g. dense hidden"
            + " (units = 100)");
    single(compile("network Net(loss = mse) {", "  input x [2]", "  dense y (units = 1)", "}",
        "\u0007"), "Syntax", 5, 1, "unexpected character U+0007");
  }

  @Test
  void unterminatedComment() {
    NnCompiler.Result r = compile("network Net(loss = mse) {", "  input x [2]",
        "  dense y (units = 1)", "}", "/* not closed", "network Other");
    single(r, "Syntax", 5, 1, "unterminated comment: '/*' has no closing '*/'");
  }

  @Test
  void malformedNumber() {
    single(net("  input x [2]", "  dropout d (rate = 0.2f)", "  dense y (units = 1)"), "Syntax",
        3, 21, "malformed number '0.2f'; write an integer such as 10 or a decimal such as 0.25"
            + " or 1e-3");
  }

  @Test
  void statementEndsWithItsLine() {
    single(net("  input x [2]", "  dense y (units = 1) relu"), "Syntax", 3, 23,
        "expected a new line after layer 'y', found 'relu'");
  }

  @Test
  void missingClosingBrace() {
    NnCompiler.Result r = compile("network A(loss = mse) {", "  input x [2]",
        "  dense y (units = 1)", "network B(loss = mse) {", "  input x [2]",
        "  dense y (units = 1)", "}");
    single(r, "Syntax", 4, 1,
        "network 'A' has no closing '}' before 'network'; close it after its last layer");
    assertEquals(1, r.files().size(), "B is fine and generated");
    single(compile("network A(loss = mse) {", "  input x [2]", "  dense y (units = 1)"),
        "Syntax", 3, 22, "network 'A' has no closing '}' before end of file; close it after"
            + " its last layer");
  }

  @Test
  void unknownLayerKindWithSuggestion() {
    single(net("  input x [2]", "  dense h (units = 2)", "  dens y (units = 1)"),
        "UnknownKeyword", 4, 3, "unknown layer kind 'dens'; did you mean 'dense'?");
    single(net("  input x [2]", "  lstm c (units = 3)", "  dense y (units = 1)"),
        "UnknownKeyword", 3, 3,
        "unknown layer kind 'lstm'; a layer is one of input, flatten, dense, dropout, batchnorm,"
            + " conv2d, maxpool2d, avgpool2d, globalavgpool2d, activate, add, concatenate");
  }

  @Test
  void unknownDeclarationWithSuggestion() {
    NnCompiler.Result r = compile("netwrok Net(loss = mse) {", "  input x [2]",
        "  dense y (units = 1)", "}");
    single(r, "UnknownKeyword", 1, 1, "unknown declaration 'netwrok'; did you mean 'network'?");
  }

  @Test
  void packageLineComesOnceAndFirst() {
    NnCompiler.Result r = compile("network A(loss = mse) {", "  input x [2]",
        "  dense y (units = 1)", "}", "package org.late");
    single(r, "Package", 5, 1,
        "the package line must come once, before the first network; move it to the top of the"
            + " file");
    r = compile("package a", "package b");
    assertAt(r.diagnostics().get(0), "Package", 2, 1,
        "the package line must come once, before the first network; the first is at line 1");
  }

  // ---- attributes ----------------------------------------------------------------------------

  @Test
  void explicitPadsAreCheckedWhereTheyAreWritten() {
    String image = "  input x [8, 8, 1]";
    String tail = "  flatten f";
    String out = "  dense y (units = 2)";
    single(net(image, "  conv2d c (filters = 2, kernel = [3, 3], pads = [1, 1, 1])", tail, out),
        "Pads", 3, 50, "conv2d 'c' has pads = [1, 1, 1]; it takes four counts of zeros, top,"
            + " bottom, left and right, e.g. pads = [1, 1, 1, 1]");
    single(net(image, "  maxpool2d p (pool = [2, 2], pads = [0, -1, 0, 0])", tail, out),
        "Pads", 3, 38, "maxpool2d 'p' has pads = [0, -1, 0, 0], whose bottom pad is -1; a pad"
            + " counts zero rows or columns: give 0 or more, e.g. pads = [1, 1, 1, 1]");
    single(net(image, "  avgpool2d p (pool = [2, 2], padding = same, pads = [1, 0, 1, 0])", tail,
        out), "Pads", 3, 54, "avgpool2d 'p' has both pads = [1, 0, 1, 0] and padding = same;"
            + " explicit pads replace SAME's: remove padding = same (or the pads)");
    single(net(image, "  conv2d c (filters = 2, kernel = [3, 3], pads = [3, 0, 0, 0])", tail,
        out), "Pads", 3, 50, "conv2d 'c' has pads = [3, 0, 0, 0], whose top pad (3) is not"
            + " smaller than its 3-pixel high kernel, so windows there would read only zeros;"
            + " pad at most 2 there");
  }

  @Test
  void explicitPadsCompile() {
    NnCompiler.Result r = net("  input x [16, 16, 1]",
        "  conv2d c (filters = 2, kernel = [3, 3], strides = [2, 2], pads = [1, 1, 1, 1])",
        "  maxpool2d p (pool = [3, 3], strides = [2, 2], pads = [1, 1, 1, 1])",
        "  flatten f", "  dense y (units = 2)");
    assertEquals(List.of(), r.diagnostics());
    assertTrue(r.files().get(0).toString().contains("new Window2D(16, 16, 1, 3, 3, 2, 2, 1, 1,"
        + " 8, 8)"), "3x3 at stride 2 with a zero all round: 16 → 8");
  }

  @Test
  void unknownAttributeWithSuggestion() {
    // Not also "needs units": the suggestion is the fix for both.
    single(net("  input x [2]", "  dense y (unit = 1)"), "UnknownAttribute", 3, 12,
        "dense has no attribute 'unit'; did you mean 'units'?");
    single(compile("network Net(los = mse) {", "  input x [2]", "  dense y (units = 1)", "}"),
        "UnknownAttribute", 1, 13, "network has no attribute 'los'; did you mean 'loss'?");
  }

  @Test
  void unknownAttributeListsTheAttributes() {
    NnCompiler.Result r = net("  input x [2]", "  dense y (units = 1, kernel_size = 3)",
        "  flatten f (axis = 1)");
    List<Diagnostic> ds = r.diagnostics();
    assertAt(ds.get(0), "UnknownAttribute", 3, 23,
        "dense has no attribute 'kernel_size'; its attributes are units, activation, useBias,"
            + " init, alpha, l1, l2, from");
    assertAt(ds.get(1), "UnknownAttribute", 4, 14, "flatten has no attribute 'axis'; its"
        + " attributes are from");
  }

  @Test
  void shapeOnALayerThatHasNone() {
    single(net("  input x [2]", "  dense y [3] (units = 1)"), "UnknownAttribute", 3, 11,
        "dense 'y' takes no [ ] value; only an input layer has a shape, e.g. input image"
            + " [28, 28] (and a merge its list of layers, an activate its activation)");
  }

  @Test
  void duplicateAttribute() {
    single(net("  input x [2]", "  dense y (units = 1, units = 2)"), "DuplicateAttribute", 3, 23,
        "attribute 'units' is given twice (first at test.nn:3:12); give it once");
    single(net("  input x [2] (value = [3])", "  dense y (units = 1)"), "DuplicateAttribute",
        2, 11, "attribute 'value' is given twice (first at test.nn:2:24); give it once");
  }

  @Test
  void missingRequiredAttributes() {
    single(net("  input x [2]", "  dense y (activation = relu)"), "MissingAttribute", 3, 3,
        "dense 'y' needs units; e.g. dense y (units = 10)");
    single(net("  input x", "  dense y (units = 1)"), "MissingAttribute", 2, 3,
        "input 'x' needs a shape; e.g. input x [28, 28]");
    single(net("  input x [2]", "  dropout d", "  dense y (units = 1)"), "MissingAttribute",
        3, 3, "dropout 'd' needs rate; e.g. dropout d (rate = 0.2)");
    single(compile("network Net {", "  input x [2]", "  dense y (units = 1)", "}"),
        "MissingAttribute", 1, 1,
        "network 'Net' needs a loss; e.g. network Net(loss = sparse_categorical_crossentropy)");
  }

  @Test
  void attributeOfTheWrongType() {
    single(net("  input x [2]", "  dense y (units = relu)"), "AttributeType", 3, 20,
        "'units' takes an integer, not the name 'relu'; e.g. units = 10");
    single(net("  input x [2]", "  dense y (units = 2.5)"), "AttributeType", 3, 20,
        "'units' takes an integer, not the number 2.5; e.g. units = 10");
    single(net("  input x [2]", "  dense y (units = 1, useBias = no)"), "AttributeType", 3, 33,
        "'useBias' takes true or false, not the name 'no'; e.g. useBias = false");
    single(net("  input x [2]", "  dense y (units = 1, activation = 3)"), "AttributeType", 3,
        36, "'activation' takes an activation, not the integer 3; e.g. activation = linear");
    single(net("  input x [2.5]", "  dense y (units = 1)"), "AttributeType", 2, 12,
        "'value' takes a list of integers, not the number 2.5; e.g. input image [28, 28]");
    single(net("  input x (value = 2)", "  dense y (units = 1)"), "AttributeType", 2, 20,
        "'value' takes a list of integers, not the integer 2; e.g. input image [28, 28]");
  }

  @Test
  void unknownEnumValueWithSuggestion() {
    single(net("  input x [2]", "  dense y (units = 1, activation = rleu)"), "UnknownValue", 3,
        36, "'rleu' is not a known activation; did you mean 'relu'?");
    single(net("  input x [2]", "  dense y (units = 1, activation = RELU)"), "UnknownValue", 3,
        36, "'RELU' is not a known activation; did you mean 'relu'?");
    single(net("  input x [2]", "  dense y (units = 1, init = xavier)"), "UnknownValue", 3, 30,
        "'xavier' is not a known initialiser; use one of auto, glorot_uniform, glorot_normal,"
            + " he_uniform, he_normal, zeros");
    single(compile("network Net(loss = cross_entropy) {", "  input x [2]",
        "  dense y (units = 2, activation = softmax)", "}"), "UnknownValue", 1, 20,
        "'cross_entropy' is not a known loss; use one of mse, binary_crossentropy,"
            + " categorical_crossentropy, sparse_categorical_crossentropy, perceptron");
  }

  @Test
  void numbersOutOfRange() {
    single(net("  input x [2]", "  dense y (units = 99999999999)"), "NumberRange", 3, 20,
        "99999999999 is out of range: an integer is between -2147483648 and 2147483647");
    single(net("  input x [2]", "  dropout d (rate = 1e39)", "  dense y (units = 1)"),
        "NumberRange", 3, 21,
        "1e39 is out of range: a 32-bit float is at most 3.4e38 in size");
  }

  // ---- names ---------------------------------------------------------------------------------

  @Test
  void duplicateNetworkInOneFile() {
    NnCompiler.Result r = compile("network A(loss = mse) {", "  input x [2]",
        "  dense y (units = 1)", "}", "network A(loss = mse) {", "  input x [3]",
        "  dense y (units = 1)", "}");
    single(r, "DuplicateNetwork", 5, 9, "network 'A' would generate CompiledA, which network"
        + " 'A' at test.nn:1:1 generates already; rename one");
  }

  @Test
  void duplicateNetworkAcrossFiles() {
    String text = "package p\nnetwork A(loss = mse) {\n  input x [2]\n  dense y (units = 1)\n}";
    NnCompiler.Result r = new NnCompiler().compile(List.of(new SourceFile("one.nn", text),
        new SourceFile("two.nn", text)));
    assertEquals(1, r.diagnostics().size(), () -> Nn.render(r));
    Diagnostic d = r.diagnostics().get(0);
    assertEquals("two.nn:2:9", d.origin().describe());
    assertEquals("network 'A' would generate p.CompiledA, which network 'A' at one.nn:2:1"
        + " generates already; rename one", d.message());
  }

  @Test
  void invalidNetworkAndPackageNames() {
    single(compile("package org.new.nets", "network Net(loss = mse) {", "  input x [2]",
        "  dense y (units = 1)", "}"), "InvalidName", 1, 13,
        "'new' cannot name a package: it is a Java keyword");
    single(compile("network class(loss = mse) {", "  input x [2]", "  dense y (units = 1)",
        "}"), "InvalidName", 1, 9, "'class' cannot name a network: it is a Java keyword");
  }

  @Test
  void emptyFileIsAWarning() {
    NnCompiler.Result r = compile("// nothing yet", "package org.example");
    Diagnostic d = single(r, "EmptyFile", 1, 1, "test.nn declares no network; declare one,"
        + " e.g. network Classifier(loss = mse) { … }");
    assertEquals(Severity.WARNING, d.severity());
    assertFalse(r.hasErrors());
  }

  // ---- many errors per run -------------------------------------------------------------------

  @Test
  void resynchronisesAtTheNextStatement() {
    NnCompiler.Result r = compile(
        "network Net(loss = sparse_categorical_crossentropy) {",
        "    input   image [28, 28]",
        "    flatten flat",
        "    dense   hidden1 (units = 300 activation = relu)",
        "    dens    hidden2 (units = 100, activation = relu)",
        "    dense   hidden3 (units = 100,",
        "                     activation = rleu)",
        "    dense   output  (units = 10, activation = softmax",
        "}",
        "network Second(loss = mse) {",
        "    input x [2",
        "    dense y (units = 1)",
        "}");
    List<Diagnostic> ds = r.diagnostics();
    assertEquals(5, ds.size(), () -> Nn.render(r));
    assertAt(ds.get(0), "Syntax", 4, 34, "expected ',' or ')', found 'activation'");
    assertAt(ds.get(1), "UnknownKeyword", 5, 5, null);
    assertAt(ds.get(2), "UnknownValue", 7, 35, null);
    assertAt(ds.get(3), "Syntax", 9, 1, "expected ',' or ')', found '}'");
    assertAt(ds.get(4), "Syntax", 12, 5, "expected ',' or ']', found 'dense'");
  }

  // ---- one error per broken statement ---------------------------------------------------------

  @Test
  void aLexicalErrorEndsItsStatement() {
    single(net("  input x [2]", "  dropout d (rate = \"x\")", "  dense y (units = 1)"),
        "Syntax", 3, 21, "unexpected character '\"'; names and values are written without"
            + " quotes");
    single(net("  input x [2]", "  # hidden layers", "  dense y (units = 1)"), "Syntax", 3, 3,
        "unexpected character '#'; comments start with //");
    single(net("  input x [2]", "  dense y (units = 1); dense z (units = 2)"), "Syntax", 3, 22,
        "unexpected character ';'; a .nn statement ends with its line, without ';'");
  }

  @Test
  void aNameThatStartsWithADigitIsOneError() {
    single(net("  input x [2]", "  dense 1st (units = 1)", "  dense y (units = 1)"), "Syntax",
        3, 9, "expected the layer's name, e.g. dense hidden, found '1st', which is not a name: a"
            + " name starts with a letter");
    single(compile("network 2Layers(loss = mse) {", "  input x [2]", "  dense y (units = 1)",
        "}"), "Syntax", 1, 9, null);
  }

  @Test
  void commentsWrittenAsIfNestedAreOneError() {
    NnCompiler.Result r = net("  input x [2]", "  dense y (units = 1) /* outer /* inner */ rest */");
    single(r, "Syntax", 3, 32, "comments do not nest: this '/*' is inside the comment opened at"
        + " 3:23, which ends at the first '*/'; remove the inner comment or write the comments"
        + " with //");
    // Not nested, as in Java: an inner '/*' that nothing closes twice is plain comment text.
    assertEquals(0, net("  input x [2] /* see /* below */", "  dense y (units = 1)")
        .diagnostics().size());
  }

  @Test
  void aHeaderWithASyntaxErrorIsNotCheckedFurther() {
    // Not also "needs a loss", which would sort first: the header was not understood.
    single(compile("package org.example", "", "network Header(loss = mse {", "  input x [2]",
        "  dense y (units = 1)", "}"), "Syntax", 3, 27, "expected ',' or ')', found '{'");
    single(compile("network (loss = mse) {", "  input x [2]", "  dense y (units = 1)", "}"),
        "Syntax", 1, 9, "expected the network's name, e.g. network FashionMlp, found '('");
    single(compile("network"), "Syntax", 1, 8,
        "expected the network's name, e.g. network FashionMlp, found end of file");
    // Its layers are still read and checked, each on its own.
    NnCompiler.Result r = compile("network (loss = mse) {", "  input x [2]",
        "  dense y (units = 1, activation = rleu)", "}");
    assertEquals(2, r.diagnostics().size(), () -> Nn.render(r));
    assertAt(r.diagnostics().get(1), "UnknownValue", 3, 36, null);
  }

  @Test
  void aStatementEndsWithItsLineEvenWhenItIsIncomplete() {
    single(compile("package org.example.", "", "network Dot(loss = mse) {", "  input x [2]",
        "  dense y (units = 1)", "}"), "Syntax", 1, 21,
        "expected a name after '.', found the end of the line");
    single(net("  input x [2]", "  dense", "  y (units = 1)"), "Syntax", 3, 8,
        "expected the layer's name, e.g. dense hidden, found the end of the line");
  }

  @Test
  void theMissingBraceIsNoNewsAfterAnErrorAtTheEnd() {
    single(compile("network A(loss = mse) {", "  input x [2]", "  dense y (units ="), "Syntax",
        3, 19, "expected a value: a number, a name such as relu, or a list such as [28, 28],"
            + " found end of file");
    single(compile("network A(loss = mse) {", "  input x [2]", "  dense y (units = 1)",
        "/* never closed", ""), "Syntax", 4, 1, "unterminated comment: '/*' has no closing '*/'");
  }

  @Test
  void aMisspeltBooleanGetsASuggestion() {
    single(net("  input x [2]", "  dense y (units = 1, useBias = True)"), "UnknownValue", 3, 33,
        "'True' is not a known boolean; did you mean 'true'?");
    single(net("  input x [2]", "  dense y (units = 1, useBias = flase)"), "UnknownValue", 3,
        33, "'flase' is not a known boolean; did you mean 'false'?");
  }

  // ---- the checker's rules, inside the file ------------------------------------------------

  @Test
  void checkerDiagnosticsPointIntoTheFile() {
    NnCompiler.Result r = compile(
        "network Net(loss = sparse_categorical_crossentropy) {",
        "    input   image [28, 0]",
        "    dense   hidden (units = 0, activation = relu)",
        "    dropout drop (rate = 1.5)",
        "    dense   hidden (units = 10, activation = relu)",
        "}");
    List<Diagnostic> ds = r.diagnostics();
    assertAt(ds.get(0), "PositiveSize", 2, 19,
        "input 'image' has shape 28×0, whose dimension 2 is 0; every dimension must be"
            + " positive");
    // The shape after 'image' is broken, so nothing is said about what it feeds (its rank):
    // one cause, one error.
    assertAt(ds.get(1), "PositiveSize", 3, 29,
        "dense 'hidden' has units = 0; a layer needs at least 1 unit");
    assertAt(ds.get(2), "DropoutRate", 4, 26, null);
    assertAt(ds.get(3), "DuplicateName", 5, 5,
        "layer name 'hidden' is used twice (first at test.nn:3:5); give every layer its own"
            + " name");
    assertAt(ds.get(4), "LossMismatch", 5, 46, "loss sparse_categorical_crossentropy needs a"
        + " softmax output of at least 2 units, but the output layer 'hidden' has 10 unit(s)"
        + " with relu; use activation = softmax");
    assertEquals(5, ds.size(), () -> Nn.render(r));
  }

  @Test
  void checkerMessagesSpellEnumValuesAsTheFileDoes() {
    single(net("  input x [2]", "  dense y (units = 1, activation = leaky_relu, alpha = -1)"),
        "LeakyAlpha", 3, 56,
        "dense 'y' has alpha = -1.0; leaky_relu's negative slope must be a finite number >= 0");
  }

  @Test
  void networkLevelRulesPointAtTheHeader() {
    NnCompiler.Result r = compile("network Net(loss = mse) {", "  dense y (units = 2,"
        + " activation = softmax)", "}");
    assertAt(r.diagnostics().get(0), "MissingInput", 1, 1, "network 'Net' has no input layer;"
        + " declare one as its first layer, e.g. input image [28, 28]");
    assertAt(r.diagnostics().get(1), "MseSoftmax", 1, 20, null);
  }
}
