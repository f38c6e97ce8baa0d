package org.dendrite.compiler.check;

import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.Init;
import org.dendrite.compiler.ir.LayerNode;
import org.dendrite.compiler.ir.Weighted;

/**
 * Warns when an explicitly chosen initialiser does not suit the activation: Glorot with the ReLU
 * family, He with SIGMOID or TANH, on every layer with a kernel.
 */
final class InitMismatchRule implements Rule {
  @Override
  public void check(CheckContext ctx) {
    for (LayerNode layer : ctx.layers()) {
      if (!(layer instanceof Weighted w)) {
        continue;
      }
      boolean glorot = w.init() == Init.GLOROT_UNIFORM || w.init() == Init.GLOROT_NORMAL;
      boolean he = w.init() == Init.HE_UNIFORM || w.init() == Init.HE_NORMAL;
      Activation act = w.activation();
      Init better = null;
      if (glorot && act.reluFamily()) {
        better = w.init() == Init.GLOROT_NORMAL ? Init.HE_NORMAL : Init.HE_UNIFORM;
      } else if (he && (act == Activation.SIGMOID || act == Activation.TANH)) {
        better = w.init() == Init.HE_NORMAL ? Init.GLOROT_NORMAL : Init.GLOROT_UNIFORM;
      }
      if (better != null) {
        ctx.report(Message.INIT_MISMATCH.at(layer.origin().attribute("init"),
            ctx.kind(layer.kind()), layer.name(), ctx.spell(act), ctx.spell(w.init()),
            ctx.spell(better), ctx.spell(act), ctx.spell(Init.AUTO)));
      }
    }
  }
}
