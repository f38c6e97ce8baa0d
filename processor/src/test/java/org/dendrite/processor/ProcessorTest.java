package org.dendrite.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.dendrite.processor.Sources.network;
import static org.dendrite.processor.Sources.source;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.CompilationSubject;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The processor through javac: valid networks of every kind compile cleanly; every rule's error
 * lands on the right line with its tag and the words that name the problem; all errors of a class
 * come in one compile; one broken class does not stop the others.
 */
class ProcessorTest {
  static final String SPARSE = "SPARSE_CATEGORICAL_CROSSENTROPY";

  /** A compilation of one file, for assertions on lines of that file. */
  record Run(Compilation compilation, JavaFileObject file) {
    Run error(String text, String onLineContaining) {
      assertThat(compilation).hadErrorContaining(text).inFile(file)
          .onLineContaining(onLineContaining);
      return this;
    }

    Run warning(String text, String onLineContaining) {
      assertThat(compilation).hadWarningContaining(text).inFile(file)
          .onLineContaining(onLineContaining);
      return this;
    }

    CompilationSubject that() {
      return assertThat(compilation);
    }
  }

  static Run run(JavaFileObject file) {
    return new Run(Sources.compile(file), file);
  }

  @Test
  void validNetworksOfEveryKindCompileWithoutWarnings() {
    JavaFileObject classifier = network("Classifier", SPARSE,
        "  @Input({28, 28}) Layer image;",
        "  @Flatten Layer flat;",
        "  @Dense(units = 64, activation = Activation.RELU) Layer hidden;",
        "  @Dropout(rate = 0.2f) Layer drop;",
        "  @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;",
        "  int epochsSeen;");
    JavaFileObject binary = network("Binary", "BINARY_CROSSENTROPY",
        "  @Input(4) Layer x;",
        "  @Dense(units = 8, activation = Activation.TANH, init = Init.GLOROT_NORMAL) Layer h;",
        "  @Dense(units = 8, activation = Activation.LEAKY_RELU, alpha = 0.5f) Layer l;",
        "  @Dense(units = 3, activation = Activation.SIGMOID, useBias = false) Layer out;");
    JavaFileObject regression = network("Regression", "MSE",
        "  @Input(1) Layer x;",
        "  @Dense(units = 16, activation = Activation.SOFTPLUS) Layer h;",
        "  @Dense(units = 16, activation = Activation.SIGMOID) Layer s;",
        "  @Dense(units = 1) Layer out;");
    JavaFileObject categorical = network("Categorical", "CATEGORICAL_CROSSENTROPY",
        "  @Input({2, 2}) Layer x;",
        "  @Flatten Layer f;",
        "  @Dense(units = 3, activation = Activation.SOFTMAX, init = Init.ZEROS) Layer out;");
    JavaFileObject normalized = network("Normalized", SPARSE,
        "  @Input(20) Layer x;",
        "  @Dense(units = 16, useBias = false) Layer linear;",
        "  @BatchNorm(activation = Activation.RELU) Layer norm;",
        "  @Dense(units = 8, activation = Activation.TANH, l2 = 1e-4f) Layer h;",
        "  @BatchNorm(momentum = 0.9f, epsilon = 1e-5f) Layer again;",
        "  @Dense(units = 4, activation = Activation.SOFTMAX) Layer out;");
    JavaFileObject perceptron = network("Gate", "PERCEPTRON",
        "  @Input(2) Layer x;",
        "  @Dense(units = 1, activation = Activation.STEP) Layer out;");
    JavaFileObject nested = source("Outer",
        "public class Outer {",
        "  @Network(loss = Loss.MSE)",
        "  public abstract static class Inner {",
        "    @Input(2) protected Layer x;",
        "    @Dense(units = 1) public Layer out;",
        "  }",
        "}");
    Compilation c = Sources.compile(List.of("-Xlint:all,-processing"), classifier, binary, regression,
        categorical, perceptron, nested, normalized);
    assertThat(c).succeededWithoutWarnings();
    for (String name : List.of("CompiledClassifier", "CompiledBinary", "CompiledRegression",
        "CompiledCategorical", "CompiledGate", "CompiledOuter_Inner", "CompiledNormalized")) {
      assertThat(c).generatedSourceFile("test." + name);
    }
  }

