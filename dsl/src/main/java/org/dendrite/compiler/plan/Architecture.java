package org.dendrite.compiler.plan;

import java.util.List;
import java.util.StringJoiner;
import org.dendrite.compiler.layers.LayerUnit;

/**
 * The canonical description of a network's architecture, embedded in the generated class and in
 * weight files: what decides whether a set of weights fits and means the same thing (layer kinds,
 * names, shapes, activations, biases). Dropout rates, initialisers and the loss are left out:
 * weights trained with one stay valid with another.
 */
public final class Architecture {
  private Architecture() {}

  /**
   * A header line, then one line per layer, e.g. {@code dense hidden1 784->300 relu bias}; a
   * layer that names what it reads (a merge, a {@code from}) ends with them: {@code add sum 8x8x16
   * <- conv2,stem}. A stack's lines are what they were before graphs.
   */
  public static String describe(Plan plan) {
    StringJoiner lines = new StringJoiner("\n");
    lines.add("network " + plan.network().name());
    for (LayerUnit<?> layer : plan.layers()) {
      List<String> from = layer.node().inputs();
      lines.add(layer.architecture() + (from.isEmpty() ? "" : " <- " + String.join(",", from)));
    }
    return lines.toString();
  }
}
