package org.dendrite.compiler.ir;

import java.util.List;

/** The largest value of each window, per channel. */
public record MaxPool2DNode(String name, List<Integer> pool, List<Integer> strides, Padding padding,
    List<Integer> pads, Origin origin,
    List<String> inputs) implements LayerNode, Spatial {
  /**
   * {@code @MaxPool2D(pool, strides, padding, pads)}; empty strides mean the pool's size, empty pads
   * none but the padding's.
   */
  public static final List<Attribute> ATTRIBUTES = List.of(
      Attribute.required("pool", AttributeType.INTEGERS, "pool = [2, 2]"),
      Attribute.optional("strides", AttributeType.INTEGERS, List.of(), "strides = [2, 2]"),
      Attribute.optional("padding", AttributeType.PADDING, Padding.VALID, "padding = same"),
      Attribute.optional("pads", AttributeType.INTEGERS, List.of(), "pads = [1, 1, 1, 1]"));

  /** Copies the lists. */
  public MaxPool2DNode {
    inputs = List.copyOf(inputs);
    pool = List.copyOf(pool);
    strides = List.copyOf(strides);
    pads = List.copyOf(pads);
  }

  /** A layer that reads the layer declared just before it. */
  public MaxPool2DNode(String name, List<Integer> pool, List<Integer> strides, Padding padding,
      Origin origin) {
    this(name, pool, strides, padding, List.of(), origin, List.of());
  }

  static MaxPool2DNode of(String name, Attributes a, Origin origin) {
    return new MaxPool2DNode(name, a.integers("pool"), a.integers("strides"), a.padding("padding"),
        a.integers("pads"), origin, a.inputs());
  }

  @Override
  public LayerKind kind() {
    return LayerKind.MAX_POOL2D;
  }

  @Override
  public List<Integer> window() {
    return pool;
  }

  @Override
  public String windowAttribute() {
    return "pool";
  }

  /** The strides, or the pool's size when none are given (Keras' default). */
  @Override
  public List<Integer> steps() {
    return strides.isEmpty() ? pool : strides;
  }

  @Override
  public int outputChannels(int inputChannels) {
    return inputChannels;
  }

  /** {@code (OH, OW, channels)}; null for an input that is not an image or a malformed window. */
  @Override
  public Shape outputShape(Shape input) {
    return spatialOutput(input);
  }

  /**
   * Whether it halves an {@code input} image: 2×2 windows at strides 2 that start inside it, each
   * output the largest of its own 2×2 block (an odd last row or column unread), so that a
   * convolution may pool its outputs as it computes them ({@code Convolutions.convolveMaxPool}).
   * False for an input that is not an image.
   */
  public boolean halves(Shape input) {
    Shape out = outputShape(input);
    if (out == null) {
      return false;
    }
    Window[] w = windows();
    for (int axis = 0; axis < 2; axis++) {
      if (w[axis].size() != 2 || w[axis].stride() != 2 || w[axis].padBefore(input.dim(axis)) != 0
          || out.dim(axis) != input.dim(axis) / 2) {
        return false;
      }
    }
    return true;
  }

  @Override
  public long parameterCount(Shape input) {
    return 0;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
