package org.dendrite.compiler.plan;

import org.dendrite.compiler.ir.InputNode;

/** The input: samples arrive in the caller's array. */
public record InputPlan(InputNode node, int index, int[] outputShape) implements LayerPlan {
  @Override
  public int[] inputShape() {
    return null;
  }
}
