package org.dendrite.compiler.codegen;

import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.PUBLIC;

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
import org.dendrite.compiler.emit.Activations;
import org.dendrite.compiler.emit.Literals;
import org.dendrite.compiler.emit.RuntimeNames;
import org.dendrite.compiler.layers.Flow;
import org.dendrite.compiler.layers.LayerUnit;
import org.dendrite.compiler.layers.Mode;
import org.dendrite.compiler.layers.OutputRole;
import org.dendrite.compiler.layers.PassScope;
import org.dendrite.compiler.layers.Tensor;
import org.dendrite.compiler.plan.Plan;

/**
 * Writes the generated model's inner class {@code Pass}: the activation and gradient buffers of
 * one thread, the {@code BatchPass} methods, and each layer's private forward and backward
 * methods, which its unit writes. The {@code BatchPass} methods run the layers in order, the loss,
 * and the layers' backward passes in reverse order.
 */
final class PassWriter implements PassScope {
  // The BatchPass methods' parameters, reserved before any layer-derived name.
  private static final String INPUTS = "inputs";
  private static final String INPUT_OFFSET = "inputOffset";
  private static final String OUTPUTS = "outputs";
  private static final String OUTPUT_OFFSET = "outputOffset";
  private static final String TARGETS = "targets";
  private static final String TARGET_OFFSET = "targetOffset";
  private static final String WEIGHTS = "weights";
  private static final String WEIGHT_OFFSET = "weightOffset";
  private static final String SCALE = "scale";
  private static final String LOSS = "loss";
  /** The parameter of {@code train}. */
  private static final String SHARE = "share";

  private final Plan plan;
  private final NetworkWriter model;
  private final String className;
  private final NameAllocator names = new NameAllocator();
  private final String capacity;
  private final String transposed;
  /** The first layer with parameters, if it can leave its products to the caller; else null. */
  private final LayerUnit<?> deferrable;
  private final String deferredKernel;
  private final List<FieldSpec> fields = new ArrayList<>();
  private final CodeBlock.Builder allocations = CodeBlock.builder();
  /** The flow each layer reads in {@code train}, for its backward pass. */
  private final Map<LayerUnit<?>, Flow> trainingInputs = new HashMap<>();

  PassWriter(Plan plan, NetworkWriter model, String className, List<String> publicConstants,
      List<String> sizeConstants) {
    this.plan = plan;
    this.model = model;
    this.className = className;
    List<String> reserved = new ArrayList<>(List.of(INPUTS, INPUT_OFFSET, OUTPUTS, OUTPUT_OFFSET,
        TARGETS, TARGET_OFFSET, WEIGHTS, WEIGHT_OFFSET, SCALE, LOSS, SHARE, model.kernels(),
        model.parameters(), model.seed(), className));
    reserved.addAll(PARAMETER_NAMES);
    if (model.state() != null) {
      reserved.add(model.state());
    }
    reserved.addAll(publicConstants);
    reserved.addAll(sizeConstants);
    for (String name : reserved) {
      names.newName(name, "reserved:" + name);
    }
    capacity = names.newName("capacity", "capacity");
    deferrable = deferrable(plan);
    deferredKernel = deferrable != null ? names.newName("deferredKernel", "deferredKernel") : null;
    LayerUnit<?> largest = null;
    for (LayerUnit<?> layer : plan.layers()) {
      if (layer.transposeScratchSize() > 0 && (largest == null
          || layer.transposeScratchSize() > largest.transposeScratchSize())) {
        largest = layer;
      }
    }
    transposed = largest != null ? names.newName("transposed", "transposed") : null;
    for (LayerUnit<?> layer : plan.layers()) {
      layer.declare(this);
    }
    if (deferrable != null) {
      Tensor kernel = deferrable.deferrableKernel();
      fields.add(FieldSpec.builder(RuntimeNames.DEFERRED_KERNEL, deferredKernel, PRIVATE, FINAL)
          .addJavadoc("$L's kernel, whose products and gradient {@code train} may leave to the"
              + " caller.\n",
              deferrable.name())
          .build());
      allocations.addStatement("this.$N = new $T($L,$W$L,$W$L)", deferredKernel,
          RuntimeNames.DEFERRED_KERNEL, kernel.constant(), size(deferrable.input()),
          size(deferrable));
    }
    if (largest != null) {
      fields.add(FieldSpec.builder(FLOATS, transposed, PRIVATE, FINAL)
          .addJavadoc("Scratch for a kernel transposed to compute an input gradient: the largest,"
              + " $L's.\n", largest.name())
          .build());
      allocations.addStatement("this.$N = new float[$L]", transposed,
          largest.transposeScratch(this));
    }
  }

