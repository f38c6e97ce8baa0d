package org.dendrite.compiler.codegen;

import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.PUBLIC;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dendrite.compiler.ir.LossKind;
import org.dendrite.compiler.ir.Names;
import org.dendrite.compiler.plan.BatchNormPlan;
import org.dendrite.compiler.plan.DensePlan;
import org.dendrite.compiler.plan.DropoutPlan;
import org.dendrite.compiler.plan.LayerPlan;
import org.dendrite.compiler.plan.Plan;

/**
 * Writes the generated model's inner class {@code Pass}: the activation and gradient buffers of
 * one thread, and one forward and one backward method per layer that calls the runtime kernels
 * with every size a constant.
 */
final class PassWriter {
  static final String CLASS_NAME = "Pass";

  private static final TypeName FLOATS = ArrayTypeName.of(TypeName.FLOAT);

  // Method parameters, reserved before any layer-derived name.
  private static final String INPUTS = "inputs";
  private static final String INPUT_OFFSET = "inputOffset";
  private static final String OUTPUTS = "outputs";
  private static final String OUTPUT_OFFSET = "outputOffset";
  private static final String TARGETS = "targets";
  private static final String TARGET_OFFSET = "targetOffset";
  private static final String WEIGHTS = "weights";
  private static final String WEIGHT_OFFSET = "weightOffset";
  private static final String COUNT = "count";
  private static final String SCALE = "scale";
  private static final String GRADIENTS = "gradients";
  private static final String STEP = "step";
  private static final String FIRST_SAMPLE = "firstSample";
  private static final String IN = "in";
  private static final String IN_OFFSET = "inOffset";
  private static final String N = "n";
  private static final String LOSS = "loss";
  private static final String PRODUCTS = "products";
  private static final String PRODUCTS_OFFSET = "productsOffset";
  private static final String DEFERRED = "deferred";
  private static final String DEFERRED_OFFSET = "deferredOffset";
  private static final String TRAIN_PASS = "trainPass";

  /** Where a layer's input comes from: an array, an offset expression, its gradient buffer. */
  private record Value(String array, String offset, String grad) {}

  private final Plan plan;
  private final String parameters;
  private final String seed;
  private final NameAllocator names = new NameAllocator();
  private final Map<Integer, Value> trainingInputs = new HashMap<>();
  private final String state;
  private final String capacity;
  private final String transposed;
  /** The first layer, if it can leave its kernel gradient to the caller; else null. */
  private final DensePlan deferrable;
  private final String deferredKernel;

  PassWriter(Plan plan, String parameters, String seed, String state,
      List<String> outerConstants) {
    this.plan = plan;
    this.parameters = parameters;
    this.seed = seed;
    this.state = state;
    List<String> reservedNames = new ArrayList<>(List.of(INPUTS, INPUT_OFFSET, OUTPUTS,
        OUTPUT_OFFSET, TARGETS, TARGET_OFFSET, WEIGHTS, WEIGHT_OFFSET, COUNT, SCALE, GRADIENTS,
        STEP, FIRST_SAMPLE, IN, IN_OFFSET, N, LOSS, PRODUCTS, PRODUCTS_OFFSET, DEFERRED,
        DEFERRED_OFFSET, TRAIN_PASS, "K", parameters, seed));
    if (state != null) {
      reservedNames.add(state);
    }
    for (String reserved : reservedNames) {
      names.newName(reserved, "reserved:" + reserved);
    }
    for (String constant : outerConstants) {
      names.newName(constant, "constant:" + constant);
    }
    capacity = names.newName("capacity", "capacity");
    deferrable = deferrable(plan);
    deferredKernel = deferrable != null ? names.newName("deferredKernel", "deferredKernel") : null;
    transposed = plan.transposeScratch() > 0 ? names.newName("transposed", "transposed") : null;
    for (LayerPlan layer : plan.layers()) {
      if (layer instanceof DensePlan || layer instanceof DropoutPlan
          || layer instanceof BatchNormPlan) {
        names.newName(layer.name(), buffer(layer));
      }
      if (layer instanceof DensePlan || layer instanceof BatchNormPlan) {
        names.newName(layer.name() + "Grad", grad(layer));
      }
      if (layer instanceof DropoutPlan) {
        names.newName(layer.name() + "Mask", mask(layer));
      }
      if (layer instanceof BatchNormPlan) {
        for (String part : List.of("Normalized", "Mean", "InvStd", "Sums", "ForwardTraining")) {
          names.newName(layer.name() + part, part + ":" + layer.index());
        }
      }
      names.newName(layer.name() + "Forward", forward(layer));
      names.newName(layer.name() + "Backward", backward(layer));
      names.newName(layer.name() + "FromProducts", fromProducts(layer));
    }
  }

