package org.dendrite.runtime.onnx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dendrite.runtime.Layer;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.Shapes;
import org.dendrite.runtime.TensorView;
import org.dendrite.runtime.io.AtomicFiles;

/**
 * Writes a compiled model with its current weights as an ONNX file, so that a network trained in
 * Java runs wherever ONNX runs (ONNX Runtime, TensorRT, OpenVINO, a browser).
 *
 * <p>The graph computes what {@link Model#predict} computes, in inference mode: dropout is left
 * out, batch normalisation uses its moving averages, and the output layer applies its activation
 * (softmax gives probabilities, as {@code predict} does). Its input has the declared input shape
 * with a symbolic batch dimension {@code N} first ({@code [N, 28, 28]} for an input of 28×28,
 * {@code [N, 28, 28, 1]} for a channels-last image: the samples {@code predict} takes), its output
 * is {@code [N, outputSize]}; both are named after their layers. Initializers are named as in
 * weight files ({@code hidden.kernel}), and Dense kernels keep their {@code [inputs, units]}
 * layout, so the file's {@code Gemm} nodes read them as Keras and Dendrite store them; convolution
 * kernels are stored as ONNX's {@code Conv} reads them, {@code [filters, channels, height,
 * width]}. Graphs export as they are declared: a layer reads the values it names, an {@code add}
 * of two values is an {@code Add} node, of more a {@code Sum}.
 *
 * <p>The file uses the default ONNX domain at opset {@value #OPSET} (IR version
 * {@value #IR_VERSION}), which every ONNX Runtime since 1.12 runs.
 */
public final class OnnxExport {
  /** The ONNX operator set the files use. */
  public static final int OPSET = 17;
  /** The ONNX IR version of opset {@value #OPSET}. */
  public static final int IR_VERSION = 8;

  /**
   * The line of each layer kind this exporter translates, as the compiler writes it (see {@link
   * Model#architecture}): a line has exactly these words, then optionally {@code <- a,b} naming
   * the layers it reads.
   */
  private static final List<String> FORMS = List.of(
      "input NAME SHAPE",
      "flatten NAME SIZE",
      "dense NAME INPUTS->UNITS ACTIVATION bias|no-bias",
      "dropout NAME SHAPE",
      "batchnorm NAME SHAPE ACTIVATION epsilon=EPSILON",
      "conv2d NAME HxWxC->OHxOWxF KHxKW/SHxSW PADDING ACTIVATION bias|no-bias",
      "maxpool2d NAME HxWxC->OHxOWxC KHxKW/SHxSW PADDING",
      "avgpool2d NAME HxWxC->OHxOWxC KHxKW/SHxSW PADDING",
      "globalavgpool2d NAME HxWxC->C",
      "activate NAME SHAPE ACTIVATION",
      "add NAME SHAPE",
      "concatenate NAME SHAPE axis AXIS");

  /** The layer kinds of architecture descriptions that this exporter translates. */
  public static final List<String> SUPPORTED =
      FORMS.stream().map(f -> f.substring(0, f.indexOf(' '))).toList();

  // TensorProto.DataType and AttributeProto.AttributeType of onnx.proto.
  private static final int FLOAT = 1;
  private static final int ATTRIBUTE_FLOAT = 1;
  private static final int ATTRIBUTE_INT = 2;
  private static final int ATTRIBUTE_INTS = 7;

  private OnnxExport() {}

  /**
   * Writes {@code model} as an ONNX file, atomically: a failure leaves an existing file intact.
   *
   * @throws IllegalArgumentException if the model's architecture description has a layer kind
   *     ONNX export does not handle yet (the message lists the supported kinds), or a line that
   *     does not describe a layer of the model: missing or malformed words, shapes that disagree
   *     with the values the layer reads or with its weights. The message names the model, the
   *     line's number (the {@code network} line is 1) and text, and why.
   * @throws IOException if the file cannot be written (the message names it)
   */
  public static void write(Model model, Path file) throws IOException {
    byte[] bytes = toBytes(model);
    AtomicFiles.write(file, bytes);
  }

  /**
   * The ONNX file of {@code model}, as bytes.
   *
   * @throws IllegalArgumentException as {@link #write} does
   */
  public static byte[] toBytes(Model model) {
    return new GraphBuilder(model).build().toByteArray();
  }

