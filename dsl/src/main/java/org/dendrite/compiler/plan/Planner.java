package org.dendrite.compiler.plan;

import java.util.ArrayList;
import java.util.List;
import org.dendrite.compiler.check.ShapeInference;
import org.dendrite.compiler.ir.BatchNormNode;
import org.dendrite.compiler.ir.DenseNode;
import org.dendrite.compiler.ir.DropoutNode;
import org.dendrite.compiler.ir.FlattenNode;
import org.dendrite.compiler.ir.InputNode;
import org.dendrite.compiler.ir.LayerNode;
import org.dendrite.compiler.ir.LossKind;
import org.dendrite.compiler.ir.Network;

/**
 * Lays out a checked network: parameter offsets in declaration order (each dense layer's kernel,
 * then its bias), which layers must propagate gradients to their input, and where the loss takes
 * over the output activation.
 */
public final class Planner {
  private Planner() {}

  /**
   * Plans {@code network}, which must have passed the checker without errors.
   *
   * @throws IllegalArgumentException if the network has not been checked (no input first, an
   *     unknown shape)
   */
  public static Plan plan(Network network) {
    List<int[]> shapes = ShapeInference.outputShapes(network);
    List<LayerNode> nodes = network.layers();
    if (nodes.isEmpty() || !(nodes.get(0) instanceof InputNode)) {
      throw new IllegalArgumentException("network " + network.name() + " is not checked");
    }
    List<LayerPlan> plans = new ArrayList<>();
    int offset = 0;
    long flops = 0;
    int scratch = 0;
    int state = 0;
    boolean parametersBefore = false;
    for (int i = 0; i < nodes.size(); i++) {
      LayerNode node = nodes.get(i);
      int[] in = i == 0 ? null : shapes.get(i - 1);
      int[] out = shapes.get(i);
      if (node instanceof InputNode input) {
        plans.add(new InputPlan(input, i, out));
      } else if (node instanceof FlattenNode flatten) {
        plans.add(new FlattenPlan(flatten, i, in, out));
      } else if (node instanceof DropoutNode dropout) {
        plans.add(new DropoutPlan(dropout, i, in, out, parametersBefore));
      } else if (node instanceof BatchNormNode bn) {
        int features = (int) ShapeInference.size(in);
        plans.add(new BatchNormPlan(bn, i, in, out, features, offset, state, parametersBefore));
        offset += 2 * features;
        state += 2 * features;
        parametersBefore = true;
      } else if (node instanceof DenseNode dense) {
        int inputs = (int) ShapeInference.size(in);
        boolean isOutput = i == nodes.size() - 1;
        int kernel = offset;
        offset += inputs * dense.units();
        int bias = dense.useBias() ? offset : -1;
        if (dense.useBias()) {
          offset += dense.units();
        }
        DensePlan plan = new DensePlan(dense, i, in, out, inputs,
            dense.init().resolve(dense.activation()), kernel, bias, parametersBefore, isOutput,
            isOutput && network.loss() != LossKind.MSE);
        plans.add(plan);
        flops += plan.forwardFlops();
        if (parametersBefore) {
          scratch = Math.max(scratch, inputs * dense.units());
        }
        parametersBefore = true;
      }
    }
    int inputSize = (int) ShapeInference.size(shapes.get(0));
    int outputSize = (int) ShapeInference.size(shapes.get(shapes.size() - 1));
    int targetSize = network.loss().indexTargets() ? 1 : outputSize;
    return new Plan(network, plans, inputSize, outputSize, targetSize, offset, flops, scratch,
        state);
  }
}
