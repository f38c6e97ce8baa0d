package org.dendrite.compiler.frozen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;
import org.dendrite.compiler.emit.Literals;
import org.dendrite.compiler.emit.RuntimeNames;
import org.dendrite.compiler.emit.Winograd;
import org.dendrite.compiler.ir.ActivateNode;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.AddNode;
import org.dendrite.compiler.ir.BatchNormNode;
import org.dendrite.compiler.ir.ConcatenateNode;
import org.dendrite.compiler.ir.Conv2DNode;
import org.dendrite.compiler.ir.DenseNode;
import org.dendrite.compiler.ir.LayerNode;
import org.dendrite.compiler.ir.MaxPool2DNode;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.ir.Shape;
import org.dendrite.compiler.ir.Spatial;
import org.dendrite.compiler.ir.Weighted;
import org.dendrite.compiler.ir.Window;

/**
 * The forward pass of a frozen class for networks the dense path does not cover: convolutions,
 * pooling, per-channel BatchNorm, and graphs (a layer that reads an earlier one by name, Add,
 * Concatenate, Activate). {@code n} samples at a time, on the runtime's kernels: a dense layer is
 * one matrix product of {@code n} rows, a convolution one product ({@code [n·OH·OW][FH·FW·C] ×
 * [FH·FW·C][M]}) with its windows read in place, as in the trainable class's prediction
 * ({@code Convolutions.convolve}); {@code predict} runs it with
 * {@code n = 1}, {@code predictBatch} with chunks of up to {@code CHUNK} samples. The kernels
 * compute each row of a product the same way whatever the number of rows, and every other step
 * is per sample or per value, so a sample's outputs do not depend on the chunk it is in. A
 * BatchNorm whose input only it reads, from a linear Conv2D or Dense layer, is folded into that
 * layer's kernel and bias; any other is a per-channel scale and shift. Each
 * layer's output has its own scratch buffer per thread (a flatten, a dropout, or an activation of
 * a value nothing else reads, uses its input's), so a value read by a later branch is still there;
 * each thread has one set of buffers for a sample and one for a chunk.
 */
final class FrozenGraph {
  private static final ClassName KERNELS = ClassName.get("org.dendrite.runtime.kernel", "Kernels");
  /** Names the generated forward method uses for itself. */
  private static final Set<String> RESERVED = Set.of("in", "inOff", "out", "outOff", "s",
      "patches", "K", "W", "p", "c", "n", "SCRATCH", "CHUNK_SCRATCH", "INPUT_SIZE", "OUTPUT_SIZE",
      "CHUNK");

  /** Where a layer's output is: an array expression, the offset of the sample in it, its size. */
  private record Slot(String array, String offset, Shape shape) {}

  private final Network network;
  private final List<float[]> chunks = new ArrayList<>();
  private int parameterCount;
  private final Map<Integer, Slot> slots = new HashMap<>();
  /** BatchNorm layers folded into the layer before them, by index. */
  private final Map<Integer, Integer> foldedInto = new HashMap<>();
  /**
   * By layer: whether a layer before it has parameters. The trainable class predicts a
   * convolution without such a layer with its training method (it needs no input gradient and
   * reads its windows in place), never with Winograd's; the frozen class does as it does, so that
   * the two predict the same bits.
   */
  private final boolean[] afterParameters;
  /**
   * By layer: whether a concatenation alone reads its pixels as its own; the trainable class then
   * writes the layer's outputs into the concatenation's columns with its training method.
   */
  private final boolean[] intoConcatenation;
  /**
   * Convolutions whose max pooling alone reads them, by the pooling's index: emitted as one
   * {@code Convolutions.convolveMaxPool} call when the pooling is reached.
   */
  private final Map<Integer, PooledConv> pooledConvs = new HashMap<>();
  /**
   * Poolings whose outputs their buffer holds as planes, filter by filter: a first layer's, which
   * a convolution alone reads ({@link #readAsPlanes}).
   */
  private final Set<Integer> planes = new HashSet<>();
  private final List<FieldSpec> windows = new ArrayList<>();
  /** The per-thread buffers: their sizes and what they hold. */
  private final List<Integer> buffers = new ArrayList<>();
  private final List<String> bufferNames = new ArrayList<>();
  /** The layer whose output each buffer holds, by the buffer's local name. */
  private final Map<String, Integer> owners = new HashMap<>();
  private final CodeBlock.Builder body = CodeBlock.builder();
  /** The kernels whose products skip zeros, which {@code W}'s loading checks are finite. */
  private final List<FrozenWriter.FiniteRange> finiteKernels = new ArrayList<>();
  private final int outputSize;