  /**
   * The first layer that writes code, if it can leave its products to the caller (a dense layer
   * on the batch's inputs without an L1/L2 penalty), else null.
   */
  private static LayerUnit<?> deferrable(Plan plan) {
    for (LayerUnit<?> layer : plan.layers()) {
      if (!layer.passThrough()) {
        return layer.deferrableKernel() != null ? layer : null;
      }
    }
    return null;
  }

  // ---- PassScope --------------------------------------------------------------------------

  @Override
  public String kernels() {
    return model.kernels();
  }

  @Override
  public String parameters() {
    return model.parameters();
  }

  @Override
  public String state() {
    return model.state();
  }

  @Override
  public String seed() {
    return model.seed();
  }

  @Override
  public String size(LayerUnit<?> unit) {
    return model.size(unit);
  }

  @Override
  public String capacity() {
    return capacity;
  }

  @Override
  public String transposed() {
    return transposed;
  }

  @Override
  public boolean deferred(LayerUnit<?> unit) {
    return unit == deferrable;
  }

  @Override
  public String name(LayerUnit<?> unit, String suffix) {
    String tag = suffix + ":" + unit.index();
    try {
      return names.get(tag);
    } catch (IllegalArgumentException notYet) {
      return names.newName(unit.name() + suffix, tag);
    }
  }

  @Override
  public void buffer(String field, Object width, String doc, Object... args) {
    fields.add(FieldSpec.builder(FLOATS, field, PRIVATE, FINAL)
        .addJavadoc(doc + "\n", args).build());
    allocations.addStatement("this.$N = new float[$T.bufferSize($N, $L)]", field,
        RuntimeNames.CHECKS, capacity, width);
  }

  @Override
  public void array(String field, Object length, String doc, Object... args) {
    fields.add(FieldSpec.builder(FLOATS, field, PRIVATE, FINAL)
        .addJavadoc(doc + "\n", args).build());
    allocations.addStatement("this.$N = new float[$L]", field, length);
  }

  // ---- the class --------------------------------------------------------------------------

  TypeSpec write() {
    TypeSpec.Builder type = TypeSpec.classBuilder(className)
        .addModifiers(PRIVATE, FINAL)
        .addSuperinterface(RuntimeNames.BATCH_PASS)
        .addJavadoc("Activation and gradient buffers for passes over up to {@code $L} samples;"
            + " one per thread.\nReads the model's live parameters; allocates nothing after"
            + " construction.\n", capacity);
    type.addField(int.class, capacity, PRIVATE, FINAL);
    type.addFields(fields);
    type.addMethod(MethodSpec.constructorBuilder()
        .addParameter(int.class, capacity)
        .addStatement("this.$N = $N", capacity, capacity)
        .addCode(allocations.build())
        .build());
    Flow output = trainingFlows();
    type.addMethod(override("capacity", TypeName.INT)
        .addStatement("return $N", capacity).build());
    type.addMethod(override("outputs", FLOATS).addStatement("return $N", output.array()).build());
    type.addMethod(predict(false));
    if (deferrable != null) {
      type.addMethod(predict(true));
    }
    type.addMethod(evaluate());
    type.addMethod(train());
    if (deferrable != null) {
      type.addMethod(override("deferredKernel", RuntimeNames.DEFERRED_KERNEL)
          .addStatement("return $N", deferredKernel).build());
    }
    for (LayerUnit<?> layer : plan.layers()) {
      type.addMethods(layer.methods(this, trainingInputs.get(layer)));
    }
    return type.build();
  }

  /**
   * Runs the training forward once to learn which flow each layer reads; returns the output's.
   */
  private Flow trainingFlows() {
    Flow flow = new Flow(INPUTS, INPUT_OFFSET, null);
    CodeBlock.Builder unused = CodeBlock.builder();
    for (LayerUnit<?> layer : plan.layers()) {
      trainingInputs.put(layer, flow);
      flow = layer.forward(this, Mode.TRAIN, flow, unused);
    }
    return flow;
  }

  private MethodSpec.Builder override(String method, TypeName returns) {
    return MethodSpec.methodBuilder(method).addAnnotation(Override.class).addModifiers(PUBLIC)
        .returns(returns);
  }

  /** Checks {@code count} against the capacity, then that each array holds its samples. */
  // Example:
  // Checks.batch(count, capacity);
  // Checks.samples("inputs", inputs, inputOffset, count, INPUT_SIZE);
  // Checks.samples("outputs", outputs, outputOffset, count, OUTPUT_SIZE);
  private void checks(MethodSpec.Builder m, String first, String firstOffset, Object firstSize,
      String second, String secondOffset, Object secondSize) {
    m.addStatement("$T.batch($N, $N)", RuntimeNames.CHECKS, COUNT, capacity);
    m.addStatement("$T.samples($S, $N, $N, $N, $L)", RuntimeNames.CHECKS, first, first,
        firstOffset, COUNT, firstSize);
    m.addStatement("$T.samples($S, $N, $N, $N, $L)", RuntimeNames.CHECKS, second, second,
        secondOffset, COUNT, secondSize);
  }

