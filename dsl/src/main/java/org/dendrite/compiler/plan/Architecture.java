package org.dendrite.compiler.plan;

import java.util.StringJoiner;
import org.dendrite.compiler.ir.DenseNode;

/**
 * The canonical description of a network's architecture, embedded in the generated class and in
 * weight files: what decides whether a set of weights fits and means the same thing (layer kinds,
 * names, shapes, activations, biases). Dropout rates, initialisers and the loss are left out:
 * weights trained with one stay valid with another.
 */
public final class Architecture {
  private Architecture() {}

  /** One line per layer, e.g. {@code dense hidden1 784->300 relu bias}. */
  public static String describe(Plan plan) {
    StringJoiner lines = new StringJoiner("\n");
    lines.add("network " + plan.network().name());
    for (LayerPlan layer : plan.layers()) {
      String kind = layer.node().kind().keyword();
      String shape = shape(layer.outputShape());
      if (layer instanceof DensePlan d) {
        DenseNode n = d.node();
        String act = n.activation().spelling()
            + (n.activation().name().equals("LEAKY_RELU") ? "(" + n.alpha() + ")" : "");
        lines.add(kind + " " + layer.name() + " " + d.inputs() + "->" + d.units() + " " + act
            + (d.hasBias() ? " bias" : " no-bias"));
      } else if (layer instanceof BatchNormPlan b) {
        lines.add(kind + " " + layer.name() + " " + shape + " "
            + b.node().activation().spelling() + " epsilon=" + b.node().epsilon());
      } else {
        lines.add(kind + " " + layer.name() + " " + shape);
      }
    }
    return lines.toString();
  }

  private static String shape(int[] shape) {
    StringJoiner j = new StringJoiner("x");
    for (int d : shape) {
      j.add(Integer.toString(d));
    }
    return j.toString();
  }
}