  private static String buffer(LayerPlan l) {
    return "buffer:" + l.index();
  }

  private static String grad(LayerPlan l) {
    return "grad:" + l.index();
  }

  private static String mask(LayerPlan l) {
    return "mask:" + l.index();
  }

  private static String forward(LayerPlan l) {
    return "forward:" + l.index();
  }

  private static String backward(LayerPlan l) {
    return "backward:" + l.index();
  }

  private static String fromProducts(LayerPlan l) {
    return "fromProducts:" + l.index();
  }

  private String name(String tag) {
    return names.get(tag);
  }

  TypeSpec write() {
    TypeSpec.Builder type = TypeSpec.classBuilder(CLASS_NAME)
        .addModifiers(PRIVATE, FINAL)
        .addSuperinterface(RuntimeNames.BATCH_PASS)
        .addJavadoc("Activation and gradient buffers for passes over up to {@code $L} samples;"
            + " one per thread.\nReads the model's live parameters; allocates nothing after"
            + " construction.\n", capacity);
    addFields(type);
    type.addMethod(MethodSpec.methodBuilder("capacity").addAnnotation(Override.class)
        .addModifiers(PUBLIC).returns(int.class).addStatement("return $N", capacity).build());
    type.addMethod(MethodSpec.methodBuilder("outputs").addAnnotation(Override.class)
        .addModifiers(PUBLIC).returns(FLOATS)
        .addStatement("return $N", name(buffer(plan.output()))).build());
    type.addMethod(predict(false));
    if (deferrable != null) {
      type.addMethod(predict(true));
    }
    type.addMethod(evaluate());
    if (deferrable == null) {
      type.addMethod(trainBody(override("train", TypeName.DOUBLE)));
    } else {
      addDeferredTraining(type);
    }
    for (LayerPlan layer : plan.layers()) {
      if (layer instanceof DensePlan d) {
        type.addMethod(DenseEmitter.forward(d, this));
        if (d == deferrable) {
          type.addMethod(DenseEmitter.fromProducts(d, this, PRODUCTS, PRODUCTS_OFFSET));
        }
        type.addMethod(DenseEmitter.backward(d, this, trainingInputs.get(d.index()).grad(),
            d == deferrable));
      } else if (layer instanceof DropoutPlan d) {
        type.addMethod(DropoutEmitter.forward(d, this));
        if (d.needsBackward()) {
          type.addMethod(DropoutEmitter.backward(d, this, trainingInputs.get(d.index()).grad()));
        }
      } else if (layer instanceof BatchNormPlan b) {
        type.addMethod(BatchNormEmitter.forwardTraining(b, this, state));
        type.addMethod(BatchNormEmitter.forward(b, this, state));
        type.addMethod(BatchNormEmitter.backward(b, this,
            b.needsInputGradient() ? trainingInputs.get(b.index()).grad() : null));
      }
    }
    return type.build();
  }