  @Test
  void theIssuesConvnetAndEveryImageLayerCompileWithoutWarnings() {
    JavaFileObject cnn = network("FashionCnn", SPARSE,
        "  @Input({28, 28, 1})                                                 Layer image;",
        "  @Conv2D(filters = 32, kernel = {3, 3}, activation = Activation.RELU) Layer conv1;",
        "  @MaxPool2D(pool = {2, 2})                                           Layer pool1;",
        "  @Conv2D(filters = 64, kernel = {3, 3}, activation = Activation.RELU) Layer conv2;",
        "  @MaxPool2D(pool = {2, 2})                                           Layer pool2;",
        "  @Flatten                                                            Layer flat;",
        "  @Dropout(rate = 0.5f)                                               Layer drop;",
        "  @Dense(units = 10, activation = Activation.SOFTMAX)                  Layer output;");
    JavaFileObject blocks = network("Blocks", "CATEGORICAL_CROSSENTROPY",
        "  @Input({12, 12, 3}) Layer x;",
        "  @Conv2D(filters = 8, kernel = {3, 3}, strides = {2, 2}, padding = Padding.SAME,",
        "      activation = Activation.LEAKY_RELU, alpha = 0.1f, useBias = false,",
        "      init = Init.HE_NORMAL, l1 = 1e-5f, l2 = 1e-4f) Layer c1;",
        "  @BatchNorm(activation = Activation.RELU) Layer bn;",
        "  @AvgPool2D(pool = {2, 2}, strides = {1, 1}, padding = Padding.SAME) Layer avg;",
        "  @Dropout(rate = 0.1f) Layer drop;",
        "  @Conv2D(filters = 4, kernel = {1, 1}) Layer c2;",
        "  @GlobalAvgPool2D Layer gap;",
        "  @Dense(units = 5, activation = Activation.SOFTMAX) Layer out;");
    Compilation c = Sources.compile(List.of("-Xlint:all,-processing"), cnn, blocks);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("test.CompiledFashionCnn");
    assertThat(c).generatedSourceFile("test.CompiledBlocks");
  }

  @Test
  void imageRulesLandOnTheCulprit() {
    run(network("Net", SPARSE,
        "  @Input({5, 5, 1}) Layer image;",
        "  @Conv2D(filters = 4,",
        "      kernel = {7, 7}) Layer conv3;",
        "  @Flatten Layer flat;",
        "  @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;"))
        .error("[Dendrite/WindowFit] @Conv2D 'conv3': (5 + 2·0 − 7)/1 + 1 = −1: the 7×7 kernel"
            + " is larger than its 5×5 input; use padding = Padding.SAME or a smaller kernel",
            "kernel = {7, 7}");
    run(network("Net", SPARSE,
        "  @Input({28, 28}) Layer image;",
        "  @Conv2D(filters = 4, kernel = {3, 3}) Layer conv;",
        "  @Flatten Layer flat;",
        "  @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;"))
        .error("[Dendrite/NeedsChannels] @Conv2D 'conv' needs an image", "Layer conv;")
        .error("@Input({28, 28, 1}) Layer image;", "Layer conv;");
    run(network("Net", SPARSE,
        "  @Input({28, 28, 1}) Layer image;",
        "  @Conv2D(filters = 32, kernel = {3, 3}) Layer conv;",
        "  @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;"))
        .error("@Conv2D 'conv' is 26×26×32; add @Flatten before it", "Layer output;");
    run(network("Net", SPARSE,
        "  @Input({28, 28, 1}) Layer image;",
        "  @Conv2D(filters = 0, kernel = {3}, strides = {2, 2}) Layer conv;",
        "  @MaxPool2D(pool = {2, 2}, strides = {0, 2}) Layer pool;",
        "  @Flatten Layer flat;",
        "  @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;"))
        .error("@Conv2D 'conv' has filters = 0", "filters = 0")
        .error("@Conv2D 'conv' has kernel = {3}", "filters = 0")
        .error("@MaxPool2D 'pool' has strides = {0, 2}", "strides = {0, 2}");
    run(network("Net", SPARSE,
        "  @Input({28, 28, 1}) Layer image;",
        "  @Conv2D(filters = 8, kernel = {3, 3},",
        "      strides = {2, 2}) Layer conv;",
        "  @Flatten Layer flat;",
        "  @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;"))
        .warning("[Dendrite/StrideDrops] @Conv2D 'conv': (28 + 2·0 − 3)/2 + 1 = 13, so the last"
            + " 1 row of its 28×28×1 input is never read", "strides = {2, 2}")
        .that().succeeded();
  }

