package org.dendrite.compiler.layers;

import org.dendrite.compiler.ir.Activation;

/**
 * What the loss needs of the network's output layer.
 *
 * @param activation the output activation
 * @param alpha the slope of a leaky ReLU output
 * @param lossFused whether the loss applies the activation (its forward pass stops at the logits,
 *     and {@code predict} applies it after)
 */
public record OutputRole(Activation activation, float alpha, boolean lossFused) {}