  private void addFields(TypeSpec.Builder type) {
    type.addField(int.class, capacity, PRIVATE, FINAL);
    MethodSpec.Builder ctor = MethodSpec.constructorBuilder()
        .addParameter(int.class, capacity)
        .addStatement("this.$N = $N", capacity, capacity);
    for (LayerPlan layer : plan.layers()) {
      if (layer instanceof DensePlan d) {
        addBuffer(type, ctor, name(buffer(d)), d.units(),
            "$L's outputs, [$L][$L].", d.name(), capacity, d.units());
        addBuffer(type, ctor, name(grad(d)), d.units(),
            "The loss gradient with respect to $L's outputs, then its pre-activations;\n[$L][$L].",
            d.name(), capacity, d.units());
      } else if (layer instanceof DropoutPlan d) {
        addBuffer(type, ctor, name(buffer(d)), d.outputSize(),
            "$L's outputs in training, [$L][$L]; inference skips the layer.", d.name(), capacity,
            d.outputSize());
        addBuffer(type, ctor, name(mask(d)), d.outputSize(),
            "$L's mask of the current step: 0 or 1 / (1 - rate) per value.", d.name());
      } else if (layer instanceof BatchNormPlan b) {
        int f = b.features();
        addBuffer(type, ctor, name(buffer(b)), f, "$L's outputs, [$L][$L].", b.name(), capacity, f);
        addBuffer(type, ctor, name(grad(b)), f,
            "The loss gradient with respect to $L's outputs; [$L][$L].", b.name(), capacity, f);
        addBuffer(type, ctor, normalizedName(b), f,
            "$L's inputs normalised with the batch's statistics, for the backward pass.",
            b.name());
        addArray(type, ctor, meanName(b), f, "$L's batch mean per feature.", b.name());
        addArray(type, ctor, invStdName(b), f,
            "$L's batch 1 / sqrt(variance + epsilon) per feature.", b.name());
        addArray(type, ctor, sumsName(b), 2 * f, "Scratch of $L's backward pass.", b.name());
      }
    }
    if (deferrable != null) {
      type.addField(FieldSpec.builder(RuntimeNames.DEFERRED_KERNEL, deferredKernel, PRIVATE, FINAL)
          .addJavadoc("$L's kernel, whose gradient {@code trainDeferred} leaves to the caller.\n",
              deferrable.name())
          .build());
      ctor.addStatement("this.$N = new $T($L,$W$L,$W$L)", deferredKernel,
          RuntimeNames.DEFERRED_KERNEL, kernelConstant(deferrable),
          Literals.of(deferrable.inputs()), Literals.of(deferrable.units()));
    }
    if (transposed != null) {
      type.addField(FieldSpec.builder(FLOATS, transposed, PRIVATE, FINAL)
          .addJavadoc("Scratch for a kernel transposed to compute an input gradient.\n").build());
      ctor.addStatement("this.$N = new float[$L]", transposed,
          Literals.of(plan.transposeScratch()));
    }
    type.addMethod(ctor.build());
  }

  private void addBuffer(TypeSpec.Builder type, MethodSpec.Builder ctor, String field, int width,
      String doc, Object... args) {
    type.addField(FieldSpec.builder(FLOATS, field, PRIVATE, FINAL)
        .addJavadoc(doc + "\n", args).build());
    ctor.addStatement("this.$N = new float[$T.bufferSize($N, $L)]", field, RuntimeNames.CHECKS,
        capacity, Literals.of(width));
  }

  private static void addArray(TypeSpec.Builder type, MethodSpec.Builder ctor, String field,
      int length, String doc, Object... args) {
    type.addField(FieldSpec.builder(FLOATS, field, PRIVATE, FINAL)
        .addJavadoc(doc + "\n", args).build());
    ctor.addStatement("this.$N = new float[$L]", field, Literals.of(length));
  }

  private MethodSpec.Builder override(String method, TypeName returns) {
    return MethodSpec.methodBuilder(method).addAnnotation(Override.class).addModifiers(PUBLIC)
        .returns(returns);
  }

  /** The checks of {@code inputs} and a second array. */
  private void checks(MethodSpec.Builder m, String second, String secondOffset, Object size) {
    checks(m, INPUTS, INPUT_OFFSET, "INPUT_SIZE", second, secondOffset, size);
  }

  /**
   * The batch-size check, then that each of two arrays holds {@code count} samples of its size
   * (a constant's name or a literal) from its offset.
   */
  private void checks(MethodSpec.Builder m, String first, String firstOffset, Object firstSize,
      String second, String secondOffset, Object secondSize) {
    m.addStatement("$T.batch($N, $N)", RuntimeNames.CHECKS, COUNT, capacity);
    m.addStatement("$T.samples($S, $N, $N, $N, $L)", RuntimeNames.CHECKS, first, first,
        firstOffset, COUNT, firstSize);
    m.addStatement("$T.samples($S, $N, $N, $N, $L)", RuntimeNames.CHECKS, second, second,
        secondOffset, COUNT, secondSize);
  }

  /**
   * Inference forward: dropout layers pass their input through. With {@code deferred}, the
   * first layer starts from the caller's products ({@code predictDeferred}).
   */
  private CodeBlock inferenceForward(boolean deferred) {
    CodeBlock.Builder code = CodeBlock.builder();
    Value v = new Value(INPUTS, INPUT_OFFSET, null);
    for (LayerPlan layer : plan.layers()) {
      if (layer instanceof DensePlan || layer instanceof BatchNormPlan) {
        if (deferred && layer == deferrable) {
          code.addStatement("$N($N, $N, $N)", name(fromProducts(deferrable)), PRODUCTS,
              PRODUCTS_OFFSET, COUNT);
        } else {
          code.addStatement("$N($N, $L, $N)", name(forward(layer)), v.array(), v.offset(),
              COUNT);
        }
        v = new Value(name(buffer(layer)), "0", name(grad(layer)));
      }
    }
    return code.build();
  }

