package org.dendrite.compiler.ir;

import java.util.List;

/** The mean of each channel over the whole image: {@code (H, W, C)} becomes {@code C} values. */
public record GlobalAvgPool2DNode(String name, Origin origin,
    List<String> inputs) implements LayerNode {
  /** {@code @GlobalAvgPool2D} takes no attributes. */
  public static final List<Attribute> ATTRIBUTES = List.of();

  /** Copies the list. */
  public GlobalAvgPool2DNode {
    inputs = List.copyOf(inputs);
  }

  /** A layer that reads the layer declared just before it. */
  public GlobalAvgPool2DNode(String name, Origin origin) {
    this(name, origin, List.of());
  }

  @Override
  public LayerKind kind() {
    return LayerKind.GLOBAL_AVG_POOL2D;
  }

  /** The input's channels; null for an input that is not an image. */
  @Override
  public Shape outputShape(Shape input) {
    return input == null || input.rank() != 3 ? null : Shape.of(input.dim(2));
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
