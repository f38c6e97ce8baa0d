package org.dendrite.compiler.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dendrite.compiler.ir.ActivateNode;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.AddNode;
import org.dendrite.compiler.ir.AvgPool2DNode;
import org.dendrite.compiler.ir.BatchNormNode;
import org.dendrite.compiler.ir.ConcatenateNode;
import org.dendrite.compiler.ir.Conv2DNode;
import org.dendrite.compiler.ir.DenseNode;
import org.dendrite.compiler.ir.FlattenNode;
import org.dendrite.compiler.ir.GlobalAvgPool2DNode;
import org.dendrite.compiler.ir.Init;
import org.dendrite.compiler.ir.InputNode;
import org.dendrite.compiler.ir.LayerNode;
import org.dendrite.compiler.ir.LossKind;
import org.dendrite.compiler.ir.MaxPool2DNode;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.ir.Origin;
import org.dendrite.compiler.ir.Padding;
import org.dendrite.compiler.ir.Syntax;
import org.dendrite.compiler.onnx.proto.OnnxProto.AttributeProto;
import org.dendrite.compiler.onnx.proto.OnnxProto.GraphProto;
import org.dendrite.compiler.onnx.proto.OnnxProto.ModelProto;
import org.dendrite.compiler.onnx.proto.OnnxProto.NodeProto;
import org.dendrite.compiler.onnx.proto.OnnxProto.OperatorSetIdProto;
import org.dendrite.compiler.onnx.proto.OnnxProto.TensorProto;
import org.dendrite.compiler.onnx.proto.OnnxProto.TensorShapeProto;
import org.dendrite.compiler.onnx.proto.OnnxProto.ValueInfoProto;

/**
 * Maps an ONNX graph onto the compiler's IR, with the weights in Dendrite's layout.
 *
 * <p>The graph has one input and one output; between them, each node is translated as it comes,
 * in the order ONNX requires (topological), and every value it reads must be the graph's input or
 * an earlier node's output. {@code Gemm}, or {@code MatMul} with an optional {@code Add} of a
 * constant, becomes a Dense layer; {@code Conv} a Conv2D layer; {@code MaxPool}, {@code
 * AveragePool} and {@code GlobalAveragePool} the pooling layers; {@code BatchNormalization} a
 * BatchNorm layer (per feature, or per channel of an image); an activation whose input only it
 * reads becomes the activation of the Dense, Conv2D or BatchNorm layer before it, any other an
 * Activate layer; {@code Add} of two layers' outputs an Add layer (a residual connection) and
 * {@code Concat} a Concatenate layer; {@code Flatten} and a {@code Reshape} to {@code [batch,
 * features]} become a Flatten layer; {@code Dropout} and {@code Identity} vanish (inference).
 * Padding is VALID, SAME, or explicit pads each smaller than the window; a {@code Pad} of an
 * image's height and width with zeros folds into the Conv that reads it, and int64 arithmetic
 * of constants (how PyTorch 1.x computes a Pad's pads) is evaluated ({@link ConstantFolding}).
 * Anything else, and any attribute whose meaning Dendrite's layers do not share (grouped or
 * dilated convolutions, a pad as large as the window, average pooling that counts the padding,
 * a Pad read by anything but a Conv), is an error naming the node, its operator and what is
 * supported, never a class that computes something else.
 *
 * <p>Layers are named by kind and position ({@code dense1}, {@code conv1}, {@code norm1}, …):
 * ONNX node names ({@code /classifier/0/Gemm}) are rarely Java identifiers. Weights are named as
 * in Dendrite's weight files ({@code dense1.kernel}, {@code [inputs, units]}).
 *
 * <p>Layout: a Dense kernel is stored {@code [inputs, units]}; {@code Gemm} with {@code transB=1}
 * (PyTorch's {@code nn.Linear}) stores {@code [units, inputs]} and is transposed. ONNX images
 * are channels-first ({@code [N, C, H, W]}), Dendrite's channels-last: a graph with convolutions
 * or pooling takes its 4-D input as {@code [H, W, C]} samples (the same values as ONNX Runtime's
 * when {@code C = 1}; the caller transposes otherwise), kernels {@code [M, C, FH, FW]} become
 * {@code [FH, FW, C, M]}, a {@code Concat} over channels joins Dendrite's last axis, and the Dense
 * after a Flatten of an image gets its rows reordered (see {@link Layouts}). A graph without them
 * keeps its input's ONNX order, so samples are fed to the generated class as to ONNX Runtime.
 *
 * <p>A graph whose 4-D input is channels-last ({@code [N, H, W, C]}) and transposed to
 * channels-first before its convolutions, and back before its Flatten, as Dendrite's {@code
 * OnnxExport} writes images, imports too: both Transposes are layout changes only, the input stays
 * {@code [H, W, C]} as in the file, and the Dense after the Flatten keeps its rows.
 */
public final class OnnxImporter {
  /** The operator sets of the default domain this importer reads. */
  public static final int MIN_OPSET = 11;
  /** The newest operator set this importer reads. */
  public static final int MAX_OPSET = 21;

  /** The operators this importer translates. */
  public static final List<String> SUPPORTED = List.of("Gemm", "MatMul", "Add", "Conv",
      "MaxPool", "AveragePool", "GlobalAveragePool", "BatchNormalization", "Concat", "Relu",
      "LeakyRelu", "Sigmoid", "Tanh", "Softplus", "Softmax", "Flatten", "Reshape", "Transpose",
      "Pad", "Dropout", "Identity", "Constant");

  /** Transpose of a channels-last image ({@code [N, H, W, C]}) to channels-first. */
  private static final long[] TO_CHANNELS_FIRST = {0, 3, 1, 2};
  /** Transpose of a channels-first image back to channels-last. */
  private static final long[] TO_CHANNELS_LAST = {0, 2, 3, 1};

  /** The operators that make a graph's 4-D input an image, channels-first in ONNX. */
  private static final Set<String> SPATIAL =
      Set.of("Conv", "MaxPool", "AveragePool", "GlobalAveragePool");

  /**
   * An imported network.
   *
   * @param network the IR, ready for the checker and the generator
   * @param weights every trainable and non-trainable tensor by its weight-file name, in layer
   *     order, with Dendrite's layout
   */
  public record Imported(Network network, Map<String, Weight> weights) {}

  /** One tensor's shape and row-major values. */
  public record Weight(int[] shape, float[] values) {}

  /**
   * What an ONNX value is in Dendrite: the output of layer {@code layer}, of per-sample shape
   * {@code dims} (Dendrite's order) and {@code onnx} (ONNX's). An {@code image} is {@code [C, H,
   * W]} in ONNX and {@code [H, W, C]} here; any other value has ONNX's order. {@code
   * channelsFirst} is set on a flat value that is an image flattened channels-last where ONNX
   * flattened it channels-first ({@code [C, H, W]}): the Dense layer reading it reorders its
   * rows; nothing else may read it.
   */
  private record Value(String layer, int[] dims, int[] onnx, int[] channelsFirst,
      boolean image, Pending pending) {
    /** A value as its layer computes it, with no Pad pending. */
    Value(String layer, int[] dims, int[] onnx, int[] channelsFirst, boolean image) {
      this(layer, dims, onnx, channelsFirst, image, null);
    }
  }

  /**
   * The zeros a {@code Pad} node adds around an image, {@code [top, bottom, left, right]}, which
   * the Conv reading its output takes as its own pads; {@code at} names the Pad node.
   */
  private record Pending(int[] pads, String at) {}

