package org.dendrite.compiler.ir;

import java.util.List;

/**
 * A layer that combines the outputs of several layers, named in its {@link #inputs()}: an
 * element-wise sum or a concatenation. Its shape rule takes every input's shape.
 */
public sealed interface Merge extends LayerNode permits AddNode, ConcatenateNode {
  /**
   * The shape of one output sample for input samples of shapes {@code inputs}, in the order of
   * {@link #inputs()}; null when one of them is unknown or they do not fit together (the checker
   * reports why).
   */
  Shape mergedShape(List<Shape> inputs);

  /** A merge reads several layers: see {@link #mergedShape}. */
  @Override
  default Shape outputShape(Shape input) {
    return null;
  }

  /** None: merges have no weights. */
  @Override
  default long parameterCount(Shape input) {
    return 0;
  }
}
