package org.dendrite.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;
import org.dendrite.compiler.emit.Activations;
import org.dendrite.compiler.emit.Literals;
import org.dendrite.compiler.emit.RuntimeNames;
import org.dendrite.compiler.ir.Spatial;
import org.dendrite.compiler.layers.Flow;
import org.dendrite.compiler.layers.LayerUnit;
import org.dendrite.compiler.layers.Mode;
import org.dendrite.compiler.layers.OutputRole;
import org.dendrite.compiler.layers.PassScope;
import org.dendrite.compiler.layers.Tensor;
import org.dendrite.compiler.plan.Plan;

/**
 * The {@code BatchPass} methods of the generated pass: {@code predict} (and {@code
 * predictDeferred}), {@code evaluate} and {@code train}. Each checks its arguments, then runs the
 * layers' forward calls in order; {@code train} then the loss and the layers' backward calls in
 * reverse order.
 */
final class PassMethods {
  // Their parameters and locals, which no member of the pass may take.
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
  private static final String DONE = "done";

  /** Every parameter and local name of these methods. */
  static final List<String> PARAMETER_NAMES = List.of(INPUTS, INPUT_OFFSET, OUTPUTS,
      OUTPUT_OFFSET, TARGETS, TARGET_OFFSET, WEIGHTS, WEIGHT_OFFSET, SCALE, LOSS, SHARE, DONE);

  /**
   * What an image network's prediction chunk may write: its activations and windows then stay
   * in the caches between layers. Measured on keras-convnet (Zen 5, 1 MB L2 per core): chunks
   * of 4 and 16 images predicted 1.6× faster than chunks of 64 (the runtime's), 1 image 1.5×.
   */
  static final long CHUNK_BYTES = 2L << 20;

  /**
   * The runtime's smallest prediction pass ({@code Inference.CHUNK}): a chunk this large or
   * larger needs no cutting, as the runtime's passes grow past this size (up to {@code
   * Inference.MAX_CHUNK}) only where that many samples' activations fit the same 2 MiB.
   */
  private static final int RUNTIME_CHUNK = 64;

  /** Where the first layer reads: the caller's inputs. */
  static final Flow INPUT = new Flow(INPUTS, INPUT_OFFSET, null);

  private static final String COUNT = PassScope.COUNT;
  private static final String GRADIENTS = PassScope.GRADIENTS;
  private static final String STEP = PassScope.STEP;
  private static final String FIRST_SAMPLE = PassScope.FIRST_SAMPLE;
  private static final String PRODUCTS = PassScope.PRODUCTS;
  private static final String PRODUCTS_OFFSET = PassScope.PRODUCTS_OFFSET;
  private static final String DEFERRED = PassScope.DEFERRED;
  private static final String DEFERRED_OFFSET = PassScope.DEFERRED_OFFSET;
  private static final TypeName FLOATS = PassScope.FLOATS;

  /**
   * How {@code train}'s backward pass runs.
   *
   * @param trainingInputs the flows each layer reads in {@code train}, whose {@code grad}s
   *     receive its input gradients
   * @param accumulations what follows each layer's backward call: the scratch gradients it wrote
   *     added to the gradients other readers wrote first
   * @param live the layers the output depends on, which alone run backward
   */
  record Backward(Map<LayerUnit<?>, List<Flow>> trainingInputs,
      Map<LayerUnit<?>, List<CodeBlock>> accumulations, Set<LayerUnit<?>> live) {}

  private final Plan plan;
  private final PassScope pass;
  private final LayerUnit<?> deferrable;
  private final Backward backward;

  /**
   * The methods of {@code plan}'s pass, whose names {@code pass} allocates; {@code deferrable}
   * is the first layer if it can leave its products to the caller (else null).
   */
  PassMethods(Plan plan, PassScope pass, LayerUnit<?> deferrable, Backward backward) {
    this.plan = plan;
    this.pass = pass;
    this.deferrable = deferrable;
    this.backward = backward;
  }

  private static MethodSpec.Builder override(String method, TypeName returns) {
    return PassWriter.override(method, returns);
  }