  /**
   * Plans the forward pass of {@code network} with {@code weights} by weight-file name.
   *
   * @throws IllegalArgumentException if a weight is missing or a layer has no frozen form here
   */
  FrozenGraph(Network network, Map<String, float[]> weights) {
    this.network = network;
    List<LayerNode> layers = network.layers();
    int last = layers.size() - 1;
    afterParameters = new boolean[layers.size()];
    intoConcatenation = new boolean[layers.size()];
    int[] readers = new int[layers.size()];
    int[] reader = new int[layers.size()];
    for (int i = 0; i < layers.size(); i++) { // inputs come before the layers that read them
      for (int j : network.inputs(i)) {
        LayerNode before = layers.get(j);
        afterParameters[i] |= before instanceof Weighted || before instanceof BatchNormNode
            || afterParameters[j];
        readers[j]++;
        reader[j] = i;
      }
    }
    for (int i = 0; i < layers.size(); i++) {
      int r = reader[i];
      intoConcatenation[i] = layers.get(i) instanceof Conv2DNode && readers[i] == 1
          && layers.get(r) instanceof ConcatenateNode
          && network.outputShape(r).dim(0) == network.outputShape(i).dim(0)
          && network.outputShape(r).dim(1) == network.outputShape(i).dim(1);
    }
    for (int i = 0; i < layers.size(); i++) {
      if (foldedInto.containsKey(i)) {
        continue;
      }
      layer(i, layers.get(i), weights, i == last);
    }
    this.outputSize = network.outputShape(last).intSize();
    Slot result = slot(last);
    if (!result.array().equals("out")) {
      body.addStatement("System.arraycopy($L, $L, out, outOff, $L)", result.array(),
          result.offset(), times(outputSize));
    }
  }

  /** {@code n · size}: a size per sample times the samples of the pass. */
  private static CodeBlock times(int size) {
    return size == 1 ? CodeBlock.of("n") : CodeBlock.of("n * $L", Literals.of(size));
  }

  /** Floats of scratch one sample needs: its share of every buffer. */
  long floatsPerSample() {
    long sum = 0;
    for (int size : buffers) {
      sum += size;
    }
    return sum;
  }

  /** Values per output sample. */
  int outputSize() {
    return outputSize;
  }

  /** Every weight the forward pass reads, in the order of the resource. */
  float[] parameters() {
    float[] all = new float[parameterCount];
    int at = 0;
    for (float[] c : chunks) {
      System.arraycopy(c, 0, all, at, c.length);
      at += c.length;
    }
    return all;
  }

  /**
   * Adds the windows, the scratch buffers and {@code forward} to the class, whose {@code CHUNK}
   * constant and {@code SCRATCH} and {@code CHUNK_SCRATCH} fields {@link FrozenWriter} adds.
   */
  void addTo(TypeSpec.Builder type, String className, String resource) {
    type.addField(FieldSpec.builder(KERNELS, "K", Modifier.PRIVATE, Modifier.STATIC,
        Modifier.FINAL).initializer("$T.get()", KERNELS).build());
    type.addField(FieldSpec.builder(float[].class, "W", Modifier.PRIVATE, Modifier.STATIC,
            Modifier.FINAL)
        .addJavadoc("Every weight, read once from {@code $L} beside this class.\n", resource)
        .initializer("$T.load($L.class, $S, $L)",
            ClassName.get("org.dendrite.runtime.frozen", "FrozenWeights"), className, resource,
            Literals.of(parameterCount))
        .build());
    FrozenWriter.requireFinite(type, finiteKernels, resource);
    windows.forEach(type::addField);
    CodeBlock.Builder sizes = CodeBlock.builder().add("return new float[][] {\n").indent()
        .indent();
    for (int i = 0; i < buffers.size(); i++) {
      sizes.add("new float[$L]$L // $L\n", times(buffers.get(i)),
          i == buffers.size() - 1 ? "" : ",", bufferNames.get(i));
    }
    sizes.unindent().unindent().add("};\n");
    type.addMethod(MethodSpec.methodBuilder("buffers")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(float[][].class)
        .addJavadoc("A thread's buffers for {@code n} samples: each layer's output.\n")
        .addParameter(int.class, "n")
        .addCode(sizes.build())
        .build());
    MethodSpec.Builder forward = MethodSpec.methodBuilder("forward")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc("Predicts the {@code n} samples at {@code in[inOff]} into {@code out[outOff]}"
            + " with the\nbuffers {@code s}, made by {@link #buffers} for at least {@code n}"
            + " samples.\n")
        .addParameter(float[][].class, "s")
        .addParameter(float[].class, "in").addParameter(int.class, "inOff")
        .addParameter(float[].class, "out").addParameter(int.class, "outOff")
        .addParameter(int.class, "n");
    for (int i = 0; i < bufferNames.size(); i++) {
      forward.addStatement("float[] $L = s[$L]", bufferNames.get(i).split(" ")[0], i);
    }
    type.addMethod(forward.addCode(body.build()).build());
  }