  /**
   * Builds the graph from the model's architecture description, one layer line at a time.
   *
   * <p>Layout: the file takes the samples {@link Model#predict} takes, channels-last ({@code [N,
   * H, W, C]} for an image), so it is a drop-in replacement for the Dendrite class; ONNX's Conv
   * and pooling operators are channels-first, so an image is transposed to {@code [N, C, H, W]}
   * where such an operator first reads it, and back to channels-last before a Flatten. Two
   * Transposes per image are cheap beside the convolutions, and keep every Dense kernel exactly as
   * Dendrite stores it (a Flatten of channels-first values would need its rows permuted).
   * Convolution kernels are the one initializer stored in ONNX's layout, {@code [filters,
   * channels, height, width]}, permuted from Dendrite's {@code [height, width, channels,
   * filters]}.
   *
   * <p>The description is read as text that may lie: {@link Model} is an interface anyone can
   * implement, and a hand-written or corrupted implementation can describe anything. Every word
   * a line's translation uses is checked before it is used (its count, numbers, shapes against
   * the values the layer reads and against its weights), and a line that cannot be translated
   * is an {@link IllegalArgumentException} naming the model, the line's number and text, and why.
   */
  private static final class GraphBuilder {
    private final Model model;
    private final Map<String, Layer> layers = new HashMap<>();
    private final ProtoWriter graph = new ProtoWriter();
    private final List<NodeWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    /** Each layer's output in the graph, by layer name. */
    private final Map<String, Value> values = new HashMap<>();
    /** The line each layer is declared on, by layer name. */
    private final Map<String, Integer> declared = new HashMap<>();
    /** The channels-first or channels-last twin of an image value, made once. */
    private final Map<String, String> transposed = new HashMap<>();
    /** The last layer's output. */
    private Value current;

    GraphBuilder(Model model) {
      this.model = model;
      for (Layer layer : model.layers()) {
        layers.put(layer.name(), layer);
      }
    }

    ProtoWriter build() {
      String architecture = model.architecture();
      if (architecture == null) {
        throw new IllegalArgumentException(model.name() + " has no architecture description to"
            + " export (architecture() is null)");
      }
      String[] lines = architecture.split("\n");
      Line first = new Line(1, lines[0]);
      if (first.words.length != 2 || !first.words[0].equals("network")) {
        throw first.error("the first line is not 'network NAME'");
      }
      graph.string(2, model.name());
      Line last = first;
      for (int i = 1; i < lines.length; i++) {
        last = new Line(i + 1, lines[i]);
        try {
          layer(last);
        } catch (Malformed e) {
          throw last.error(e.getMessage());
        } catch (RuntimeException e) {
          // A lie no check foresaw: still name the line, and keep what went wrong as the cause.
          throw last.error("cannot be translated: " + e, e);
        }
      }
      if (current == null) {
        throw new IllegalArgumentException(model.name() + " has no input layer to export");
      }
      if (product(current.dims()) != model.outputSize()) {
        throw last.error("the last layer gives " + product(current.dims()) + " values per sample"
            + " (" + spelled(current.dims()) + "), but outputSize() of " + model.name() + " is "
            + model.outputSize());
      }
      // The output: the last layer's value, [N, outputSize], in Dendrite's order.
      String output = current.name();
      if (current.dims().length > 1) {
        output = current.name() + "/flat";
        node("Flatten", output, List.of(channelsLast(current)), output).attribute("axis", 1);
      }
      for (NodeWriter n : nodes) {
        graph.message(1, n.proto);
      }
      for (ProtoWriter t : initializers) {
        graph.message(5, t);
      }
      graph.message(12, valueInfo(output, new int[] {(int) product(current.dims())}));
      return new ProtoWriter()
          .varint(1, IR_VERSION)
          .string(2, "Dendrite")
          .message(7, graph)
          .message(8, new ProtoWriter().string(1, "").varint(2, OPSET));
    }