  /** Checks {@code count} against the capacity, then that each array holds its samples. */
  // Example:
  // Checks.batch(count, capacity);
  // Checks.samples("inputs", inputs, inputOffset, count, INPUT_SIZE);
  // Checks.samples("outputs", outputs, outputOffset, count, OUTPUT_SIZE);
  private void checks(MethodSpec.Builder m, String first, String firstOffset, Object firstSize,
      String second, String secondOffset, Object secondSize) {
    m.addStatement("$T.batch($N, $N)", RuntimeNames.CHECKS, COUNT, pass.capacity());
    m.addStatement("$T.samples($S, $N, $N, $N, $L)", RuntimeNames.CHECKS, first, first,
        firstOffset, COUNT, firstSize);
    m.addStatement("$T.samples($S, $N, $N, $N, $L)", RuntimeNames.CHECKS, second, second,
        secondOffset, COUNT, secondSize);
  }

  /**
   * The forward calls of every layer in {@code mode}, in declaration order; returns where the
   * output lies.
   */
  private Flow forward(Mode mode, CodeBlock.Builder code) {
    Map<LayerUnit<?>, Flow> outputs = new HashMap<>();
    for (LayerUnit<?> layer : plan.layers()) {
      outputs.put(layer, layer.forward(pass, mode, PassWriter.inputsOf(layer, outputs), code));
    }
    return outputs.get(plan.output());
  }

  /**
   * Samples per forward pass of an image network's {@code predict}, from {@link #CHUNK_BYTES};
   * 0 for a network without image layers (its weights, not its activations, are what the caches
   * must hold, so whole calls are best) or one whose chunk would hold all a call's samples.
   */
  static int predictionChunk(Plan plan) {
    boolean spatial = false;
    long floats = 0;
    for (LayerUnit<?> layer : plan.layers()) {
      spatial |= layer.node() instanceof Spatial;
      floats += layer.forwardFloatsPerSample();
    }
    long chunk = Math.max(1, CHUNK_BYTES / (Float.BYTES * Math.max(1, floats)));
    return spatial && chunk < RUNTIME_CHUNK ? (int) chunk : 0;
  }

  /** {@code predict} of an image network: {@code chunk} samples at a time. */
  // Example:
  // public void predict(float[] inputs, int inputOffset, float[] outputs, int outputOffset,
  //     int count) {
  //   Checks…
  //   // 6 samples at a time: ….
  //   for (int done = 0; done < count; done += 6) {
  //     predictChunk(inputs, inputOffset + done * INPUT_SIZE,
  //         outputs, outputOffset + done * OUTPUT_SIZE, count - done < 6 ? count - done : 6);
  //   }
  // }
  MethodSpec chunkedPredict(String chunkMethod, int chunk) {
    MethodSpec.Builder m = override("predict", TypeName.VOID)
        .addParameter(FLOATS, INPUTS).addParameter(int.class, INPUT_OFFSET)
        .addParameter(FLOATS, OUTPUTS).addParameter(int.class, OUTPUT_OFFSET)
        .addParameter(int.class, COUNT);
    checks(m, INPUTS, INPUT_OFFSET, "INPUT_SIZE", OUTPUTS, OUTPUT_OFFSET, "OUTPUT_SIZE");
    m.addComment("$L samples at a time: what their layers write then stays in the caches.", chunk);
    m.beginControlFlow("for (int $N = 0; $N < $N; $N += $L)", DONE, DONE, COUNT, DONE, chunk);
    m.addStatement("$N($N, $N + $N * INPUT_SIZE,\n$N, $N + $N * OUTPUT_SIZE, $N - $N < $L ? $N - $N"
        + " : $L)", chunkMethod, INPUTS, INPUT_OFFSET, DONE, OUTPUTS, OUTPUT_OFFSET, DONE, COUNT,
        DONE, chunk, COUNT, DONE, chunk);
    m.endControlFlow();
    return m.build();
  }

