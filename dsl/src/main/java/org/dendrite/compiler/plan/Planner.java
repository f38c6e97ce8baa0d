package org.dendrite.compiler.plan;

import java.util.ArrayList;
import java.util.List;
import org.dendrite.compiler.ir.AvgPool2DNode;
import org.dendrite.compiler.ir.InputNode;
import org.dendrite.compiler.ir.LayerNode;
import org.dendrite.compiler.ir.MaxPool2DNode;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.ir.Shape;
import org.dendrite.compiler.layers.LayerUnit;
import org.dendrite.compiler.layers.Layout;
import org.dendrite.compiler.layers.Units;

/**
 * Lays out a checked network: one unit per layer in declaration order, each placing its tensors in
 * the flat parameter and state arrays, knowing the layer it reads and whether gradients must flow
 * back through it.
 */
public final class Planner {
  private Planner() {}

  /**
   * Plans {@code network}, which must have passed the checker without errors.
   *
   * @throws IllegalArgumentException if the network has not been checked (no input first, an
   *     unknown shape, an output layer that cannot be one)
   */
  public static Plan plan(Network network) {
    List<LayerNode> nodes = network.layers();
    if (nodes.isEmpty() || !(nodes.get(0) instanceof InputNode)) {
      throw notChecked(network);
    }
    Layout layout = new Layout();
    List<LayerUnit<?>> units = new ArrayList<>();
    long flops = 0;
    int last = nodes.size() - 1;
    for (int i = 0; i <= last; i++) {
      LayerNode node = nodes.get(i);
      Shape out = network.outputShape(i);
      if (out == null) {
        throw notChecked(network);
      }
      List<LayerUnit<?>> inputs = new ArrayList<>();
      for (int j : network.inputs(i)) {
        inputs.add(units.get(j));
      }
      if (inputs.size() != Math.max(node.inputs().size(), i == 0 ? 0 : 1)) {
        throw notChecked(network); // a name that does not resolve
      }
      List<Integer> readers = network.readers(i);
      boolean readByMaxPoolAlone = readers.size() == 1
          && nodes.get(readers.get(0)) instanceof MaxPool2DNode;
      boolean readByPoolAlone = readByMaxPoolAlone || readers.size() == 1
          && nodes.get(readers.get(0)) instanceof AvgPool2DNode;
      LayerUnit<?> unit = Units.create(node, new LayerUnit.Context(i, inputs, out, i == last,
          network.loss(), exclusive(network, units, i), readByMaxPoolAlone, readByPoolAlone,
          layout));
      long expected = node.parameterCount(network.inputShape(i));
      if (unit.parameterCount() != expected) {
        throw new IllegalStateException(unit + " lays out " + unit.parameterCount()
            + " parameters where its node counts " + expected);
      }
      flops += unit.forwardFlops();
      units.add(unit);
    }
    if (units.get(last).outputRole() == null) {
      throw notChecked(network);
    }
    int inputSize = units.get(0).outputSize();
    int outputSize = units.get(last).outputSize();
    int targetSize = network.loss().indexTargets() ? 1 : outputSize;
    return new Plan(network, units, inputSize, outputSize, targetSize, layout.parameterCount(),
        layout.stateCount(), flops);
  }

  /**
   * Whether layer {@code i}'s input gradient reaches its producer through it alone: it has one
   * input, which no other layer reads, and if that input shares its own input's gradient buffer
   * (a flatten, an in-place dropout), the same holds there.
   */
  private static boolean exclusive(Network network, List<LayerUnit<?>> units, int i) {
    List<Integer> in = network.inputs(i);
    if (in.size() != 1 || network.readers(in.get(0)).size() != 1) {
      return false;
    }
    LayerUnit<?> producer = units.get(in.get(0));
    return !producer.sharesInputGradient() || producer.inputs().isEmpty()
        || exclusive(network, units, in.get(0));
  }

  private static IllegalArgumentException notChecked(Network network) {
    return new IllegalArgumentException("network " + network.name() + " is not checked");
  }
}