    /**
     * Translates one line of the architecture, {@code kind name details… [<- from,…]}, whose
     * layer reads the layers it names after {@code <-} (none: the layer before it).
     *
     * @throws Malformed if the line does not describe a layer that can be translated
     */
    private void layer(Line line) {
      String[] words = line.words;
      String kind = words[0];
      if (kind.isEmpty()) {
        throw new Malformed("an empty line where a layer was expected");
      }
      String form = FORMS.stream().filter(f -> f.startsWith(kind + " ")).findFirst()
          .orElseThrow(() -> new Malformed("a " + kind + " layer, which ONNX export does not"
              + " support yet; supported layer kinds: " + String.join(", ", SUPPORTED)));
      int expected = form.split(" ").length;
      if (words.length != expected) {
        throw new Malformed(words.length + (words.length == 1 ? " word" : " words") + ", but a "
            + kind + " line has " + expected + ": " + form);
      }
      String name = words[1];
      Integer earlier = declared.putIfAbsent(name, line.number);
      if (earlier != null) {
        throw new Malformed("a second layer named '" + name + "' (the first is on line "
            + earlier + ")");
      }
      List<Value> in = new ArrayList<>();
      for (String f : line.from) {
        Value v = values.get(f);
        if (v == null) {
          throw new Malformed("layer '" + name + "' reads '" + f
              + "', which is not an earlier layer");
        }
        in.add(v);
      }
      if (kind.equals("input")) {
        if (!in.isEmpty()) {
          throw new Malformed("an input reads no layer");
        }
      } else if (in.isEmpty()) {
        if (current == null) {
          throw new Malformed("layer '" + name + "' reads the layer before it, and there is none"
              + " (the first layer must be an input)");
        }
        in.add(current);
      }
      Value x = in.isEmpty() ? null : in.get(0);
      Value out = switch (kind) {
        case "input" -> {
          int[] dims = shape(words[2], "the input shape");
          if (product(dims) != model.inputSize()) {
            throw new Malformed("the input shape " + words[2] + " is " + product(dims)
                + " values, but inputSize() of " + model.name() + " is " + model.inputSize());
          }
          graph.message(11, valueInfo(name, dims));
          yield new Value(name, dims, false);
        }
        case "flatten" -> {
          int[] dims = shape(words[2], "the flattened size");
          if (dims.length != 1 || dims[0] != product(x.dims())) {
            throw new Malformed("flattening " + spelled(x.dims()) + " gives "
                + product(x.dims()) + " values, not " + words[2]);
          }
          node("Flatten", name, List.of(channelsLast(x)), name).attribute("axis", 1);
          yield new Value(name, dims, false);
        }
        case "dropout" -> {
          sameShape(shape(words[2], "the shape"), x);
          yield x; // inference: the identity, so no node at all
        }
        case "dense" -> {
          String[] sizes = arrow(words[2], "INPUTS->UNITS");
          int inputs = count(sizes[0], "the inputs", 1);
          int units = count(sizes[1], "the units", 1);
          if (inputs != product(x.dims())) {
            throw new Malformed(inputs + " inputs, but it reads " + product(x.dims())
                + " values (" + spelled(x.dims()) + ")");
          }
          List<String> initializers = new ArrayList<>(List.of(x.name(),
              initializer(name, "kernel", inputs, units)));
          if (bias(words[4])) {
            initializers.add(initializer(name, "bias", units));
          }
          activated(name, words[3], linear -> node("Gemm", name, initializers, linear));
          yield new Value(name, new int[] {units}, false);
        }
        case "batchnorm" -> {
          sameShape(shape(words[2], "the shape"), x);
          if (x.dims().length != 1 && x.dims().length != 3) {
            // ONNX normalises axis 1, Dendrite the last: the same axis for [N, F] and, once
            // channels-first, for images; for [N, A, B] it would need a transpose each way.
            throw new Malformed("layer '" + name + "' normalises the last axis of " + words[2]
                + " samples, which ONNX export does not support yet (features or images only)");
          }
          if (!words[4].startsWith("epsilon=")) {
            throw new Malformed("'" + words[4] + "' is not epsilon=EPSILON");
          }
          float epsilon = real(words[4].substring("epsilon=".length()), "epsilon");
          if (!(epsilon > 0)) {
            throw new Malformed("epsilon must be positive, not " + epsilon);
          }
          int channels = x.dims()[x.dims().length - 1];
          // Per channel of an image: ONNX normalises axis 1, so channels-first.
          List<String> inputs = List.of(x.dims().length == 3 ? channelsFirst(x) : x.name(),
              initializer(name, "gamma", channels), initializer(name, "beta", channels),
              initializer(name, "moving_mean", channels),
              initializer(name, "moving_variance", channels));
          activated(name, words[3],
              linear -> node("BatchNormalization", name, inputs, linear)
                  .attribute("epsilon", epsilon));
          yield new Value(name, x.dims(), x.dims().length == 3);
        }
        case "conv2d" -> conv(name, words, x);
        case "maxpool2d", "avgpool2d" -> pool(name, words, x);
        case "globalavgpool2d" -> {
          String[] shapes = arrow(words[2], "HxWxC->C");
          int[] image = image(shapes[0], "the input shape");
          sameShape(image, x);
          int[] channels = shape(shapes[1], "the output shape");
          if (channels.length != 1 || channels[0] != image[2]) {
            throw new Malformed("averaging each channel of " + shapes[0] + " gives " + image[2]
                + " values, not " + shapes[1]);
          }
          String pooled = name + "/pooled";
          node("GlobalAveragePool", name, List.of(channelsFirst(x)), pooled);
          node("Flatten", name + "/flatten", List.of(pooled), name).attribute("axis", 1);
          yield new Value(name, channels, false);
        }
        case "activate" -> {
          sameShape(shape(words[2], "the shape"), x);
          activation(name, words[3], x.name());
          yield new Value(name, x.dims(), x.channelsFirst());
        }
        case "add" -> {
          int[] dims = shape(words[2], "the shape");
          if (in.size() < 2) {
            throw new Malformed("an add of " + in.size() + " value; it needs at least two"
                + " (<- a,b)");
          }
          for (int i = 0; i < in.size(); i++) {
            if (!Arrays.equals(in.get(i).dims(), dims)) {
              throw new Malformed("it adds '" + line.from.get(i) + "', "
                  + spelled(in.get(i).dims()) + ", to a sum of " + words[2]);
            }
          }
          // An image in the layout of the first input (both the same: no Transpose needed).
          List<String> inputs = new ArrayList<>();
          for (Value v : in) {
            inputs.add(x.channelsFirst() ? channelsFirst(v) : channelsLast(v));
          }
          node(inputs.size() == 2 ? "Add" : "Sum", name, inputs, name);
          yield new Value(name, x.dims(), x.channelsFirst());
        }
        case "concatenate" -> concatenate(name, words, line.from, in);
        default -> throw new IllegalStateException("no translation of " + kind); // FORMS has it
      };
      values.put(name, out);
      current = out;
    }