  /** The forward pass of one chunk of {@link #chunkedPredict}: {@code predict}'s body. */
  MethodSpec predictChunk(String chunkMethod) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(chunkMethod)
        .addModifiers(Modifier.PRIVATE)
        .addParameter(FLOATS, INPUTS).addParameter(int.class, INPUT_OFFSET)
        .addParameter(FLOATS, OUTPUTS).addParameter(int.class, OUTPUT_OFFSET)
        .addParameter(int.class, COUNT)
        .addJavadoc("Predicts {@code $N} samples, at most a chunk, checked by {@code predict}.\n",
            COUNT);
    predictBody(m, false);
    return m.build();
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
  MethodSpec predict(boolean deferred) {
    String in = deferred ? PRODUCTS : INPUTS;
    String inOffset = deferred ? PRODUCTS_OFFSET : INPUT_OFFSET;
    MethodSpec.Builder m = override(deferred ? "predictDeferred" : "predict", TypeName.VOID)
        .addParameter(FLOATS, in).addParameter(int.class, inOffset)
        .addParameter(FLOATS, OUTPUTS).addParameter(int.class, OUTPUT_OFFSET)
        .addParameter(int.class, COUNT);
    checks(m, in, inOffset, deferred ? pass.size(deferrable) : "INPUT_SIZE", OUTPUTS, OUTPUT_OFFSET,
        "OUTPUT_SIZE");
    predictBody(m, deferred);
    return m.build();
  }

  /** The forward calls, the output activation and the copy to the caller. */
  private void predictBody(MethodSpec.Builder m, boolean deferred) {
    CodeBlock.Builder code = CodeBlock.builder();
    Flow out = forward(deferred ? Mode.PREDICT_DEFERRED : Mode.PREDICT, code);
    m.addCode(code.build());
    OutputRole role = plan.outputRole();
    if (role.lossFused()) {
      m.addCode(Activations.forward(pass.kernels(), role.activation(), role.alpha(), "OUTPUT_SIZE",
          out.array(), COUNT));
    }
    m.addStatement("$T.arraycopy($N, 0, $N, $N, $N * OUTPUT_SIZE)", System.class, out.array(),
        OUTPUTS, OUTPUT_OFFSET, COUNT);
  }

  /** The inference forward and the loss, with the penalties per sample as Keras reports them. */
  MethodSpec evaluate() {
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
        m.addStatement("$N += $N * $N.l1l2($N, $L, $L, $L, $L, null, 0)", LOSS, COUNT, pass.kernels(),
            pass.parameters(), t.constant(), Literals.of(t.size()), Literals.of(t.l1()),
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
  MethodSpec train() {
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
          PRODUCTS_OFFSET, COUNT, pass.size(deferrable));
      m.addStatement("$T.samples($S, $N, $N, $N, $L)", RuntimeNames.CHECKS, DEFERRED, DEFERRED,
          DEFERRED_OFFSET, COUNT, pass.size(deferrable));
      m.endControlFlow();
    }
    CodeBlock.Builder forward = CodeBlock.builder();
    Flow out = forward(Mode.TRAIN, forward);
    m.addCode(forward.build());
    OutputRole role = plan.outputRole();
    m.addStatement("double $N = $L", LOSS, Activations.loss(plan.network().loss(),
        role.activation(), "OUTPUT_SIZE", out.array(), COUNT, TARGETS, TARGET_OFFSET, WEIGHTS,
        WEIGHT_OFFSET, out.grad(), SCALE));
    CodeBlock.Builder code = CodeBlock.builder();
    for (int i = plan.layers().size() - 1; i >= 0; i--) {
      LayerUnit<?> layer = plan.layers().get(i);
      if (backward.live().contains(layer)) {
        layer.backward(pass, backward.trainingInputs().get(layer), code);
        backward.accumulations().get(layer).forEach(code::add);
      }
    }
    m.addCode(code.build());
    List<Tensor> penalized = penalized();
    if (!penalized.isEmpty()) {
      m.beginControlFlow("if ($N == 0)", FIRST_SAMPLE);
      m.addComment("The kernels' L1/L2 penalties count once per step: the pass holding the step's");
      m.addComment("sample 0 adds their gradient, and their value divided by the gradient scale.");
      for (Tensor t : penalized) {
        m.addStatement("$N += $N.l1l2($N, $L, $L, $L, $L, $N, $L) / $N", LOSS, pass.kernels(),
            pass.parameters(), t.constant(), Literals.of(t.size()), Literals.of(t.l1()),
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
