package org.dendrite.compiler.check;

import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.DenseNode;
import org.dendrite.compiler.ir.LayerKind;
import org.dendrite.compiler.ir.LayerNode;

/** Warns about SOFTMAX on a hidden layer. */
final class HiddenSoftmaxRule implements Rule {
  @Override
  public void check(CheckContext ctx) {
    for (LayerNode layer : ctx.layers()) {
      if (layer instanceof DenseNode d && d.activation() == Activation.SOFTMAX
          && d.units() > 1 && ctx.outputLayer().filter(o -> o == d).isEmpty()) {
        ctx.report(Message.HIDDEN_SOFTMAX.at(d.origin().attribute("activation"),
            ctx.kind(LayerKind.DENSE), d.name(), ctx.spell(Activation.SOFTMAX), d.units(),
            ctx.spell(Activation.RELU)));
      }
    }
  }
}