  private void layer(int i, LayerNode layer, Map<String, float[]> weights, boolean last) {
    List<Integer> inputs = network.inputs(i);
    Slot in = inputs.isEmpty() ? null : slot(inputs.get(0));
    Shape shape = network.outputShape(i);
    String kind = layer.kind().keyword();
    switch (kind) {
      case "input" -> slots.put(i, new Slot("in", "inOff", shape));
      case "flatten", "dropout" -> slots.put(i, new Slot(in.array(), in.offset(), shape));
      case "dense" -> dense(i, (DenseNode) layer, in, weights, last);
      case "conv2d" -> conv(i, (Conv2DNode) layer, in, weights);
      case "batchnorm" -> scaleAndShift(i, (BatchNormNode) layer, in, weights);
      case "maxpool2d", "avgpool2d" -> pool(i, layer, in);
      case "globalavgpool2d" -> {
        Shape image = network.outputShape(inputs.get(0));
        Slot y = buffer(i, shape);
        body.add("// $L: the mean of each channel of $L\n", layer.name(), image);
        body.addStatement("$T.globalAverage($L, $L, $L, $L, n, $L)", RuntimeNames.POOLING,
            Literals.of(image.dim(0) * image.dim(1)), image.dim(2), in.array(), in.offset(),
            y.array());
      }
      case "activate" -> activate(i, (ActivateNode) layer, in, inputs.get(0));
      case "add" -> {
        Slot y = buffer(i, shape);
        body.add("// $L = $L\n", layer.name(), String.join(" + ", ((AddNode) layer).inputs()));
        Slot b = slot(inputs.get(1));
        body.addStatement("$T.add($L, $L, $L, $L, $L, 0, $L)", RuntimeNames.MERGES, in.array(),
            in.offset(), b.array(), b.offset(), y.array(), times(shape.intSize()));
        for (int k = 2; k < inputs.size(); k++) {
          Slot c = slot(inputs.get(k));
          body.addStatement("$T.accumulate($L, $L, $L, 0, $L)", RuntimeNames.MERGES, c.array(),
              c.offset(), y.array(), times(shape.intSize()));
        }
      }
      case "concatenate" -> concatenate(i, (ConcatenateNode) layer, inputs, shape);
      default -> throw new IllegalArgumentException("layer '" + layer.name() + "' is a " + kind
          + " layer, which frozen classes do not support yet");
    }
  }

  /** The layer's output slot (that of the layer it was folded into, for a folded BatchNorm). */
  private Slot slot(int i) {
    Slot s = slots.get(foldedInto.getOrDefault(i, i));
    if (s == null) {
      throw new IllegalStateException("layer " + i + " has no output yet");
    }
    return s;
  }

  /** A new per-thread buffer for layer {@code i}'s output, named after the layer. */
  private Slot buffer(int i, Shape shape) {
    String name = network.layers().get(i).name();
    String local = RESERVED.contains(name) ? name + "Values" : name;
    buffers.add(shape.intSize());
    bufferNames.add(local + " (" + shape + ")");
    owners.put(local, i);
    Slot s = new Slot(local, "0", shape);
    slots.put(i, s);
    return s;
  }

  /**
   * The BatchNorm that reads layer {@code i}, a linear Conv2D or Dense layer, as that layer's
   * only reader: it folds into the layer; -1 if there is none.
   */
  private int foldable(int i, Activation activation) {
    List<Integer> readers = network.readers(i);
    if (activation != Activation.LINEAR || readers.size() != 1) {
      return -1;
    }
    int r = readers.get(0);
    return network.layers().get(r) instanceof BatchNormNode ? r : -1;
  }

