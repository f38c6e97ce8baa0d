package org.dendrite.compiler.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.BatchNormNode;
import org.dendrite.compiler.ir.DenseNode;
import org.dendrite.compiler.ir.FlattenNode;
import org.dendrite.compiler.ir.Init;
import org.dendrite.compiler.ir.InputNode;
import org.dendrite.compiler.ir.LayerNode;
import org.dendrite.compiler.ir.LossKind;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.ir.Origin;
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
 * <p>The graph must be a chain from its one input to its one output (the shape of an MLP; Conv and
 * pooling come with those layer kinds, Add and Concat with residual graphs). Each node is
 * translated as it comes, in the order ONNX requires (topological): {@code Gemm}, or {@code MatMul}
 * with an optional {@code Add} of a constant, becomes a Dense layer; an activation right after a
 * Dense or BatchNorm layer becomes that layer's activation; {@code Flatten} and a {@code Reshape}
 * to {@code [batch, features]} become a Flatten layer; {@code Dropout} and {@code Identity}
 * vanish (inference). Anything else is an error naming the node, its operator and the supported
 * operators, never a class that computes something else.
 *
 * <p>Layers are named by kind and position ({@code dense1}, {@code norm1}, …): ONNX node names
 * ({@code /classifier/0/Gemm}) are rarely Java identifiers. Weights are named as in Dendrite's
 * weight files ({@code dense1.kernel}, {@code [inputs, units]}).
 *
 * <p>Layout: a Dense kernel is stored {@code [inputs, units]}; {@code Gemm} with {@code transB=1}
 * (PyTorch's {@code nn.Linear}) stores {@code [units, inputs]} and is transposed. An input of
 * several dimensions keeps ONNX's order, so samples are fed to the generated class in the order
 * they are fed to ONNX Runtime; channels-first images are converted when convolutions are
 * imported (see {@link Layouts}).
 */
public final class OnnxImporter {
  /** The operator sets of the default domain this importer reads. */
  public static final int MIN_OPSET = 11;
  /** The newest operator set this importer reads. */
  public static final int MAX_OPSET = 21;

  /** The operators this importer translates. */
  public static final List<String> SUPPORTED = List.of("Gemm", "MatMul", "Add",
      "BatchNormalization", "Relu", "LeakyRelu", "Sigmoid", "Tanh", "Softplus", "Softmax",
      "Flatten", "Reshape", "Dropout", "Identity", "Constant");

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

  private final String file;
  private final String packageName;
  private final String name;
  private final List<LayerNode> layers = new ArrayList<>();
  private final Map<String, Weight> weights = new LinkedHashMap<>();
  private final Map<String, TensorProto> constants = new HashMap<>();
  private final Map<String, Integer> counters = new HashMap<>();
  private int opset;
  /** The ONNX value flowing into the next node, and its per-sample shape. */
  private String current;
  private int[] shape;
  /** The last layer added while its output is still {@link #current}: activations fuse into it. */
  private LayerNode fusable;
  /** A MatMul's Dense layer still without bias, which a following Add of a constant gives one. */
  private boolean awaitingBias;

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
    input(graph);
    Set<String> used = new HashSet<>();
    for (NodeProto node : graph.getNodeList()) {
      used.addAll(node.getInputList());
    }
    for (ValueInfoProto out : graph.getOutputList()) {
      used.add(out.getName());
    }
    for (NodeProto node : graph.getNodeList()) {
      node(node, used);
    }
    if (graph.getOutputCount() != 1) {
      throw new OnnxImportException(file + ": the graph has " + graph.getOutputCount()
          + " outputs; Dendrite compiles networks with exactly one");
    }
    String output = graph.getOutput(0).getName();
    if (!output.equals(current)) {
      throw new OnnxImportException(file + ": the graph's output '" + output + "' is not the"
          + " end of the chain of layers from its input (which ends at '" + current + "')");
    }
    Network network = new Network(packageName, name, Network.GENERATED_PREFIX + name,
        Optional.empty(), loss(), layers, Set.of(), Syntax.NN, Origin.of(file));
    return new Imported(network, weights);
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

  /** The one graph input that is not an initializer: {@code [batch, features…]} floats. */
  private void input(GraphProto graph) throws OnnxImportException {
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
    shape = new int[dims.size() - 1];
    for (int i = 1; i < dims.size(); i++) {
      TensorShapeProto.Dimension d = dims.get(i);
      if (!d.hasDimValue() || d.getDimValue() < 1 || d.getDimValue() > Integer.MAX_VALUE) {
        throw new OnnxImportException(file + ": dimension " + i + " of input '" + in.getName()
            + "' is " + (d.hasDimParam() ? "symbolic ('" + d.getDimParam() + "')" : "unknown")
            + "; only the batch dimension may vary: export with a fixed sample shape");
      }
      shape[i - 1] = (int) d.getDimValue();
    }
    current = in.getName();
    List<Integer> boxed = new ArrayList<>();
    for (int d : shape) {
      boxed.add(d);
    }
    layers.add(new InputNode("input", boxed, origin("input '" + in.getName() + "'")));
  }

  private void node(NodeProto node, Set<String> used) throws OnnxImportException {
    String op = node.getOpType();
    if (!node.getDomain().isEmpty() && !node.getDomain().equals("ai.onnx")) {
      throw unsupported(node);
    }
    if (op.equals("Constant")) {
      constant(node);
      return;
    }
    if (!SUPPORTED.contains(op)) {
      throw unsupported(node);
    }
    if (node.getInputCount() == 0 || !node.getInput(0).equals(current)
        && !(op.equals("Add") && node.getInputCount() == 2 && node.getInput(1).equals(current))) {
      throw new OnnxImportException(at(node) + " does not read the output of the node before it"
          + " ('" + current + "'); Dendrite imports chains of layers (branches come with Add"
          + " and Concat of residual graphs)");
    }
    if (node.getOutputCount() == 0 || node.getOutput(0).isEmpty()) {
      throw new OnnxImportException(at(node) + " has no output");
    }
    for (int i = 1; i < node.getOutputCount(); i++) {
      if (!node.getOutput(i).isEmpty() && used.contains(node.getOutput(i))) {
        throw new OnnxImportException(at(node) + ": its output '" + node.getOutput(i)
            + "' is used, but Dendrite keeps only a node's first output");
      }
    }
    boolean biasStep = awaitingBias;
    awaitingBias = false;
    switch (op) {
      case "Identity" -> { }
      case "Dropout" -> {
        if (node.getInputCount() > 2 && constants.containsKey(node.getInput(2))) {
          long[] training = Tensors.longs(constants.get(node.getInput(2)), at(node));
          if (training.length == 1 && training[0] != 0) {
            throw new OnnxImportException(at(node) + " runs in training mode; export the model"
                + " in evaluation mode (model.eval())");
          }
        }
      }
      case "Flatten" -> flatten(node, intAttribute(node, "axis", 1));
      case "Reshape" -> reshape(node);
      case "Gemm" -> gemm(node);
      case "MatMul" -> matMul(node);
      case "Add" -> {
        if (!biasStep) {
          throw new OnnxImportException(at(node) + " adds to something other than a MatMul's"
              + " product; Dendrite imports Add as a MatMul's bias (Add of two layers' outputs"
              + " comes with residual graphs)");
        }
        addBias(node);
      }
      case "BatchNormalization" -> batchNorm(node);
      default -> activation(node);
    }
    current = node.getOutput(0);
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

  private void flatten(NodeProto node, long axis) throws OnnxImportException {
    if (axis != 1) {
      throw new OnnxImportException(at(node) + " flattens from axis " + axis + "; Dendrite"
          + " imports Flatten with axis 1 (every sample to one vector)");
    }
    addFlatten(node);
  }

  /** A Reshape to {@code [batch, features]}: a Flatten by another name. */
  private void reshape(NodeProto node) throws OnnxImportException {
    TensorProto target = node.getInputCount() == 2 ? constants.get(node.getInput(1)) : null;
    if (target == null) {
      throw new OnnxImportException(at(node) + " reshapes to a shape computed at run time;"
          + " Dendrite imports Reshape to a constant [batch, features] (a flatten)");
    }
    long[] to = Tensors.longs(target, at(node) + "'s shape");
    int features = size(shape);
    boolean flattens = to.length == 2 && (to[0] == -1 || to[0] == 0)
        && (to[1] == -1 || to[1] == features) && !(to[0] == -1 && to[1] == -1);
    if (!flattens) {
      throw new OnnxImportException(at(node) + " reshapes [batch, " + join(shape) + "] to "
          + java.util.Arrays.toString(to) + "; Dendrite imports Reshape only as a flatten to"
          + " [-1, " + features + "] or [0, -1]");
    }
    addFlatten(node);
  }

  private void addFlatten(NodeProto node) {
    fusable = null;
    if (shape.length == 1) {
      return; // already flat: nothing to do
    }
    layers.add(new FlattenNode(next("flatten"), origin(node)));
    shape = new int[] {size(shape)};
  }

  private void gemm(NodeProto node) throws OnnxImportException {
    if (intAttribute(node, "transA", 0) != 0) {
      throw new OnnxImportException(at(node) + " transposes its input (transA = 1); Dendrite"
          + " imports Gemm of [batch, features] inputs");
    }
    boolean transB = intAttribute(node, "transB", 0) != 0;
    float alpha = floatAttribute(node, "alpha", 1f);
    float beta = floatAttribute(node, "beta", 1f);
    int inputs = features(node);
    float[] kernel = kernel(node, 1, transB, inputs, alpha);
    int units = kernel.length / inputs;
    String layer = next("dense");
    float[] bias = null;
    if (node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
      bias = bias(node, node.getInput(2), units, beta);
    }
    addDense(node, layer, inputs, units, kernel, bias);
  }

  private void matMul(NodeProto node) throws OnnxImportException {
    int inputs = features(node);
    float[] kernel = kernel(node, 1, false, inputs, 1f);
    addDense(node, next("dense"), inputs, kernel.length / inputs, kernel, null);
    awaitingBias = true;
  }

  private void addBias(NodeProto node) throws OnnxImportException {
    String other = node.getInput(0).equals(current) ? node.getInput(1) : node.getInput(0);
    DenseNode dense = (DenseNode) fusable;
    float[] bias = bias(node, other, dense.units(), 1f);
    DenseNode withBias = new DenseNode(dense.name(), dense.units(), dense.activation(), true,
        dense.init(), dense.alpha(), dense.origin());
    layers.set(layers.size() - 1, withBias);
    fusable = withBias;
    weights.put(dense.name() + ".bias", new Weight(new int[] {dense.units()}, bias));
  }

  private void addDense(NodeProto node, String layer, int inputs, int units, float[] kernel,
      float[] bias) {
    DenseNode dense = new DenseNode(layer, units, Activation.LINEAR, bias != null, Init.AUTO,
        DenseNode.DEFAULT_ALPHA, origin(node));
    layers.add(dense);
    fusable = dense;
    weights.put(layer + ".kernel", new Weight(new int[] {inputs, units}, kernel));
    if (bias != null) {
      weights.put(layer + ".bias", new Weight(new int[] {units}, bias));
    }
    shape = new int[] {units};
  }

  /** The features of a flat input, which a Dense layer needs. */
  private int features(NodeProto node) throws OnnxImportException {
    if (shape.length != 1) {
      throw new OnnxImportException(at(node) + " multiplies a [batch, " + join(shape)
          + "] tensor; Dendrite's Dense layers take [batch, features]: flatten first");
    }
    return shape[0];
  }

  /**
   * The weight matrix of input {@code index} as {@code [inputs, units]}, scaled by
   * {@code alpha}; {@code transposed} if ONNX stores it {@code [units, inputs]}.
   */
  private float[] kernel(NodeProto node, int index, boolean transposed, int inputs,
      float alpha) throws OnnxImportException {
    TensorProto t = node.getInputCount() > index ? constants.get(node.getInput(index)) : null;
    if (t == null) {
      throw new OnnxImportException(at(node) + " multiplies by '" + node.getInput(index)
          + "', which is not a constant; Dendrite imports weights stored in the model");
    }
    String what = at(node) + "'s weight '" + t.getName() + "'";
    long[] dims = Tensors.dims(t, what);
    long rows = transposed ? dims.length == 2 ? dims[1] : -1 : dims.length == 2 ? dims[0] : -1;
    if (dims.length != 2 || rows != inputs || dims[transposed ? 0 : 1] < 1) {
      throw new OnnxImportException(what + " is " + java.util.Arrays.toString(dims)
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
    return kernel;
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
      throw new OnnxImportException(what + " is " + java.util.Arrays.toString(dims)
          + "; expected [" + units + "] (one per unit)");
    }
    float[] bias = new float[units];
    for (int i = 0; i < units; i++) {
      bias[i] = beta * b[perUnit ? i : 0];
    }
    return bias;
  }

  private void batchNorm(NodeProto node) throws OnnxImportException {
    if (intAttribute(node, "training_mode", 0) != 0 || node.getOutputCount() > 1
        && used(node)) {
      throw new OnnxImportException(at(node) + " runs in training mode; export the model in"
          + " evaluation mode (model.eval())");
    }
    if (shape.length != 1) {
      throw new OnnxImportException(at(node) + " normalises a [batch, " + join(shape)
          + "] tensor; Dendrite imports BatchNormalization of [batch, features] (channels come"
          + " with convolutions)");
    }
    int features = shape[0];
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
            + "' has " + v.length + " values for " + features + " features");
      }
      weights.put(layer + "." + names[i], new Weight(new int[] {features}, v));
    }
    float epsilon = floatAttribute(node, "epsilon", 1e-5f);
    float momentum = floatAttribute(node, "momentum", 0.9f);
    BatchNormNode norm = new BatchNormNode(layer, momentum, epsilon, Activation.LINEAR,
        DenseNode.DEFAULT_ALPHA, origin(node));
    layers.add(norm);
    fusable = norm;
  }

  private boolean used(NodeProto node) {
    for (int i = 1; i < node.getOutputCount(); i++) {
      if (!node.getOutput(i).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** An activation, fused into the Dense or BatchNorm layer just before it. */
  private void activation(NodeProto node) throws OnnxImportException {
    String op = node.getOpType();
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
      if (shape.length != 1 || axis != 1 && axis != -1) {
        throw new OnnxImportException(at(node) + " takes softmax over axis " + axis + " of a"
            + " [batch, " + join(shape) + "] tensor; Dendrite's softmax runs over the features"
            + " of [batch, features]");
      }
    }
    float alpha = op.equals("LeakyRelu") ? floatAttribute(node, "alpha", 0.01f)
        : DenseNode.DEFAULT_ALPHA;
    if (fusable instanceof DenseNode d && d.activation() == Activation.LINEAR) {
      fusable = new DenseNode(d.name(), d.units(), a, d.useBias(), d.init(), alpha, d.origin());
    } else if (fusable instanceof BatchNormNode b && b.activation() == Activation.LINEAR) {
      fusable = new BatchNormNode(b.name(), b.momentum(), b.epsilon(), a, alpha, b.origin());
    } else {
      throw new OnnxImportException(at(node) + " is an activation that does not follow a Gemm,"
          + " MatMul or BatchNormalization directly; Dendrite applies activations inside those"
          + " layers");
    }
    layers.set(layers.size() - 1, fusable);
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
        + " supported operators: " + String.join(", ", SUPPORTED));
  }

  /** {@code model.onnx: node '/fc1/Gemm' (Gemm)}. */
  private String at(NodeProto node) {
    String domain = node.getDomain().isEmpty() ? "" : node.getDomain() + ".";
    return file + ": node '" + (node.getName().isEmpty() ? node.getOutput(0) : node.getName())
        + "' (" + domain + node.getOpType() + ")";
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
