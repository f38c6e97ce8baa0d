package org.dendrite.compiler.codegen;

import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.PUBLIC;
import static javax.lang.model.element.Modifier.STATIC;

import com.palantir.javapoet.AnnotationSpec;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.dendrite.compiler.diag.Strings;
import org.dendrite.compiler.emit.Literals;
import org.dendrite.compiler.emit.RuntimeNames;
import org.dendrite.compiler.ir.Names;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.layers.ClassConstants;
import org.dendrite.compiler.layers.LayerUnit;
import org.dendrite.compiler.layers.PassScope;
import org.dendrite.compiler.layers.Tensor;
import org.dendrite.compiler.plan.Architecture;
import org.dendrite.compiler.plan.Plan;

/**
 * Writes the generated model class: the size and offset constants, the flat parameter and
 * gradient arrays, the layer handles, the {@code Model} methods, and the {@link PassWriter inner
 * pass class}. What differs between layer kinds comes from their units; this class only lays out
 * what every model has.
 *
 * <p>Every private name is allocated after the layers' names and the inherited members, so that
 * none hides one; types whose simple name a layer takes are written qualified.
 */
public final class NetworkWriter implements ClassConstants {
  private final Plan plan;
  private final String generator;
  private final NameAllocator names = new NameAllocator();
  private final Map<LayerUnit<?>, String> sizes = new HashMap<>();
  private final List<LayerUnit<?>> ownSizes = new ArrayList<>();
  private final String kernels;
  private final String parameters;
  private final String gradients;
  private final String seed;
  private final String layers;
  private final String inference;
  private final String trainingPass;
  private final String trainingSteps;
  private final String trainingCall;
  private final String state;
  private final String passClass;
  private final OutputNames outputNames;

  /** The units' private constants, in declaration order. */
  private final List<FieldSpec> unitConstants = new ArrayList<>();

  /**
   * A writer for {@code plan}.
   *
   * @param generator the generator's name for {@code @Generated}, e.g. the processor's class
   */
  public NetworkWriter(Plan plan, String generator) {
    this.plan = plan;
    this.generator = generator;
    Network network = plan.network();
    // Inherited names, layer fields and public constants first: private names step aside.
    for (String reserved : network.reservedNames()) {
      names.newName(reserved, "reserved:" + reserved);
    }
    for (LayerUnit<?> layer : plan.layers()) {
      names.newName(layer.name(), "layer:" + layer.index());
    }
    for (String constant : publicConstants()) {
      names.newName(constant, "constant:" + constant);
    }
    kernels = names.newName("K");
    parameters = names.newName("parameters");
    gradients = names.newName("gradients");
    seed = names.newName("seed");
    layers = names.newName("layers");
    inference = names.newName("inference");
    trainingPass = names.newName("trainingPass");
    trainingSteps = names.newName("trainingSteps");
    trainingCall = names.newName("trainingCall");
    state = plan.stateCount() > 0 ? names.newName("state") : null;
    passClass = names.newName("Pass");
    outputNames = new OutputNames(network, names);
    for (LayerUnit<?> layer : plan.layers()) {
      String size;
      if (layer.index() == 0) {
        size = "INPUT_SIZE";
      } else if (layer.isOutput()) {
        size = "OUTPUT_SIZE";
      } else if (layer.keepsInputSize()) {
        size = sizes.get(layer.input());
      } else {
        size = names.newName(Names.constantCase(layer.name()) + "_SIZE", "size:" + layer.index());
        ownSizes.add(layer);
      }
      sizes.put(layer, size);
    }
    for (LayerUnit<?> layer : plan.layers()) {
      layer.declareConstants(this);
    }
  }

  private List<String> publicConstants() {
    List<String> constants = new ArrayList<>(Names.FIXED_CONSTANTS);
    plan.parameters().forEach(t -> constants.add(t.constant()));
    plan.state().forEach(t -> constants.add(t.constant()));
    return constants;
  }

  @Override
  public String kernels() {
    return kernels;
  }

  @Override
  public String parameters() {
    return parameters;
  }

  @Override
  public String state() {
    return state;
  }

  @Override
  public String seed() {
    return seed;
  }

  @Override
  public String size(LayerUnit<?> unit) {
    return sizes.get(unit);
  }

