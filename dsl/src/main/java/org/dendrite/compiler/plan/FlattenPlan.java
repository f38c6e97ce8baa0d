package org.dendrite.compiler.plan;

import org.dendrite.compiler.ir.FlattenNode;

/** A flatten: samples are stored flat already, so it generates no code. */
public record FlattenPlan(FlattenNode node, int index, int[] inputShape, int[] outputShape)
    implements LayerPlan {}