  /** The forward calls of every layer in {@code mode}; returns where the output lies. */
  private Flow forward(Mode mode, CodeBlock.Builder code) {
    Flow flow = new Flow(INPUTS, INPUT_OFFSET, null);
    for (LayerUnit<?> layer : plan.layers()) {
      flow = layer.forward(this, mode, flow, code);
    }
    return flow;
  }

  /** {@code predict}, or with {@code deferred} {@code predictDeferred}. */
  // Example:
  // public void predict(float[] inputs, int inputOffset, float[] outputs, int outputOffset,
  //     int count) {
  //   Checks…
  //   hidden1Forward(inputs, inputOffset, count);
  //   hidden2Forward(hidden1, 0, count);
  //   outputForward(hidden2, 0, count);
  //   K.softmax(output, 0, count, OUTPUT_SIZE);
  //   System.arraycopy(output, 0, outputs, outputOffset, count * OUTPUT_SIZE);
  // }
  private MethodSpec predict(boolean deferred) {
    String in = deferred ? PRODUCTS : INPUTS;
    String inOffset = deferred ? PRODUCTS_OFFSET : INPUT_OFFSET;
    MethodSpec.Builder m = override(deferred ? "predictDeferred" : "predict", TypeName.VOID)
        .addParameter(FLOATS, in).addParameter(int.class, inOffset)
        .addParameter(FLOATS, OUTPUTS).addParameter(int.class, OUTPUT_OFFSET)
        .addParameter(int.class, COUNT);
    checks(m, in, inOffset, deferred ? size(deferrable) : "INPUT_SIZE", OUTPUTS, OUTPUT_OFFSET,
        "OUTPUT_SIZE");
    CodeBlock.Builder code = CodeBlock.builder();
    Flow out = forward(deferred ? Mode.PREDICT_DEFERRED : Mode.PREDICT, code);
    m.addCode(code.build());
    OutputRole role = plan.outputRole();
    if (role.lossFused()) {
      m.addCode(Activations.forward(kernels(), role.activation(), role.alpha(), "OUTPUT_SIZE",
          out.array(), COUNT));
    }
    m.addStatement("$T.arraycopy($N, 0, $N, $N, $N * OUTPUT_SIZE)", System.class, out.array(),
        OUTPUTS, OUTPUT_OFFSET, COUNT);
    return m.build();
  }

  /** The inference forward and the loss, with the penalties per sample as Keras reports them. */
  private MethodSpec evaluate() {
    MethodSpec.Builder m = override("evaluate", TypeName.DOUBLE)
        .addParameter(FLOATS, INPUTS).addParameter(int.class, INPUT_OFFSET)
        .addParameter(FLOATS, TARGETS).addParameter(int.class, TARGET_OFFSET)
        .addParameter(int.class, COUNT);
    checks(m, INPUTS, INPUT_OFFSET, "INPUT_SIZE", TARGETS, TARGET_OFFSET, "TARGET_SIZE");
    CodeBlock.Builder code = CodeBlock.builder();
    Flow out = forward(Mode.PREDICT, code);
    m.addCode(code.build());
    OutputRole role = plan.outputRole();
    CodeBlock dataLoss = Activations.loss(plan.network().loss(), role.activation(),
        "OUTPUT_SIZE", out.array(), COUNT, TARGETS, TARGET_OFFSET, null, null, null, SCALE);
    List<Tensor> penalized = penalized();
    if (penalized.isEmpty()) {
      m.addStatement("return $L", dataLoss);
    } else {
      m.addStatement("double $N = $L", LOSS, dataLoss);
      m.addComment("The kernels' penalties, per sample, as Keras' evaluate reports them.");
      for (Tensor t : penalized) {
        m.addStatement("$N += $N * $N.l1l2($N, $L, $L, $L, $L, null, 0)", LOSS, COUNT, kernels(),
            parameters(), t.constant(), Literals.of(t.size()), Literals.of(t.l1()),
            Literals.of(t.l2()));
      }
      m.addStatement("return $N", LOSS);
    }
    return m.build();
  }

