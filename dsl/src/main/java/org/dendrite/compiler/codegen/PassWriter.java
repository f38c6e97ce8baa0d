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
import org.dendrite.compiler.emit.RuntimeNames;
import org.dendrite.compiler.layers.Flow;
import org.dendrite.compiler.layers.LayerUnit;
import org.dendrite.compiler.layers.Mode;
import org.dendrite.compiler.layers.PassScope;
import org.dendrite.compiler.layers.Tensor;
import org.dendrite.compiler.plan.Plan;

/**
 * Writes the generated model's inner class {@code Pass}: the activation and gradient buffers of
 * one thread, the {@code BatchPass} methods ({@link PassMethods}), and each layer's private
 * forward and backward methods, which its unit writes. It is the units' {@link PassScope}: it
 * allocates every name they ask for.
 */
final class PassWriter implements PassScope {
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
    List<String> reserved = new ArrayList<>(List.of(model.kernels(), model.parameters(),
        model.seed(), className));
    reserved.addAll(PARAMETER_NAMES);
    reserved.addAll(PassMethods.PARAMETER_NAMES);
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
  public void intBuffer(String field, Object width, String doc, Object... args) {
    fields.add(FieldSpec.builder(int[].class, field, PRIVATE, FINAL)
        .addJavadoc(doc + "\n", args).build());
    allocations.addStatement("this.$N = new int[$T.bufferSize($N, $L)]", field,
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
    PassMethods methods = new PassMethods(plan, this, deferrable, trainingInputs);
    type.addMethod(methods.predict(false));
    if (deferrable != null) {
      type.addMethod(methods.predict(true));
    }
    type.addMethod(methods.evaluate());
    type.addMethod(methods.train());
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
    Flow flow = PassMethods.INPUT;
    CodeBlock.Builder unused = CodeBlock.builder();
    for (LayerUnit<?> layer : plan.layers()) {
      trainingInputs.put(layer, flow);
      flow = layer.forward(this, Mode.TRAIN, flow, unused);
    }
    return flow;
  }

  static MethodSpec.Builder override(String method, TypeName returns) {
    return MethodSpec.methodBuilder(method).addAnnotation(Override.class).addModifiers(PUBLIC)
        .returns(returns);
  }
}