    /**
     * {@code conv2d name HxWxC->OHxOWxM FHxFW/SHxSW padding activation bias}: a Conv node on the
     * channels-first image, with the kernel permuted to ONNX's {@code [M, C, FH, FW]}.
     */
    private Value conv(String name, String[] words, Value x) {
      String[] shapes = arrow(words[2], "HxWxC->OHxOWxF");
      int[] in = image(shapes[0], "the input shape");
      int[] out = image(shapes[1], "the output shape");
      sameShape(in, x);
      int[][] window = window(words[3], "the kernel");
      long[] pads = pads(in, window, words[4]);
      checkOutput(in, window, pads, out, words);
      boolean bias = bias(words[6]);
      int fh = window[0][0];
      int fw = window[0][1];
      int c = in[2];
      int m = out[2];
      TensorView view = weight(name, "kernel", fh, fw, c, m);
      float[] kernel = new float[view.size()];
      for (int h = 0; h < fh; h++) {
        for (int w = 0; w < fw; w++) {
          for (int ci = 0; ci < c; ci++) {
            for (int mi = 0; mi < m; mi++) {
              kernel[((mi * c + ci) * fh + h) * fw + w] =
                  view.get(((h * fw + w) * c + ci) * m + mi);
            }
          }
        }
      }
      initializers.add(tensor(view.name(), new int[] {m, c, fh, fw}, kernel, 0, kernel.length));
      List<String> inputs = new ArrayList<>(List.of(channelsFirst(x), view.name()));
      if (bias) {
        inputs.add(initializer(name, "bias", m));
      }
      activated(name, words[5], linear -> node("Conv", name, inputs, linear)
          .attribute("kernel_shape", fh, fw)
          .attribute("strides", window[1][0], window[1][1])
          .attribute("pads", pads));
      return new Value(name, out, true);
    }

