package org.dendrite.compiler.check;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.LayerNode;
import org.dendrite.compiler.ir.Names;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.ir.Origin;

/**
 * {@code classes} and {@code outputs} name the output units: one class per unit (two for a
 * single sigmoid unit: the class of 0, then of 1), one output name per unit; distinct names
 * that make distinct Java constants; not both lists at once.
 */
final class OutputNamesRule implements Rule {
  @Override
  public void check(CheckContext ctx) {
    Network network = ctx.network();
    List<String> classes = network.classes();
    List<String> outputs = network.outputNames();
    if (classes.isEmpty() && outputs.isEmpty()) {
      return;
    }
    Origin at = network.origin().attribute(classes.isEmpty() ? "outputs" : "classes");
    if (!classes.isEmpty() && !outputs.isEmpty()) {
      ctx.report(Message.OUTPUT_NAMES.at(at, network.name(), "it lists both classes and"
          + " outputs; classes name a classifier's outputs, outputs a regression's: keep one"));
      return;
    }
    if (ctx.outputLayer().isEmpty() || ctx.outputSize() == 0) {
      return; // OutputLayerRule reports it
    }
    LayerNode output = ctx.outputLayer().get();
    long units = ctx.outputSize();
    boolean classify = !classes.isEmpty();
    List<String> names = classify ? classes : outputs;
    boolean binary = units == 1 && CheckContext.activationOf(output) == Activation.SIGMOID;
    long expected = classify && binary ? 2 : units;
    if (names.size() != expected) {
      String fix = classify && binary
          ? "a single sigmoid unit takes 2 classes: the class of 0, then the class of 1"
          : "list one " + (classify ? "class" : "output name") + " per unit";
      ctx.report(Message.OUTPUT_NAME_COUNT.at(at, network.name(), names.size(),
          classify ? "classes" : "output names", output.name(), units, fix));
      return;
    }
    String what = classify ? "class" : "output";
    Set<String> seen = new HashSet<>();
    Map<String, String> constants = new HashMap<>();
    for (String name : names) {
      if (!seen.add(name)) {
        ctx.report(Message.OUTPUT_NAMES.at(at, network.name(),
            "it lists " + what + " '" + name + "' twice; each must be distinct"));
        return;
      }
      String constant = Network.constantOf(name);
      if (constant.equals("_")) {
        ctx.report(Message.OUTPUT_NAMES.at(at, network.name(), what + " '" + name
            + "' has no letter or digit to make a Java name of; give it one"));
        return;
      }
      String other = constants.put(constant, name);
      if (other != null) {
        ctx.report(Message.OUTPUT_NAMES.at(at, network.name(),
            (classify ? "classes" : "outputs") + " '" + other + "' and '" + name
                + "' both become the Java constant " + constant + "; rename one"));
        return;
      }
      if (!classify && Names.FIXED_CONSTANTS.contains("OUTPUT_" + constant)) {
        ctx.report(Message.OUTPUT_NAMES.at(at, network.name(), "output '" + name
            + "' would be the constant OUTPUT_" + constant + ", which every network has;"
            + " rename it"));
        return;
      }
    }
  }
}
