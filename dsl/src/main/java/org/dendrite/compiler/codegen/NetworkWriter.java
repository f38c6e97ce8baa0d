package org.dendrite.compiler.codegen;

import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.PUBLIC;
import static javax.lang.model.element.Modifier.STATIC;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.dendrite.compiler.diag.Strings;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.plan.Architecture;
import org.dendrite.compiler.plan.BatchNormPlan;
import org.dendrite.compiler.plan.DensePlan;
import org.dendrite.compiler.plan.LayerPlan;
import org.dendrite.compiler.plan.Plan;

/**
 * Writes the generated model class: the size and offset constants, the flat parameter and
 * gradient arrays, the layer handles, the {@code Model} methods, and the {@link PassWriter inner
 * pass class}.
 */
public final class NetworkWriter {
  private static final TypeName FLOATS = ArrayTypeName.of(TypeName.FLOAT);

  private final Plan plan;
  private final String generator;
  private final NameAllocator names = new NameAllocator();
  private final String parameters;
  private final String gradients;
  private final String seed;
  private final String layers;
  private final String inference;
  private final String trainingPass;
  private final String trainingSteps;
  private final String state;

  /**
   * A writer for {@code plan}.
   *
   * @param generator the generator's name for {@code @Generated}, e.g. the processor's class
   */
  public NetworkWriter(Plan plan, String generator) {
    this.plan = plan;
    this.generator = generator;
    Network network = plan.network();
    // Inherited names and layer fields first, so generated private names never hide them.
    for (String reserved : network.reservedNames()) {
      names.newName(reserved, "reserved:" + reserved);
    }
    for (LayerPlan layer : plan.layers()) {
      names.newName(layer.name(), "layer:" + layer.index());
    }
    names.newName("K", "K");
    parameters = names.newName("parameters");
    gradients = names.newName("gradients");
    seed = names.newName("seed");
    layers = names.newName("layers");
    inference = names.newName("inference");
    trainingPass = names.newName("trainingPass");
    trainingSteps = names.newName("trainingSteps");
    state = plan.stateCount() > 0 ? names.newName("state") : null;
  }

