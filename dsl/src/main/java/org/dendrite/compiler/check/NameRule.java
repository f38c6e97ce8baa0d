package org.dendrite.compiler.check;

import java.util.HashMap;
import java.util.Map;
import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.ir.LayerNode;
import org.dendrite.compiler.ir.Names;
import org.dendrite.compiler.ir.Weighted;

/**
 * Layer names are Java identifiers, unique, and clash with nothing the generated class declares:
 * the methods of {@code Model} and the public constants (two layers whose weight constants would
 * be spelt the same, such as {@code hiddenLayer} and {@code hidden_layer}, clash too).
 */
final class NameRule implements Rule {
  @Override
  public void check(CheckContext ctx) {
    Map<String, LayerNode> seen = new HashMap<>();
    Map<String, LayerNode> constants = new HashMap<>();
    String generated = ctx.network().generatedName();
    for (LayerNode layer : ctx.layers()) {
      String name = layer.name();
      String why = Names.whyNotIdentifier(name);
      if (why != null) {
        ctx.report(Message.INVALID_NAME.at(layer.origin(), name, "layer", why));
        continue;
      }
      LayerNode first = seen.putIfAbsent(name, layer);
      if (first != null) {
        ctx.report(Message.DUPLICATE_NAME.at(layer.origin(), name, first.origin().describe()));
        continue;
      }
      if (Names.MODEL_METHODS.contains(name)) {
        ctx.report(Message.NAME_CLASH.at(layer.origin(), name,
            "the method " + name + "() of Model", generated));
      } else if (Names.FIXED_CONSTANTS.contains(name)) {
        ctx.report(Message.NAME_CLASH.at(layer.origin(), name, "the constant " + name, generated));
      }
      if (layer instanceof Weighted) {
        String constant = Names.constantCase(name);
        LayerNode other = constants.putIfAbsent(constant, layer);
        if (other != null) {
          ctx.report(Message.NAME_CLASH.at(layer.origin(), name,
              "layer '" + other.name() + "' (both give the constant " + constant
                  + "_KERNEL)", generated));
        }
      }
    }
  }
}
