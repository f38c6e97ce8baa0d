package org.dendrite.compiler.plan;

import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.DenseNode;
import org.dendrite.compiler.ir.Init;

/**
 * A dense layer with its place in the flat parameter array.
 *
 * @param inputs values per input sample
 * @param init the initialiser, {@code AUTO} resolved
 * @param kernelOffset where the kernel {@code [inputs][units]} starts in the parameters
 * @param biasOffset where the bias starts; -1 without bias
 * @param needsInputGradient whether a layer before it has parameters, so the backward pass must
 *     compute the gradient with respect to its input
 * @param output whether it is the network's output layer
 * @param lossFused whether the loss applies this layer's activation (an output layer whose loss
 *     works on logits): its forward pass then stops at the logits
 */
public record DensePlan(
    DenseNode node,
    int index,
    int[] inputShape,
    int[] outputShape,
    int inputs,
    Init init,
    int kernelOffset,
    int biasOffset,
    boolean needsInputGradient,
    boolean output,
    boolean lossFused)
    implements LayerPlan {
  /** The number of units. */
  public int units() {
    return node.units();
  }

  /** The activation. */
  public Activation activation() {
    return node.activation();
  }

  /** Whether the layer has a bias. */
  public boolean hasBias() {
    return biasOffset >= 0;
  }

  /** The number of parameters: kernel and bias. */
  public int parameterCount() {
    return inputs * units() + (hasBias() ? units() : 0);
  }

  /** Multiply-adds of one sample's forward pass, counted as two FLOPs each. */
  public long forwardFlops() {
    return 2L * inputs * units();
  }
}