  /** {@code predict}, or with {@code deferred} {@code predictDeferred}. */
  private MethodSpec predict(boolean deferred) {
    String in = deferred ? PRODUCTS : INPUTS;
    String inOffset = deferred ? PRODUCTS_OFFSET : INPUT_OFFSET;
    MethodSpec.Builder m = override(deferred ? "predictDeferred" : "predict", TypeName.VOID)
        .addParameter(FLOATS, in).addParameter(int.class, inOffset)
        .addParameter(FLOATS, OUTPUTS).addParameter(int.class, OUTPUT_OFFSET)
        .addParameter(int.class, COUNT);
    checks(m, in, inOffset, deferred ? Literals.of(deferrable.units()) : "INPUT_SIZE", OUTPUTS,
        OUTPUT_OFFSET, "OUTPUT_SIZE");
    m.addCode(inferenceForward(deferred));
    DensePlan out = plan.output();
    String outBuffer = name(buffer(out));
    if (out.lossFused()) {
      m.addCode(Activations.forward(out, outBuffer, COUNT));
    }
    m.addStatement("$T.arraycopy($N, 0, $N, $N, $N * OUTPUT_SIZE)", System.class, outBuffer,
        OUTPUTS, OUTPUT_OFFSET, COUNT);
    return m.build();
  }

  private MethodSpec evaluate() {
    MethodSpec.Builder m = override("evaluate", TypeName.DOUBLE)
        .addParameter(FLOATS, INPUTS).addParameter(int.class, INPUT_OFFSET)
        .addParameter(FLOATS, TARGETS).addParameter(int.class, TARGET_OFFSET)
        .addParameter(int.class, COUNT);
    checks(m, TARGETS, TARGET_OFFSET, "TARGET_SIZE");
    m.addCode(inferenceForward(false));
    DensePlan out = plan.output();
    CodeBlock dataLoss = Activations.loss(lossKind(), out, name(buffer(out)), COUNT, TARGETS,
        TARGET_OFFSET, null, null, null, SCALE);
    List<DensePlan> regularized = regularized();
    if (regularized.isEmpty()) {
      m.addStatement("return $L", dataLoss);
    } else {
      m.addStatement("double $N = $L", LOSS, dataLoss);
      m.addComment("The kernels' penalties, per sample, as Keras' evaluate reports them.");
      for (DensePlan d : regularized) {
        m.addStatement("$N += $N * K.l1l2($N, $L, $L, $L, $L, null, 0)", LOSS, COUNT,
            parameters, kernelConstant(d), Literals.of(d.inputs() * d.units()),
            Literals.of(d.node().l1()), Literals.of(d.node().l2()));
      }
      m.addStatement("return $N", LOSS);
    }
    return m.build();
  }

  /**
   * The first layer, if it is a dense layer reading the batch's inputs without an L1/L2 penalty
   * (whose gradient the pass holding sample 0 adds to the kernel's), else null.
   */
  private static DensePlan deferrable(Plan plan) {
    for (LayerPlan layer : plan.layers()) {
      if (layer instanceof DensePlan d) {
        return d.node().regularized() ? null : d;
      }
      if (layer instanceof DropoutPlan || layer instanceof BatchNormPlan) {
        return null;
      }
    }
    return null;
  }

  /** {@code train}'s eleven parameters. */
  private static MethodSpec.Builder trainParameters(MethodSpec.Builder m) {
    return m.addParameter(FLOATS, INPUTS).addParameter(int.class, INPUT_OFFSET)
        .addParameter(FLOATS, TARGETS).addParameter(int.class, TARGET_OFFSET)
        .addParameter(FLOATS, WEIGHTS).addParameter(int.class, WEIGHT_OFFSET)
        .addParameter(int.class, COUNT).addParameter(float.class, SCALE)
        .addParameter(FLOATS, GRADIENTS).addParameter(long.class, STEP)
        .addParameter(int.class, FIRST_SAMPLE);
  }