  @Test
  void explicitPadsCompileAndTheirErrorsLandOnThePads() {
    JavaFileObject padded = network("Padded", SPARSE,
        "  @Input({16, 16, 1}) Layer image;",
        "  @Conv2D(filters = 4, kernel = {3, 3}, strides = {2, 2}, pads = {1, 1, 1, 1},",
        "      activation = Activation.RELU) Layer conv;",
        "  @MaxPool2D(pool = {3, 3}, strides = {2, 2}, pads = {1, 1, 1, 1}) Layer max;",
        "  @AvgPool2D(pool = {2, 2}, strides = {1, 1}, pads = {0, 1, 0, 1}) Layer avg;",
        "  @Flatten Layer flat;",
        "  @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;");
    Compilation c = Sources.compile(List.of("-Xlint:all,-processing"), padded);
    assertThat(c).succeededWithoutWarnings();
    // 16 → 8 (3x3, stride 2, a zero all round) → 4 → 4.
    for (String window : List.of("new Window2D(16, 16, 1, 3, 3, 2, 2, 1, 1, 8, 8)",
        "new Window2D(8, 8, 4, 3, 3, 2, 2, 1, 1, 4, 4)",
        "new Window2D(4, 4, 4, 2, 2, 1, 1, 0, 0, 4, 4)")) {
      assertThat(c).generatedSourceFile("test.CompiledPadded").contentsAsUtf8String()
          .contains(window);
    }
    run(network("Net", SPARSE,
        "  @Input({8, 8, 1}) Layer image;",
        "  @Conv2D(filters = 4, kernel = {3, 3}, padding = Padding.SAME,",
        "      pads = {1, 1, 1, 1}) Layer conv;",
        "  @Flatten Layer flat;",
        "  @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;"))
        .error("[Dendrite/Pads] @Conv2D 'conv' has both pads = {1, 1, 1, 1} and padding ="
            + " Padding.SAME; explicit pads replace SAME's: remove padding = Padding.SAME (or the"
            + " pads)", "pads = {1, 1, 1, 1}");
    run(network("Net", SPARSE,
        "  @Input({8, 8, 1}) Layer image;",
        "  @MaxPool2D(pool = {2, 2},",
        "      pads = {0, 2, 0, 0}) Layer pool;",
        "  @Flatten Layer flat;",
        "  @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;"))
        .error("@MaxPool2D 'pool' has pads = {0, 2, 0, 0}, whose bottom pad (2) is not smaller"
            + " than its 2-pixel high pool", "pads = {0, 2, 0, 0}");
  }

  @Test
  void anAnnotationCompiledWithoutPadsReadsAsNone() {
    // @MaxPool2D as a runtime jar older than pads declares it: the element is absent, not an
    // unreadable network.
    JavaFileObject old = com.google.testing.compile.JavaFileObjects.forSourceString(
        "org.dendrite.annotation.MaxPool2D", String.join("\n",
            "package org.dendrite.annotation;",
            "@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.CLASS)",
            "@java.lang.annotation.Target(java.lang.annotation.ElementType.FIELD)",
            "public @interface MaxPool2D {",
            "  int[] pool();",
            "  int[] strides() default {};",
            "  Padding padding() default Padding.VALID;",
            "  String from() default \"\";",
            "}"));
    Compilation c = Sources.compile(old, network("Old", SPARSE,
        "  @Input({8, 8, 1}) Layer image;",
        "  @MaxPool2D(pool = {2, 2}) Layer pool;",
        "  @Flatten Layer flat;",
        "  @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;"));
    assertThat(c).succeeded();
    assertThat(c).generatedSourceFile("test.CompiledOld").contentsAsUtf8String()
        .contains("new Window2D(8, 8, 1, 2, 2, 2, 2, 0, 0, 4, 4)");
  }

