package org.dendrite.compiler.check;

import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.DenseNode;
import org.dendrite.compiler.ir.LayerKind;
import org.dendrite.compiler.ir.LayerNode;

/** SOFTMAX over a single unit always outputs 1. */
final class SoftmaxUnitsRule implements Rule {
  @Override
  public void check(CheckContext ctx) {
    for (LayerNode layer : ctx.layers()) {
      if (layer instanceof DenseNode d && d.activation() == Activation.SOFTMAX && d.units() == 1) {
        ctx.report(Message.SOFTMAX_ONE_UNIT.at(d.origin().attribute("activation"),
            ctx.kind(LayerKind.DENSE), d.name(), ctx.spell(Activation.SOFTMAX),
            ctx.spell(Activation.SIGMOID)));
      }
    }
  }
}
