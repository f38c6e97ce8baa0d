package org.dendrite.runtime.onnx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * with a symbolic batch dimension {@code N} first ({@code [N, 28, 28]} for an input of 28×28),
 * its output is {@code [N, outputSize]}; both are named after their layers. Initializers are named
 * as in weight files ({@code hidden.kernel}), and Dense kernels keep their {@code [inputs, units]}
 * layout, so the file's {@code Gemm} nodes read them as Keras and Dendrite store them.
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
  public static final List<String> SUPPORTED =
      List.of("input", "flatten", "dense", "dropout", "batchnorm");

  // TensorProto.DataType and AttributeProto.AttributeType of onnx.proto.
  private static final int FLOAT = 1;
  private static final int ATTRIBUTE_FLOAT = 1;
  private static final int ATTRIBUTE_INT = 2;

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

  /** Builds the graph from the model's architecture description, one layer line at a time. */
  private static final class GraphBuilder {
    private final Model model;
    private final Map<String, Layer> layers = new HashMap<>();
    private final ProtoWriter graph = new ProtoWriter();
    private final List<NodeWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    /** The value the next layer reads. */
    private String current;
    private int outputSize;

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
        layer(lines[i].split(" "));
      }
      if (current == null) {
        throw new IllegalArgumentException(model.name() + " has no input layer to export");
      }
      for (NodeWriter n : nodes) {
        graph.message(1, n.proto);
      }
      for (ProtoWriter t : initializers) {
        graph.message(5, t);
      }
      // The output: the last layer's value, [N, outputSize].
      graph.message(12, valueInfo(current, new int[] {outputSize}));
      return new ProtoWriter()
          .varint(1, IR_VERSION)
          .string(2, "Dendrite")
          .message(7, graph)
          .message(8, new ProtoWriter().string(1, "").varint(2, OPSET));
    }

    /** Translates one line of the architecture: {@code kind name details…}. */
    private void layer(String[] words) {
      String kind = words[0];
      String name = words[1];
      int from = List.of(words).indexOf("<-");
      if (from >= 0) {
        // A layer that names what it reads: the network is a graph, not the chain read here.
        throw new IllegalArgumentException("layer '" + name + "' of " + model.name()
            + " reads " + words[from + 1] + ": " + model.name() + " is a graph, and ONNX export"
            + " supports networks whose every layer reads the one before it only yet");
      }
      switch (kind) {
        case "input" -> {
          int[] dims = dims(words[2]);
          graph.message(11, valueInfo(name, dims));
          current = name;
          outputSize = product(dims);
        }
        case "flatten" -> {
          node("Flatten", name, List.of(current), name).attribute("axis", 1);
          current = name;
        }
        case "dropout" -> {
          // Inference: the identity, so no node at all.
        }
        case "dense" -> {
          String[] sizes = words[2].split("->");
          int units = Integer.parseInt(sizes[1]);
          List<String> inputs = new ArrayList<>(List.of(current, initializer(name, "kernel")));
          if (words[4].equals("bias")) {
            inputs.add(initializer(name, "bias"));
          }
          activated(name, words[3], linear -> node("Gemm", name, inputs, linear));
          outputSize = units;
        }
        case "batchnorm" -> {
          float epsilon = Float.parseFloat(words[4].substring("epsilon=".length()));
          List<String> inputs = List.of(current, initializer(name, "gamma"),
              initializer(name, "beta"), initializer(name, "moving_mean"),
              initializer(name, "moving_variance"));
          activated(name, words[3],
              linear -> node("BatchNormalization", name, inputs, linear)
                  .attribute("epsilon", epsilon));
        }
        default -> throw new IllegalArgumentException(
            "layer '" + name + "' of " + model.name() + " is a " + kind
                + " layer, which ONNX export does not support yet; supported layer kinds: "
                + String.join(", ", SUPPORTED));
      }
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
        current = name;
        return;
      }
      String pre = name + "/linear";
      linear.into(pre);
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
      current = name;
    }

    /** Adds the weight {@code <layer>.<weight>} as an initializer and returns its name. */
    private String initializer(String layerName, String weight) {
      Layer layer = layers.get(layerName);
      if (layer == null) {
        throw new IllegalStateException(model.name() + " describes a layer '" + layerName
            + "' that layers() does not have");
      }
      TensorView view = layer.weight(weight);
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