  /** The generated source file. */
  public JavaFile write() {
    Network network = plan.network();
    ClassName self = ClassName.get(network.packageName(), network.generatedName());
    TypeSpec.Builder type = TypeSpec.classBuilder(self)
        .addModifiers(PUBLIC, FINAL)
        .addAnnotation(AnnotationSpec.builder(RuntimeNames.GENERATED)
            .addMember("value", "$S", generator).build())
        .addSuperinterface(RuntimeNames.MODEL)
        .addJavadoc(classJavadoc());
    network.superclass().ifPresent(s -> type.superclass(
        ClassName.get(s.packageName(), s.simpleNames().get(0),
            s.simpleNames().subList(1, s.simpleNames().size()).toArray(new String[0]))));
    List<String> constants = addConstants(type);
    addFields(type);
    type.addMethod(MethodSpec.constructorBuilder().addModifiers(PUBLIC)
        .addJavadoc("A model with weights drawn from a random seed.\n")
        .addStatement("this($T.random())", RuntimeNames.SEEDS).build());
    type.addMethod(constructor());
    addModelMethods(type);
    type.addType(new PassWriter(plan, parameters, seed, state, constants).write());
    return JavaFile.builder(network.packageName(), type.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  private CodeBlock classJavadoc() {
    Network network = plan.network();
    StringJoiner chain = new StringJoiner(" → ");
    chain.add(Integer.toString(plan.inputSize()));
    for (DensePlan d : plan.denseLayers()) {
      chain.add(d.units() + " " + d.activation().spelling());
    }
    CodeBlock.Builder doc = CodeBlock.builder();
    doc.add("{@code $L} compiled by Dendrite: $L,\nloss $L; $L parameters.\n\n",
        network.name(), chain, network.loss().spelling(), Strings.count(plan.parameterCount()));
    doc.add("<pre>\n$L</pre>\n\n", SummaryRenderer.render(plan));
    doc.add("<p>Generated code: do not edit. Every size is a constant; the passes call the"
        + " runtime's\nSIMD kernels.\n");
    return doc.build();
  }

  private List<String> addConstants(TypeSpec.Builder type) {
    List<String> names = new ArrayList<>();
    constant(type, names, "INPUT_SIZE", Literals.of(plan.inputSize()),
        "Values per input sample ($L).", Strings.shape(plan.layers().get(0).outputShape()));
    constant(type, names, "OUTPUT_SIZE", Literals.of(plan.outputSize()),
        "Values per output sample.");
    constant(type, names, "TARGET_SIZE", Literals.of(plan.targetSize()),
        plan.network().loss().indexTargets()
            ? "Values per training target: a class index or label." 
            : "Values per training target: one per output.");
    constant(type, names, "PARAMETER_COUNT", Literals.of(plan.parameterCount()),
        "Trainable parameters: the length of {@link #parameters()}.");
    type.addField(FieldSpec.builder(long.class, "FORWARD_FLOPS", PUBLIC, STATIC, FINAL)
        .addJavadoc("FLOPs of one sample's forward pass, two per multiply-add.\n")
        .initializer("$L", Literals.ofLong(plan.forwardFlops())).build());
    type.addField(FieldSpec.builder(long.class, "PARAMETER_BYTES", PUBLIC, STATIC, FINAL)
        .addJavadoc("Bytes of the parameters as floats.\n")
        .initializer("$L", Literals.ofLong(plan.parameterBytes())).build());
    names.add("FORWARD_FLOPS");
    names.add("PARAMETER_BYTES");
    for (DensePlan d : plan.denseLayers()) {
      constant(type, names, PassWriter.kernelConstant(d), Literals.of(d.kernelOffset()),
          "Offset of {@code $L.kernel}, $L, in {@link #parameters()}.", d.name(),
          Literals.dims(d.inputs(), d.units()));
      if (d.hasBias()) {
        constant(type, names, PassWriter.biasConstant(d), Literals.of(d.biasOffset()),
            "Offset of {@code $L.bias}, $L, in {@link #parameters()}.", d.name(),
            Literals.dims(d.units()));
      }
    }
    for (BatchNormPlan b : plan.batchNorms()) {
      constant(type, names, BatchNormEmitter.gammaConstant(b), Literals.of(b.gammaOffset()),
          "Offset of {@code $L.gamma}, $L, in {@link #parameters()}.", b.name(),
          Literals.dims(b.features()));
      constant(type, names, BatchNormEmitter.betaConstant(b), Literals.of(b.betaOffset()),
          "Offset of {@code $L.beta}, $L, in {@link #parameters()}.", b.name(),
          Literals.dims(b.features()));
      constant(type, names, BatchNormEmitter.meanConstant(b), Literals.of(b.meanOffset()),
          "Offset of {@code $L.moving_mean}, $L, in {@link #state()}.", b.name(),
          Literals.dims(b.features()));
      constant(type, names, BatchNormEmitter.varianceConstant(b),
          Literals.of(b.varianceOffset()),
          "Offset of {@code $L.moving_variance}, $L, in {@link #state()}.", b.name(),
          Literals.dims(b.features()));
    }
    if (plan.stateCount() > 0) {
      constant(type, names, "STATE_COUNT", Literals.of(plan.stateCount()),
          "Non-trainable values: the length of {@link #state()}.");
    }
    type.addField(FieldSpec.builder(String.class, "ARCHITECTURE", PUBLIC, STATIC, FINAL)
        .addJavadoc("What decides whether weights fit this network; weight files carry its"
            + " hash.\n")
        .initializer("$S", Architecture.describe(plan)).build());
    names.add("ARCHITECTURE");
    type.addField(FieldSpec.builder(String.class, "SUMMARY", PUBLIC, STATIC, FINAL)
        .addJavadoc("The summary table {@link #summary()} returns.\n")
        .initializer("$S", SummaryRenderer.render(plan)).build());
    names.add("SUMMARY");
    type.addField(FieldSpec.builder(RuntimeNames.KERNELS, "K", PRIVATE, STATIC, FINAL)
        .addJavadoc("The kernels, Vector API or scalar, chosen once per JVM.\n")
        .initializer("$T.get()", RuntimeNames.KERNELS).build());
    return names;
  }

  private static void constant(TypeSpec.Builder type, List<String> names, String name,
      String value, String doc, Object... args) {
    type.addField(FieldSpec.builder(int.class, name, PUBLIC, STATIC, FINAL)
        .addJavadoc(doc + "\n", args)
        .initializer("$L", value).build());
    names.add(name);
  }

  private void addFields(TypeSpec.Builder type) {
    if (plan.network().superclass().isEmpty()) {
      for (LayerPlan layer : plan.layers()) {
        type.addField(FieldSpec.builder(RuntimeNames.LAYER, layer.name(), PUBLIC, FINAL)
            .addJavadoc("The $L layer {@code $L}.\n", layer.node().kind().displayName(),
                layer.name())
            .build());
      }
    }
    type.addField(FieldSpec.builder(FLOATS, parameters, PRIVATE, FINAL)
        .initializer("new float[PARAMETER_COUNT]").build());
    type.addField(FieldSpec.builder(FLOATS, gradients, PRIVATE, FINAL)
        .initializer("new float[PARAMETER_COUNT]").build());
    if (state != null) {
      type.addField(FieldSpec.builder(FLOATS, state, PRIVATE, FINAL)
          .addJavadoc("The moving averages of the batch normalisations.\n")
          .initializer("new float[STATE_COUNT]").build());
    }
    type.addField(FieldSpec.builder(long.class, seed, PRIVATE, FINAL)
        .addJavadoc("The seed of the initial weights and the dropout masks.\n").build());
    type.addField(FieldSpec.builder(
        ParameterizedTypeName.get(ClassName.get(List.class), RuntimeNames.LAYER), layers,
        PRIVATE, FINAL).build());
    type.addField(FieldSpec.builder(RuntimeNames.INFERENCE, inference, PRIVATE, FINAL)
        .initializer("new $T(this)", RuntimeNames.INFERENCE).build());
    type.addField(FieldSpec.builder(ClassName.bestGuess(PassWriter.CLASS_NAME), trainingPass,
        PRIVATE)
        .addJavadoc("The pass of {@link #computeGradients}, grown on demand.\n").build());
    type.addField(FieldSpec.builder(long.class, trainingSteps, PRIVATE)
        .addJavadoc("Calls of {@link #computeGradients} so far: the step of its dropout masks.\n")
        .build());
  }

  private MethodSpec constructor() {
    MethodSpec.Builder m = MethodSpec.constructorBuilder().addModifiers(PUBLIC)
        .addParameter(long.class, seed)
        .addJavadoc("A model whose weights are drawn from {@code $L}: the same seed gives the same"
            + " weights.\n", seed)
        .addStatement("this.$N = $N", seed, seed);
    for (DensePlan d : plan.denseLayers()) {
      m.addStatement("$T.$L($N, $L, $L, $L, $T.mix($N, $L))", RuntimeNames.INITIALIZERS,
          initializer(d), parameters, PassWriter.kernelConstant(d), Literals.of(d.inputs()),
          Literals.of(d.units()), RuntimeNames.SEEDS, seed, d.index());
    }
    for (BatchNormPlan b : plan.batchNorms()) {
      m.addStatement("$T.fill($N, $L, $L + $L, 1f)", java.util.Arrays.class, parameters,
          BatchNormEmitter.gammaConstant(b), BatchNormEmitter.gammaConstant(b),
          Literals.of(b.features()));
      m.addStatement("$T.fill($N, $L, $L + $L, 1f)", java.util.Arrays.class, state,
          BatchNormEmitter.varianceConstant(b), BatchNormEmitter.varianceConstant(b),
          Literals.of(b.features()));
    }
    List<String> handles = new ArrayList<>();
    for (LayerPlan layer : plan.layers()) {
      m.addStatement("this.$N = $L", layer.name(), layerHandle(layer));
      handles.add(layer.name());
    }
    m.addStatement("this.$N = $T.of($L)", layers, List.class, String.join(", ", handles));
    return m.build();
  }

  private static String initializer(DensePlan d) {
    switch (d.init()) {
      case GLOROT_UNIFORM:
        return "glorotUniform";
      case GLOROT_NORMAL:
        return "glorotNormal";
      case HE_UNIFORM:
        return "heUniform";
      case HE_NORMAL:
        return "heNormal";
      case ZEROS:
        return "zeros";
      default:
        throw new IllegalStateException("unresolved initialiser " + d.init());
    }
  }

  private CodeBlock layerHandle(LayerPlan layer) {
    CodeBlock weights;
    if (layer instanceof DensePlan d) {
      CodeBlock kernel = CodeBlock.of("new $T($S, $N, $L, $L, $L)", RuntimeNames.TENSOR_VIEW,
          d.name() + ".kernel", parameters, PassWriter.kernelConstant(d),
          Literals.of(d.inputs()), Literals.of(d.units()));
      weights = d.hasBias()
          ? CodeBlock.of("$T.of(\n$L,\n$L)", List.class, kernel,
              CodeBlock.of("new $T($S, $N, $L, $L)", RuntimeNames.TENSOR_VIEW, d.name() + ".bias",
                  parameters, PassWriter.biasConstant(d), Literals.of(d.units())))
          : CodeBlock.of("$T.of($L)", List.class, kernel);
    } else if (layer instanceof BatchNormPlan b) {
      weights = CodeBlock.of("$T.of(\n$L,\n$L)", List.class,
          view(b.name() + ".gamma", parameters, BatchNormEmitter.gammaConstant(b), b.features()),
          view(b.name() + ".beta", parameters, BatchNormEmitter.betaConstant(b), b.features()));
      CodeBlock stateViews = CodeBlock.of("$T.of(\n$L,\n$L)", List.class,
          view(b.name() + ".moving_mean", state, BatchNormEmitter.meanConstant(b), b.features()),
          view(b.name() + ".moving_variance", state, BatchNormEmitter.varianceConstant(b),
              b.features()));
      return CodeBlock.of("new $T($S, $S, $L, $L, $L, $L)", RuntimeNames.LAYER, layer.name(),
          layer.node().kind().displayName(), intArray(layer.inputShape()),
          intArray(layer.outputShape()), weights, stateViews);
    } else {
      weights = CodeBlock.of("$T.of()", List.class);
    }
    int[] in = layer.inputShape() == null ? layer.outputShape() : layer.inputShape();
    return CodeBlock.of("new $T($S, $S, $L, $L, $L)", RuntimeNames.LAYER, layer.name(),
        layer.node().kind().displayName(), intArray(in), intArray(layer.outputShape()), weights);
  }

  private CodeBlock view(String name, String array, String offset, int length) {
    return CodeBlock.of("new $T($S, $N, $L, $L)", RuntimeNames.TENSOR_VIEW, name, array, offset,
        Literals.of(length));
  }

  private static String intArray(int[] values) {
    StringJoiner j = new StringJoiner(", ", "new int[] {", "}");
    for (int v : values) {
      j.add(Literals.of(v));
    }
    return j.toString();
  }

  private void addModelMethods(TypeSpec.Builder type) {
    Network network = plan.network();
    type.addMethod(getter("name", String.class, CodeBlock.of("$S", network.name())));
    type.addMethod(getter("loss", RuntimeNames.LOSS,
        CodeBlock.of("$T.$L", RuntimeNames.LOSS, network.loss().name())));
    type.addMethod(getter("inputSize", int.class, CodeBlock.of("INPUT_SIZE")));
    type.addMethod(getter("outputSize", int.class, CodeBlock.of("OUTPUT_SIZE")));
    type.addMethod(getter("targetSize", int.class, CodeBlock.of("TARGET_SIZE")));
    type.addMethod(getter("parameterCount", int.class, CodeBlock.of("PARAMETER_COUNT")));
    type.addMethod(getter("layers",
        ParameterizedTypeName.get(ClassName.get(List.class), RuntimeNames.LAYER),
        CodeBlock.of("$N", layers)));
    type.addMethod(getter("parameters", FLOATS, CodeBlock.of("$N", parameters)));
    type.addMethod(getter("gradients", FLOATS, CodeBlock.of("$N", gradients)));
    if (state != null) {
      type.addMethod(getter("state", FLOATS, CodeBlock.of("$N", state)));
    }
    type.addMethod(override("predict", TypeName.VOID)
        .addParameter(FLOATS, "input").addParameter(FLOATS, "output")
        .addStatement("$N.predict(input, output)", inference).build());
    type.addMethod(override("predictBatch", TypeName.VOID)
        .addParameter(FLOATS, "inputs").addParameter(FLOATS, "outputs")
        .addParameter(int.class, "count")
        .addStatement("$N.predictBatch(inputs, outputs, count)", inference).build());
    type.addMethod(override("computeGradients", TypeName.FLOAT)
        .addParameter(FLOATS, "inputs").addParameter(FLOATS, "targets")
        .addParameter(int.class, "count")
        .beginControlFlow("if (count < 1)")
        .addStatement("throw new $T($S + count)", IllegalArgumentException.class,
            "count must be at least 1, got ")
        .endControlFlow()
        .beginControlFlow("if ($N == null || $N.capacity() < count)", trainingPass,
            trainingPass)
        .addStatement("$N = new $L(count)", trainingPass, PassWriter.CLASS_NAME)
        .endControlFlow()
        .addStatement("double loss = $N.train(inputs,$W0,$Wtargets,$W0,$Wcount,$W1f / count,$W$N,"
            + " $N++,$W0)", trainingPass, gradients, trainingSteps)
        .addStatement("return (float) (loss / count)")
        .build());
    type.addMethod(override("newBatchPass", RuntimeNames.BATCH_PASS)
        .addParameter(int.class, "capacity")
        .addStatement("return new $L(capacity)", PassWriter.CLASS_NAME).build());
    type.addMethod(getter("summary", String.class, CodeBlock.of("SUMMARY")));
    type.addMethod(getter("architecture", String.class, CodeBlock.of("ARCHITECTURE")));
    type.addMethod(getter("seed", long.class, CodeBlock.of("$N", seed)));
    ClassName self = ClassName.get(network.packageName(), network.generatedName());
    type.addMethod(MethodSpec.methodBuilder("load")
        .addModifiers(PUBLIC, STATIC)
        .returns(self)
        .addParameter(java.nio.file.Path.class, "file")
        .addException(java.io.IOException.class)
        .addJavadoc("A model with the weights of a file written by {@link #save}; see"
            + " {@link $T#loadWeights}.\n", RuntimeNames.MODEL)
        .addStatement("$T model = new $T(0L)", self, self)
        .addStatement("model.loadWeights(file)")
        .addStatement("return model")
        .build());
  }

  private static MethodSpec.Builder override(String name, TypeName returns) {
    return MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(PUBLIC)
        .returns(returns);
  }

  private static MethodSpec getter(String name, Object returns, CodeBlock value) {
    TypeName type = returns instanceof TypeName t ? t : TypeName.get((Class<?>) returns);
    return override(name, type).addStatement("return $L", value).build();
  }
}
