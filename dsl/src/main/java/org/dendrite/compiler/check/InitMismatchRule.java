package org.dendrite.compiler.check;

import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.Init;
import org.dendrite.compiler.ir.LayerNode;
import org.dendrite.compiler.ir.Weighted;

/**
 * Warns when an explicitly chosen initialiser does not suit the activation: He with SIGMOID or
 * TANH, whose doubled variance pushes them into saturation, on every layer with a kernel. Glorot
 * with the ReLU family is not flagged: it is Keras' default and measured no worse than He on the
 * networks of docs/accuracy.md.
 */
final class InitMismatchRule implements Rule {
  @Override
  public void check(CheckContext ctx) {
    for (LayerNode layer : ctx.layers()) {
      if (!(layer instanceof Weighted w)) {
        continue;
      }
      boolean he = w.init() == Init.HE_UNIFORM || w.init() == Init.HE_NORMAL;
      Activation act = w.activation();
      if (he && (act == Activation.SIGMOID || act == Activation.TANH)) {
        Init better = w.init() == Init.HE_NORMAL ? Init.GLOROT_NORMAL : Init.GLOROT_UNIFORM;
        ctx.report(Message.INIT_MISMATCH.at(layer.origin().attribute("init"),
            ctx.kind(layer.kind()), layer.name(), ctx.spell(act), ctx.spell(w.init()),
            ctx.spell(better), ctx.spell(act), ctx.spell(Init.AUTO)));
      }
    }
  }
}