  @Test
  void needsFlattenOnTheDenseField() {
    Run r = run(network("Net", SPARSE,
        "  @Input({28, 28}) Layer image;",
        "  @Dense(units = 300, activation = Activation.RELU) Layer hidden1;",
        "  @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;"));
    r.error("[Dendrite/NeedsFlatten] @Dense 'hidden1' needs a flat input but @Input 'image' is"
        + " 28×28; add @Flatten before it", "Layer hidden1;");
    r.that().hadErrorCount(1);
  }

  @Test
  void theCaretLandsOnTheOffendingAttribute() {
    run(network("Net", SPARSE,
        "  @Input(4) Layer x;",
        "  @Dense(",
        "      units = 0,",
        "      activation = Activation.RELU) Layer hidden;",
        "  @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;"))
        .error("[Dendrite/PositiveSize] @Dense 'hidden' has units = 0", "units = 0,");
    run(network("Net", SPARSE,
        "  @Input({28,",
        "      -3}) Layer x;",
        "  @Flatten Layer f;",
        "  @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;"))
        .error("has shape 28×-3, whose dimension 2 is -3", "@Input({28,");
  }

  @Test
  void lossAndOutputMustAgree() {
    run(network("Net", "BINARY_CROSSENTROPY",
        "  @Input(4) Layer x;",
        "  @Dense(units = 3,",
        "         activation = Activation.SOFTMAX) Layer out;"))
        .error("[Dendrite/LossMismatch] loss BINARY_CROSSENTROPY needs SIGMOID outputs",
            "activation = Activation.SOFTMAX");
    run(network("Net", SPARSE,
        "  @Input(4) Layer x;",
        "  @Dense(units = 3, activation = Activation.SIGMOID) Layer out;"))
        .error("needs a SOFTMAX output of at least 2 units", "Layer out;");
    run(network("Net", "PERCEPTRON",
        "  @Input(4) Layer x;",
        "  @Dense(units = 2, activation = Activation.STEP) Layer out;"))
        .error("loss PERCEPTRON needs one STEP or LINEAR output unit", "Layer out;");
  }

  @Test
  void dropoutRateStepAndSoftmaxRules() {
    Run r = run(network("Net", "MSE",
        "  @Input(4) Layer x;",
        "  @Dropout(rate = 1.5f) Layer drop;",
        "  @Dense(units = 3, activation = Activation.STEP) Layer step;",
        "  @Dense(units = 1, activation = Activation.SOFTMAX) Layer out;"));
    r.error("[Dendrite/DropoutRate] @Dropout 'drop' has rate = 1.5", "rate = 1.5f");
    r.error("[Dendrite/StepNoGradient] @Dense 'step' uses STEP", "Activation.STEP");
    r.error("[Dendrite/SoftmaxOneUnit]", "Layer out;");
    r.that().hadErrorCount(3);
  }

  @Test
  void leakyAlphaMustNotBeNegative() {
    run(network("Net", "MSE",
        "  @Input(4) Layer x;",
        "  @Dense(units = 3, activation = Activation.LEAKY_RELU,",
        "         alpha = -1f) Layer h;",
        "  @Dense(units = 1) Layer out;"))
        .error("[Dendrite/LeakyAlpha]", "alpha = -1f");
  }

  @Test
  void regularizationFactorsAreReadAndChecked() {
    run(network("Net", "MSE",
        "  @Input(4) Layer x;",
        "  @Dense(units = 3, activation = Activation.RELU, l1 = 0.01f,",
        "         l2 = -1f) Layer h;",
        "  @Dense(units = 1) Layer out;"))
        .error("[Dendrite/Regularization] @Dense 'h' has l2 = -1.0", "l2 = -1f");
    assertThat(Sources.compile(network("Net", "MSE",
        "  @Input(4) Layer x;",
        "  @Dense(units = 3, activation = Activation.RELU, l1 = 0.01f, l2 = 1e-4f) Layer h;",
        "  @Dense(units = 1) Layer out;"))).succeededWithoutWarnings();
  }

