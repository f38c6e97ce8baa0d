package org.dendrite.compiler.plan;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dendrite.compiler.diag.DiagnosticCollector;
import org.dendrite.compiler.diag.DiagnosticSink;
import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.emit.RuntimeNames;
import org.dendrite.compiler.ir.Names;
import org.dendrite.compiler.layers.LayerUnit;
import org.dendrite.compiler.layers.Tensor;

/**
 * The public constants a planned network's class declares (the tensors' offsets) are API, so they
 * are never renamed to step aside: a layer whose name, or whose tensors' constants, would be spelt
 * like another constant is an error on that layer. Every private name is allocated instead (see
 * the code generator), and the checker has rejected names that clash with {@code Model}'s methods
 * and the fixed constants.
 */
public final class NameCheck {
  private NameCheck() {}

  /**
   * Reports every clash of {@code plan}'s layers with its public constants.
   *
   * @return whether there is none
   */
  public static boolean check(Plan plan, DiagnosticSink sink) {
    DiagnosticCollector collector = new DiagnosticCollector(sink);
    String generated = plan.network().generatedName();
    Map<String, String> owners = new HashMap<>();
    for (String fixed : Names.FIXED_CONSTANTS) {
      owners.put(fixed, null);
    }
    for (LayerUnit<?> layer : plan.layers()) {
      for (Tensor t : layer.parameters()) {
        claim(owners, t.constant(), layer, generated, collector);
      }
      for (Tensor t : layer.state()) {
        claim(owners, t.constant(), layer, generated, collector);
      }
    }
    Set<String> layerNames = new HashSet<>();
    plan.layers().forEach(l -> layerNames.add(l.name()));
    Optional<String> hiddenType = RuntimeNames.referencedSimpleNames().stream()
        .filter(layerNames::contains).findFirst();
    for (LayerUnit<?> layer : plan.layers()) {
      if (owners.containsKey(layer.name())) {
        collector.report(Message.NAME_CLASH.at(layer.node().origin(), layer.name(),
            "the constant " + layer.name(), generated));
      } else if (hiddenType.isPresent()
          && RuntimeNames.packageRoots().contains(layer.name())) {
        // Layer 'List' makes the class write java.util.List, which layer 'java' would hide.
        collector.report(Message.NAME_CLASH.at(layer.node().origin(), layer.name(),
            "the package " + layer.name() + ", which it must name in full because layer '"
                + hiddenType.get() + "' hides the type " + hiddenType.get(), generated));
      }
    }
    return !collector.hasErrors();
  }

  private static void claim(Map<String, String> owners, String constant, LayerUnit<?> layer,
      String generated, DiagnosticCollector collector) {
    if (!owners.containsKey(constant)) {
      owners.put(constant, layer.name());
      return;
    }
    String other = owners.get(constant);
    if (other == null || !other.equals(layer.name())) {
      collector.report(Message.NAME_CLASH.at(layer.node().origin(), layer.name(),
          (other == null ? "the constant " + constant
              : "layer '" + other + "' (both need the constant " + constant + ")"),
          generated));
    }
  }
}
