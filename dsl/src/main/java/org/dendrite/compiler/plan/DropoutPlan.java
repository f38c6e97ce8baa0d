package org.dendrite.compiler.plan;

import org.dendrite.compiler.ir.DropoutNode;

/**
 * A dropout: a masked copy during training, nothing at inference.
 *
 * @param needsBackward whether a layer before it has parameters, so gradients flow through it
 */
public record DropoutPlan(
    DropoutNode node, int index, int[] inputShape, int[] outputShape, boolean needsBackward)
    implements LayerPlan {}