  /**
   * A network whose first layer is a dense layer on the inputs, without an L1/L2 penalty, lets
   * a multi-threaded trainer compute that kernel's gradient ({@code deferredKernel()}); one whose
   * first layer is regularized, or comes after dropout, does not.
   */
  @Test
  void onlyAPlainFirstDenseLayerDefersItsKernelGradient() throws Exception {
    String[][] cases = {
      {"Plain", "true", "  @Input(4) Layer x;", "  @Dense(units = 3) Layer h;"},
      {"Penalized", "false", "  @Input(4) Layer x;", "  @Dense(units = 3, l2 = 1e-4f) Layer h;"},
      {"Dropped", "false", "  @Input(4) Layer x;", "  @Dropout(rate = 0.5f) Layer d;",
          "  @Dense(units = 3) Layer h;"},
    };
    for (String[] c : cases) {
      String[] fields = new String[c.length - 1];
      System.arraycopy(c, 2, fields, 0, c.length - 2);
      fields[c.length - 2] = "  @Dense(units = 1) Layer out;";
      Compilation compilation = Sources.compile(network(c[0], "MSE", fields));
      assertThat(compilation).succeeded();
      String generated = compilation.generatedSourceFile("test.Compiled" + c[0]).orElseThrow()
          .getCharContent(true).toString();
      org.junit.jupiter.api.Assertions.assertEquals(Boolean.parseBoolean(c[1]),
          generated.contains("public BatchPass.DeferredKernel deferredKernel("),
          c[0] + ": deferredKernel generated");
    }
  }

  @Test
  void batchNormSettingsAreChecked() {
    run(network("Net", "MSE",
        "  @Input(4) Layer x;",
        "  @BatchNorm(momentum = 1.5f,",
        "             epsilon = -1f) Layer bn;",
        "  @Dense(units = 1) Layer out;"))
        .error("[Dendrite/BatchNormSettings] @BatchNorm 'bn' has momentum = 1.5", "momentum = 1.5f")
        .error("has epsilon = -1.0", "epsilon = -1f");
  }

  @Test
  void inputRules() {
    run(network("Net", "MSE", "  @Dense(units = 1) Layer out;"))
        .error("[Dendrite/MissingInput] network 'Net' has no @Input layer", "@Network");
    run(network("Net", "MSE",
        "  @Dense(units = 2) Layer early;",
        "  @Input(3) Layer x;",
        "  @Dense(units = 1) Layer out;"))
        .error("[Dendrite/InputFirst] @Input 'x' must be the first layer", "Layer x;");
    run(network("Net", "MSE",
        "  @Input(3) Layer x;",
        "  @Input(3) Layer y;",
        "  @Dense(units = 1) Layer out;"))
        .error("[Dendrite/SingleInput] @Input 'y' is a second input", "Layer y;");
  }

  @Test
  void outputLayerRules() {
    run(network("Net", "MSE", "  @Input(3) Layer x;"))
        .error("[Dendrite/NoDense] network 'Net' has no @Dense layer", "@Network");
    run(network("Net", "MSE",
        "  @Input(3) Layer x;",
        "  @Dense(units = 1) Layer out;",
        "  @Dropout(rate = 0.5f) Layer after;"))
        .error("[Dendrite/OutputLayer] the last layer, @Dropout 'after'", "Layer after;");
  }

  @Test
  void parameterCountMustFitAnArray() {
    run(network("Net", "MSE",
        "  @Input(60000) Layer x;",
        "  @Dense(units = 60000) Layer out;"))
        .error("[Dendrite/ParameterCount] network 'Net' has 3,600,060,000 parameters",
            "@Network");
  }

  @Test
  void layerNamesMustNotClashWithTheGeneratedClass() {
    run(network("Net", "MSE",
        "  @Input(3) Layer x;",
        "  @Dense(units = 2) Layer parameters;",
        "  @Dense(units = 1) Layer out;"))
        .error("[Dendrite/NameClash] layer 'parameters' clashes with the method parameters() of"
            + " Model in the generated class CompiledNet", "Layer parameters;");
    run(network("Net", "MSE",
        "  @Input(3) Layer x;",
        "  @Dense(units = 2) Layer hiddenLayer;",
        "  @Dense(units = 2) Layer hidden_layer;",
        "  @Dense(units = 1) Layer out;"))
        .error("HIDDEN_LAYER_KERNEL", "Layer hidden_layer;");
  }

