package org.dendrite.compiler.frozen;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.lang.model.element.Modifier;
import org.dendrite.compiler.emit.Literals;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.BatchNormNode;
import org.dendrite.compiler.ir.DenseNode;
import org.dendrite.compiler.ir.LayerNode;
import org.dendrite.compiler.ir.Network;

/**
 * Writes a frozen inference class, {@code Frozen<Name>}: inference only, for a network and its
 * trained weights. Dropout and Flatten vanish, each BatchNorm is folded into the Dense layer before
 * it (or kept as a per-feature scale and shift where there is none), and there are no gradient
 * buffers: {@code predict} is a static method that allocates nothing after a thread's first call
 * and is safe from any number of threads (each has its own two scratch rows).
 *
 * <p>{@code predictBatch} runs the samples through the same forward pass in chunks of {@code
 * CHUNK} samples ({@link #chunk()}), each layer one matrix product of a chunk's rows, with
 * scratch of its own per thread that stays near {@link #CHUNK_SCRATCH_BYTES}. Its outputs are bit
 * for bit those of {@code predict} on each sample alone: the kernels compute each row of a
 * product the same way whatever the number of rows.
 *
 * <p>The weights live in a binary resource beside the class, {@code Frozen<Name>.bin}, loaded once
 * when the class is initialised ({@link #weights()} gives its bytes). A network whose weights are
 * at most {@link #UNROLL_LIMIT} values is instead unrolled into straight-line code with every
 * weight a constant and every activation a local variable: no loop, no array but the input and the
 * output, no resource. The limit keeps the method far below the 8,000 bytecode bytes above which
 * HotSpot does not compile it (about 7 bytes per multiply-add).
 *
 * <p>A network with convolutions, pooling, BatchNorm of images or branches takes the path of
 * {@link FrozenGraph} instead (the same resource, a scratch buffer per layer and thread, BatchNorm
 * folded into the convolution before it); chains of dense layers generate what they did before.
 */
public final class FrozenWriter {
  /** Most weights of a network that is unrolled into constants. */
  public static final int UNROLL_LIMIT = 512;

  /**
   * The scratch a thread's chunk of {@code predictBatch} aims at: 2 MiB, small enough that a
   * layer's outputs for the chunk are still in the caches when the next layer reads them.
   */
  public static final int CHUNK_SCRATCH_BYTES = 2 << 20;

  /**
   * Most samples in a chunk: a dense network's batch of up to 256 is one product per layer, as in
   * its trainable class. From 64 rows the AVX-512 kernels copy the weights into packed strips once
   * per product, which 64 rows barely repay (784-300-100-10 took 4.9-5.7 µs per sample at batch
   * 256 in chunks of 64 against 4.3-4.8 in chunks of 32, 2026-12-03) but 256 do: 3.0 µs against
   * 3.2-3.5 in chunks of 32 (the {@code onnx} sample, two alternating runs each, 2026-12-05; the
   * trainable class 2.8-3.0). Zen 5, one thread.
   */
  public static final int MAX_CHUNK = 256;

  static final String MAGIC = "DNDFRZ01";
  private static final ClassName KERNELS = ClassName.get("org.dendrite.runtime.kernel", "Kernels");
  private static final ClassName FROZEN_WEIGHTS =
      ClassName.get("org.dendrite.runtime.frozen", "FrozenWeights");
  private static final ClassName CHECKS = ClassName.get("org.dendrite.runtime.support", "Checks");
  private static final ClassName GENERATED =
      ClassName.get("javax.annotation.processing", "Generated");

  /** One step of inference: {@code y = activation(x · kernel + bias)} or a per-feature affine. */
  private record Stage(String name, int inputs, int units, float[] kernel, float[] bias,
      Activation activation, float alpha) {
    /** A scale-and-shift stage has no kernel: {@code y[j] = x[j] · scale[j] + shift[j]}. */
    boolean diagonal() {
      return kernel.length == units && inputs == units && name.startsWith("scale ");
    }
  }

  private final Network network;
  private final String generator;
  private final int unrollLimit;
  private final List<Stage> stages = new ArrayList<>();
  private final int inputSize;
  /** The forward pass of a network with images or branches; null for a chain of dense layers. */
  private final FrozenGraph graph;