  /**
   * {@code train}: its step's arguments as locals, their checks, the forward pass, the loss and
   * the backward pass.
   */
  // Example:
  // public double train(BatchPass.Step share) {
  //   float[] inputs = share.inputs();
  //   …
  //   Checks… (and the gradients', weights' and deferred products' sizes)
  //   if (products == null) {
  //     hidden1Forward(inputs, inputOffset, count);
  //   } else {
  //     hidden1FromProducts(products, productsOffset, count);
  //   }
  //   …
  //   double loss = Losses.sparseSoftmaxCrossEntropy(output, count, OUTPUT_SIZE, targets,
  //       targetOffset, weights, weightOffset, outputGrad, scale);
  //   outputBackward(hidden2, 0, count, gradients);
  //   …
  //   return loss;
  // }
  private MethodSpec train() {
    MethodSpec.Builder m = override("train", TypeName.DOUBLE)
        .addParameter(RuntimeNames.STEP, SHARE);
    local(m, FLOATS, INPUTS, "inputs");
    local(m, TypeName.INT, INPUT_OFFSET, "inputOffset");
    local(m, FLOATS, TARGETS, "targets");
    local(m, TypeName.INT, TARGET_OFFSET, "targetOffset");
    local(m, FLOATS, WEIGHTS, "weights");
    local(m, TypeName.INT, WEIGHT_OFFSET, "weightOffset");
    local(m, TypeName.INT, COUNT, "count");
    local(m, TypeName.FLOAT, SCALE, "scale");
    local(m, FLOATS, GRADIENTS, "gradients");
    local(m, TypeName.LONG, STEP, "step");
    local(m, TypeName.INT, FIRST_SAMPLE, "firstSample");
    if (deferrable != null) {
      local(m, FLOATS, PRODUCTS, "products");
      local(m, TypeName.INT, PRODUCTS_OFFSET, "productsOffset");
      local(m, FLOATS, DEFERRED, "deferred");
      local(m, TypeName.INT, DEFERRED_OFFSET, "deferredOffset");
    } else {
      m.beginControlFlow("if ($N.products() != null)", SHARE)
          .addStatement("throw new $T($S)", UnsupportedOperationException.class,
              "this model's first layer cannot leave its products to the caller")
          .endControlFlow();
    }
    checks(m, INPUTS, INPUT_OFFSET, "INPUT_SIZE", TARGETS, TARGET_OFFSET, "TARGET_SIZE");
    m.addStatement("$T.gradients($N, PARAMETER_COUNT)", RuntimeNames.CHECKS, GRADIENTS);
    m.beginControlFlow("if ($N != null)", WEIGHTS);
    m.addStatement("$T.samples($S, $N, $N, $N, 1)", RuntimeNames.CHECKS, WEIGHTS, WEIGHTS,
        WEIGHT_OFFSET, COUNT);
    m.endControlFlow();
    if (deferrable != null) {
      m.beginControlFlow("if ($N != null)", PRODUCTS);
      m.addStatement("$T.samples($S, $N, $N, $N, $L)", RuntimeNames.CHECKS, PRODUCTS, PRODUCTS,
          PRODUCTS_OFFSET, COUNT, size(deferrable));
      m.addStatement("$T.samples($S, $N, $N, $N, $L)", RuntimeNames.CHECKS, DEFERRED, DEFERRED,
          DEFERRED_OFFSET, COUNT, size(deferrable));
      m.endControlFlow();
    }
    CodeBlock.Builder code = CodeBlock.builder();
    Flow out = forward(Mode.TRAIN, code);
    m.addCode(code.build());
    OutputRole role = plan.outputRole();
    m.addStatement("double $N = $L", LOSS, Activations.loss(plan.network().loss(),
        role.activation(), "OUTPUT_SIZE", out.array(), COUNT, TARGETS, TARGET_OFFSET, WEIGHTS,
        WEIGHT_OFFSET, out.grad(), SCALE));
    CodeBlock.Builder backward = CodeBlock.builder();
    for (int i = plan.layers().size() - 1; i >= 0; i--) {
      LayerUnit<?> layer = plan.layers().get(i);
      layer.backward(this, trainingInputs.get(layer), backward);
    }
    m.addCode(backward.build());
    List<Tensor> penalized = penalized();
    if (!penalized.isEmpty()) {
      m.beginControlFlow("if ($N == 0)", FIRST_SAMPLE);
      m.addComment("The kernels' L1/L2 penalties count once per step: the pass holding the step's");
      m.addComment("sample 0 adds their gradient, and their value divided by the gradient scale.");
      for (Tensor t : penalized) {
        m.addStatement("$N += $N.l1l2($N, $L, $L, $L, $L, $N, $L) / $N", LOSS, kernels(),
            parameters(), t.constant(), Literals.of(t.size()), Literals.of(t.l1()),
            Literals.of(t.l2()), GRADIENTS, t.constant(), SCALE);
      }
      m.endControlFlow();
    }
    m.addStatement("return $N", LOSS);
    return m.build();
  }

  /** {@code type name = share.getter();} */
  private static void local(MethodSpec.Builder m, TypeName type, String name, String getter) {
    m.addStatement("$T $N = $N.$N()", type, name, SHARE, getter);
  }

  private List<Tensor> penalized() {
    return plan.parameters().stream().filter(Tensor::penalized).toList();
  }
}