  /**
   * {@code train} and {@code trainDeferred} as calls of one private method, whose last four
   * parameters give the first layer's products and say where its pre-activation gradient goes
   * (null: the pass computes both itself); and {@code deferredKernel}.
   */
  private void addDeferredTraining(TypeSpec.Builder type) {
    CodeBlock args = CodeBlock.join(List.of(INPUTS, INPUT_OFFSET, TARGETS, TARGET_OFFSET,
        WEIGHTS, WEIGHT_OFFSET, COUNT, SCALE, GRADIENTS, STEP, FIRST_SAMPLE).stream()
        .map(a -> CodeBlock.of("$N", a)).toList(), ",$W");
    type.addMethod(trainParameters(override("train", TypeName.DOUBLE))
        .addStatement("return $N($L,$Wnull,$W0,$Wnull,$W0)", TRAIN_PASS, args).build());
    MethodSpec.Builder deferredTrain =
        trainParameters(override("trainDeferred", TypeName.DOUBLE))
            .addParameter(FLOATS, PRODUCTS).addParameter(int.class, PRODUCTS_OFFSET)
            .addParameter(FLOATS, DEFERRED).addParameter(int.class, DEFERRED_OFFSET);
    checks(deferredTrain, PRODUCTS, PRODUCTS_OFFSET, Literals.of(deferrable.units()), DEFERRED,
        DEFERRED_OFFSET, Literals.of(deferrable.units()));
    type.addMethod(deferredTrain
        .addStatement("return $N($L,$W$N,$W$N,$W$N,$W$N)", TRAIN_PASS, args, PRODUCTS,
            PRODUCTS_OFFSET, DEFERRED, DEFERRED_OFFSET)
        .build());
    type.addMethod(trainBody(MethodSpec.methodBuilder(TRAIN_PASS).addModifiers(PRIVATE)
        .returns(TypeName.DOUBLE)
        .addJavadoc("The pass of {@code train} and {@code trainDeferred}: with {@code $L} and\n"
            + "{@code $L} null, it computes every product and gradient itself.\n", PRODUCTS,
            DEFERRED)));
    type.addMethod(override("deferredKernel", RuntimeNames.DEFERRED_KERNEL)
        .addStatement("return $N", deferredKernel).build());
  }

