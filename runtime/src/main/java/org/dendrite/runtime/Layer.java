package org.dendrite.runtime;

import java.util.List;
import java.util.Objects;

/**
 * A handle on one layer of a compiled model, filled in by the generated class: the layer's name,
 * type and shapes, and live views of its weights inside the model's flat parameter array, so that
 * weights can be read or set by hand ({@code model.output.kernel().set(0, 0, 0.5f)}).
 */
public final class Layer {
  private final String name;
  private final String type;
  private final int[] inputShape;
  private final int[] outputShape;
  private final List<TensorView> weights;
  private final List<TensorView> state;

  /** Creates a handle of a layer without non-trainable state; used by generated code. */
  public Layer(
      String name, String type, int[] inputShape, int[] outputShape, List<TensorView> weights) {
    this(name, type, inputShape, outputShape, weights, List.of());
  }

  /**
   * Creates a handle; used by generated code.
   *
   * @param name the layer's name (the field's name)
   * @param type the layer kind as a summary shows it: {@code Input}, {@code Dense}, …
   * @param inputShape the shape of one input sample
   * @param outputShape the shape of one output sample
   * @param weights the layer's trainable tensors, in parameter-array order
   * @param state the layer's non-trainable tensors (batch normalisation's moving averages)
   */
  public Layer(String name, String type, int[] inputShape, int[] outputShape,
      List<TensorView> weights, List<TensorView> state) {
    this.name = Objects.requireNonNull(name, "name");
    this.type = Objects.requireNonNull(type, "type");
    this.inputShape = inputShape.clone();
    this.outputShape = outputShape.clone();
    this.weights = List.copyOf(weights);
    this.state = List.copyOf(state);
  }

  /** The layer's name: the name of the field (or of the {@code .nn} layer) it was declared by. */
  public String name() {
    return name;
  }

  /** The layer kind: {@code Input}, {@code Flatten}, {@code Dense}, {@code Dropout}, … */
  public String type() {
    return type;
  }

  /** A copy of the shape of one input sample. */
  public int[] inputShape() {
    return inputShape.clone();
  }

  /** A copy of the shape of one output sample. */
  public int[] outputShape() {
    return outputShape.clone();
  }

  /** The layer's trainable tensors (for a Dense layer: kernel, then bias if it has one). */
  public List<TensorView> weights() {
    return weights;
  }

  /**
   * The layer's non-trainable tensors, such as batch normalisation's {@code moving_mean} and
   * {@code moving_variance}: updated by training, not by the optimizer. Weight files save them.
   */
  public List<TensorView> state() {
    return state;
  }

  /** The number of trainable parameters. */
  public int parameterCount() {
    int n = 0;
    for (TensorView w : weights) {
      n += w.size();
    }
    return n;
  }

  /**
   * The weight tensor called {@code <layer>.<weightName>}.
   *
   * @throws IllegalStateException if the layer has no such weight
   */
  public TensorView weight(String weightName) {
    String full = name + "." + weightName;
    for (List<TensorView> list : List.of(weights, state)) {
      for (TensorView w : list) {
        if (w.name().equals(full)) {
          return w;
        }
      }
    }
    throw new IllegalStateException(
        "layer '" + name + "' (" + type + ") has no " + weightName + "; its weights are "
            + weights + (state.isEmpty() ? "" : " and its state " + state));
  }

  /** The kernel, {@code [inputs][units]} for a Dense layer. */
  public TensorView kernel() {
    return weight("kernel");
  }

  /** The bias vector. */
  public TensorView bias() {
    return weight("bias");
  }

  @Override
  public String toString() {
    return name + " (" + type + ", " + Shapes.format(inputShape) + " → "
        + Shapes.format(outputShape) + ")";
  }
}
