package org.dendrite.compiler.plan;

import java.util.List;
import org.dendrite.compiler.ir.Network;

/**
 * Everything the code generator needs, as constants: per-layer plans with parameter offsets, the
 * sizes of the model's interface, and the scratch space the backward pass needs.
 *
 * @param network the checked network
 * @param layers one plan per layer, in order
 * @param inputSize values per input sample
 * @param outputSize values per output sample
 * @param targetSize values per training target
 * @param parameterCount the length of the flat parameter array
 * @param forwardFlops FLOPs of one sample's forward pass (two per multiply-add)
 * @param transposeScratch values of the scratch array input gradients transpose kernels into
 *     (the largest such kernel; 0 if none is needed)
 * @param stateCount the length of the non-trainable state array (moving averages)
 */
public record Plan(
    Network network,
    List<LayerPlan> layers,
    int inputSize,
    int outputSize,
    int targetSize,
    int parameterCount,
    long forwardFlops,
    int transposeScratch,
    int stateCount) {
  /** Copies the layer list. */
  public Plan {
    layers = List.copyOf(layers);
  }

  /** The output layer. */
  public DensePlan output() {
    return (DensePlan) layers.get(layers.size() - 1);
  }

  /** The batch normalisations, in order. */
  public List<BatchNormPlan> batchNorms() {
    return layers.stream().filter(l -> l instanceof BatchNormPlan)
        .map(l -> (BatchNormPlan) l).toList();
  }

  /** The dense layers, in order. */
  public List<DensePlan> denseLayers() {
    return layers.stream().filter(l -> l instanceof DensePlan).map(l -> (DensePlan) l).toList();
  }

  /** Bytes of the parameters as {@code float}s. */
  public long parameterBytes() {
    return 4L * parameterCount;
  }
}