  @Override
  public String constant(LayerUnit<?> unit, String suffix, TypeName type, CodeBlock initializer,
      String doc, Object... args) {
    String name = names.newName(Names.constantCase(unit.name()) + "_" + suffix,
        "constant:" + unit.index() + ":" + suffix);
    unitConstants.add(FieldSpec.builder(type, name, PRIVATE, STATIC, FINAL)
        .addJavadoc(doc + "\n", args).initializer(initializer).build());
    return name;
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
    // A layer field called List or Checks would hide the type of that name.
    network.reservedNames().forEach(type::alwaysQualify);
    plan.layers().forEach(l -> type.alwaysQualify(l.name()));
    network.superclass().ifPresent(s -> type.superclass(
        ClassName.get(s.packageName(), s.simpleNames().get(0),
            s.simpleNames().subList(1, s.simpleNames().size()).toArray(new String[0]))));
    addConstants(type);
    addFields(type);
    type.addMethod(MethodSpec.constructorBuilder().addModifiers(PUBLIC)
        .addJavadoc("A model with weights drawn from a random seed.\n")
        .addStatement("this($T.random())", RuntimeNames.SEEDS).build());
    type.addMethod(constructor());
    new ModelMethods(plan, this, new ModelMethods.Members(passClass, layers, gradients,
        inference, trainingPass, trainingSteps, trainingCall)).addTo(type);
    outputNames.addTo(type, self);
    type.addType(new PassWriter(plan, this, passClass, publicConstants(), sizeConstants())
        .write());
    return JavaFile.builder(network.packageName(), type.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  /** Every private constant's name: the sizes' and the units'. */
  private List<String> sizeConstants() {
    List<String> all = new ArrayList<>();
    ownSizes.forEach(l -> all.add(sizes.get(l)));
    unitConstants.forEach(f -> all.add(f.name()));
    return all;
  }

  private CodeBlock classJavadoc() {
    Network network = plan.network();
    StringJoiner chain = new StringJoiner(" → ");
    chain.add(Integer.toString(plan.inputSize()));
    for (LayerUnit<?> layer : plan.layers()) {
      if (layer.chainLink() != null) {
        chain.add(layer.chainLink());
      }
    }
    CodeBlock.Builder doc = CodeBlock.builder();
    doc.add("{@code $L} compiled by Dendrite: $L,\nloss $L; $L parameters.\n\n",
        network.name(), chain, network.loss().spelling(), Strings.count(plan.parameterCount()));
    doc.add("<pre>\n$L</pre>\n\n", SummaryRenderer.render(plan));
    doc.add("<p>Generated code: do not edit. Every size is a constant; the passes call the"
        + " runtime's\nSIMD kernels.\n");
    return doc.build();
  }

  private void addConstants(TypeSpec.Builder type) {
    constant(type, PUBLIC, "INPUT_SIZE", Literals.of(plan.inputSize()),
        "Values per input sample ($L).", plan.layers().get(0).outputShape());
    constant(type, PUBLIC, "OUTPUT_SIZE", Literals.of(plan.outputSize()),
        "Values per output sample.");
    constant(type, PUBLIC, "TARGET_SIZE", Literals.of(plan.targetSize()),
        plan.network().loss().indexTargets()
            ? "Values per training target: a class index or label."
            : "Values per training target: one per output.");
    constant(type, PUBLIC, "PARAMETER_COUNT", Literals.of(plan.parameterCount()),
        "Trainable parameters: the length of {@link #parameters()}.");
    type.addField(FieldSpec.builder(long.class, "FORWARD_FLOPS", PUBLIC, STATIC, FINAL)
        .addJavadoc("FLOPs of one sample's forward pass, two per multiply-add.\n")
        .initializer("$L", Literals.ofLong(plan.forwardFlops())).build());
    type.addField(FieldSpec.builder(long.class, "PARAMETER_BYTES", PUBLIC, STATIC, FINAL)
        .addJavadoc("Bytes of the parameters as floats.\n")
        .initializer("$L", Literals.ofLong(plan.parameterBytes())).build());
    for (Tensor t : plan.parameters()) {
      constant(type, PUBLIC, t.constant(), Literals.of(t.offset()),
          "Offset of {@code $L}, $L, in {@link #parameters()}.", t.qualifiedName(),
          Literals.dims(t.shape().dims()));
    }
    for (Tensor t : plan.state()) {
      constant(type, PUBLIC, t.constant(), Literals.of(t.offset()),
          "Offset of {@code $L}, $L, in {@link #state()}.", t.qualifiedName(),
          Literals.dims(t.shape().dims()));
    }
    if (plan.stateCount() > 0) {
      constant(type, PUBLIC, "STATE_COUNT", Literals.of(plan.stateCount()),
          "Non-trainable values: the length of {@link #state()}.");
    }
    type.addField(FieldSpec.builder(String.class, "ARCHITECTURE", PUBLIC, STATIC, FINAL)
        .addJavadoc("What decides whether weights fit this network; weight files carry its"
            + " hash.\n")
        .initializer("$S", Architecture.describe(plan)).build());
    type.addField(FieldSpec.builder(String.class, "SUMMARY", PUBLIC, STATIC, FINAL)
        .addJavadoc("The summary table {@link #summary()} returns.\n")
        .initializer("$S", SummaryRenderer.render(plan)).build());
    for (LayerUnit<?> layer : ownSizes) {
      constant(type, PRIVATE, sizes.get(layer), Literals.of(layer.outputSize()),
          "Values per sample of {@code $L}'s output ($L).", layer.name(),
          layer.storedShape().equals(layer.outputShape()) ? layer.outputShape()
              : layer.storedShape() + " computed of " + layer.outputShape());
    }
    type.addFields(unitConstants);
    type.addField(FieldSpec.builder(RuntimeNames.KERNELS, kernels, PRIVATE, STATIC, FINAL)
        .addJavadoc("The kernels, Vector API or scalar, chosen once per JVM.\n")
        .initializer("$T.get()", RuntimeNames.KERNELS).build());
  }

  private static void constant(TypeSpec.Builder type, javax.lang.model.element.Modifier access,
      String name, String value, String doc, Object... args) {
    type.addField(FieldSpec.builder(int.class, name, access, STATIC, FINAL)
        .addJavadoc(doc + "\n", args)
        .initializer("$L", value).build());
  }

  private void addFields(TypeSpec.Builder type) {
    if (plan.network().superclass().isEmpty()) {
      for (LayerUnit<?> layer : plan.layers()) {
        type.addField(FieldSpec.builder(RuntimeNames.LAYER, layer.name(), PUBLIC, FINAL)
            .addJavadoc("The $L layer {@code $L}.\n", layer.node().kind().displayName(),
                layer.name())
            .build());
      }
    }
    type.addField(FieldSpec.builder(PassScope.FLOATS, parameters, PRIVATE, FINAL)
        .initializer("new float[PARAMETER_COUNT]").build());
    type.addField(FieldSpec.builder(PassScope.FLOATS, gradients, PRIVATE, FINAL)
        .initializer("new float[PARAMETER_COUNT]").build());
    if (state != null) {
      type.addField(FieldSpec.builder(PassScope.FLOATS, state, PRIVATE, FINAL)
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
    type.addField(FieldSpec.builder(ClassName.bestGuess(passClass), trainingPass, PRIVATE)
        .addJavadoc("The pass of {@link #computeGradients}, grown on demand.\n").build());
    type.addField(FieldSpec.builder(long.class, trainingSteps, PRIVATE)
        .addJavadoc("Calls of {@link #computeGradients} so far: the step of its dropout masks.\n")
        .build());
    type.addField(FieldSpec.builder(RuntimeNames.STEP, trainingCall, PRIVATE, FINAL)
        .addJavadoc("The arguments of {@link #computeGradients}' pass.\n")
        .initializer("new $T()", RuntimeNames.STEP).build());
  }

  // Example:
  // public CompiledFashionMlp(long seed) {
  //   this.seed = seed;
  //   Initializers.heUniform(parameters, HIDDEN1_KERNEL, INPUT_SIZE, HIDDEN1_SIZE,
  //       Seeds.mix(seed, 2));
  //   …
  //   this.hidden1 = new Layer("hidden1", "Dense", new int[] {784}, new int[] {300}, List.of(
  //       new TensorView("hidden1.kernel", parameters, HIDDEN1_KERNEL, 784, 300),
  //       new TensorView("hidden1.bias", parameters, HIDDEN1_BIAS, 300)));
  //   …
  //   this.layers = List.of(image, flat, hidden1, hidden2, output);
  // }
  private MethodSpec constructor() {
    MethodSpec.Builder m = MethodSpec.constructorBuilder().addModifiers(PUBLIC)
        .addParameter(long.class, seed)
        .addJavadoc("A model whose weights are drawn from {@code $L}: the same seed gives the same"
            + " weights.\n", seed)
        .addStatement("this.$N = $N", seed, seed);
    for (LayerUnit<?> layer : plan.layers()) {
      m.addCode(layer.initialize(this));
    }
    List<String> handles = new ArrayList<>();
    for (LayerUnit<?> layer : plan.layers()) {
      m.addStatement("this.$N = $L", layer.name(), layerHandle(layer));
      handles.add(layer.name());
    }
    m.addStatement("this.$N = $T.of($L)", layers, List.class, String.join(", ", handles));
    return m.build();
  }

  /** The layer's {@code Layer}: its name, kind, shapes, and views of its tensors. */
  private CodeBlock layerHandle(LayerUnit<?> layer) {
    int[] in = layer.inputShape() == null ? layer.outputShape().dims()
        : layer.inputShape().dims();
    CodeBlock weights = views(layer.parameters(), parameters);
    CodeBlock.Builder handle = CodeBlock.builder().add("new $T($S, $S, $L, $L, $L",
        RuntimeNames.LAYER, layer.name(), layer.node().kind().displayName(), intArray(in),
        intArray(layer.outputShape().dims()), weights);
    if (!layer.state().isEmpty()) {
      handle.add(", $L", views(layer.state(), state));
    }
    return handle.add(")").build();
  }

  private static CodeBlock views(List<Tensor> tensors, String array) {
    if (tensors.isEmpty()) {
      return CodeBlock.of("$T.of()", List.class);
    }
    List<CodeBlock> views = new ArrayList<>();
    for (Tensor t : tensors) {
      StringJoiner dims = new StringJoiner(", ");
      for (int d : t.shape().dims()) {
        dims.add(Literals.of(d));
      }
      views.add(CodeBlock.of("new $T($S, $N, $L, $L)", RuntimeNames.TENSOR_VIEW,
          t.qualifiedName(), array, t.constant(), dims));
    }
    return CodeBlock.of("$T.of(\n$L)", List.class, CodeBlock.join(views, ",\n"));
  }

  private static String intArray(int[] values) {
    StringJoiner j = new StringJoiner(", ", "new int[] {", "}");
    for (int v : values) {
      j.add(Literals.of(v));
    }
    return j.toString();
  }
}
