package org.dendrite.runtime.onnx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dendrite.runtime.Layer;
import org.dendrite.runtime.Model;
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

  /** The layer kinds of architecture descriptions that this exporter translates. */
  public static final List<String> SUPPORTED = List.of("input", "flatten", "dense", "dropout",
      "batchnorm", "conv2d", "maxpool2d", "avgpool2d", "globalavgpool2d", "activate", "add",
      "concatenate");

  // TensorProto.DataType and AttributeProto.AttributeType of onnx.proto.
  private static final int FLOAT = 1;
  private static final int ATTRIBUTE_FLOAT = 1;
  private static final int ATTRIBUTE_INT = 2;
  private static final int ATTRIBUTE_INTS = 7;

  private OnnxExport() {}

  /**
   * Writes {@code model} as an ONNX file, atomically: a failure leaves an existing file intact.
   *
   * @throws IllegalArgumentException if the model has a layer kind ONNX export does not handle
   *     yet (the message names the layer, its kind and the supported kinds)
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
   */
  private static final class GraphBuilder {
    private final Model model;
    private final Map<String, Layer> layers = new HashMap<>();
    private final ProtoWriter graph = new ProtoWriter();
    private final List<NodeWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    /** Each layer's output in the graph, by layer name. */
    private final Map<String, Value> values = new HashMap<>();
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
      String[] lines = model.architecture().split("\n");
      graph.string(2, model.name());
      for (int i = 1; i < lines.length; i++) {
        String line = lines[i];
        int arrow = line.indexOf(" <- ");
        List<String> from = arrow < 0 ? List.of() : List.of(line.substring(arrow + 4).split(","));
        layer((arrow < 0 ? line : line.substring(0, arrow)).split(" "), from);
      }
      if (current == null) {
        throw new IllegalArgumentException(model.name() + " has no input layer to export");
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
      graph.message(12, valueInfo(output, new int[] {product(current.dims())}));
      return new ProtoWriter()
          .varint(1, IR_VERSION)
          .string(2, "Dendrite")
          .message(7, graph)
          .message(8, new ProtoWriter().string(1, "").varint(2, OPSET));
    }

    /**
     * Translates one line of the architecture, {@code kind name details…}, whose layer reads
     * {@code from} (empty: the layer before it).
     */
    private void layer(String[] words, List<String> from) {
      String kind = words[0];
      String name = words[1];
      List<Value> in = new ArrayList<>();
      for (String f : from) {
        Value v = values.get(f);
        if (v == null) {
          throw new IllegalStateException(model.name() + " describes layer '" + name
              + "' reading '" + f + "', which is not an earlier layer");
        }
        in.add(v);
      }
      if (in.isEmpty() && current != null) {
        in.add(current);
      }
      Value x = in.isEmpty() ? null : in.get(0);
      Value out = switch (kind) {
        case "input" -> {
          int[] dims = dims(words[2]);
          graph.message(11, valueInfo(name, dims));
          yield new Value(name, dims, false);
        }
        case "flatten" -> {
          node("Flatten", name, List.of(channelsLast(x)), name).attribute("axis", 1);
          yield new Value(name, new int[] {product(x.dims())}, false);
        }
        case "dropout" -> x; // inference: the identity, so no node at all
        case "dense" -> {
          String[] sizes = words[2].split("->");
          int units = Integer.parseInt(sizes[1]);
          List<String> inputs = new ArrayList<>(List.of(x.name(), initializer(name, "kernel")));
          if (words[4].equals("bias")) {
            inputs.add(initializer(name, "bias"));
          }
          activated(name, words[3], linear -> node("Gemm", name, inputs, linear));
          yield new Value(name, new int[] {units}, false);
        }
        case "batchnorm" -> {
          if (x.dims().length == 2) {
            // ONNX normalises axis 1, Dendrite the last: the same axis for [N, F] and, once
            // channels-first, for images; for [N, A, B] it would need a transpose each way.
            throw new IllegalArgumentException("layer '" + name + "' of " + model.name()
                + " normalises the last axis of " + words[2] + " samples, which ONNX export"
                + " does not support yet (features or images only)");
          }
          float epsilon = Float.parseFloat(words[4].substring("epsilon=".length()));
          // Per channel of an image: ONNX normalises axis 1, so channels-first.
          List<String> inputs = List.of(x.dims().length == 3 ? channelsFirst(x) : x.name(),
              initializer(name, "gamma"), initializer(name, "beta"),
              initializer(name, "moving_mean"), initializer(name, "moving_variance"));
          activated(name, words[3],
              linear -> node("BatchNormalization", name, inputs, linear)
                  .attribute("epsilon", epsilon));
          yield new Value(name, x.dims(), x.dims().length == 3);
        }
        case "conv2d" -> conv(name, words, x);
        case "maxpool2d", "avgpool2d" -> pool(name, words, x);
        case "globalavgpool2d" -> {
          String pooled = name + "/pooled";
          node("GlobalAveragePool", name, List.of(channelsFirst(x)), pooled);
          node("Flatten", name + "/flatten", List.of(pooled), name).attribute("axis", 1);
          yield new Value(name, new int[] {x.dims()[2]}, false);
        }
        case "activate" -> {
          activation(name, words[3], x.name());
          yield new Value(name, x.dims(), x.channelsFirst());
        }
        case "add" -> {
          // An image in the layout of the first input (both the same: no Transpose needed).
          List<String> inputs = new ArrayList<>();
          for (Value v : in) {
            inputs.add(x.channelsFirst() ? channelsFirst(v) : channelsLast(v));
          }
          node(inputs.size() == 2 ? "Add" : "Sum", name, inputs, name);
          yield new Value(name, x.dims(), x.channelsFirst());
        }
        case "concatenate" -> concatenate(name, words, in);
        default -> throw new IllegalArgumentException(
            "layer '" + name + "' of " + model.name() + " is a " + kind
                + " layer, which ONNX export does not support yet; supported layer kinds: "
                + String.join(", ", SUPPORTED));
      };
      values.put(name, out);
      current = out;
    }

    /**
     * {@code conv2d name HxWxC->OHxOWxM FHxFW/SHxSW padding activation bias}: a Conv node on the
     * channels-first image, with the kernel permuted to ONNX's {@code [M, C, FH, FW]}.
     */
    private Value conv(String name, String[] words, Value x) {
      String[] shapes = words[2].split("->");
      int[] in = dims(shapes[0]);
      int[] out = dims(shapes[1]);
      int[][] window = window(words[3]);
      TensorView view = layer(name).weight("kernel");
      int fh = window[0][0];
      int fw = window[0][1];
      int c = in[2];
      int m = out[2];
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
      if (words[6].equals("bias")) {
        inputs.add(initializer(name, "bias"));
      }
      long[] pads = pads(in, window, words[4]);
      activated(name, words[5], linear -> node("Conv", name, inputs, linear)
          .attribute("kernel_shape", fh, fw)
          .attribute("strides", window[1][0], window[1][1])
          .attribute("pads", pads));
      return new Value(name, out, true);
    }

    /** {@code maxpool2d name HxWxC->OHxOWxC PHxPW/SHxSW padding}, channels-first. */
    private Value pool(String name, String[] words, Value x) {
      String[] shapes = words[2].split("->");
      int[] in = dims(shapes[0]);
      int[][] window = window(words[3]);
      // Dendrite's averages divide by the values inside the image: count_include_pad = 0, the
      // default; ONNX's max pooling ignores padding as Dendrite's does.
      node(words[0].equals("maxpool2d") ? "MaxPool" : "AveragePool", name,
          List.of(channelsFirst(x)), name)
          .attribute("kernel_shape", window[0][0], window[0][1])
          .attribute("strides", window[1][0], window[1][1])
          .attribute("pads", pads(in, window, words[4]));
      return new Value(name, dims(shapes[1]), true);
    }

    /** {@code concatenate name HxWxC axis A}: Dendrite's axis of the sample, ONNX's of NCHW. */
    private Value concatenate(String name, String[] words, List<Value> in) {
      int[] dims = dims(words[2]);
      int axis = Integer.parseInt(words[4]);
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

    /** {@code FHxFW/SHxSW} as {@code {{FH, FW}, {SH, SW}}}. */
    private static int[][] window(String spelled) {
      String[] parts = spelled.split("/");
      return new int[][] {dims(parts[0]), dims(parts[1])};
    }

    /**
     * ONNX's {@code pads}, {@code [top, left, bottom, right]}: none for VALID; for SAME, what
     * Dendrite (as TensorFlow) adds, half before and the odd one after; explicit pads ({@code
     * pads=top,bottom,left,right}) as they are.
     */
    private static long[] pads(int[] in, int[][] window, String padding) {
      long[] pads = new long[4];
      if (padding.startsWith("pads=")) {
        int[] p = Arrays.stream(padding.substring("pads=".length()).split(","))
            .mapToInt(Integer::parseInt).toArray();
        return new long[] {p[0], p[2], p[1], p[3]};
      }
      if (padding.equals("same")) {
        for (int axis = 0; axis < 2; axis++) {
          int size = window[0][axis];
          int stride = window[1][axis];
          int out = (in[axis] + stride - 1) / stride;
          int total = Math.max((out - 1) * stride + size - in[axis], 0);
          pads[axis] = total / 2;
          pads[axis + 2] = total - total / 2;
        }
      }
      return pads;
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
      if (activation.startsWith("leaky_relu(")) {
        float alpha = Float.parseFloat(
            activation.substring("leaky_relu(".length(), activation.length() - 1));
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
          default -> throw new IllegalArgumentException("layer '" + name + "' of "
              + model.name() + " has the activation " + activation
              + ", which ONNX export does not know");
        };
        node(op, act, List.of(pre), name);
      }
    }

    private Layer layer(String layerName) {
      Layer layer = layers.get(layerName);
      if (layer == null) {
        throw new IllegalStateException(model.name() + " describes a layer '" + layerName
            + "' that layers() does not have");
      }
      return layer;
    }

    /** Adds the weight {@code <layer>.<weight>} as an initializer and returns its name. */
    private String initializer(String layerName, String weight) {
      TensorView view = layer(layerName).weight(weight);
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

  /** {@code 28x28} as {@code {28, 28}}. */
  private static int[] dims(String spelled) {
    String[] parts = spelled.split("x");
    int[] dims = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      dims[i] = Integer.parseInt(parts[i].toLowerCase(Locale.ROOT));
    }
    return dims;
  }

  private static int product(int[] dims) {
    int p = 1;
    for (int d : dims) {
      p *= d;
    }
    return p;
  }
}
