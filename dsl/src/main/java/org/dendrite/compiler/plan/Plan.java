package org.dendrite.compiler.plan;

import java.util.List;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.layers.LayerUnit;
import org.dendrite.compiler.layers.OutputRole;
import org.dendrite.compiler.layers.Tensor;

/**
 * Everything the code generator needs, as constants: one unit per layer with its tensors'
 * offsets, and the sizes of the model's interface.
 *
 * @param network the checked network
 * @param layers one unit per layer, in order
 * @param inputSize values per input sample
 * @param outputSize values per output sample
 * @param targetSize values per training target
 * @param parameterCount the length of the flat parameter array
 * @param stateCount the length of the non-trainable state array (moving averages)
 * @param forwardFlops FLOPs of one sample's forward pass (two per multiply-add)
 */
public record Plan(
    Network network,
    List<LayerUnit<?>> layers,
    int inputSize,
    int outputSize,
    int targetSize,
    int parameterCount,
    int stateCount,
    long forwardFlops) {
  /** Copies the layer list. */
  public Plan {
    layers = List.copyOf(layers);
  }

  /** The output layer. */
  public LayerUnit<?> output() {
    return layers.get(layers.size() - 1);
  }

  /** What the loss needs of the output layer. */
  public OutputRole outputRole() {
    return output().outputRole();
  }

  /** Every trainable tensor, in the order of the parameter array. */
  public List<Tensor> parameters() {
    return layers.stream().flatMap(l -> l.parameters().stream()).toList();
  }

  /** Every non-trainable tensor, in the order of the state array. */
  public List<Tensor> state() {
    return layers.stream().flatMap(l -> l.state().stream()).toList();
  }

  /** Bytes of the parameters as {@code float}s. */
  public long parameterBytes() {
    return 4L * parameterCount;
  }
}