  /**
   * A writer of {@code network} with {@code weights} by weight-file name ({@code dense1.kernel},
   * {@code [inputs, units]}, …); networks of at most {@code unrollLimit} weights are unrolled.
   *
   * @throws IllegalArgumentException if a weight is missing or a layer kind has no frozen form
   */
  public FrozenWriter(Network network, Map<String, float[]> weights, String generator,
      int unrollLimit) {
    this.network = network;
    this.generator = generator;
    this.unrollLimit = unrollLimit;
    int width = 1;
    for (int d : network.outputShape(0).dims()) {
      width *= d;
    }
    this.inputSize = width;
    this.graph = dense(network) ? null : new FrozenGraph(network, weights);
    if (graph != null) {
      return;
    }
    for (LayerNode layer : network.layers()) {
      if (layer instanceof DenseNode d) {
        float[] kernel = weight(weights, d.name() + ".kernel").clone();
        float[] bias = d.useBias() ? weight(weights, d.name() + ".bias").clone()
            : new float[d.units()];
        stages.add(new Stage(d.name(), width, d.units(), kernel, bias, d.activation(),
            d.alpha()));
        width = d.units();
      } else if (layer instanceof BatchNormNode b) {
        batchNorm(b, weights, width);
      } else if (!List.of("input", "flatten", "dropout").contains(layer.kind().keyword())) {
        throw new IllegalArgumentException("layer '" + layer.name() + "' is a "
            + layer.kind().keyword() + " layer, which frozen classes do not support yet");
      }
    }
  }

  /**
   * Folds {@code y = γ (x - μ) / √(σ² + ε) + β} into the Dense layer before it when that layer
   * is linear: its column {@code j} times {@code s = γ / √(σ² + ε)}, its bias
   * {@code (b - μ) s + β}. Otherwise a scale-and-shift stage.
   */
  private void batchNorm(BatchNormNode b, Map<String, float[]> weights, int width) {
    float[] gamma = weight(weights, b.name() + ".gamma");
    float[] beta = weight(weights, b.name() + ".beta");
    float[] mean = weight(weights, b.name() + ".moving_mean");
    float[] variance = weight(weights, b.name() + ".moving_variance");
    float[] scale = new float[width];
    for (int j = 0; j < width; j++) {
      scale[j] = (float) (gamma[j] / Math.sqrt((double) variance[j] + b.epsilon()));
    }
    Stage last = stages.isEmpty() ? null : stages.get(stages.size() - 1);
    if (last != null && !last.diagonal() && last.activation() == Activation.LINEAR
        && last.units() == width) {
      float[] kernel = last.kernel();
      float[] bias = last.bias();
      for (int i = 0; i < last.inputs(); i++) {
        for (int j = 0; j < width; j++) {
          kernel[i * width + j] *= scale[j];
        }
      }
      for (int j = 0; j < width; j++) {
        bias[j] = (bias[j] - mean[j]) * scale[j] + beta[j];
      }
      stages.set(stages.size() - 1, new Stage(last.name() + "+" + b.name(), last.inputs(),
          width, kernel, bias, b.activation(), b.alpha()));
    } else {
      float[] shift = new float[width];
      for (int j = 0; j < width; j++) {
        shift[j] = beta[j] - mean[j] * scale[j];
      }
      stages.add(new Stage("scale " + b.name(), width, width, scale, shift, b.activation(),
          b.alpha()));
    }
  }

  /**
   * Whether {@code network} is a chain of dense layers (with flattens, dropouts and BatchNorms of
   * flat values), which the stage path compiles and small ones unroll.
   */
  private static boolean dense(Network network) {
    for (int i = 0; i < network.layers().size(); i++) {
      LayerNode l = network.layers().get(i);
      boolean flat = i == 0 || network.inputShape(i) != null && network.inputShape(i).rank() == 1;
      if (!l.inputs().isEmpty() || !List.of("input", "flatten", "dropout", "dense", "batchnorm")
          .contains(l.kind().keyword()) || l instanceof BatchNormNode && !flat) {
        return false;
      }
    }
    return true;
  }

  /** The weight {@code name}; an error naming it if it is missing. */
  static float[] weight(Map<String, float[]> weights, String name) {
    float[] w = weights.get(name);
    if (w == null) {
      throw new IllegalArgumentException("no weight '" + name + "'");
    }
    return w;
  }