  /**
   * A node's padding as Dendrite's layers take it: VALID or SAME, and explicit zeros {@code
   * [top, bottom, left, right]} with VALID (empty: none).
   */
  private record Padded(Padding padding, List<Integer> pads) {
    static final Padded VALID = new Padded(Padding.VALID, List.of());
    static final Padded SAME = new Padded(Padding.SAME, List.of());

    /** Whether any zeros are added to an image of {@code image} pixels. */
    boolean pads(int[] image, int[] window, int[] strides) {
      return padding == Padding.SAME
          ? Arrays.stream(Windows.samePads(image, window, strides)).sum() > 0 : !pads.isEmpty();
    }
  }

  private final String file;
  private final String packageName;
  private final String name;
  private final List<LayerNode> layers = new ArrayList<>();
  private final Map<String, Weight> weights = new LinkedHashMap<>();
  private final Map<String, TensorProto> constants = new HashMap<>();
  private final Map<String, Integer> counters = new HashMap<>();
  /** Each ONNX value read so far by its name. */
  private final Map<String, Value> values = new HashMap<>();
  /** How many node inputs and graph outputs read each value, through Identity and Dropout. */
  private final Map<String, Integer> uses = new HashMap<>();
  /** The outputs of Identity and Dropout nodes, and the value each passes on. */
  private Map<String, String> alias = Map.of();
  private int opset;

  private OnnxImporter(String file, String packageName, String name) {
    this.file = file;
    this.packageName = packageName;
    this.name = name;
  }

  /**
   * Imports {@code model}, read from {@code file} (named in messages), as the network
   * {@code name} of {@code packageName}.
   *
   * @throws OnnxImportException if the model uses an operator, attribute or graph shape that
   *     Dendrite does not translate, or is inconsistent
   */
  public static Imported importModel(ModelProto model, String file, String packageName,
      String name) throws OnnxImportException {
    return new OnnxImporter(file, packageName, name).run(model);
  }

  private Imported run(ModelProto model) throws OnnxImportException {
    opset = opset(model);
    GraphProto graph = model.getGraph();
    for (TensorProto t : graph.getInitializerList()) {
      constants.put(t.getName(), t);
    }
    countUses(graph);
    boolean images = graph.getNodeList().stream().anyMatch(n -> SPATIAL.contains(n.getOpType()));
    input(graph, images);
    for (NodeProto node : graph.getNodeList()) {
      node(node);
    }
    if (graph.getOutputCount() != 1) {
      throw new OnnxImportException(file + ": the graph has " + graph.getOutputCount()
          + " outputs; Dendrite compiles networks with exactly one");
    }
    String output = graph.getOutput(0).getName();
    Value out = values.get(output);
    if (out != null && out.pending() != null) {
      throw new OnnxImportException(out.pending().at() + " pads the graph's output; Dendrite"
          + " folds a Pad only into the Conv that reads it");
    }
    String last = layers.get(layers.size() - 1).name();
    if (out == null || !out.layer().equals(last)) {
      throw new OnnxImportException(file + ": the graph's output '" + output + "' is not the"
          + " value of its last layer ('" + last + "'); Dendrite's output is the last layer's");
    }
    if (out.channelsFirst() != null || out.image() && out.dims()[2] > 1) {
      throw new OnnxImportException(file + ": the graph's output '" + output + "' is an image"
          + " (or a flattened one) in ONNX's channels-first order, which Dendrite's"
          + " channels-last layers do not produce; end the network with a Dense layer");
    }
    Network network = new Network(packageName, name, Network.GENERATED_PREFIX + name,
        Optional.empty(), loss(), layers, Set.of(), Syntax.NN, Origin.of(file));
    for (int i = 0; i < layers.size() - 1; i++) {
      if (network.readers(i).isEmpty()) {
        throw new OnnxImportException(layers.get(i).origin().describe() + ": its output leads"
            + " nowhere (no later node reads it, and it is not the graph's output); Dendrite"
            + " compiles graphs whose every layer leads to the output");
      }
    }
    return new Imported(network, weights);
  }

  /**
   * Counts the readers of every value, looking through {@code Identity} and {@code Dropout} (their
   * readers are their input's): an activation fuses into the layer before it only if it is that
   * layer's one reader.
   */
  private void countUses(GraphProto graph) {
    Map<String, String> alias = new HashMap<>();
    for (NodeProto node : graph.getNodeList()) {
      boolean passes = node.getOpType().equals("Identity") || node.getOpType().equals("Dropout");
      if (passes && node.getInputCount() > 0 && node.getOutputCount() > 0) {
        alias.put(node.getOutput(0), alias.getOrDefault(node.getInput(0), node.getInput(0)));
      }
    }
    for (NodeProto node : graph.getNodeList()) {
      boolean passes = node.getOpType().equals("Identity") || node.getOpType().equals("Dropout");
      for (int i = 0; i < node.getInputCount(); i++) {
        if (!(passes && i == 0) && !node.getInput(i).isEmpty()) {
          uses.merge(alias.getOrDefault(node.getInput(i), node.getInput(i)), 1, Integer::sum);
        }
      }
      for (int i = 1; i < node.getOutputCount(); i++) {
        uses.putIfAbsent(node.getOutput(i), 0);
      }
    }
    for (ValueInfoProto out : graph.getOutputList()) {
      uses.merge(alias.getOrDefault(out.getName(), out.getName()), 1, Integer::sum);
    }
    this.alias = alias;
  }

  /** How many readers the value {@code name} has (through Identity and Dropout). */
  private int readers(String name) {
    return uses.getOrDefault(alias.getOrDefault(name, name), 0);
  }

  /** The default domain's operator set, which must be one this importer knows. */
  private int opset(ModelProto model) throws OnnxImportException {
    for (OperatorSetIdProto id : model.getOpsetImportList()) {
      if (id.getDomain().isEmpty() || id.getDomain().equals("ai.onnx")) {
        long v = id.getVersion();
        if (v < MIN_OPSET || v > MAX_OPSET) {
          throw new OnnxImportException(file + ": the model uses ONNX opset " + v + "; Dendrite"
              + " imports opsets " + MIN_OPSET + " to " + MAX_OPSET + " (re-export it with"
              + " torch.onnx.export(..., opset_version=17), or convert it with"
              + " onnx.version_converter)");
        }
        return (int) v;
      }
    }
    throw new OnnxImportException(file + ": the model imports no opset of the default ONNX"
        + " domain; is it an ONNX model?");
  }

