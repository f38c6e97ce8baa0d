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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dendrite.compiler.emit.RuntimeNames;
import org.dendrite.compiler.ir.BatchNormNode;
import org.dendrite.compiler.ir.Spatial;
import org.dendrite.compiler.layers.Flow;
import org.dendrite.compiler.layers.LayerUnit;
import org.dendrite.compiler.layers.Mode;
import org.dendrite.compiler.layers.PassScope;
import org.dendrite.compiler.layers.Slice;
import org.dendrite.compiler.layers.Slices;
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
  /** The widths of the buffers that hold a value per sample: what a sample costs to train. */
  private final List<CodeBlock> sampleWidths = new ArrayList<>();
  /** The flows each layer reads in {@code train}, for its backward pass. */
  private final Map<LayerUnit<?>, List<Flow>> trainingInputs = new HashMap<>();
  /**
   * What {@code train} adds after a layer's backward call: the gradients it wrote into scratch
   * buffers because another reader of the same input had written that input's gradient first.
   */
  private final Map<LayerUnit<?>, List<CodeBlock>> accumulations = new HashMap<>();
  /** The layers the output depends on: only they run backward. */
  private final Set<LayerUnit<?>> live = new HashSet<>();
  /** The scratch gradient buffers, by slot, and the widest input each receives. */
  private final List<String> partials = new ArrayList<>();
  private final List<LayerUnit<?>> partialWidths = new ArrayList<>();
  /** The layers that write into a concatenation's buffers, and where. */
  private final Map<LayerUnit<?>, Slice> slices;

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
    slices = Slices.plan(plan.layers(), this, layer -> layer == deferrable);
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
   * on the batch's inputs without an L1/L2 penalty, the only layer of a graph that reads them),
   * else null.
   */
  private static LayerUnit<?> deferrable(Plan plan) {
    LayerUnit<?> first = null;
    int readers = 0;
    for (LayerUnit<?> layer : plan.layers()) {
      if (!layer.passThrough()) {
        first = first == null ? layer : first;
        readers += readsBatchInputs(layer) ? 1 : 0;
      }
    }
    return first != null && first.deferrableKernel() != null && readers == 1 ? first : null;
  }

  /** Whether {@code layer} reads the caller's samples, directly or through pass-throughs. */
  private static boolean readsBatchInputs(LayerUnit<?> layer) {
    for (LayerUnit<?> in : layer.inputs()) {
      if (in.inputs().isEmpty() || (in.passThrough() && readsBatchInputs(in))) {
        return true;
      }
    }
    return false;
  }

  /** The flows {@code layer} reads, given the flows of the layers before it. */
  static List<Flow> inputsOf(LayerUnit<?> layer, Map<LayerUnit<?>, Flow> outputs) {
    if (layer.inputs().isEmpty()) {
      return List.of(PassMethods.INPUT);
    }
    return layer.inputs().stream().map(outputs::get).toList();
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
  public Slice slice(LayerUnit<?> unit) {
    return slices.get(unit);
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
    sampleWidths.add(CodeBlock.of("$L", width));
  }

  @Override
  public void intBuffer(String field, Object width, String doc, Object... args) {
    fields.add(FieldSpec.builder(int[].class, field, PRIVATE, FINAL)
        .addJavadoc(doc + "\n", args).build());
    allocations.addStatement("this.$N = new int[$T.bufferSize($N, $L)]", field,
        RuntimeNames.CHECKS, capacity, width);
    sampleWidths.add(CodeBlock.of("$L", width));
  }

  @Override
  public void array(String field, Object length, String doc, Object... args) {
    fields.add(FieldSpec.builder(FLOATS, field, PRIVATE, FINAL)
        .addJavadoc(doc + "\n", args).build());
    allocations.addStatement("this.$N = new float[$L]", field, length);
  }

  @Override
  public void field(TypeName type, String field, CodeBlock value, String doc, Object... args) {
    fields.add(FieldSpec.builder(type, field, PRIVATE, FINAL)
        .addJavadoc(doc + "\n", args).build());
    allocations.addStatement("this.$N = $L", field, value);
  }

  // ---- the class --------------------------------------------------------------------------

  TypeSpec write() {
    Flow output = trainingFlows();
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
    type.addMethod(override("capacity", TypeName.INT)
        .addStatement("return $N", capacity).build());
    type.addMethod(override("outputs", FLOATS).addStatement("return $N", output.array()).build());
    PassMethods methods = new PassMethods(plan, this, deferrable,
        new PassMethods.Backward(trainingInputs, accumulations, live));
    int chunk = PassMethods.predictionChunk(plan);
    if (chunk > 0) {
      String chunkMethod = names.newName("predictChunk", "predictChunk");
      type.addMethod(methods.chunkedPredict(chunkMethod, chunk));
      type.addMethod(methods.predictChunk(chunkMethod));
    } else {
      type.addMethod(methods.predict(false));
    }
    if (deferrable != null) {
      type.addMethod(methods.predict(true));
    }
    type.addMethod(methods.evaluate());
    type.addMethod(methods.train());
    if (deferrable != null) {
      type.addMethod(override("deferredKernel", RuntimeNames.DEFERRED_KERNEL)
          .addStatement("return $N", deferredKernel).build());
    }
    if (trainsInChunks()) {
      type.addMethod(override("trainingChunk", TypeName.INT)
          .addJavadoc("The samples whose buffers fit {@link $T#BYTES}: these values (4 bytes"
              + " each) per sample.\n", RuntimeNames.TRAINING_CHUNKS)
          .addStatement("return $T.forSample(0L$L)", RuntimeNames.TRAINING_CHUNKS,
              sampleWidths.stream().map(w -> CodeBlock.of("$W+ $L", w))
                  .collect(CodeBlock.joining("")))
          .build());
    }
    for (LayerUnit<?> layer : plan.layers()) {
      type.addMethods(layer.methods(this, trainingInputs.get(layer)));
    }
    return type.build();
  }

  /**
   * Whether a trainer should cut large shares of a batch into chunks: for image networks, whose
   * activations per sample are large, unless a batch normalisation's statistics would then be a
   * chunk's rather than the share's.
   */
  private boolean trainsInChunks() {
    boolean spatial = false;
    for (LayerUnit<?> layer : plan.layers()) {
      if (layer.node() instanceof BatchNormNode) {
        return false;
      }
      spatial |= layer.node() instanceof Spatial;
    }
    return spatial;
  }

  /**
   * Runs the training forward once to learn which flows each layer reads, then routes the
   * gradients; returns the output's flow.
   */
  private Flow trainingFlows() {
    Map<LayerUnit<?>, Flow> outputs = new HashMap<>();
    CodeBlock.Builder unused = CodeBlock.builder();
    for (LayerUnit<?> layer : plan.layers()) {
      List<Flow> in = inputsOf(layer, outputs);
      trainingInputs.put(layer, in);
      outputs.put(layer, layer.forward(this, Mode.TRAIN, in, unused));
    }
    live.add(plan.output());
    for (int i = plan.layers().size() - 1; i >= 0; i--) {
      LayerUnit<?> layer = plan.layers().get(i);
      if (live.contains(layer)) {
        live.addAll(layer.inputs());
      }
    }
    routeGradients();
    return outputs.get(plan.output());
  }

  /**
   * Backward runs in reverse declaration order, so every reader of a layer has written its part
   * of that layer's gradient before the layer's own backward reads it. The first reader to run
   * writes the gradient buffer; each later one writes a scratch buffer that {@code train} then
   * adds to it. A layer that shares its input's gradient buffer writes none: it works on it in
   * place, once its own readers, which are the buffer's only writers, are done.
   */
  private void routeGradients() {
    Set<String> written = new HashSet<>();
    for (int i = plan.layers().size() - 1; i >= 0; i--) {
      LayerUnit<?> layer = plan.layers().get(i);
      accumulations.put(layer, new ArrayList<>());
      if (!live.contains(layer) || layer.sharesInputGradient()) {
        continue;
      }
      List<Flow> in = new ArrayList<>(trainingInputs.get(layer));
      int slot = 0;
      for (int j = 0; j < layer.inputs().size(); j++) {
        String grad = in.get(j).grad();
        LayerUnit<?> producer = layer.inputs().get(j);
        if (!layer.needsInputGradient(j) || grad == null || slice(producer) != null
            || written.add(grad)) {
          continue; // (a producer with a slice reads its gradient where the layer's readers wrote it)
        }
        String partial = partial(slot++, producer);
        in.set(j, new Flow(in.get(j).array(), in.get(j).offset(), partial));
        accumulations.get(layer).add(CodeBlock.of("// $L's part of $L's gradient, added to the"
            + " parts of the layers after it\n$N.add($N, $N, 0, $N * $L);\n", layer.name(),
            producer.name(), kernels(), grad, partial, COUNT, size(producer)));
      }
      trainingInputs.put(layer, List.copyOf(in));
    }
    for (int slot = 0; slot < partials.size(); slot++) {
      buffer(partials.get(slot), size(partialWidths.get(slot)),
          "Scratch for a gradient that is added to one already written (a layer read by several"
              + "\nlayers); as wide as $L's output.", partialWidths.get(slot).name());
    }
  }

  /** The scratch buffer of {@code slot}, widened to {@code producer}'s output if need be. */
  private String partial(int slot, LayerUnit<?> producer) {
    if (slot == partials.size()) {
      partials.add(names.newName(slot == 0 ? "partialGrad" : "partialGrad" + slot));
      partialWidths.add(producer);
    } else if (producer.outputSize() > partialWidths.get(slot).outputSize()) {
      partialWidths.set(slot, producer);
    }
    return partials.get(slot);
  }

  static MethodSpec.Builder override(String method, TypeName returns) {
    return MethodSpec.methodBuilder(method).addAnnotation(Override.class).addModifiers(PUBLIC)
        .returns(returns);
  }
}