  @Test
  void inheritedLayerFieldsNamedLikeTheGeneratedCodesTypesAndMembersCompile() {
    // The names the generated class uses in its bodies: it must step aside or qualify.
    assertThat(Sources.compile(List.of("-Xlint:all,-processing"), network("Net",
        "SPARSE_CATEGORICAL_CROSSENTROPY",
        "  @Input(3) Layer K;",
        "  @Dense(units = 4, activation = Activation.RELU) Layer Checks;",
        "  @BatchNorm Layer System;",
        "  @Dropout(rate = 0.2f) Layer List;",
        "  @Dense(units = 4) Layer Arrays;",
        "  @BatchNorm Layer Seeds;",
        "  @Dense(units = 4, activation = Activation.TANH) Layer Losses;",
        "  @Dense(units = 4, l2 = 1e-3f) Layer Initializers;",
        "  @Dense(units = 4) Layer trainingPass;",
        "  @Dropout(rate = 0.2f) Layer Pass;",
        "  @Dense(units = 4) Layer capacity;",
        "  @Dense(units = 4) Layer transposed;",
        "  @BatchNorm Layer updateMovingAverages;",
        "  @Dense(units = 4) Layer HIDDEN_SIZE;",
        "  @Dense(units = 3, activation = Activation.SOFTMAX) Layer count;")))
        .succeededWithoutWarnings();
  }

  @Test
  void classRules() {
    run(source("Net",
        "@Network(loss = Loss.MSE)",
        "final class Net {",
        "  @Input(3) Layer x;",
        "  @Dense(units = 1) Layer out;",
        "}"))
        .error("[Dendrite/NetworkClass] @Network class Net is final", "@Network");
    run(source("Outer",
        "class Outer {",
        "  @Network(loss = Loss.MSE)",
        "  abstract class Inner {",
        "    @Input(3) Layer x;",
        "    @Dense(units = 1) Layer out;",
        "  }",
        "}"))
        .error("@Network class Inner is an inner class", "@Network");
    run(source("Outer",
        "class Outer {",
        "  @Network(loss = Loss.MSE)",
        "  private abstract static class Hidden {",
        "    @Input(3) Layer x;",
        "    @Dense(units = 1) Layer out;",
        "  }",
        "}"))
        .error("@Network class Hidden is private", "@Network");
    run(source("Net",
        "@Network(loss = Loss.MSE)",
        "abstract class Net {",
        "  Net(int size) {}",
        "  @Input(3) Layer x;",
        "  @Dense(units = 1) Layer out;",
        "}"))
        .error("has no constructor without parameters", "@Network");
    run(source("Net",
        "@Network(loss = Loss.MSE)",
        "abstract class Net<T> {",
        "  @Input(3) Layer x;",
        "  @Dense(units = 1) Layer out;",
        "}"))
        .error("@Network class Net has type parameters T", "@Network");
    run(source("Net",
        "@Network(loss = Loss.MSE)",
        "interface Net {",
        "}"))
        .error("@Network goes on a class, but Net is an interface", "@Network");
  }

  @Test
  void fieldRules() {
    Run r = run(network("Net", "MSE",
        "  @Input(3) private Layer x;",
        "  @Dense(units = 4) static Layer h;",
        "  @Dense(units = 4) final Layer g = null;",
        "  @Dense(units = 4) Object o;",
        "  @Dense(units = 1) @Dropout(rate = 0.1f) Layer out;"));
    r.error("[Dendrite/LayerField] layer field 'x' is private", "private Layer x;");
    r.error("layer field 'h' is static", "static Layer h;");
    r.error("layer field 'g' is final", "final Layer g");
    r.error("layer field 'o' has type java.lang.Object", "Object o;");
    r.error("field 'out' carries both @Dense and @Dropout", "Layer out;");
  }

  @Test
  void layerAnnotationsOutsideANetworkAreErrors() {
    run(source("Plain",
        "class Plain {",
        "  @Dense(units = 3) Layer forgotten;",
        "}"))
        .error("field 'forgotten' has @Dense, but its class Plain is not annotated @Network",
            "Layer forgotten;");
  }