    /** {@code maxpool2d name HxWxC->OHxOWxC PHxPW/SHxSW padding}, channels-first. */
    private Value pool(String name, String[] words, Value x) {
      String[] shapes = arrow(words[2], "HxWxC->OHxOWxC");
      int[] in = image(shapes[0], "the input shape");
      int[] out = image(shapes[1], "the output shape");
      sameShape(in, x);
      int[][] window = window(words[3], "the window");
      long[] pads = pads(in, window, words[4]);
      checkOutput(in, window, pads, out, words);
      if (out[2] != in[2]) {
        throw new Malformed("pooling keeps the " + in[2] + " channels of " + shapes[0]
            + ", but the output claims " + out[2]);
      }
      // Dendrite's averages divide by the values inside the image: count_include_pad = 0, the
      // default; ONNX's max pooling ignores padding as Dendrite's does.
      node(words[0].equals("maxpool2d") ? "MaxPool" : "AveragePool", name,
          List.of(channelsFirst(x)), name)
          .attribute("kernel_shape", window[0][0], window[0][1])
          .attribute("strides", window[1][0], window[1][1])
          .attribute("pads", pads);
      return new Value(name, out, true);
    }

    /** {@code concatenate name HxWxC axis A}: Dendrite's axis of the sample, ONNX's of NCHW. */
    private Value concatenate(String name, String[] words, List<String> from, List<Value> in) {
      int[] dims = shape(words[2], "the shape");
      if (!words[3].equals("axis")) {
        throw new Malformed("'" + words[3] + "' where 'axis' was expected");
      }
      int axis = count(words[4], "the axis", 0);
      if (axis >= dims.length) {
        throw new Malformed("axis " + axis + " of " + words[2] + ", which has " + dims.length
            + (dims.length == 1 ? " axis" : " axes"));
      }
      long joined = 0;
      for (int i = 0; i < in.size(); i++) {
        int[] d = in.get(i).dims();
        boolean fits = d.length == dims.length;
        for (int a = 0; fits && a < d.length; a++) {
          fits = a == axis || d[a] == dims[a];
        }
        if (!fits) {
          throw new Malformed("'" + (from.isEmpty() ? in.get(i).name() : from.get(i)) + "' is "
              + spelled(d) + ", which does not join along axis " + axis + " into " + words[2]);
        }
        joined += d[axis];
      }
      if (joined != dims[axis]) {
        throw new Malformed("its inputs join into " + joined + " along axis " + axis + ", not "
            + dims[axis]);
      }
      List<String> inputs = new ArrayList<>();
      long onnxAxis;
      if (dims.length == 3) {
        for (Value v : in) {
          inputs.add(channelsFirst(v));
        }
        onnxAxis = new int[] {2, 3, 1}[axis]; // H, W, C of NCHW
      } else {
        for (Value v : in) {
          inputs.add(channelsLast(v));
        }
        onnxAxis = axis + 1L;
      }
      node("Concat", name, inputs, name).attribute("axis", onnxAxis);
      return new Value(name, dims, dims.length == 3);
    }

    /** The line's {@code claimed} shape is that of the value {@code x} the layer reads. */
    private static void sameShape(int[] claimed, Value x) {
      if (!Arrays.equals(claimed, x.dims())) {
        throw new Malformed("it claims " + spelled(claimed) + " values, but what it reads is "
            + spelled(x.dims()));
      }
    }

    /**
     * The output a window gives is the one the line claims: {@code (in + pads - size) / stride
     * + 1}, the pads being SAME's when it pads so (ONNX computes the same, and would disagree
     * with the file's output shape otherwise).
     */
    private static void checkOutput(int[] in, int[][] window, long[] pads, int[] out,
        String[] words) {
      long[] expected = new long[2];
      for (int axis = 0; axis < 2; axis++) {
        long span = in[axis] + pads[axis] + pads[axis + 2] - window[0][axis];
        if (span < 0) {
          throw new Malformed("the " + words[3] + " window does not fit the " + in[0] + "x"
              + in[1] + " image padded " + words[4]);
        }
        expected[axis] = span / window[1][axis] + 1;
      }
      if (out[0] != expected[0] || out[1] != expected[1]) {
        throw new Malformed("a " + words[3] + " window padded " + words[4] + " over " + in[0]
            + "x" + in[1] + " gives " + expected[0] + "x" + expected[1] + ", not " + out[0] + "x"
            + out[1]);
      }
    }