  /**
   * Folds {@code y = γ (x - μ) / √(σ² + ε) + β} into a kernel {@code [depth][units]} and its
   * bias: column {@code j} times {@code s = γ / √(σ² + ε)}, the bias {@code (b - μ) s + β}.
   */
  private static void fold(BatchNormNode b, Map<String, float[]> weights, float[] kernel,
      float[] bias) {
    int units = bias.length;
    float[] gamma = weight(weights, b.name() + ".gamma");
    float[] beta = weight(weights, b.name() + ".beta");
    float[] mean = weight(weights, b.name() + ".moving_mean");
    float[] variance = weight(weights, b.name() + ".moving_variance");
    for (int j = 0; j < units; j++) {
      float s = (float) (gamma[j] / Math.sqrt((double) variance[j] + b.epsilon()));
      for (int k = j; k < kernel.length; k += units) {
        kernel[k] *= s;
      }
      bias[j] = (bias[j] - mean[j]) * s + beta[j];
    }
  }

  /** Adds {@code values} to the weights; returns where they start in {@code W}. */
  private int add(float[] values) {
    int at = parameterCount;
    chunks.add(values);
    parameterCount = Math.addExact(parameterCount, values.length);
    return at;
  }

  /**
   * A Dense or Conv2D layer's weights, added to {@code W}, with the BatchNorm that only reads it
   * folded in: the name and activation the product ends with, where its kernel and bias are,
   * and the index of the folded BatchNorm (-1 if none).
   */
  private record Product(String name, Activation activation, float alpha, int kernelAt,
      int kernelSize, boolean finite, CodeBlock bias, int folded) {}

  private Product weighted(int i, String layer, boolean useBias, int units,
      Activation activation, float alpha, Map<String, float[]> weights) {
    float[] kernel = weight(weights, layer + ".kernel").clone();
    float[] bias = useBias ? weight(weights, layer + ".bias").clone() : null;
    String name = layer;
    int norm = foldable(i, activation);
    if (norm >= 0) {
      BatchNormNode b = (BatchNormNode) network.layers().get(norm);
      bias = bias == null ? new float[units] : bias;
      fold(b, weights, kernel, bias);
      activation = b.activation();
      alpha = b.alpha();
      name += "+" + b.name();
      foldedInto.put(norm, i);
    }
    int kernelAt = add(kernel);
    CodeBlock biasArg = bias == null ? CodeBlock.of("null, 0")
        : CodeBlock.of("W, $L", Literals.of(add(bias)));
    return new Product(name, activation, alpha, kernelAt, kernel.length, FrozenWriter.finite(kernel),
        biasArg, norm);
  }

  private void dense(int i, DenseNode d, Slot in, Map<String, float[]> weights, boolean last) {
    int inputs = in.shape().intSize();
    Product p = weighted(i, d.name(), d.useBias(), d.units(), d.activation(), d.alpha(),
        weights);
    boolean output = last || p.folded() == network.layers().size() - 1;
    Slot y = output ? new Slot("out", "outOff", network.outputShape(i))
        : buffer(i, Shape.of(d.units()));
    slots.put(i, y);
    body.add("// $L: $L → $L $L\n", p.name(), inputs, d.units(), p.activation().spelling());
    product(p, in.array(), in.offset(), y, 1, inputs, d.units());
  }

  /**
   * A convolution left for its max pooling to emit: its window, input and weights (its outputs
   * need no buffer: the runtime pools them image by image).
   */
  private record PooledConv(String window, Slot in, Product p, int filters) {}