  @Test
  void concreteModelMethodsWouldBeOverridden() {
    run(source("Net",
        "@Network(loss = Loss.MSE)",
        "abstract class Net {",
        "  @Input(3) Layer x;",
        "  @Dense(units = 1) Layer out;",
        "  public String summary() { return \"mine\"; }",
        "}"))
        .error("[Dendrite/NameClash] method summary() of Net would be overridden",
            "public String summary()");
  }

  @Test
  void allErrorsOfAClassInOneCompileAndOtherClassesStillGenerate() {
    JavaFileObject broken = network("Broken", SPARSE,
        "  @Input({28, 28}) Layer image;",
        "  @Dense(units = 0, activation = Activation.RELU) Layer h;",
        "  @Dropout(rate = 2f) Layer d;",
        "  @Dense(units = 10, activation = Activation.RELU) Layer out;");
    JavaFileObject fine = network("Fine", "MSE",
        "  @Input(3) Layer x;",
        "  @Dense(units = 1) Layer out;");
    Compilation c = Sources.compile(broken, fine);
    for (String tag : List.of("NeedsFlatten", "PositiveSize", "DropoutRate", "LossMismatch")) {
      assertThat(c).hadErrorContaining("[Dendrite/" + tag + "]").inFile(broken);
    }
    // javac fails the compile, but the healthy class was still written.
    List<String> written = Sources.sourcesWritten(broken, fine);
    org.junit.jupiter.api.Assertions.assertEquals(List.of("test.CompiledFine"), written);
  }

  @Test
  void warningsLetTheCompileSucceed() {
    Run r = run(network("Net", "MSE",
        "  @Input(3) Layer x;",
        "  @Flatten Layer f;",
        "  @Dense(units = 4, activation = Activation.SIGMOID, init = Init.HE_UNIFORM) Layer h;",
        "  @Dropout(rate = 0f) Layer d;",
        "  @Dense(units = 2, activation = Activation.SOFTMAX) Layer out;"));
    r.that().succeeded();
    r.warning("[Dendrite/RedundantFlatten]", "Layer f;");
    r.warning("[Dendrite/InitMismatch]", "init = Init.HE_UNIFORM");
    r.warning("[Dendrite/DropoutZero]", "rate = 0f");
    r.that().hadWarningContaining("[Dendrite/MseSoftmax]");
    r.that().generatedSourceFile("test.CompiledNet");
  }

  @Test
  void summaryOptionPrintsTheTableAsANote() {
    Compilation c = Sources.compile(List.of("-Adendrite.summary=true"), network("Net", "MSE",
        "  @Input(3) Layer x;",
        "  @Dense(units = 2, activation = Activation.TANH) Layer h;",
        "  @Dense(units = 1) Layer out;"));
    assertThat(c).succeeded();
    assertThat(c).hadNoteContaining(" h (Dense)                   (None, 2)                 8");
    assertThat(c).hadNoteContaining("Total params: 11 (44.00 B)");
  }

  @Test
  void classesNameTheOutputsAndMustFitThem() {
    JavaFileObject ok = Sources.source("Clothes",
        "@Network(loss = Loss.SPARSE_CATEGORICAL_CROSSENTROPY,",
        "    classes = {\"T-shirt/top\", \"Trouser\", \"Pullover\"})",
        "abstract class Clothes {",
        "  @Input(4) Layer x;",
        "  @Dense(units = 3, activation = Activation.SOFTMAX) Layer out;",
        "}");
    Compilation c = Sources.compile(ok);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("test.CompiledClothes").contentsAsUtf8String()
        .contains("public Label predictClass(float[] input)");
    run(Sources.source("Wrong",
        "@Network(loss = Loss.SPARSE_CATEGORICAL_CROSSENTROPY,",
        "    classes = {\"a\", \"b\"})",
        "abstract class Wrong {",
        "  @Input(4) Layer x;",
        "  @Dense(units = 3, activation = Activation.SOFTMAX) Layer out;",
        "}"))
        .error("[Dendrite/OutputNames] network 'Wrong' lists 2 classes, but its output layer"
            + " 'out' has 3 unit(s); list one class per unit", "classes = {");
  }
}