  /**
   * Samples per chunk of {@code predictBatch} for {@code floatsPerSample} floats of scratch per
   * sample: as many as {@link #CHUNK_SCRATCH_BYTES} holds, at least 1 and at most {@link
   * #MAX_CHUNK}.
   */
  static int chunk(long floatsPerSample) {
    long fit = CHUNK_SCRATCH_BYTES / (Float.BYTES * Math.max(1, floatsPerSample));
    return (int) Math.max(1, Math.min(MAX_CHUNK, fit));
  }

  /** Samples per chunk of the generated {@code predictBatch}; 1 for unrolled classes. */
  public int chunk() {
    if (graph != null) {
      return chunk(graph.floatsPerSample());
    }
    return unrolled() ? 1 : chunk(2L * widest());
  }

  /**
   * The widest output of the stage path's scratch rows: every stage's but the last, which writes
   * to the output (the input is read where it is).
   */
  private int widest() {
    int widest = 1;
    for (Stage s : stages.subList(0, stages.size() - 1)) {
      widest = Math.max(widest, s.units());
    }
    return widest;
  }

  /** The simple name of the class: {@code FrozenMlp}. */
  public String className() {
    return "Frozen" + network.name();
  }

  /** The name of the weights resource beside the class. */
  public String resource() {
    return className() + ".bin";
  }

  /** Whether the class is unrolled into constants (and needs no resource). */
  public boolean unrolled() {
    return graph == null && parameterCount() <= unrollLimit;
  }

  private int parameterCount() {
    if (graph != null) {
      return graph.parameters().length;
    }
    int n = 0;
    for (Stage s : stages) {
      n += s.kernel().length + s.bias().length;
    }
    return n;
  }