  /**
   * The one graph input that is not an initializer: {@code [batch, features…]} floats; with
   * {@code images}, a 4-D input is {@code [batch, C, H, W]} and becomes {@code [H, W, C]}.
   */
  private void input(GraphProto graph, boolean images) throws OnnxImportException {
    List<ValueInfoProto> inputs = graph.getInputList().stream()
        .filter(v -> !constants.containsKey(v.getName())).toList();
    if (inputs.size() != 1) {
      throw new OnnxImportException(file + ": the graph has " + inputs.size() + " inputs ("
          + inputs.stream().map(ValueInfoProto::getName).toList() + "); Dendrite compiles"
          + " networks with exactly one");
    }
    ValueInfoProto in = inputs.get(0);
    if (!in.getType().hasTensorType()
        || in.getType().getTensorType().getElemType() != TensorProto.DataType.FLOAT_VALUE) {
      throw new OnnxImportException(file + ": input '" + in.getName() + "' is not a float32"
          + " tensor");
    }
    List<TensorShapeProto.Dimension> dims = in.getType().getTensorType().getShape().getDimList();
    if (dims.size() < 2) {
      throw new OnnxImportException(file + ": input '" + in.getName() + "' has " + dims.size()
          + " dimensions; Dendrite expects [batch, features…]");
    }
    int[] shape = new int[dims.size() - 1];
    for (int i = 1; i < dims.size(); i++) {
      TensorShapeProto.Dimension d = dims.get(i);
      if (!d.hasDimValue() || d.getDimValue() < 1 || d.getDimValue() > Integer.MAX_VALUE) {
        throw new OnnxImportException(file + ": dimension " + i + " of input '" + in.getName()
            + "' is " + (d.hasDimParam() ? "symbolic ('" + d.getDimParam() + "')" : "unknown")
            + "; only the batch dimension may vary: export with a fixed sample shape");
      }
      shape[i - 1] = (int) d.getDimValue();
    }
    // Channels-last already when every reader transposes it to channels-first (Dendrite's export).
    List<NodeProto> readers = graph.getNodeList().stream()
        .filter(n -> n.getInputList().contains(in.getName())).toList();
    boolean channelsLast = !readers.isEmpty() && readers.stream().allMatch(n -> n.getOpType()
        .equals("Transpose") && Arrays.equals(ints(n, "perm", null), TO_CHANNELS_FIRST));
    boolean image = images && shape.length == 3 && !channelsLast;
    int[] ours = image ? channelsLast(shape) : shape;
    layers.add(new InputNode("input", boxed(ours), origin("input '" + in.getName() + "'")));
    values.put(in.getName(), new Value("input", ours, shape, null, image));
  }

  /** {@code [C, H, W]} as {@code [H, W, C]}. */
  private static int[] channelsLast(int[] chw) {
    return new int[] {chw[1], chw[2], chw[0]};
  }

  private static List<Integer> boxed(int[] dims) {
    List<Integer> list = new ArrayList<>();
    for (int d : dims) {
      list.add(d);
    }
    return list;
  }

  /** Adds {@code layer} and returns its output: {@code dims} here, {@code onnx} in ONNX. */
  private Value add(LayerNode layer, int[] dims, int[] onnx, int[] channelsFirst,
      boolean image) {
    layers.add(layer);
    return new Value(layer.name(), dims, onnx, channelsFirst, image);
  }

  /**
   * What a new layer reading {@code v} declares as its inputs: none when {@code v} is the last
   * layer's output (a stack's layers read the one before them), else that layer's name.
   */
  private List<String> from(Value v) {
    return v.layer().equals(layers.get(layers.size() - 1).name()) ? List.of() : List.of(v.layer());
  }

  private void node(NodeProto node) throws OnnxImportException {
    String op = node.getOpType();
    if (!node.getDomain().isEmpty() && !node.getDomain().equals("ai.onnx")) {
      throw unsupported(node);
    }
    if (op.equals("Constant")) {
      constant(node);
      return;
    }
    if (ConstantFolding.OPERATORS.contains(op)) {
      List<TensorProto> inputs = constantInputs(node);
      if (inputs != null && ConstantFolding.folds(node, inputs)) {
        constants.put(node.getOutput(0), ConstantFolding.fold(node, inputs, at(node)));
        return;
      }
    }
    if (!SUPPORTED.contains(op)) {
      throw unsupported(node);
    }
    if (node.getInputCount() == 0 || node.getInput(0).isEmpty()) {
      throw new OnnxImportException(at(node) + " has no input");
    }
    if (node.getOutputCount() == 0 || node.getOutput(0).isEmpty()) {
      throw new OnnxImportException(at(node) + " has no output");
    }
    for (int i = 1; i < node.getOutputCount(); i++) {
      if (!node.getOutput(i).isEmpty() && uses.containsKey(node.getOutput(i))) {
        throw new OnnxImportException(at(node) + ": its output '" + node.getOutput(i)
            + "' is used, but Dendrite keeps only a node's first output");
      }
    }
    Value out = switch (op) {
      case "Identity" -> read(node, 0);
      case "Dropout" -> dropout(node);
      case "Flatten" -> flatten(node, intAttribute(node, "axis", 1));
      case "Reshape" -> reshape(node);
      case "Transpose" -> transpose(node);
      case "Gemm" -> gemm(node);
      case "MatMul" -> matMul(node);
      case "Add" -> add(node);
      case "Concat" -> concat(node);
      case "BatchNormalization" -> batchNorm(node);
      case "Conv" -> conv(node);
      case "Pad" -> pad(node);
      case "MaxPool", "AveragePool" -> pool(node);
      case "GlobalAveragePool" -> globalAveragePool(node);
      default -> activation(node);
    };
    values.put(node.getOutput(0), out);
  }

  /**
   * The value input {@code index} of {@code node} reads: the graph's input or a node's output
   * before it (ONNX orders nodes so); a constant or an unknown name is an error.
   */
  private Value read(NodeProto node, int index) throws OnnxImportException {
    Value v = readPadded(node, index);
    if (v.pending() != null) {
      throw new OnnxImportException(v.pending().at() + " pads the input of " + describe(node)
          + "; Dendrite folds a Pad (constant zeros around an image's height and width) only"
          + " into a Conv that reads it: a pooling or another operator would take its zeros for"
          + " values");
    }
    return v;
  }

  /** {@link #read}, but a Pad's output as well (for a Conv, which folds the Pad). */
  private Value readPadded(NodeProto node, int index) throws OnnxImportException {
    String name = node.getInputCount() > index ? node.getInput(index) : "";
    Value v = values.get(name);
    if (v == null) {
      throw new OnnxImportException(at(node) + " reads '" + name + "', which "
          + (constants.containsKey(name) ? "is a constant; Dendrite imports layers of the"
              + " graph's input" : "is neither the graph's input nor an earlier node's output"));
    }
    return v;
  }

  /** The inputs of {@code node} if each is a constant (null where absent); else null. */
  private List<TensorProto> constantInputs(NodeProto node) {
    List<TensorProto> inputs = new ArrayList<>();
    for (String input : node.getInputList()) {
      if (input.isEmpty()) {
        inputs.add(null);
      } else if (constants.containsKey(input)) {
        inputs.add(constants.get(input));
      } else {
        return null;
      }
    }
    return inputs;
  }

  private Value dropout(NodeProto node) throws OnnxImportException {
    if (node.getInputCount() > 2 && constants.containsKey(node.getInput(2))) {
      long[] training = Tensors.longs(constants.get(node.getInput(2)), at(node));
      if (training.length == 1 && training[0] != 0) {
        throw new OnnxImportException(at(node) + " runs in training mode; export the model"
            + " in evaluation mode (model.eval())");
      }
    }
    return read(node, 0);
  }

  private void constant(NodeProto node) throws OnnxImportException {
    for (AttributeProto a : node.getAttributeList()) {
      if (a.getName().equals("value") && a.hasT()) {
        constants.put(node.getOutput(0), a.getT());
        return;
      }
    }
    throw new OnnxImportException(at(node) + " is a Constant without a tensor 'value'; Dendrite"
        + " reads tensor constants only");
  }

  private Value flatten(NodeProto node, long axis) throws OnnxImportException {
    if (axis != 1) {
      throw new OnnxImportException(at(node) + " flattens from axis " + axis + "; Dendrite"
          + " imports Flatten with axis 1 (every sample to one vector)");
    }
    return addFlatten(node, read(node, 0));
  }

