package org.dendrite.compiler.check;

import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.DenseNode;
import org.dendrite.compiler.ir.Init;
import org.dendrite.compiler.ir.LayerKind;
import org.dendrite.compiler.ir.LayerNode;

/**
 * Warns when an explicitly chosen initialiser does not suit the activation: Glorot with the ReLU
 * family, He with SIGMOID or TANH.
 */
final class InitMismatchRule implements Rule {
  @Override
  public void check(CheckContext ctx) {
    for (LayerNode layer : ctx.layers()) {
      if (!(layer instanceof DenseNode d)) {
        continue;
      }
      boolean glorot = d.init() == Init.GLOROT_UNIFORM || d.init() == Init.GLOROT_NORMAL;
      boolean he = d.init() == Init.HE_UNIFORM || d.init() == Init.HE_NORMAL;
      Activation act = d.activation();
      Init better = null;
      if (glorot && act.reluFamily()) {
        better = d.init() == Init.GLOROT_NORMAL ? Init.HE_NORMAL : Init.HE_UNIFORM;
      } else if (he && (act == Activation.SIGMOID || act == Activation.TANH)) {
        better = d.init() == Init.HE_NORMAL ? Init.GLOROT_NORMAL : Init.GLOROT_UNIFORM;
      }
      if (better != null) {
        ctx.report(Message.INIT_MISMATCH.at(d.origin().attribute("init"),
            ctx.kind(LayerKind.DENSE), d.name(), ctx.spell(act), ctx.spell(d.init()),
            ctx.spell(better), ctx.spell(act), ctx.spell(Init.AUTO)));
      }
    }
  }
}
