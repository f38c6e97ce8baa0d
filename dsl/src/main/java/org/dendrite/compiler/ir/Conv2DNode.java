package org.dendrite.compiler.ir;

import java.util.List;

/**
 * A two-dimensional convolution over a channels-last image: {@code filters} kernels of {@code
 * kernel[0] × kernel[1] × channels} weights, sliding with {@code strides}, then the bias and the
 * activation; with optional L1 and L2 penalties on the kernel.
 */
public record Conv2DNode(
    String name,
    int filters,
    List<Integer> kernel,
    List<Integer> strides,
    Padding padding,
    List<Integer> pads,
    Activation activation,
    boolean useBias,
    Init init,
    float alpha,
    float l1,
    float l2,
    Origin origin,
    List<String> inputs)
    implements LayerNode, Weighted, Spatial {
  /**
   * {@code @Conv2D(filters, kernel, strides, padding, pads, activation, useBias, init, alpha, l1,
   * l2)}.
   */
  public static final List<Attribute> ATTRIBUTES = List.of(
      Attribute.required("filters", AttributeType.INTEGER, "filters = 32"),
      Attribute.required("kernel", AttributeType.INTEGERS, "kernel = [3, 3]"),
      Attribute.optional("strides", AttributeType.INTEGERS, List.of(1, 1), "strides = [2, 2]"),
      Attribute.optional("padding", AttributeType.PADDING, Padding.VALID, "padding = same"),
      Attribute.optional("pads", AttributeType.INTEGERS, List.of(), "pads = [1, 1, 1, 1]"),
      Attribute.optional("activation", AttributeType.ACTIVATION, Activation.LINEAR,
          "activation = relu"),
      Attribute.optional("useBias", AttributeType.BOOLEAN, true, "useBias = false"),
      Attribute.optional("init", AttributeType.INIT, Init.AUTO, "init = he_normal"),
      Attribute.optional("alpha", AttributeType.DECIMAL, DenseNode.DEFAULT_ALPHA, "alpha = 0.2"),
      Attribute.optional("l1", AttributeType.DECIMAL, 0f, "l1 = 1e-4"),
      Attribute.optional("l2", AttributeType.DECIMAL, 0f, "l2 = 1e-4"));

  /** Copies the lists. */
  public Conv2DNode {
    inputs = List.copyOf(inputs);
    kernel = List.copyOf(kernel);
    strides = List.copyOf(strides);
    pads = List.copyOf(pads);
  }

  /** A layer that reads the layer declared just before it. */
  public Conv2DNode(String name, int filters, List<Integer> kernel, List<Integer> strides,
      Padding padding, Activation activation, boolean useBias, Init init, float alpha, float l1,
      float l2, Origin origin) {
    this(name, filters, kernel, strides, padding, List.of(), activation, useBias, init, alpha, l1,
        l2, origin, List.of());
  }

  static Conv2DNode of(String name, Attributes a, Origin origin) {
    return new Conv2DNode(name, a.integer("filters"), a.integers("kernel"), a.integers("strides"),
        a.padding("padding"), a.integers("pads"), a.activation("activation"), a.bool("useBias"),
        a.init("init"), a.decimal("alpha"), a.decimal("l1"), a.decimal("l2"), origin,
        a.inputs());
  }

  @Override
  public LayerKind kind() {
    return LayerKind.CONV2D;
  }

  @Override
  public List<Integer> window() {
    return kernel;
  }

  @Override
  public String windowAttribute() {
    return "kernel";
  }

  @Override
  public List<Integer> steps() {
    return strides;
  }

  @Override
  public int outputChannels(int inputChannels) {
    return filters;
  }

  /** {@code (OH, OW, filters)}; null for an input that is not an image or a malformed window. */
  @Override
  public Shape outputShape(Shape input) {
    return spatialOutput(input);
  }

  /** The kernel, {@code [FH][FW][channels][filters]}, and the bias. */
  /**
   * Whether a max pooling that alone reads it and {@linkplain MaxPool2DNode#halves halves} its
   * outputs may pool them as they are computed, for prediction: a one-channel {@code input} at
   * strides 1 (the kernels' plane convolution), with the ReLU or no activation (fused into the
   * product).
   */
  public boolean poolableAsComputed(Shape input) {
    return input != null && input.rank() == 3 && input.dim(2) == 1
        && strides.equals(List.of(1, 1))
        && (activation == Activation.RELU || activation == Activation.LINEAR);
  }

  @Override
  public long parameterCount(Shape input) {
    if (input == null || input.rank() != 3 || kernel.size() != 2) {
      return 0;
    }
    return (long) kernel.get(0) * kernel.get(1) * input.dim(2) * filters
        + (useBias ? filters : 0);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
