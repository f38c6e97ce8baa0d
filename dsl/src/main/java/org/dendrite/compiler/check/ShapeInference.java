package org.dendrite.compiler.check;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.dendrite.compiler.ir.BatchNormNode;
import org.dendrite.compiler.ir.DenseNode;
import org.dendrite.compiler.ir.DropoutNode;
import org.dendrite.compiler.ir.FlattenNode;
import org.dendrite.compiler.ir.InputNode;
import org.dendrite.compiler.ir.LayerNode;
import org.dendrite.compiler.ir.Network;

/**
 * The output shape of every layer of a network. Tolerant of broken networks, so that all errors
 * can be reported in one run: a shape that cannot be known (no input before the layer) is
 * {@code null}, and a dense layer after a multi-dimensional input still gets its {@code [units]}.
 */
public final class ShapeInference {
  private ShapeInference() {}

  /** One output shape per layer, in order; {@code null} where unknown. */
  public static List<int[]> outputShapes(Network network) {
    List<int[]> shapes = new ArrayList<>();
    int[] current = null;
    for (LayerNode layer : network.layers()) {
      current = outputShape(layer, current);
      shapes.add(current);
    }
    return Collections.unmodifiableList(shapes);
  }

  /** The shape a layer produces from {@code input} ({@code null} when unknown). */
  static int[] outputShape(LayerNode layer, int[] input) {
    if (layer instanceof InputNode in) {
      return in.shape().stream().mapToInt(Integer::intValue).toArray();
    } else if (layer instanceof FlattenNode) {
      return input == null ? null : new int[] {(int) Math.min(Integer.MAX_VALUE, size(input))};
    } else if (layer instanceof DenseNode dense) {
      return new int[] {dense.units()};
    } else if (layer instanceof DropoutNode || layer instanceof BatchNormNode) {
      return input;
    }
    throw new AssertionError(layer);
  }

  /** The number of values of a shape, as a long so that overflow can be reported. */
  public static long size(int[] shape) {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }
}
