package org.dendrite.compiler.check;

import java.util.List;
import java.util.Optional;
import org.dendrite.compiler.diag.Diagnostic;
import org.dendrite.compiler.diag.DiagnosticSink;
import org.dendrite.compiler.ir.ActivateNode;
import org.dendrite.compiler.ir.Activated;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.DenseNode;
import org.dendrite.compiler.ir.Init;
import org.dendrite.compiler.ir.LayerKind;
import org.dendrite.compiler.ir.LayerNode;
import org.dendrite.compiler.ir.LossKind;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.ir.Padding;
import org.dendrite.compiler.ir.Shape;
import org.dendrite.compiler.ir.Syntax;

/**
 * What a {@link Rule} works with: the network, its inferred shapes, the sink, and the spelling of
 * layer kinds and constants in the network's own syntax.
 */
public final class CheckContext {
  private final Network network;
  private final DiagnosticSink sink;

  CheckContext(Network network, DiagnosticSink sink) {
    this.network = network;
    this.sink = sink;
  }

  /** The network checked. */
  public Network network() {
    return network;
  }

  /** The layers, in order. */
  public List<LayerNode> layers() {
    return network.layers();
  }

  /** The output shape of layer {@code i}; {@code null} if unknown. */
  public Shape outputShape(int i) {
    return network.outputShape(i);
  }

  /** The input shape of layer {@code i}; {@code null} if unknown or if it is the first. */
  public Shape inputShape(int i) {
    return network.inputShape(i);
  }

  /**
   * The layer that layer {@code i} reads (its first input, for a merge); null for the input
   * layer or when unknown.
   */
  public LayerNode inputLayer(int i) {
    List<Integer> in = network.inputs(i);
    return in.isEmpty() ? null : network.layers().get(in.get(0));
  }

  /**
   * The output layer: the last layer, if it can be one (it computes its outputs: not the input,
   * a flatten or a dropout; {@link OutputLayerRule} reports those).
   */
  public Optional<LayerNode> outputLayer() {
    List<LayerNode> layers = network.layers();
    if (layers.isEmpty()) {
      return Optional.empty();
    }
    LayerNode last = layers.get(layers.size() - 1);
    return switch (last.kind()) {
      case INPUT, FLATTEN, DROPOUT -> Optional.empty();
      default -> Optional.of(last);
    };
  }

  /** The values per sample of the output layer; 0 if unknown. */
  public long outputSize() {
    Shape shape = network.layers().isEmpty() ? null
        : network.outputShape(network.layers().size() - 1);
    return shape == null ? 0 : shape.size();
  }

  /** The activation a layer applies last: its own, or LINEAR for a kind that applies none. */
  public static Activation activationOf(LayerNode layer) {
    return layer instanceof Activated a ? a.activation() : Activation.LINEAR;
  }

  /**
   * Whether a loss can apply {@code layer}'s activation itself when it is the output (the
   * cross-entropies fuse softmax or sigmoid with the loss): a dense layer's or a standalone
   * activation's.
   */
  public static boolean lossCanApplyActivation(LayerNode layer) {
    return layer instanceof DenseNode || layer instanceof ActivateNode;
  }

  /** Reports a diagnostic. */
  public void report(Diagnostic diagnostic) {
    sink.report(diagnostic);
  }

  /** A layer kind as the network's syntax writes it: {@code @Dense} or {@code dense}. */
  public String kind(LayerKind kind) {
    return network.syntax().kind(kind);
  }

  /** An activation as the syntax writes it: {@code RELU} or {@code relu}. */
  public String spell(Activation activation) {
    return network.syntax() == Syntax.NN ? activation.spelling() : activation.name();
  }

  /** A loss as the syntax writes it. */
  public String spell(LossKind loss) {
    return network.syntax() == Syntax.NN ? loss.spelling() : loss.name();
  }

  /** A padding as the syntax writes it: {@code Padding.SAME} or {@code same}. */
  public String spell(Padding padding) {
    return network.syntax() == Syntax.NN ? padding.spelling() : "Padding." + padding.name();
  }

  /** A list of integers as the syntax writes it: {@code {3, 3}} or {@code [3, 3]}. */
  public String spell(List<Integer> values) {
    String joined = String.join(", ", values.stream().map(String::valueOf).toList());
    return network.syntax() == Syntax.NN ? "[" + joined + "]" : "{" + joined + "}";
  }

  /**
   * The layers up to {@code last} with their output sizes, for messages that show a chain:
   * {@code image 28×28×1 → conv1 26×26×32 → conv2}.
   */
  public String chain(int last) {
    // The path the layer's (first) input takes back to the network's input: in a stack, every
    // layer before it.
    java.util.ArrayDeque<Integer> path = new java.util.ArrayDeque<>();
    for (List<Integer> in = network.inputs(last); !in.isEmpty(); in = network.inputs(in.get(0))) {
      path.addFirst(in.get(0));
    }
    StringBuilder sb = new StringBuilder();
    for (int i : path) {
      Shape s = outputShape(i);
      sb.append(layers().get(i).name()).append(' ').append(s == null ? "?" : s).append(" → ");
    }
    return sb.append(layers().get(last).name()).toString();
  }

  /** An initialiser as the syntax writes it. */
  public String spell(Init init) {
    return network.syntax() == Syntax.NN ? init.spelling() : init.name();
  }

  /** A standalone activation layer applying {@code activation}, as the syntax declares it. */
  public String activateExample(Activation activation) {
    return network.syntax() == Syntax.NN ? "activate output " + spell(activation)
        : "@Activate(Activation." + activation.name() + ") Layer output;";
  }

  /** An example declaration of a layer kind in the syntax, for "e.g." hints. */
  public String example(LayerKind kind) {
    boolean nn = network.syntax() == Syntax.NN;
    switch (kind) {
      case INPUT:
        return nn ? "input image [28, 28]" : "@Input({28, 28}) Layer image;";
      case DENSE:
        return nn ? "dense output (units = 10, activation = softmax)"
            : "@Dense(units = 10, activation = Activation.SOFTMAX) Layer output;";
      default:
        return kind(kind);
    }
  }
}