    /** {@code FHxFW/SHxSW} as {@code {{FH, FW}, {SH, SW}}}, every count positive. */
    private static int[][] window(String spelled, String what) {
      String[] parts = spelled.split("/", -1);
      if (parts.length != 2) {
        throw new Malformed("'" + spelled + "' is not HxW/SHxSW, " + what + " and its strides");
      }
      int[] size = shape(parts[0], what);
      int[] strides = shape(parts[1], "the strides");
      if (size.length != 2 || strides.length != 2) {
        throw new Malformed("'" + spelled + "' is not HxW/SHxSW, " + what
            + " and its strides, two counts each");
      }
      return new int[][] {size, strides};
    }

    /**
     * ONNX's {@code pads}, {@code [top, left, bottom, right]}: none for VALID; for SAME, what
     * Dendrite (as TensorFlow) adds, half before and the odd one after; explicit pads ({@code
     * pads=top,bottom,left,right}: exactly four counts, none negative) as they are.
     */
    private static long[] pads(int[] in, int[][] window, String padding) {
      long[] pads = new long[4];
      if (padding.startsWith("pads=")) {
        String[] p = padding.substring("pads=".length()).split(",", -1);
        if (p.length != 4) {
          throw new Malformed("explicit pads are 4 counts, top,bottom,left,right, not "
              + p.length + " (" + padding + ")");
        }
        String[] sides = {"top", "bottom", "left", "right"};
        int[] onnx = {0, 2, 1, 3};
        for (int i = 0; i < 4; i++) {
          pads[onnx[i]] = count(p[i], "the " + sides[i] + " pad", 0);
        }
        return pads;
      }
      if (padding.equals("same")) {
        for (int axis = 0; axis < 2; axis++) {
          int size = window[0][axis];
          int stride = window[1][axis];
          long out = ((long) in[axis] + stride - 1) / stride;
          long total = Math.max((out - 1) * stride + size - in[axis], 0);
          pads[axis] = total / 2;
          pads[axis + 2] = total - total / 2;
        }
      } else if (!padding.equals("valid")) {
        throw new Malformed("the padding '" + padding + "' is none of valid, same,"
            + " pads=TOP,BOTTOM,LEFT,RIGHT");
      }
      return pads;
    }

    /** {@code bias} or {@code no-bias}. */
    private static boolean bias(String word) {
      if (!word.equals("bias") && !word.equals("no-bias")) {
        throw new Malformed("'" + word + "' where bias or no-bias was expected");
      }
      return word.equals("bias");
    }

    /** The name of {@code v} channels-first, transposing an image that is not. */
    private String channelsFirst(Value v) {
      if (v.dims().length != 3 || v.channelsFirst()) {
        return v.name();
      }
      return transposed.computeIfAbsent(v.name() + "/nchw", t -> {
        node("Transpose", t, List.of(v.name()), t).attribute("perm", 0, 3, 1, 2);
        return t;
      });
    }

    /** The name of {@code v} channels-last, transposing an image that is not. */
    private String channelsLast(Value v) {
      if (v.dims().length != 3 || !v.channelsFirst()) {
        return v.name();
      }
      return transposed.computeIfAbsent(v.name() + "/nhwc", t -> {
        node("Transpose", t, List.of(v.name()), t).attribute("perm", 0, 2, 3, 1);
        return t;
      });
    }

    /** What builds a layer's linear part into the value it is given. */
    private interface Linear {
      void into(String value);
    }

    /**
     * The layer's linear node, then its activation; the layer's last node writes the value
     * named after the layer.
     */
    private void activated(String name, String activation, Linear linear) {
      if (activation.equals("linear")) {
        linear.into(name);
        return;
      }
      String pre = name + "/linear";
      linear.into(pre);
      activation(name, activation, pre);
    }

    /** The activation of the value {@code pre} into the value {@code name}. */
    private void activation(String name, String activation, String pre) {
      if (activation.equals("linear")) {
        node("Identity", name + "/identity", List.of(pre), name);
        return;
      }
      String act = name + "/" + activation.replaceAll("\\(.*", "");
      if (activation.startsWith("leaky_relu(") && activation.endsWith(")")) {
        float alpha = real(activation.substring("leaky_relu(".length(),
            activation.length() - 1), "the alpha of leaky_relu");
        node("LeakyRelu", act, List.of(pre), name).attribute("alpha", alpha);
      } else if (activation.equals("softmax")) {
        node("Softmax", act, List.of(pre), name).attribute("axis", -1);
      } else if (activation.equals("step")) {
        // x >= 0 ? 1 : 0, as Dendrite's step.
        String zero = name + "/zero";
        initializers.add(tensor(zero, new int[0], new float[] {0f}, 0, 1));
        node("GreaterOrEqual", name + "/ge", List.of(pre, zero), name + "/positive");
        node("Cast", name + "/cast", List.of(name + "/positive"), name).attribute("to", FLOAT);
      } else {
        String op = switch (activation) {
          case "relu" -> "Relu";
          case "sigmoid" -> "Sigmoid";
          case "tanh" -> "Tanh";
          case "softplus" -> "Softplus";
          default -> throw new Malformed("the activation '" + activation + "', which ONNX"
              + " export does not know (linear, relu, sigmoid, tanh, softplus, softmax, step,"
              + " leaky_relu(ALPHA))");
        };
        node(op, act, List.of(pre), name);
      }
    }