  /**
   * A Reshape to {@code [batch, features]}: a Flatten by another name; or, of the graph's flat
   * input straight away, to {@code [batch, 1, H, W]}: an image of one channel, whose values are
   * in the same order channels-first and channels-last (how the peers' CNNs take 784 pixels).
   */
  private Value reshape(NodeProto node) throws OnnxImportException {
    Value in = read(node, 0);
    TensorProto target = node.getInputCount() == 2 ? constants.get(node.getInput(1)) : null;
    if (target == null) {
      throw new OnnxImportException(at(node) + " reshapes to a shape computed at run time;"
          + " Dendrite imports Reshape to a constant [batch, features] (a flatten)");
    }
    long[] to = Tensors.longs(target, at(node) + "'s shape");
    int features = size(in.onnx());
    boolean flattens = to.length == 2 && (to[0] == -1 || to[0] == 0)
        && (to[1] == -1 || to[1] == features) && !(to[0] == -1 && to[1] == -1);
    if (flattens) {
      return addFlatten(node, in);
    }
    boolean toImage = to.length == 4 && (to[0] == -1 || to[0] == 0) && to[1] == 1 && to[2] > 0
        && to[3] > 0 && to[2] * to[3] == features;
    if (toImage && in.layer().equals("input") && layers.size() == 1 && in.dims().length == 1) {
      int[] image = {(int) to[2], (int) to[3], 1};
      layers.set(0, new InputNode("input", boxed(image), layers.get(0).origin()));
      return new Value("input", image, new int[] {1, image[0], image[1]}, null, true);
    }
    throw new OnnxImportException(at(node) + " reshapes [batch, " + join(in.onnx()) + "] to "
        + Arrays.toString(to) + "; Dendrite imports Reshape only as a flatten to [-1, "
        + features + "] or [0, -1], or of the graph's input to one channel, [-1, 1, H, W]");
  }

  /**
   * A Transpose between a channels-last and a channels-first image: no layer, the same values in
   * Dendrite, only the order ONNX sees them in changes (so a later Flatten of the channels-last
   * one needs no reordered rows).
   */
  private Value transpose(NodeProto node) throws OnnxImportException {
    Value in = read(node, 0);
    long[] perm = ints(node, "perm", null);
    int[] d = in.dims();
    if (d.length == 3 && in.channelsFirst() == null) {
      if (!in.image() && Arrays.equals(perm, TO_CHANNELS_FIRST)) {
        return new Value(in.layer(), d, new int[] {d[2], d[0], d[1]}, null, true);
      }
      if (in.image() && Arrays.equals(perm, TO_CHANNELS_LAST)) {
        return new Value(in.layer(), d, d.clone(), null, false);
      }
    }
    throw new OnnxImportException(at(node) + " permutes [batch, " + join(in.onnx()) + "] by "
        + (perm == null ? "reversing its axes" : Arrays.toString(perm)) + "; Dendrite imports"
        + " Transpose only between images: [0, 3, 1, 2] of a channels-last [batch, H, W, C] and"
        + " [0, 2, 3, 1] of a channels-first [batch, C, H, W] (as Dendrite's ONNX export writes"
        + " them)");
  }

  private Value addFlatten(NodeProto node, Value in) throws OnnxImportException {
    if (in.channelsFirst() != null) {
      return in; // already flat
    }
    int[] onnx = {size(in.onnx())};
    if (in.dims().length == 1) {
      return new Value(in.layer(), in.dims(), onnx, null, false); // flat (a global pooling's)
    }
    // An image flattens channels-last here and channels-first in ONNX: the Dense layer reading
    // it reorders its rows (unless one channel or one pixel makes both orders the same).
    int[] chw = in.image() && in.dims()[2] > 1 && in.dims()[0] * in.dims()[1] > 1
        ? in.onnx() : null;
    return add(new FlattenNode(next("flatten"), origin(node), from(in)), onnx, onnx, chw, false);
  }

  private Value gemm(NodeProto node) throws OnnxImportException {
    if (intAttribute(node, "transA", 0) != 0) {
      throw new OnnxImportException(at(node) + " transposes its input (transA = 1); Dendrite"
          + " imports Gemm of [batch, features] inputs");
    }
    Value in = read(node, 0);
    boolean transB = intAttribute(node, "transB", 0) != 0;
    float alpha = floatAttribute(node, "alpha", 1f);
    float beta = floatAttribute(node, "beta", 1f);
    int inputs = features(node, in);
    float[] kernel = kernel(node, 1, transB, in, alpha);
    int units = kernel.length / inputs;
    float[] bias = null;
    if (node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
      bias = bias(node, node.getInput(2), units, beta);
    }
    return addDense(node, in, next("dense"), inputs, units, kernel, bias);
  }

  private Value matMul(NodeProto node) throws OnnxImportException {
    Value in = read(node, 0);
    int inputs = features(node, in);
    float[] kernel = kernel(node, 1, false, in, 1f);
    return addDense(node, in, next("dense"), inputs, kernel.length / inputs, kernel, null);
  }

  /**
   * {@code Add}: of a constant to a MatMul's product whose only reader it is, that Dense layer's
   * bias; of two layers' outputs of one shape, an Add layer (a residual connection).
   */
  private Value add(NodeProto node) throws OnnxImportException {
    if (node.getInputCount() != 2) {
      throw new OnnxImportException(at(node) + " has " + node.getInputCount() + " inputs;"
          + " expected 2");
    }
    int constant = constants.containsKey(node.getInput(0)) ? 0
        : constants.containsKey(node.getInput(1)) ? 1 : -1;
    if (constant >= 0) {
      Value in = read(node, 1 - constant);
      int index = indexOf(in.layer());
      if (!(layers.get(index) instanceof DenseNode dense) || dense.useBias()
          || dense.activation() != Activation.LINEAR
          || readers(node.getInput(1 - constant)) != 1) {
        throw new OnnxImportException(at(node) + " adds a constant to something other than a"
            + " MatMul's product; Dendrite imports Add of a constant as a MatMul's bias, and"
            + " Add of two layers' outputs as a residual connection");
      }
      float[] bias = bias(node, node.getInput(constant), dense.units(), 1f);
      layers.set(index, new DenseNode(dense.name(), dense.units(), dense.activation(), true,
          dense.init(), dense.alpha(), dense.l1(), dense.l2(), dense.origin(), dense.inputs()));
      weights.put(dense.name() + ".bias", new Weight(new int[] {dense.units()}, bias));
      return in;
    }
    Value a = read(node, 0);
    Value b = read(node, 1);
    if (!Arrays.equals(a.onnx(), b.onnx()) || !Arrays.equals(a.channelsFirst(),
        b.channelsFirst()) || a.image() != b.image()) {
      throw new OnnxImportException(at(node) + " adds [batch, " + join(a.onnx()) + "] and"
          + " [batch, " + join(b.onnx()) + "]; Dendrite adds values of one shape (no"
          + " broadcasting)");
    }
    return add(new AddNode(next("add"), List.of(a.layer(), b.layer()), origin(node)), a.dims(),
        a.onnx(), a.channelsFirst(), a.image());
  }