  /**
   * The forward and backward pass of {@code train} into {@code m}: with the deferred-kernel
   * parameters when the first layer can leave its kernel gradient to the caller.
   */
  private MethodSpec trainBody(MethodSpec.Builder m) {
    trainParameters(m);
    if (deferrable != null) {
      m.addParameter(FLOATS, PRODUCTS).addParameter(int.class, PRODUCTS_OFFSET)
          .addParameter(FLOATS, DEFERRED).addParameter(int.class, DEFERRED_OFFSET);
    }
    checks(m, TARGETS, TARGET_OFFSET, "TARGET_SIZE");
    m.addStatement("$T.gradients($N, PARAMETER_COUNT)", RuntimeNames.CHECKS, GRADIENTS);
    m.beginControlFlow("if ($N != null)", WEIGHTS);
    m.addStatement("$T.samples($S, $N, $N, $N, 1)", RuntimeNames.CHECKS, WEIGHTS, WEIGHTS,
        WEIGHT_OFFSET, COUNT);
    m.endControlFlow();
    Value v = new Value(INPUTS, INPUT_OFFSET, null);
    List<LayerPlan> order = new ArrayList<>();
    for (LayerPlan layer : plan.layers()) {
      trainingInputs.put(layer.index(), v);
      if (layer instanceof DensePlan d) {
        if (d == deferrable) {
          m.beginControlFlow("if ($N == null)", PRODUCTS);
        }
        m.addStatement("$N($N, $L, $N)", name(forward(d)), v.array(), v.offset(), COUNT);
        if (d == deferrable) {
          m.nextControlFlow("else");
          m.addStatement("$N($N, $N, $N)", name(fromProducts(d)), PRODUCTS, PRODUCTS_OFFSET,
              COUNT);
          m.endControlFlow();
        }
        v = new Value(name(buffer(d)), "0", name(grad(d)));
        order.add(d);
      } else if (layer instanceof DropoutPlan d) {
        m.addStatement("$N($N, $L, $N, $N, $N)", name(forward(d)), v.array(), v.offset(), COUNT,
            STEP, FIRST_SAMPLE);
        v = new Value(name(buffer(d)), "0", v.grad());
        order.add(d);
      } else if (layer instanceof BatchNormPlan b) {
        m.addStatement("$N($N, $L, $N, $N == 0)", forwardTrainingName(b), v.array(), v.offset(),
            COUNT, FIRST_SAMPLE);
        v = new Value(name(buffer(b)), "0", name(grad(b)));
        order.add(b);
      }
    }
    DensePlan out = plan.output();
    m.addStatement("double $N = $L", LOSS, Activations.loss(lossKind(), out,
        name(buffer(out)), COUNT, TARGETS, TARGET_OFFSET, WEIGHTS, WEIGHT_OFFSET, name(grad(out)),
        SCALE));
    for (int i = order.size() - 1; i >= 0; i--) {
      LayerPlan layer = order.get(i);
      Value in = trainingInputs.get(layer.index());
      if (layer instanceof DensePlan d) {
        m.addStatement("$N($N, $L, $N, $N$L)", name(backward(d)), in.array(), in.offset(), COUNT,
            GRADIENTS, d == deferrable ? ", " + DEFERRED + ", " + DEFERRED_OFFSET : "");
      } else if (layer instanceof DropoutPlan d && d.needsBackward()) {
        m.addStatement("$N($N)", name(backward(d)), COUNT);
      } else if (layer instanceof BatchNormPlan b) {
        m.addStatement("$N($N, $N)", name(backward(b)), COUNT, GRADIENTS);
      }
    }
    List<DensePlan> regularized = regularized();
    if (!regularized.isEmpty()) {
      m.beginControlFlow("if ($N == 0)", FIRST_SAMPLE);
      m.addComment("The kernels' L1/L2 penalties count once per step: the pass holding the step's");
      m.addComment("sample 0 adds their gradient, and their value divided by the gradient scale.");
      for (DensePlan d : regularized) {
        m.addStatement("$N += K.l1l2($N, $L, $L, $L, $L, $N, $L) / $N", LOSS, parameters,
            kernelConstant(d), Literals.of(d.inputs() * d.units()), Literals.of(d.node().l1()),
            Literals.of(d.node().l2()), GRADIENTS, kernelConstant(d), SCALE);
      }
      m.endControlFlow();
    }
    m.addStatement("return $N", LOSS);
    return m.build();
  }

  private List<DensePlan> regularized() {
    return plan.denseLayers().stream().filter(d -> d.node().regularized()).toList();
  }

  private LossKind lossKind() {
    return plan.network().loss();
  }

  // ---- names for the emitters ----------------------------------------------------------

  String bufferName(LayerPlan layer) {
    return name(buffer(layer));
  }

  String gradName(LayerPlan layer) {
    return name(grad(layer));
  }

  String maskName(LayerPlan layer) {
    return name(mask(layer));
  }

  String forwardName(LayerPlan layer) {
    return name(forward(layer));
  }

  String backwardName(LayerPlan layer) {
    return name(backward(layer));
  }

  String fromProductsName(LayerPlan layer) {
    return name(fromProducts(layer));
  }

  String parameters() {
    return parameters;
  }

  static String deferred() {
    return DEFERRED;
  }

  static String deferredOffset() {
    return DEFERRED_OFFSET;
  }

  String forwardTrainingName(LayerPlan layer) {
    return name("ForwardTraining:" + layer.index());
  }

  String normalizedName(LayerPlan layer) {
    return name("Normalized:" + layer.index());
  }

  String meanName(LayerPlan layer) {
    return name("Mean:" + layer.index());
  }

  String invStdName(LayerPlan layer) {
    return name("InvStd:" + layer.index());
  }

  String sumsName(LayerPlan layer) {
    return name("Sums:" + layer.index());
  }

  String seed() {
    return seed;
  }

  String transposed() {
    return transposed;
  }

  static String kernelConstant(LayerPlan layer) {
    return Names.weightConstant(layer.name(), "kernel");
  }

  static String biasConstant(LayerPlan layer) {
    return Names.weightConstant(layer.name(), "bias");
  }

  static TypeName floats() {
    return FLOATS;
  }

  static String in() {
    return IN;
  }

  static String inOffset() {
    return IN_OFFSET;
  }

  static String n() {
    return N;
  }

  static String gradients() {
    return GRADIENTS;
  }

  static String step() {
    return STEP;
  }

  static String firstSample() {
    return FIRST_SAMPLE;
  }
}
