package org.dendrite.compiler.plan;

import org.dendrite.compiler.ir.LayerNode;

/** The plan of one layer: its node, its shapes, its position. */
public sealed interface LayerPlan permits InputPlan, FlattenPlan, DensePlan, DropoutPlan, BatchNormPlan {
  /** The declared layer. */
  LayerNode node();

  /** The layer's index in the network, which is also its seed stream. */
  int index();

  /** The shape of one input sample ({@code null} for the input layer). */
  int[] inputShape();

  /** The shape of one output sample. */
  int[] outputShape();

  /** Values per output sample. */
  default int outputSize() {
    int n = 1;
    for (int d : outputShape()) {
      n *= d;
    }
    return n;
  }

  /** The layer's name. */
  default String name() {
    return node().name();
  }
}