  private void conv(int i, Conv2DNode c, Slot in, Map<String, float[]> weights) {
    Shape image = in.shape();
    Shape shape = network.outputShape(i);
    int depth = c.kernel().get(0) * c.kernel().get(1) * image.dim(2);
    int pixels = shape.dim(0) * shape.dim(1);
    Product p = weighted(i, c.name(), c.useBias(), c.filters(), c.activation(), c.alpha(),
        weights);
    boolean oneByOne = c.kernel().equals(List.of(1, 1)) && c.strides().equals(List.of(1, 1));
    int pool = oneByOne ? -1 : pooledBy(i, c, image, p);
    body.add("// $L: $L → $L $L, $Lx$L window, strides $Lx$L, $L\n", p.name(), image,
        shape, p.activation().spelling(), c.kernel().get(0), c.kernel().get(1), c.strides().get(0),
        c.strides().get(1), c.paddingDescription());
    if (pool >= 0) {
      // Its pooling emits both (a ReLU or no activation): a first layer's outputs may then be
      // pooled as they are computed, and need no buffer.
      body.add("// (computed with $L, which alone reads it)\n", network.layers().get(pool).name());
      pooledConvs.put(pool, new PooledConv(window(c, image, shape), in, p, c.filters()));
      slots.put(i, new Slot("null", "0", shape)); // its shape, for the pooling: no array
      return;
    }
    Slot y = buffer(i, shape);
    if (oneByOne) {
      // A 1×1 window at stride 1: the image's pixels are the product's rows already.
      product(p, in.array(), in.offset(), y, pixels, depth, c.filters());
      return;
    }
    String window = window(c, image, shape);
    if (Winograd.takes(c, image, shape) && afterParameters[i] && !intoConcatenation[i]) {
      // Winograd's F(4×4, 3×3) on the kernel's points, transformed once as the class loads.
      String points = c.name().toUpperCase(Locale.ROOT) + "_POINTS";
      windows.add(FieldSpec.builder(RuntimeNames.WINOGRAD_POINTS, points, Modifier.PRIVATE,
              Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("{@code $L}'s kernel as Winograd's 36 points.\n", c.name())
          .initializer("$T.transform($L, W, $L, $L)", RuntimeNames.WINOGRAD, window,
              Literals.of(p.kernelAt()), Literals.of(c.filters()))
          .build());
      body.addStatement("$T.convolve($L, $L, $L, n, $L, $L, $L, $L, $L)",
          RuntimeNames.WINOGRAD, window, in.array(), in.offset(), points, p.bias(),
          p.activation() == Activation.RELU, y.array(), y.offset());
    } else {
      // The windows read in place: the product im2col and matmul would compute, without the copy.
      boolean fromPlanes = planes.contains(network.inputs(i).get(0));
      body.addStatement("$T.$L($L, $L, $L, n, W, $L, $L, $L, $L, $L, $L)",
          RuntimeNames.CONVOLUTIONS, fromPlanes ? "convolvePlanes" : "convolve", window,
          in.array(), in.offset(),
          Literals.of(p.kernelAt()), p.bias(), p.activation() == Activation.RELU,
          Literals.of(c.filters()), y.array(), y.offset());
    }
    if (p.activation() != Activation.RELU) {
      activate(p.activation(), p.alpha(), y, Math.multiplyExact(pixels, c.filters()));
    }
  }

  /**
   * {@code y = activation(x · kernel + bias)} over {@code rows} rows per sample ({@code n · rows}
   * in all), ReLU fused into the product.
   */
  private void product(Product p, String x, String xOff, Slot y, int rows, int inner,
      int cols) {
    Activation activation = p.activation();
    if (activation == Activation.SOFTMAX && rows != 1) {
      throw new IllegalArgumentException("softmax over the pixels of an image has no frozen"
          + " form");
    }
    if (rows == 1 && p.finite()) { // a sample's one row: batch-1 prediction skips its zeros
      body.addStatement("K.matmulSkippingZeros($L, $L, W, $L, $L, $L, $L, $L, n, $L, $L)", x,
          xOff, Literals.of(p.kernelAt()), p.bias(), activation == Activation.RELU, y.array(),
          y.offset(), Literals.of(inner), Literals.of(cols));
      finiteKernels.add(new FrozenWriter.FiniteRange(p.name() + ".kernel", p.kernelAt(),
          p.kernelSize()));
    } else {
      body.addStatement("K.$L($L, $L, W, $L, $L, $L, $L, $L, $L, $L)",
          activation == Activation.RELU ? "matmulRelu" : "matmul", x, xOff,
          Literals.of(p.kernelAt()), p.bias(), y.array(), y.offset(), times(rows),
          Literals.of(inner), Literals.of(cols));
    }
    if (activation != Activation.RELU) {
      activate(activation, p.alpha(), y, Math.multiplyExact(rows, cols));
    }
  }

  /** The activation over {@code size} values per sample; softmax over each sample's values. */
  private void activate(Activation activation, float alpha, Slot y, int size) {
    CodeBlock count = times(size);
    switch (activation) {
      case LINEAR -> { }
      case LEAKY_RELU -> body.addStatement("K.leakyRelu($L, $L, $L, $L)", y.array(), y.offset(),
          count, Literals.of(alpha));
      case SOFTMAX -> body.addStatement("K.softmax($L, $L, n, $L)", y.array(), y.offset(),
          Literals.of(size));
      default -> body.addStatement("K.$L($L, $L, $L)",
          activation.spelling().toLowerCase(Locale.ROOT), y.array(), y.offset(), count);
    }
  }

  /** A BatchNorm with no layer to fold into: {@code y = x · scale + shift} per channel. */
  private void scaleAndShift(int i, BatchNormNode b, Slot in, Map<String, float[]> weights) {
    Shape shape = in.shape();
    int channels = shape.dim(shape.rank() - 1);
    float[] gamma = weight(weights, b.name() + ".gamma");
    float[] beta = weight(weights, b.name() + ".beta");
    float[] mean = weight(weights, b.name() + ".moving_mean");
    float[] variance = weight(weights, b.name() + ".moving_variance");
    float[] scale = new float[channels];
    float[] shift = new float[channels];
    for (int j = 0; j < channels; j++) {
      scale[j] = (float) (gamma[j] / Math.sqrt((double) variance[j] + b.epsilon()));
      shift[j] = beta[j] - mean[j] * scale[j];
    }
    int scaleAt = add(scale);
    int shiftAt = add(shift);
    Slot y = buffer(i, shape);
    body.add("// $L: per channel, x · scale + shift (BatchNorm at inference), then $L\n",
        b.name(), b.activation().spelling());
    body.beginControlFlow("for (int p = 0; p < $L; p++)", times(shape.intSize() / channels))
        .beginControlFlow("for (int c = 0; c < $L; c++)", channels)
        .addStatement("$L[p * $L + c] = $L[$Lp * $L + c] * W[$L + c] + W[$L + c]", y.array(),
            channels, in.array(), in.offset().equals("0") ? "" : in.offset() + " + ", channels,
            Literals.of(scaleAt), Literals.of(shiftAt))
        .endControlFlow()
        .endControlFlow();
    activate(b.activation(), b.alpha(), y, shape.intSize());
  }

  /**
   * The max pooling that alone reads convolution {@code i}'s outputs, if the two can be one
   * {@code Convolutions.convolveMaxPool} that pools as it convolves ({@link
   * Conv2DNode#poolableAsComputed}, {@link MaxPool2DNode#halves}) and no BatchNorm is folded into
   * the convolution; -1 otherwise.
   */
  private int pooledBy(int i, Conv2DNode c, Shape image, Product p) {
    List<Integer> readers = network.readers(i);
    if (readers.size() != 1 || intoConcatenation[i] || p.folded() >= 0
        || !(network.layers().get(readers.get(0)) instanceof MaxPool2DNode pool)) {
      return -1;
    }
    return c.poolableAsComputed(image) && pool.halves(network.outputShape(i)) ? readers.get(0)
        : -1;
  }

  /**
   * Whether max pooling {@code i}'s outputs, which a first convolution computes with it, may stay
   * filter by filter: one convolution alone reads them, and reads its windows in place (not a 1×1
   * product, not Winograd's, not into a concatenation) from inside the image (no padding).
   */
  private boolean readAsPlanes(int i) {
    List<Integer> readers = network.readers(i);
    if (readers.size() != 1
        || !(network.layers().get(readers.get(0)) instanceof Conv2DNode c)) {
      return false;
    }
    int j = readers.get(0);
    Shape image = network.outputShape(i);
    Shape shape = network.outputShape(j);
    Window[] w = c.windows();
    for (int d = 0; d < 2; d++) {
      if (w[d].padBefore(image.dim(d)) != 0
          || (shape.dim(d) - 1) * w[d].stride() + w[d].size() > image.dim(d)) {
        return false;
      }
    }
    return !(c.kernel().equals(List.of(1, 1)) && c.strides().equals(List.of(1, 1)))
        && !Winograd.takes(c, image, shape) && !c.poolableAsComputed(image)
        && !intoConcatenation[j];
  }

  private void pool(int i, LayerNode layer, Slot in) {
    Shape shape = network.outputShape(i);
    String window = window((Spatial) layer, in.shape(), shape);
    Slot y = buffer(i, shape);
    body.add("// $L: $L → $L\n", layer.name(), in.shape(), shape);
    PooledConv c = pooledConvs.get(i);
    if (c != null) {
      boolean asPlanes = readAsPlanes(i);
      if (asPlanes) {
        planes.add(i);
        body.add("// (stored filter by filter, as $L reads it)\n",
            network.layers().get(network.readers(i).get(0)).name());
      }
      body.addStatement("$T.$L($L, $L, $L, $L, n, W, $L, $L, $L, $L, null, 0, $L)",
          RuntimeNames.CONVOLUTIONS, asPlanes ? "convolveMaxPoolPlanes" : "convolveMaxPool",
          c.window(), window, c.in().array(), c.in().offset(),
          Literals.of(c.p().kernelAt()), c.p().bias(), c.p().activation() == Activation.RELU,
          Literals.of(c.filters()), y.array());
      return;
    }
    body.addStatement("$T.$L($L, $L, $L, n, $L)", RuntimeNames.POOLING,
        layer instanceof MaxPool2DNode ? "max" : "average", window, in.array(), in.offset(),
        y.array());
  }

  /**
   * An activation on its own: in place when its input is a buffer nothing else reads, else into
   * a buffer of its own.
   */
  private void activate(int i, ActivateNode a, Slot in, int from) {
    // In place only in a buffer that holds the input layer's own output, which only it reads.
    boolean alone = network.readers(from).size() == 1
        && owners.getOrDefault(in.array(), -1) == foldedInto.getOrDefault(from, from);
    Slot y = alone ? new Slot(in.array(), in.offset(), in.shape()) : buffer(i, in.shape());
    slots.put(i, y);
    body.add("// $L: $L\n", a.name(), a.activation().spelling());
    if (!alone) {
      body.addStatement("System.arraycopy($L, $L, $L, 0, $L)", in.array(), in.offset(),
          y.array(), times(in.shape().intSize()));
    }
    if (a.activation() == Activation.SOFTMAX && in.shape().rank() != 1) {
      throw new IllegalArgumentException("softmax over an image has no frozen form");
    }
    activate(a.activation(), a.alpha(), y, in.shape().intSize());
  }

  /**
   * Each input's blocks into the output: along axis {@code a}, an input of shape {@code d} is
   * {@code d[0]·…·d[a-1]} blocks of {@code d[a]·…} values, side by side with the others'; the
   * samples of a pass follow one another, so {@code n} samples are {@code n} times the blocks.
   */
  private void concatenate(int i, ConcatenateNode node, List<Integer> inputs, Shape shape) {
    int axis = node.resolvedAxis(shape.rank());
    int rows = 1;
    for (int d = 0; d < axis; d++) {
      rows *= shape.dim(d);
    }
    int stride = shape.intSize() / rows;
    Slot y = buffer(i, shape);
    body.add("// $L = [$L] along axis $L\n", node.name(), String.join(" | ", node.inputs()),
        axis);
    int column = 0;
    for (int k : inputs) {
      Slot x = slot(k);
      int width = x.shape().intSize() / rows;
      body.addStatement("$T.concatenate($L, $L, $L, $L, $L, $L, $L)", RuntimeNames.MERGES,
          x.array(), x.offset(), times(rows), Literals.of(width), y.array(),
          Literals.of(column), Literals.of(stride));
      column += width;
    }
  }

  /** A constant {@code Window2D} for a convolution's or pooling's windows; returns its name. */
  private String window(Spatial layer, Shape in, Shape out) {
    String name = ((LayerNode) layer).name().toUpperCase(Locale.ROOT) + "_WINDOW";
    Window[] w = layer.windows();
    windows.add(FieldSpec.builder(RuntimeNames.WINDOW_2D, name, Modifier.PRIVATE,
            Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("{@code $L}'s windows: $L input, $Lx$L, strides $Lx$L, $L.\n",
            ((LayerNode) layer).name(), in, w[0].size(), w[1].size(), w[0].stride(),
            w[1].stride(), layer.paddingDescription())
        .initializer("new $T($L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L)",
            RuntimeNames.WINDOW_2D, in.dim(0), in.dim(1), in.dim(2), w[0].size(), w[1].size(),
            w[0].stride(), w[1].stride(), w[0].padBefore(in.dim(0)), w[1].padBefore(in.dim(1)),
            out.dim(0), out.dim(1))
        .build());
    return name;
  }

  private static float[] weight(Map<String, float[]> weights, String name) {
    return FrozenWriter.weight(weights, name);
  }
}