    /**
     * The weight {@code <layer>.<weight>} of the model's layers, which must have the shape the
     * line implies.
     */
    private TensorView weight(String layerName, String weight, int... shape) {
      Layer layer = layers.get(layerName);
      if (layer == null) {
        throw new Malformed("layers() of " + model.name() + " has no layer '" + layerName + "'");
      }
      String full = layerName + "." + weight;
      TensorView view = null;
      for (List<TensorView> list : List.of(layer.weights(), layer.state())) {
        for (TensorView w : list) {
          if (w.name().equals(full)) {
            view = w;
          }
        }
      }
      if (view == null) {
        throw new Malformed("layer '" + layerName + "' has no " + weight + "; its weights are "
            + layer.weights() + (layer.state().isEmpty() ? "" : " and its state "
            + layer.state()));
      }
      if (!Arrays.equals(view.shape(), shape)) {
        throw new Malformed("the line needs " + full + " of " + Shapes.format(shape) + " ("
            + product(shape) + " values), but the layer's is " + Shapes.format(view.shape())
            + " (" + view.size() + " values)");
      }
      return view;
    }

    /** Adds the weight {@code <layer>.<weight>} as an initializer and returns its name. */
    private String initializer(String layerName, String weight, int... shape) {
      TensorView view = weight(layerName, weight, shape);
      initializers.add(tensor(view.name(), view.shape(), view.array(), view.offset(),
          view.size()));
      return view.name();
    }

    private NodeWriter node(String op, String name, List<String> inputs, String output) {
      NodeWriter node = new NodeWriter(op, name, inputs, output);
      nodes.add(node);
      return node;
    }

    /** A float tensor with a symbolic batch dimension before {@code dims}. */
    private static ProtoWriter valueInfo(String name, int[] dims) {
      ProtoWriter shape = new ProtoWriter()
          .message(1, new ProtoWriter().string(2, "N"));
      for (int d : dims) {
        shape.message(1, new ProtoWriter().varint(1, d));
      }
      ProtoWriter tensorType = new ProtoWriter().varint(1, FLOAT).message(2, shape);
      return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
    }

    /** One line of the architecture: its number (the first is 1), text, words and inputs. */
    private final class Line {
      final int number;
      final String text;
      final String[] words;
      /** The layers named after {@code <-}; empty when there is no arrow. */
      final List<String> from;

      Line(int number, String text) {
        this.number = number;
        this.text = text;
        int arrow = text.indexOf(" <- ");
        words = (arrow < 0 ? text : text.substring(0, arrow)).strip().split("\\s+");
        from = arrow < 0 ? List.of()
            : Arrays.stream(text.substring(arrow + 4).split(",", -1)).map(String::strip).toList();
      }

      IllegalArgumentException error(String reason) {
        return error(reason, null);
      }

      /** {@code Name: line 3, 'conv2d c1 …': reason}; a long line is cut short. */
      IllegalArgumentException error(String reason, Throwable cause) {
        String shown = text.length() <= 200 ? text : text.substring(0, 200) + "…";
        return new IllegalArgumentException(model.name() + ": line " + number + ", '" + shown
            + "': " + reason, cause);
      }
    }
  }

  /**
   * Why a line cannot be translated; {@link GraphBuilder#build} turns it into an {@link
   * IllegalArgumentException} naming the line, so it needs no stack trace of its own.
   */
  private static final class Malformed extends RuntimeException {
    Malformed(String reason) {
      super(reason, null, false, false);
    }
  }