  /** {@code Concat} of layers' outputs along one axis; an image's channel axis is Dendrite's last. */
  private Value concat(NodeProto node) throws OnnxImportException {
    if (node.getInputCount() < 2) {
      throw new OnnxImportException(at(node) + " joins " + node.getInputCount() + " value;"
          + " Dendrite's Concatenate joins two or more");
    }
    List<Value> in = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < node.getInputCount(); i++) {
      Value v = read(node, i);
      if (v.channelsFirst() != null) {
        throw new OnnxImportException(at(node) + " joins a flattened image; Dendrite flattens"
            + " images channels-last, so the joined order would differ from ONNX's: join"
            + " before the Flatten");
      }
      if (!in.isEmpty() && v.image() != in.get(0).image()) {
        throw new OnnxImportException(at(node) + " joins a channels-first and a channels-last"
            + " image; Dendrite joins images of one layout: transpose them alike");
      }
      in.add(v);
      names.add(v.layer());
    }
    int rank = in.get(0).onnx().length + 1;
    long axis = intAttribute(node, "axis", Long.MIN_VALUE);
    long resolved = axis < 0 ? axis + rank : axis;
    if (axis == Long.MIN_VALUE || resolved < 1 || resolved >= rank) {
      throw new OnnxImportException(at(node) + " joins along axis "
          + (axis == Long.MIN_VALUE ? "(none given)" : axis) + " of a [batch, "
          + join(in.get(0).onnx()) + "] tensor; Dendrite joins samples along one of their own"
          + " axes (1 to " + (rank - 1) + ")");
    }
    // Dendrite's axis: ONNX's minus the batch; for an image, C H W are Dendrite's 2 0 1.
    int ours = in.get(0).image() ? new int[] {2, 0, 1}[(int) resolved - 1] : (int) resolved - 1;
    int[] dims = in.get(0).dims().clone();
    int[] onnx = in.get(0).onnx().clone();
    for (int i = 1; i < in.size(); i++) {
      Value v = in.get(i);
      for (int d = 0; d < dims.length; d++) {
        if (v.dims().length != dims.length || d != ours && v.dims()[d] != dims[d]) {
          throw new OnnxImportException(at(node) + " joins [batch, " + join(in.get(0).onnx())
              + "] and [batch, " + join(v.onnx()) + "] along axis " + resolved + "; their"
              + " other dimensions must agree");
        }
      }
      dims[ours] += v.dims()[ours];
      onnx[(int) resolved - 1] += v.onnx()[(int) resolved - 1];
    }
    int declared = ours == dims.length - 1 ? -1 : ours;
    return add(new ConcatenateNode(next("concat"), names, declared, origin(node)), dims, onnx,
        null, in.get(0).image());
  }

  private Value addDense(NodeProto node, Value in, String layer, int inputs, int units,
      float[] kernel, float[] bias) {
    DenseNode dense = new DenseNode(layer, units, Activation.LINEAR, bias != null, Init.AUTO,
        DenseNode.DEFAULT_ALPHA, 0f, 0f, origin(node), from(in));
    weights.put(layer + ".kernel", new Weight(new int[] {inputs, units}, kernel));
    if (bias != null) {
      weights.put(layer + ".bias", new Weight(new int[] {units}, bias));
    }
    return add(dense, new int[] {units}, new int[] {units}, null, false);
  }

  /** The features of a flat input, which a Dense layer needs. */
  private int features(NodeProto node, Value in) throws OnnxImportException {
    if (in.onnx().length != 1) {
      throw new OnnxImportException(at(node) + " multiplies a [batch, " + join(in.onnx())
          + "] tensor; Dendrite's Dense layers take [batch, features]: flatten first");
    }
    return in.onnx()[0];
  }

  /**
   * The weight matrix of input {@code index} as {@code [inputs, units]}, scaled by
   * {@code alpha}; {@code transposed} if ONNX stores it {@code [units, inputs]}; its rows
   * reordered if {@code in} is an image flattened channels-first in ONNX.
   */
  private float[] kernel(NodeProto node, int index, boolean transposed, Value in, float alpha)
      throws OnnxImportException {
    int inputs = in.onnx()[0];
    TensorProto t = node.getInputCount() > index ? constants.get(node.getInput(index)) : null;
    if (t == null) {
      throw new OnnxImportException(at(node) + " multiplies by '" + node.getInput(index)
          + "', which is not a constant; Dendrite imports weights stored in the model");
    }
    String what = at(node) + "'s weight '" + t.getName() + "'";
    long[] dims = Tensors.dims(t, what);
    long rows = transposed ? dims.length == 2 ? dims[1] : -1 : dims.length == 2 ? dims[0] : -1;
    if (dims.length != 2 || rows != inputs || dims[transposed ? 0 : 1] < 1) {
      throw new OnnxImportException(what + " is " + Arrays.toString(dims)
          + " but its input has " + inputs + " features; expected "
          + (transposed ? "[units, " + inputs + "]" : "[" + inputs + ", units]"));
    }
    float[] w = Tensors.floats(t, what);
    int units = (int) dims[transposed ? 0 : 1];
    float[] kernel = transposed ? Layouts.transpose(w, units, inputs) : w;
    if (alpha != 1f) {
      for (int i = 0; i < kernel.length; i++) {
        kernel[i] *= alpha;
      }
    }
    int[] chw = in.channelsFirst();
    return chw == null ? kernel
        : Layouts.channelsFirstRowsToChannelsLast(kernel, chw[0], chw[1], chw[2], units);
  }

  /** A bias of {@code units} values (or one value broadcast), scaled by {@code beta}. */
  private float[] bias(NodeProto node, String name, int units, float beta)
      throws OnnxImportException {
    TensorProto t = constants.get(name);
    if (t == null) {
      throw new OnnxImportException(at(node) + " adds '" + name + "', which is not a constant;"
          + " Dendrite imports biases stored in the model");
    }
    String what = at(node) + "'s bias '" + name + "'";
    float[] b = Tensors.floats(t, what);
    long[] dims = Tensors.dims(t, what);
    boolean perUnit = b.length == units && (dims.length == 1 || dims.length == 2 && dims[0] == 1);
    if (!perUnit && b.length != 1) {
      throw new OnnxImportException(what + " is " + Arrays.toString(dims)
          + "; expected [" + units + "] (one per unit)");
    }
    float[] bias = new float[units];
    for (int i = 0; i < units; i++) {
      bias[i] = beta * b[perUnit ? i : 0];
    }
    return bias;
  }

  /** Per feature of a flat input, per channel of an image (Dendrite's last axis, ONNX's first). */
  private Value batchNorm(NodeProto node) throws OnnxImportException {
    if (intAttribute(node, "training_mode", 0) != 0 || node.getOutputCount() > 1
        && used(node)) {
      throw new OnnxImportException(at(node) + " runs in training mode; export the model in"
          + " evaluation mode (model.eval())");
    }
    Value in = read(node, 0);
    if (in.onnx().length != 1 && !in.image()) {
      throw new OnnxImportException(at(node) + " normalises a [batch, " + join(in.onnx())
          + "] tensor; Dendrite imports BatchNormalization of [batch, features] and of images"
          + " [batch, C, H, W] (per channel)");
    }
    int features = in.dims()[in.dims().length - 1];
    String layer = next("norm");
    String[] names = {"gamma", "beta", "moving_mean", "moving_variance"};
    if (node.getInputCount() != 5) {
      throw new OnnxImportException(at(node) + " has " + node.getInputCount() + " inputs;"
          + " expected X, scale, B, mean and var");
    }
    for (int i = 0; i < 4; i++) {
      TensorProto t = constants.get(node.getInput(i + 1));
      if (t == null) {
        throw new OnnxImportException(at(node) + "'s " + names[i] + " '" + node.getInput(i + 1)
            + "' is not a constant");
      }
      float[] v = Tensors.floats(t, at(node) + "'s " + names[i] + " '" + t.getName() + "'");
      if (v.length != features) {
        throw new OnnxImportException(at(node) + "'s " + names[i] + " '" + t.getName()
            + "' has " + v.length + " values for " + features
            + (in.image() ? " channels" : " features"));
      }
      weights.put(layer + "." + names[i], new Weight(new int[] {features}, v));
    }
    float epsilon = floatAttribute(node, "epsilon", 1e-5f);
    float momentum = floatAttribute(node, "momentum", 0.9f);
    return add(new BatchNormNode(layer, momentum, epsilon, Activation.LINEAR,
        DenseNode.DEFAULT_ALPHA, origin(node), from(in)), in.dims(), in.onnx(),
        in.channelsFirst(), in.image());
  }

  private boolean used(NodeProto node) {
    for (int i = 1; i < node.getOutputCount(); i++) {
      if (!node.getOutput(i).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code Conv} of an image: 2-D, one group, no dilation, padding VALID, SAME or explicit pads
   * smaller than the kernel (with those of a Pad node before it); the kernel {@code [M, C, FH,
   * FW]} becomes Dendrite's {@code [FH, FW, C, M]}.
   */
  private Value conv(NodeProto node) throws OnnxImportException {
    Value in = image(node, true);
    if (intAttribute(node, "group", 1) != 1) {
      throw new OnnxImportException(at(node) + " is a grouped convolution (group = "
          + intAttribute(node, "group", 1) + "); Dendrite imports Conv with group = 1 only");
    }
    int channels = in.dims()[2];
    TensorProto t = node.getInputCount() > 1 ? constants.get(node.getInput(1)) : null;
    if (t == null) {
      throw new OnnxImportException(at(node) + " convolves with '"
          + (node.getInputCount() > 1 ? node.getInput(1) : "") + "', which is not a constant;"
          + " Dendrite imports weights stored in the model");
    }
    String what = at(node) + "'s weight '" + t.getName() + "'";
    long[] w = Tensors.dims(t, what);
    if (w.length != 4 || w[1] != channels || w[0] < 1 || w[2] < 1 || w[3] < 1) {
      throw new OnnxImportException(what + " is " + Arrays.toString(w) + " but its input has "
          + channels + " channels; expected [filters, " + channels + ", height, width]");
    }
    int filters = (int) w[0];
    int[] window = {(int) w[2], (int) w[3]};
    long[] declared = ints(node, "kernel_shape", null);
    if (declared != null && (declared.length != 2 || declared[0] != window[0]
        || declared[1] != window[1])) {
      throw new OnnxImportException(at(node) + " declares kernel_shape "
          + Arrays.toString(declared) + " for a weight of " + Arrays.toString(w));
    }
    int[] strides = strides(node, new int[] {1, 1});
    Padded padding = in.pending() == null ? padding(node, in.dims(), in.onnx(), window, strides)
        : withPad(node, in, window, strides);
    float[] kernel = Layouts.filtersFirstToLast(Tensors.floats(t, what), filters, channels,
        window[0], window[1]);
    float[] bias = null;
    if (node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
      bias = bias(node, node.getInput(2), filters, 1f);
    }
    String layer = next("conv");
    Conv2DNode conv = new Conv2DNode(layer, filters, List.of(window[0], window[1]),
        List.of(strides[0], strides[1]), padding.padding(), padding.pads(), Activation.LINEAR,
        bias != null, Init.AUTO,
        DenseNode.DEFAULT_ALPHA, 0f, 0f, origin(node), from(in));
    weights.put(layer + ".kernel", new Weight(new int[] {window[0], window[1], channels,
        filters}, kernel));
    if (bias != null) {
      weights.put(layer + ".bias", new Weight(new int[] {filters}, bias));
    }
    int[] out = fits(node, in, window, strides, padding, filters);
    return add(conv, out, new int[] {filters, out[0], out[1]}, null, true);
  }

  /**
   * {@code MaxPool} and {@code AveragePool}: no dilation, padding VALID, SAME or explicit, {@code
   * ceil_mode} only where it gives floor's size; an average that counts the padding
   * ({@code count_include_pad = 1}) only where there is none (Dendrite's averages count the
   * values inside the image, as ONNX's default does).
   */
  private Value pool(NodeProto node) throws OnnxImportException {
    Value in = image(node, false);
    boolean max = node.getOpType().equals("MaxPool");
    long[] kernel = ints(node, "kernel_shape", null);
    if (kernel == null || kernel.length != 2 || kernel[0] < 1 || kernel[1] < 1
        || kernel[0] > Integer.MAX_VALUE || kernel[1] > Integer.MAX_VALUE) {
      throw new OnnxImportException(at(node) + " has kernel_shape "
          + (kernel == null ? "(none)" : Arrays.toString(kernel)) + "; expected two positive"
          + " sizes (2-D pooling)");
    }
    int[] window = {(int) kernel[0], (int) kernel[1]};
    int[] strides = strides(node, new int[] {1, 1});
    Padded padding = padding(node, in.dims(), in.onnx(), window, strides);
    if (intAttribute(node, "ceil_mode", 0) != 0
        && stringAttribute(node, "auto_pad", "NOTSET").equals("NOTSET")) {
      int[] ceil = Windows.ceilOutput(in.dims(), window, strides, pads(node));
      int[] floor = Windows.output(in.dims(), window, strides, padding.padding(),
          padding.pads(), in.dims()[2]);
      if (ceil == null || ceil[0] != floor[0] || ceil[1] != floor[1]) {
        throw new OnnxImportException(at(node) + " rounds its output size up (ceil_mode = 1),"
            + " which here adds a window past the image's end; Dendrite imports "
            + node.getOpType() + " with ceil_mode = 0, or 1 where both give the same size");
      }
    }
    if (!max && intAttribute(node, "count_include_pad", 0) != 0
        && padding.pads(in.dims(), window, strides)) {
      throw new OnnxImportException(at(node) + " counts the padding in its averages"
          + " (count_include_pad = 1); Dendrite's average pooling divides by the values inside"
          + " the image: export with count_include_pad=False, or without padding");
    }
    String layer = next(max ? "maxpool" : "avgpool");
    List<Integer> pool = List.of(window[0], window[1]);
    List<Integer> steps = List.of(strides[0], strides[1]);
    LayerNode node2 = max
        ? new MaxPool2DNode(layer, pool, steps, padding.padding(), padding.pads(), origin(node),
            from(in))
        : new AvgPool2DNode(layer, pool, steps, padding.padding(), padding.pads(), origin(node),
            from(in));
    int[] out = fits(node, in, window, strides, padding, in.dims()[2]);
    return add(node2, out, new int[] {out[2], out[0], out[1]}, null, true);
  }

  /** The output {@code [OH, OW, channels]}, which must have pixels: the window fits. */
  private int[] fits(NodeProto node, Value in, int[] window, int[] strides, Padded padding,
      int channels) throws OnnxImportException {
    int[] out = Windows.output(in.dims(), window, strides, padding.padding(), padding.pads(),
        channels);
    if (out[0] < 1 || out[1] < 1) {
      throw new OnnxImportException(at(node) + "'s " + window[0] + "x" + window[1] + " window"
          + " does not fit its " + in.dims()[0] + "x" + in.dims()[1] + " image");
    }
    return out;
  }

  /** [C, H, W] to the C channels' means, [C, 1, 1] in ONNX, [C] in Dendrite. */
  private Value globalAveragePool(NodeProto node) throws OnnxImportException {
    Value in = image(node, false);
    int c = in.dims()[2];
    return add(new GlobalAvgPool2DNode(next("gap"), origin(node), from(in)), new int[] {c},
        new int[] {c, 1, 1}, null, false);
  }

  /**
   * The image a convolution or pooling reads, with its dilations 1; a Pad node's output only if
   * {@code padded} (a Conv).
   */
  private Value image(NodeProto node, boolean padded) throws OnnxImportException {
    Value in = padded ? readPadded(node, 0) : read(node, 0);
    if (!in.image()) {
      throw new OnnxImportException(at(node) + " reads a [batch, " + join(in.onnx())
          + "] tensor; Dendrite's " + node.getOpType() + " takes images [batch, C, H, W]");
    }
    long[] dilations = ints(node, "dilations", null);
    if (dilations != null) {
      for (long d : dilations) {
        if (d != 1) {
          throw new OnnxImportException(at(node) + " is dilated (dilations = "
              + Arrays.toString(dilations) + "); Dendrite imports " + node.getOpType()
              + " with dilations = [1, 1] only");
        }
      }
    }
    return in;
  }

  private int[] strides(NodeProto node, int[] fallback) throws OnnxImportException {
    long[] s = ints(node, "strides", null);
    if (s == null) {
      return fallback;
    }
    if (s.length != 2 || s[0] < 1 || s[1] < 1 || s[0] > Integer.MAX_VALUE
        || s[1] > Integer.MAX_VALUE) {
      throw new OnnxImportException(at(node) + " has strides " + Arrays.toString(s)
          + "; expected two positive steps (2-D)");
    }
    return new int[] {(int) s[0], (int) s[1]};
  }

  /** The {@code pads} attribute, {@code [top, left, bottom, right]}; zeros if absent. */
  private long[] pads(NodeProto node) {
    long[] p = ints(node, "pads", null);
    return p == null ? new long[4] : p;
  }

  /**
   * The Dendrite padding that pads {@code image} ({@code [H, W, C]}, {@code onnx} as ONNX sees
   * it) as {@code node} does: VALID for none, SAME for TensorFlow's ({@code auto_pad =
   * SAME_UPPER}, or explicit pads that equal it for this input: the odd one after), explicit
   * pads otherwise ({@code SAME_LOWER}'s odd one first among them); a pad that is negative or
   * not smaller than the window is refused.
   */
  private Padded padding(NodeProto node, int[] image, int[] onnx, int[] window, int[] strides)
      throws OnnxImportException {
    String auto = stringAttribute(node, "auto_pad", "NOTSET");
    int[] same = Windows.samePads(image, window, strides);
    boolean even = same[0] == same[2] && same[1] == same[3];
    switch (auto) {
      case "VALID":
        return Padded.VALID;
      case "SAME_UPPER":
        return Padded.SAME;
      case "SAME_LOWER":
        return even ? Padded.SAME
            : explicit(node, onnx, window, new long[] {same[2], same[3], same[0], same[1]});
      case "NOTSET":
        break;
      default:
        throw new OnnxImportException(at(node) + " has auto_pad '" + auto + "'; expected"
            + " NOTSET, VALID, SAME_UPPER or SAME_LOWER");
    }
    long[] pads = pads(node);
    if (pads.length != 4) {
      throw new OnnxImportException(at(node) + " has pads " + Arrays.toString(pads)
          + "; expected [top, left, bottom, right]");
    }
    if (Arrays.stream(pads).allMatch(p -> p == 0)) {
      return Padded.VALID;
    }
    if (pads[0] == same[0] && pads[1] == same[1] && pads[2] == same[2] && pads[3] == same[3]) {
      return Padded.SAME;
    }
    return explicit(node, onnx, window, pads);
  }

  /**
   * ONNX's pads {@code [top, left, bottom, right]} as Dendrite's explicit ones, {@code [top,
   * bottom, left, right]}: each from 0 to one less than the window along its axis.
   */
  private Padded explicit(NodeProto node, int[] onnx, int[] window, long[] pads)
      throws OnnxImportException {
    for (int i = 0; i < 4; i++) {
      if (pads[i] < 0 || pads[i] >= window[i % 2]) {
        throw new OnnxImportException(at(node) + " pads " + Arrays.toString(pads) + " ([top,"
            + " left, bottom, right]) a [" + join(onnx) + "] image with a " + window[0] + "x"
            + window[1] + " window; Dendrite imports pads from 0 to one less than the window"
            + " along their axis (a larger pad makes windows of zeros only, a negative one"
            + " crops), or auto_pad VALID, SAME_UPPER or SAME_LOWER");
      }
    }
    return new Padded(Padding.VALID,
        List.of((int) pads[0], (int) pads[2], (int) pads[1], (int) pads[3]));
  }

  /**
   * The padding of a Conv that reads a Pad node's output: its own, for the padded image, plus
   * the Pad's zeros, as explicit pads of the image before the Pad.
   */
  private Padded withPad(NodeProto node, Value in, int[] window, int[] strides)
      throws OnnxImportException {
    int[] added = in.pending().pads();
    int[] padded = {in.dims()[0] + added[0] + added[1], in.dims()[1] + added[2] + added[3],
        in.dims()[2]};
    int[] onnx = {padded[2], padded[0], padded[1]};
    Padded own = padding(node, padded, onnx, window, strides);
    int[] total = added.clone();
    if (own.padding() == Padding.SAME) {
      int[] same = Windows.samePads(padded, window, strides); // [top, left, bottom, right]
      total[0] += same[0];
      total[1] += same[2];
      total[2] += same[1];
      total[3] += same[3];
    } else if (!own.pads().isEmpty()) {
      for (int i = 0; i < 4; i++) {
        total[i] += own.pads().get(i);
      }
    }
    if (Arrays.stream(total).allMatch(p -> p == 0)) {
      return Padded.VALID;
    }
    for (int i = 0; i < 4; i++) {
      if (total[i] >= window[i / 2]) {
        throw new OnnxImportException(in.pending().at() + " and " + describe(node) + " after it"
            + " pad a [" + join(new int[] {in.dims()[2], in.dims()[0], in.dims()[1]})
            + "] image by " + Arrays.toString(total) + " ([top,"
            + " bottom, left, right]) for a " + window[0] + "x" + window[1] + " kernel;"
            + " Dendrite imports pads from 0 to one less than the kernel along their axis (a"
            + " larger pad makes windows of zeros only)");
      }
    }
    return new Padded(Padding.VALID, List.of(total[0], total[1], total[2], total[3]));
  }

  /**
   * A {@code Pad} of an image's height and width with constant zeros (opset 11+: the pads an
   * int64 constant, the value absent or 0, the axes, if given, constant): no layer, its zeros
   * are pending until the Conv reading its output takes them as its own pads.
   */
  private Value pad(NodeProto node) throws OnnxImportException {
    Value in = read(node, 0);
    String supported = "; Dendrite imports Pad of an image's height and width with constant"
        + " zeros (mode constant, value 0 or absent, pads 0 or more), read by a Conv";
    if (!in.image()) {
      throw new OnnxImportException(at(node) + " pads a [batch, " + join(in.onnx())
          + "] tensor" + supported);
    }
    String mode = stringAttribute(node, "mode", "constant");
    if (!mode.equals("constant")) {
      throw new OnnxImportException(at(node) + " pads in mode '" + mode + "'" + supported);
    }
    TensorProto padsTensor = node.getInputCount() > 1 ? constants.get(node.getInput(1)) : null;
    if (padsTensor == null) {
      throw new OnnxImportException(at(node) + " takes its pads from '"
          + (node.getInputCount() > 1 ? node.getInput(1) : "") + "', which is not a constant"
          + supported);
    }
    long[] pads = Tensors.longs(padsTensor, at(node) + "'s pads");
    if (node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
      TensorProto value = constants.get(node.getInput(2));
      float[] v = value == null ? null : Tensors.floats(value, at(node) + "'s constant value");
      if (v == null || v.length != 1 || v[0] != 0f) {
        throw new OnnxImportException(at(node) + " pads with the value '" + node.getInput(2)
            + "'" + (v == null ? ", which is not a constant" : " = " + Arrays.toString(v))
            + supported);
      }
    }
    long[] axes = {0, 1, 2, 3};
    if (node.getInputCount() > 3 && !node.getInput(3).isEmpty()) {
      TensorProto t = constants.get(node.getInput(3));
      if (t == null) {
        throw new OnnxImportException(at(node) + " takes its axes from '" + node.getInput(3)
            + "', which is not a constant" + supported);
      }
      axes = Tensors.longs(t, at(node) + "'s axes");
    }
    if (pads.length != 2 * axes.length) {
      throw new OnnxImportException(at(node) + " has " + pads.length + " pads for "
          + axes.length + " axes" + supported);
    }
    long[] before = new long[4];
    long[] after = new long[4];
    for (int i = 0; i < axes.length; i++) {
      int axis = (int) (axes[i] < 0 ? axes[i] + 4 : axes[i]);
      if (axis < 0 || axis > 3) {
        throw new OnnxImportException(at(node) + " pads axis " + axes[i] + " of a [batch, "
            + join(in.onnx()) + "] tensor" + supported);
      }
      before[axis] = pads[i];
      after[axis] = pads[i + axes.length];
    }
    for (int axis = 0; axis < 4; axis++) {
      boolean spatial = axis >= 2;
      if (before[axis] < 0 || after[axis] < 0 || !spatial && (before[axis] | after[axis]) != 0
          || before[axis] > Integer.MAX_VALUE / 4 || after[axis] > Integer.MAX_VALUE / 4) {
        throw new OnnxImportException(at(node) + " pads " + Arrays.toString(pads)
            + " a [batch, " + join(in.onnx()) + "] tensor (axis " + axis + ": "
            + before[axis] + " before, " + after[axis] + " after)" + supported);
      }
    }
    int[] zeros = {(int) before[2], (int) after[2], (int) before[3], (int) after[3]};
    int[] onnx = {in.onnx()[0], in.onnx()[1] + zeros[0] + zeros[1],
        in.onnx()[2] + zeros[2] + zeros[3]};
    return new Value(in.layer(), in.dims(), onnx, null, true, new Pending(zeros, at(node)));
  }

  /**
   * An activation: fused into the Dense, Conv2D or BatchNorm layer before it when it is that
   * layer's only reader and the layer has none yet; otherwise an Activate layer of its own (the
   * ReLU after a residual Add).
   */
  private Value activation(NodeProto node) throws OnnxImportException {
    String op = node.getOpType();
    Value in = read(node, 0);
    Activation a = switch (op) {
      case "Relu" -> Activation.RELU;
      case "LeakyRelu" -> Activation.LEAKY_RELU;
      case "Sigmoid" -> Activation.SIGMOID;
      case "Tanh" -> Activation.TANH;
      case "Softplus" -> Activation.SOFTPLUS;
      case "Softmax" -> Activation.SOFTMAX;
      default -> throw unsupported(node);
    };
    if (op.equals("Softmax")) {
      long axis = intAttribute(node, "axis", opset >= 13 ? -1 : 1);
      if (in.onnx().length != 1 || axis != 1 && axis != -1 || in.channelsFirst() != null) {
        throw new OnnxImportException(at(node) + " takes softmax over axis " + axis + " of a"
            + " [batch, " + join(in.onnx()) + "] tensor; Dendrite's softmax runs over the"
            + " features of [batch, features]");
      }
    }
    float alpha = op.equals("LeakyRelu") ? floatAttribute(node, "alpha", 0.01f)
        : DenseNode.DEFAULT_ALPHA;
    int index = indexOf(in.layer());
    LayerNode before = layers.get(index);
    LayerNode fused = null;
    if (readers(node.getInput(0)) != 1) {
      fused = null; // another layer reads the value before the activation
    } else if (before instanceof DenseNode d && d.activation() == Activation.LINEAR) {
      fused = new DenseNode(d.name(), d.units(), a, d.useBias(), d.init(), alpha, d.l1(),
          d.l2(), d.origin(), d.inputs());
    } else if (before instanceof Conv2DNode c && c.activation() == Activation.LINEAR) {
      fused = new Conv2DNode(c.name(), c.filters(), c.kernel(), c.strides(), c.padding(),
          c.pads(), a,
          c.useBias(), c.init(), alpha, c.l1(), c.l2(), c.origin(), c.inputs());
    } else if (before instanceof BatchNormNode b && b.activation() == Activation.LINEAR) {
      fused = new BatchNormNode(b.name(), b.momentum(), b.epsilon(), a, alpha, b.origin(),
          b.inputs());
    }
    if (fused != null) {
      layers.set(index, fused);
      return in;
    }
    return add(new ActivateNode(next(a.spelling()), a, alpha, origin(node), from(in)),
        in.dims(), in.onnx(), in.channelsFirst(), in.image());
  }

  private int indexOf(String layer) {
    for (int i = layers.size() - 1; i >= 0; i--) {
      if (layers.get(i).name().equals(layer)) {
        return i;
      }
    }
    throw new IllegalStateException("no layer " + layer);
  }

  /** The loss of the trainable class: it matches the output's activation. */
  private LossKind loss() {
    LayerNode last = layers.get(layers.size() - 1);
    Activation a = last instanceof DenseNode d ? d.activation() : Activation.LINEAR;
    return switch (a) {
      case SOFTMAX -> LossKind.SPARSE_CATEGORICAL_CROSSENTROPY;
      case SIGMOID -> LossKind.BINARY_CROSSENTROPY;
      default -> LossKind.MSE;
    };
  }

  private OnnxImportException unsupported(NodeProto node) {
    return new OnnxImportException(at(node) + " uses an operator Dendrite does not import;"
        + " supported operators: " + String.join(", ", SUPPORTED) + " (and "
        + String.join(", ", ConstantFolding.OPERATORS.stream().sorted().toList())
        + " of int64 constants)");
  }

  /** {@code model.onnx: node '/fc1/Gemm' (Gemm)}. */
  private String at(NodeProto node) {
    return file + ": " + describe(node);
  }

  /** {@code node '/fc1/Gemm' (Gemm)}. */
  private static String describe(NodeProto node) {
    String domain = node.getDomain().isEmpty() ? "" : node.getDomain() + ".";
    return "node '" + (node.getName().isEmpty() ? node.getOutput(0) : node.getName()) + "' ("
        + domain + node.getOpType() + ")";
  }

  private Origin origin(NodeProto node) {
    return origin("node '" + node.getName() + "' (" + node.getOpType() + ")");
  }

  private Origin origin(String what) {
    return Origin.of(file + ": " + what);
  }

  private String next(String kind) {
    return kind + counters.merge(kind, 1, Integer::sum);
  }

  private static long intAttribute(NodeProto node, String name, long fallback) {
    for (AttributeProto a : node.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a.getI();
      }
    }
    return fallback;
  }

  private static long[] ints(NodeProto node, String name, long[] fallback) {
    for (AttributeProto a : node.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
      }
    }
    return fallback;
  }

  private static String stringAttribute(NodeProto node, String name, String fallback) {
    for (AttributeProto a : node.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a.getS().toStringUtf8();
      }
    }
    return fallback;
  }

  private static float floatAttribute(NodeProto node, String name, float fallback) {
    for (AttributeProto a : node.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a.getF();
      }
    }
    return fallback;
  }

  private static int size(int[] dims) {
    int n = 1;
    for (int d : dims) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  private static String join(int[] dims) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < dims.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(dims[i]);
    }
    return sb.toString();
  }
}