  /** The weights resource: magic, count and the values, little-endian; empty when unrolled. */
  public byte[] weights() {
    if (unrolled()) {
      return new byte[0];
    }
    int count = parameterCount();
    ByteBuffer b = ByteBuffer.allocate(MAGIC.length() + 4 + 4 * count)
        .order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC.getBytes(StandardCharsets.US_ASCII)).putInt(count);
    if (graph != null) {
      for (float v : graph.parameters()) {
        b.putFloat(v);
      }
      return b.array();
    }
    for (Stage s : stages) {
      for (float v : s.kernel()) {
        b.putFloat(v);
      }
      for (float v : s.bias()) {
        b.putFloat(v);
      }
    }
    return b.array();
  }

  /** The generated class. */
  public JavaFile write() {
    int outputSize = graph != null ? graph.outputSize() : stages.get(stages.size() - 1).units();
    TypeSpec.Builder type = TypeSpec.classBuilder(className())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addAnnotation(AnnotationSpec.builder(GENERATED).addMember("value", "$S", generator)
            .build())
        .addJavadoc("{@code $L} frozen for inference by Dendrite: $L.\n\n", network.name(),
            chain())
        .addJavadoc("<p>Generated code: do not edit. Inference only, BatchNorm folded, dropout"
            + " gone;\n{@link #predict} and {@link #predictBatch} allocate nothing after a"
            + " thread's first call and\nare thread-safe.\n")
        .addField(constant("INPUT_SIZE", inputSize, "Values per input sample."))
        .addField(constant("OUTPUT_SIZE", outputSize, "Values per output sample."))
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    if (unrolled()) {
      type.addJavadoc("\n<p>Unrolled: every weight is a constant of {@link #predict}.\n");
      type.addMethod(predictHeader().addStatement("forward(input, 0, output, 0)").build());
      type.addMethod(unrolledForward());
      helpers(type);
      type.addMethod(predictBatchOneByOne());
    } else {
      type.addField(constant("CHUNK", chunk(), "Samples {@link #predictBatch} passes through"
          + " the layers at a time: as many as\n" + (CHUNK_SCRATCH_BYTES >> 20)
          + " MiB of scratch holds, at most " + MAX_CHUNK + "."));
      if (graph != null) {
        scratch(type, float[][].class, "buffers(1)", "buffers(CHUNK)");
        graph.addTo(type, className(), resource());
      } else {
        kernelPath(type);
      }
      type.addMethod(predictHeader()
          .addStatement("forward(SCRATCH.get(), input, 0, output, 0, 1)").build());
      type.addMethod(predictBatch(graph != null ? float[][].class : float[].class));
    }
    return JavaFile.builder(network.packageName(), type.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  private String chain() {
    if (graph != null) {
      return network.layers().size() + " layers, " + inputSize + " → "
          + graph.outputSize();
    }
    StringBuilder sb = new StringBuilder().append(inputSize);
    for (Stage s : stages) {
      sb.append(" → ").append(s.units()).append(' ').append(s.activation().spelling());
    }
    return sb.toString();
  }

  private static FieldSpec constant(String name, int value, String doc) {
    return FieldSpec.builder(int.class, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .initializer("$L", Literals.of(value)).addJavadoc(doc + "\n").build();
  }

  private MethodSpec.Builder predictHeader() {
    return MethodSpec.methodBuilder("predict")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc("Predicts one sample: reads {@link #INPUT_SIZE} values of {@code input},"
            + " writes\n{@link #OUTPUT_SIZE} values to {@code output}.\n\n"
            + "@throws IllegalArgumentException if an array is shorter than that\n")
        .addParameter(float[].class, "input")
        .addParameter(float[].class, "output")
        .addStatement("$T.samples($S, input, 0, 1, INPUT_SIZE)", CHECKS, "input")
        .addStatement("$T.samples($S, output, 0, 1, OUTPUT_SIZE)", CHECKS, "output");
  }

  /** {@code predictBatch}'s header: its Javadoc, parameters and checks. */
  private static MethodSpec.Builder predictBatchHeader(String how) {
    return MethodSpec.methodBuilder("predictBatch")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc("Predicts {@code count} samples stored one after the other: reads {@code count"
            + " · INPUT_SIZE}\nvalues of {@code inputs}, writes {@code count · OUTPUT_SIZE} to"
            + " {@code outputs}. $L\n\n"
            + "@throws IllegalArgumentException if {@code count} is negative or an array is too"
            + " short\n", how)
        .addParameter(float[].class, "inputs")
        .addParameter(float[].class, "outputs")
        .addParameter(int.class, "count")
        .beginControlFlow("if (count < 0)")
        .addStatement("throw new $T($S + count)", IllegalArgumentException.class,
            "count is negative: ")
        .endControlFlow()
        .addStatement("$T.samples($S, inputs, 0, count, INPUT_SIZE)", CHECKS, "inputs")
        .addStatement("$T.samples($S, outputs, 0, count, OUTPUT_SIZE)", CHECKS, "outputs");
  }

  /** The unrolled class's: its straight-line code takes one sample at a time. */
  private static MethodSpec predictBatchOneByOne() {
    return predictBatchHeader("Each\nsample's outputs are those of {@link #predict}.")
        .beginControlFlow("for (int i = 0; i < count; i++)")
        .addStatement("forward(inputs, i * INPUT_SIZE, outputs, i * OUTPUT_SIZE)")
        .endControlFlow()
        .build();
  }

  /**
   * The kernel paths': chunks of {@code CHUNK} samples through {@code forward}, each layer one
   * product of a chunk's rows.
   */
  private static MethodSpec predictBatch(Class<?> scratch) {
    return predictBatchHeader("The samples\npass through the layers {@link #CHUNK} at a time;"
            + " each sample's outputs are, bit for bit,\nthose of {@link #predict}. Allocates"
            + " nothing after a thread's first call, and is thread-safe.")
        .beginControlFlow("if (count == 0)")
        .addStatement("return")
        .endControlFlow()
        .addStatement("$T s = CHUNK_SCRATCH.get()", scratch)
        .beginControlFlow("for (int first = 0; first < count; first += CHUNK)")
        .addStatement("int n = Math.min(CHUNK, count - first)")
        .addStatement("forward(s, inputs, first * INPUT_SIZE, outputs, first * OUTPUT_SIZE, n)")
        .endControlFlow()
        .build();
  }

  /**
   * The per-thread scratch of the kernel paths, of type {@code scratch}: {@code SCRATCH} for
   * {@code predict}, made by {@code one}, and {@code CHUNK_SCRATCH} for {@code predictBatch},
   * made by {@code chunk} and warmed up by a pass over a chunk of zeros.
   */
  private void scratch(TypeSpec.Builder type, Class<?> scratch, String one, String chunk) {
    type.addField(FieldSpec.builder(ParameterizedTypeName.get(ThreadLocal.class, scratch),
            "SCRATCH", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("Each thread's scratch for one sample, which {@link #predict} uses.\n")
        .initializer("$T.withInitial(() -> $L)", ThreadLocal.class, one).build());
    type.addField(FieldSpec.builder(ParameterizedTypeName.get(ThreadLocal.class, scratch),
            "CHUNK_SCRATCH", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("Each thread's scratch for {@link #CHUNK} samples, which {@link"
            + " #predictBatch} uses.\n")
        .initializer("$T.withInitial($L::chunkScratch)", ThreadLocal.class, className()).build());
    type.addMethod(MethodSpec.methodBuilder("chunkScratch")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(scratch)
        .addJavadoc("A thread's scratch for a chunk, after one pass over a chunk of zeros: the"
            + " kernels keep\nper-thread buffers for large products, grown to the largest they"
            + " have seen, and that pass\ngrows them to a chunk's, so that no later call of"
            + " {@link #predictBatch}, of any size,\nallocates.\n")
        .addStatement("$T s = $L", scratch, chunk)
        .addStatement("forward(s, new float[CHUNK * INPUT_SIZE], 0, new float[CHUNK *"
            + " OUTPUT_SIZE], 0, CHUNK)")
        .addStatement("return s")
        .build());
  }

  // ---- the kernel path: weights from the resource, the runtime's kernels ----------------------

  private void kernelPath(TypeSpec.Builder type) {
    type.addField(FieldSpec.builder(KERNELS, "K", Modifier.PRIVATE, Modifier.STATIC,
        Modifier.FINAL).initializer("$T.get()", KERNELS).build());
    type.addField(FieldSpec.builder(float[].class, "W", Modifier.PRIVATE, Modifier.STATIC,
            Modifier.FINAL)
        .addJavadoc("Every weight, read once from {@code $L} beside this class.\n", resource())
        .initializer("$T.load($L.class, $S, $L)", FROZEN_WEIGHTS, className(), resource(),
            Literals.of(parameterCount()))
        .build());
    type.addField(FieldSpec.builder(int.class, "WIDTH", Modifier.PRIVATE, Modifier.STATIC,
            Modifier.FINAL)
        .addJavadoc("The widest output a scratch row holds: one layer's values of a sample.\n")
        .initializer("$L", Literals.of(widest())).build());
    // Two halves of n rows each, which the layers write in turn.
    scratch(type, float[].class, "new float[2 * WIDTH]", "new float[2 * CHUNK * WIDTH]");

    MethodSpec.Builder forward = MethodSpec.methodBuilder("forward")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc("Predicts the {@code n} samples at {@code in[inOff]} into {@code out[outOff]}"
            + " with the\nscratch {@code s}, two halves of at least {@code n · WIDTH} values"
            + " that the layers write in\nturn.\n")
        .addParameter(float[].class, "s")
        .addParameter(float[].class, "in").addParameter(int.class, "inOff")
        .addParameter(float[].class, "out").addParameter(int.class, "outOff")
        .addParameter(int.class, "n");
    int offset = 0;
    String from = "in";
    String fromOff = "inOff";
    List<FiniteRange> finiteKernels = new ArrayList<>();
    for (int i = 0; i < stages.size(); i++) {
      Stage st = stages.get(i);
      boolean lastStage = i == stages.size() - 1;
      String to = lastStage ? "out" : "s";
      String toOff = lastStage ? "outOff" : (i % 2 == 0 ? "0" : "n * WIDTH");
      int kernelAt = offset;
      int biasAt = offset + st.kernel().length;
      offset = biasAt + st.bias().length;
      forward.addComment("$L: $L → $L $L", st.name(), st.inputs(), st.units(),
          st.activation().spelling());
      if (st.diagonal()) {
        forward.beginControlFlow("for (int r = 0; r < n * $L; r += $L)", st.units(), st.units())
            .beginControlFlow("for (int j = 0; j < $L; j++)", st.units())
            .addStatement("$L[$L + r + j] = $L[$L + r + j] * W[$L + j] + W[$L + j]", to, toOff,
                from, fromOff, Literals.of(kernelAt), Literals.of(biasAt))
            .endControlFlow()
            .endControlFlow();
      } else if (finite(st.kernel())) { // batch-1 prediction skips the inputs' zeros
        forward.addStatement("K.matmulSkippingZeros($L, $L, W, $L, W, $L, $L, $L, $L, n, $L, $L)",
            from, fromOff, Literals.of(kernelAt), Literals.of(biasAt),
            st.activation() == Activation.RELU, to, toOff, st.inputs(), st.units());
        finiteKernels.add(new FiniteRange(st.name() + ".kernel", kernelAt, st.kernel().length));
      } else {
        boolean relu = st.activation() == Activation.RELU;
        forward.addStatement("K.$L($L, $L, W, $L, W, $L, $L, $L, n, $L, $L)",
            relu ? "matmulRelu" : "matmul", from, fromOff, Literals.of(kernelAt),
            Literals.of(biasAt), to, toOff, st.inputs(), st.units());
      }
      if (st.diagonal() || st.activation() != Activation.RELU) {
        forward.addCode(kernelActivation(st, to, toOff));
      }
      from = to;
      fromOff = toOff;
    }
    type.addMethod(forward.build());
    requireFinite(type, finiteKernels, resource());
  }

  /** Values {@code [from, from + size)} of {@code W}, named {@code what}, that must be finite. */
  record FiniteRange(String what, int from, int size) {}

  /** Whether every value is finite: a product may then skip its inputs' zeros. */
  static boolean finite(float[] values) {
    for (float v : values) {
      if (!Float.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The static block that checks, once {@code W} is loaded, that the kernels whose products skip
   * zeros are still finite (the resource could have changed since the class was generated).
   */
  static void requireFinite(TypeSpec.Builder type, List<FiniteRange> ranges, String resource) {
    if (ranges.isEmpty()) {
      return;
    }
    CodeBlock.Builder block = CodeBlock.builder()
        .add("// The products of these kernels skip the terms of zero inputs, which changes no"
            + " bit only\n// for finite weights (0 · ∞ is NaN): those of the resource when the"
            + " class was generated.\n");
    for (FiniteRange r : ranges) {
      block.addStatement("$T.requireFinite(W, $L, $L, $S,$W$S)", FROZEN_WEIGHTS,
          Literals.of(r.from()), Literals.of(Math.addExact(r.from(), r.size())), r.what(),
          resource);
    }
    type.addStaticBlock(block.build());
  }

  private static CodeBlock kernelActivation(Stage st, String array, String offset) {
    int n = st.units();
    return switch (st.activation()) {
      case LINEAR -> CodeBlock.of("");
      case LEAKY_RELU -> CodeBlock.of("K.leakyRelu($L, $L, n * $L, $L);\n", array, offset, n,
          Literals.of(st.alpha()));
      case SOFTMAX -> CodeBlock.of("K.softmax($L, $L, n, $L);\n", array, offset, n);
      default -> CodeBlock.of("K.$L($L, $L, n * $L);\n",
          st.activation() == Activation.STEP ? "step" : lowerCamel(st.activation()), array,
          offset, n);
    };
  }

  private static String lowerCamel(Activation a) {
    String s = a.spelling();
    return s.toLowerCase(Locale.ROOT);
  }

  // ---- the unrolled path: constants and locals --------------------------------------------

  /** The activations the unrolled code calls, as the runtime's scalar kernels define them. */
  private void helpers(TypeSpec.Builder type) {
    java.util.Set<Activation> used = java.util.EnumSet.noneOf(Activation.class);
    for (Stage st : stages) {
      used.add(st.activation());
    }
    if (used.contains(Activation.LEAKY_RELU)) {
      type.addMethod(MethodSpec.methodBuilder("leaky")
          .addModifiers(Modifier.PRIVATE, Modifier.STATIC).returns(float.class)
          .addParameter(float.class, "x").addParameter(float.class, "alpha")
          .addStatement("return x > 0f ? x : alpha * x").build());
    }
    if (used.contains(Activation.SIGMOID)) {
      type.addMethod(MethodSpec.methodBuilder("sigmoid")
          .addModifiers(Modifier.PRIVATE, Modifier.STATIC).returns(float.class)
          .addParameter(float.class, "x")
          .addStatement("return (float) (1.0 / (1.0 + Math.exp(-x)))").build());
    }
    if (used.contains(Activation.SOFTPLUS)) {
      type.addMethod(MethodSpec.methodBuilder("softplus")
          .addJavadoc("{@code ln(1 + e^x)} without overflow.\n")
          .addModifiers(Modifier.PRIVATE, Modifier.STATIC).returns(float.class)
          .addParameter(float.class, "x")
          .addStatement("return (float) (Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x))))")
          .build());
    }
  }

  /** The straight-line forward pass of unrolled classes. */
  private MethodSpec unrolledForward() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("forward")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(float[].class, "in").addParameter(int.class, "inOff")
        .addParameter(float[].class, "out").addParameter(int.class, "outOff");
    for (int i = 0; i < inputSize; i++) {
      m.addStatement("float x$L = in[inOff + $L]", i, i);
    }
    String prev = "x";
    for (int l = 0; l < stages.size(); l++) {
      Stage st = stages.get(l);
      String cur = "l" + l + "_";
      m.addComment("$L: $L → $L $L", st.name(), st.inputs(), st.units(),
          st.activation().spelling());
      for (int j = 0; j < st.units(); j++) {
        CodeBlock.Builder sum = CodeBlock.builder();
        if (st.diagonal()) {
          sum.add("$L$L * $L", prev, j, literal(st.kernel()[j]));
        } else {
          for (int i = 0; i < st.inputs(); i++) {
            sum.add(i == 0 ? "$L$L * $L" : " + $L$L * $L", prev, i,
                literal(st.kernel()[i * st.units() + j]));
          }
        }
        sum.add(" + $L", literal(st.bias()[j]));
        m.addStatement("float $L$L = $L", cur, j, activate(st, sum.build()));
      }
      if (st.activation() == Activation.SOFTMAX) {
        softmax(m, cur, st.units());
      }
      prev = cur;
    }
    Stage last = stages.get(stages.size() - 1);
    for (int j = 0; j < last.units(); j++) {
      m.addStatement("out[outOff + $L] = $L$L", j, prev, j);
    }
    return m.build();
  }

  private static CodeBlock activate(Stage st, CodeBlock z) {
    return switch (st.activation()) {
      case LINEAR, SOFTMAX -> z;
      case RELU -> CodeBlock.of("Math.max($L, 0f)", z);
      case LEAKY_RELU -> CodeBlock.of("leaky($L, $L)", z, Literals.of(st.alpha()));
      case SIGMOID -> CodeBlock.of("sigmoid($L)", z);
      case TANH -> CodeBlock.of("(float) Math.tanh($L)", z);
      case SOFTPLUS -> CodeBlock.of("softplus($L)", z);
      case STEP -> CodeBlock.of("$L >= 0f ? 1f : 0f", z);
    };
  }

  /** Softmax over the locals {@code prefix0…}, the row maximum subtracted first. */
  private static void softmax(MethodSpec.Builder m, String prefix, int n) {
    CodeBlock.Builder max = CodeBlock.builder().add("$L0", prefix);
    for (int j = 1; j < n; j++) {
      max = CodeBlock.builder().add("Math.max($L, $L$L)", max.build(), prefix, j);
    }
    m.addStatement("float $Lmax = $L", prefix, max.build());
    for (int j = 0; j < n; j++) {
      m.addStatement("$L$L = (float) StrictMath.exp($L$L - $Lmax)", prefix, j, prefix, j,
          prefix);
    }
    CodeBlock.Builder sum = CodeBlock.builder().add("$L0", prefix);
    for (int j = 1; j < n; j++) {
      sum.add(" + $L$L", prefix, j);
    }
    m.addStatement("float $Linv = 1f / ($L)", prefix, sum.build());
    for (int j = 0; j < n; j++) {
      m.addStatement("$L$L *= $Linv", prefix, j, prefix);
    }
  }

  private static String literal(float f) {
    if (Float.isNaN(f)) {
      return "Float.NaN";
    }
    if (Float.isInfinite(f)) {
      return f > 0 ? "Float.POSITIVE_INFINITY" : "Float.NEGATIVE_INFINITY";
    }
    String s = Literals.of(f);
    return f < 0 || (f == 0 && 1 / f < 0) ? "(" + s + ")" : s;
  }
}