  /** {@code 28x28} as {@code {28, 28}}: every size a positive count, in all fewer than 2³¹. */
  private static int[] shape(String spelled, String what) {
    String[] parts = spelled.split("x", -1);
    int[] dims = new int[parts.length];
    long values = 1;
    for (int i = 0; i < parts.length; i++) {
      try {
        dims[i] = Integer.parseInt(parts[i]);
      } catch (NumberFormatException e) {
        throw new Malformed(what + " " + spelled + ": '" + parts[i]
            + "' is not a whole number");
      }
      if (dims[i] < 1) {
        throw new Malformed(what + " " + spelled + ": " + dims[i] + " is not positive");
      }
      values *= dims[i];
      if (values > Integer.MAX_VALUE) {
        throw new Malformed(what + " " + spelled + ": more than " + Integer.MAX_VALUE
            + " values");
      }
    }
    return dims;
  }

  /** An image's {@code HxWxC}. */
  private static int[] image(String spelled, String what) {
    int[] dims = shape(spelled, what);
    if (dims.length != 3) {
      throw new Malformed(what + " " + spelled + " is not an image, HxWxC");
    }
    return dims;
  }

  /** {@code in->out}, the two sides. */
  private static String[] arrow(String spelled, String form) {
    String[] sides = spelled.split("->", -1);
    if (sides.length != 2) {
      throw new Malformed("'" + spelled + "' is not " + form);
    }
    return sides;
  }

  /** A whole number of at least {@code min} (0 or 1). */
  private static int count(String spelled, String what, int min) {
    int n;
    try {
      n = Integer.parseInt(spelled);
    } catch (NumberFormatException e) {
      throw new Malformed(what + " '" + spelled + "' is not a whole number");
    }
    if (n < min) {
      throw new Malformed(what + " " + n + " is " + (min == 0 ? "negative" : "not positive"));
    }
    return n;
  }

  /** A finite float. */
  private static float real(String spelled, String what) {
    float f;
    try {
      f = Float.parseFloat(spelled);
    } catch (NumberFormatException e) {
      throw new Malformed(what + " '" + spelled + "' is not a number");
    }
    if (!Float.isFinite(f)) {
      throw new Malformed(what + " " + spelled + " is not finite");
    }
    return f;
  }

  /** {@code {28, 28}} as {@code 28x28}, as lines spell shapes. */
  private static String spelled(int[] dims) {
    return String.join("x", Arrays.stream(dims).mapToObj(String::valueOf).toList());
  }

  /**
   * A layer's output in the graph: its value's name and per-sample shape in Dendrite's order
   * ({@code [H, W, C]} for an image), and whether the graph holds that image channels-first.
   */
  private record Value(String name, int[] dims, boolean channelsFirst) {}

  /** A NodeProto: inputs, output, name and operator, then attributes as they are added. */
  private static final class NodeWriter {
    private final ProtoWriter proto = new ProtoWriter();

    NodeWriter(String op, String name, List<String> inputs, String output) {
      for (String in : inputs) {
        proto.string(1, in);
      }
      proto.string(2, output).string(3, name).string(4, op);
    }

    NodeWriter attribute(String name, long value) {
      proto.message(5, new ProtoWriter().string(1, name).varint(20, ATTRIBUTE_INT)
          .varint(3, value));
      return this;
    }

    NodeWriter attribute(String name, long... values) {
      ProtoWriter a = new ProtoWriter().string(1, name).varint(20, ATTRIBUTE_INTS);
      for (long v : values) {
        a.varint(8, v);
      }
      proto.message(5, a);
      return this;
    }

    NodeWriter attribute(String name, float value) {
      proto.message(5, new ProtoWriter().string(1, name).varint(20, ATTRIBUTE_FLOAT)
          .fixedFloat(2, value));
      return this;
    }
  }

  /** A float TensorProto with its values as raw little-endian data. */
  private static ProtoWriter tensor(String name, int[] dims, float[] data, int offset,
      int length) {
    ProtoWriter t = new ProtoWriter();
    for (int d : dims) {
      t.varint(1, d);
    }
    return t.varint(2, FLOAT).string(8, name)
        .bytes(9, ProtoWriter.littleEndian(data, offset, length));
  }

  /** The number of values of a shape, in long: a lying shape may overflow int. */
  private static long product(int[] dims) {
    long p = 1;
    for (int d : dims) {
      p *= d;
    }
    return p;
  }
}
