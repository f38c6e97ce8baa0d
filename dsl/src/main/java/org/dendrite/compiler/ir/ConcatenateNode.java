package org.dendrite.compiler.ir;

import java.util.List;

/**
 * The outputs of several layers joined along one axis (Keras' {@code Concatenate}): by default the
 * last, which for images is the channels. The inputs' shapes agree on every other axis.
 */
public record ConcatenateNode(String name, List<String> inputs, int axis, Origin origin)
    implements Merge {
  /** {@code @Concatenate(String[] value, int axis)}. */
  public static final List<Attribute> ATTRIBUTES = List.of(
      Attribute.required(Attribute.VALUE, AttributeType.NAMES, "[left, right]"),
      Attribute.optional("axis", AttributeType.INTEGER, -1, "axis = -1"));

  /** Copies the list. */
  public ConcatenateNode {
    inputs = List.copyOf(inputs);
  }

  static ConcatenateNode of(String name, Attributes a, Origin origin) {
    return new ConcatenateNode(name, a.names(Attribute.VALUE), a.integer("axis"), origin);
  }

  @Override
  public LayerKind kind() {
    return LayerKind.CONCATENATE;
  }

  /**
   * The axis as an index of a shape of {@code rank} dimensions ({@code -1} is the last); -1 if it
   * is outside them.
   */
  public int resolvedAxis(int rank) {
    int a = axis < 0 ? axis + rank : axis;
    return a >= 0 && a < rank ? a : -1;
  }

  /**
   * The inputs' shape with the axis' dimensions summed; null if an input is unknown, the ranks
   * differ, the axis is outside them, or the shapes differ on another axis.
   */
  @Override
  public Shape mergedShape(List<Shape> shapes) {
    if (shapes.isEmpty() || shapes.contains(null)) {
      return null;
    }
    int rank = shapes.get(0).rank();
    int at = resolvedAxis(rank);
    if (at < 0) {
      return null;
    }
    int[] dims = shapes.get(0).dims();
    long sum = 0;
    for (Shape s : shapes) {
      if (s.rank() != rank) {
        return null;
      }
      for (int d = 0; d < rank; d++) {
        if (d != at && s.dim(d) != dims[d]) {
          return null;
        }
      }
      sum += s.dim(at);
    }
    dims[at] = (int) Math.min(Integer.MAX_VALUE, sum);
    return Shape.of(dims);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
