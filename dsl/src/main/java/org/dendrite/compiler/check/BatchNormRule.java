package org.dendrite.compiler.check;

import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.ir.BatchNormNode;
import org.dendrite.compiler.ir.LayerNode;

/** A batch normalisation's momentum is in [0, 1) and its epsilon positive and finite. */
final class BatchNormRule implements Rule {
  @Override
  public void check(CheckContext ctx) {
    for (LayerNode layer : ctx.layers()) {
      if (!(layer instanceof BatchNormNode b)) {
        continue;
      }
      if (!(b.momentum() >= 0f && b.momentum() < 1f)) {
        ctx.report(Message.BATCH_NORM_SETTINGS.at(b.origin().attribute("momentum"),
            ctx.kind(b.kind()), b.name(), "momentum", b.momentum(),
            "the moving averages' momentum must be in [0, 1) (Keras uses 0.99)"));
      }
      if (!(b.epsilon() > 0f && Float.isFinite(b.epsilon()))) {
        ctx.report(Message.BATCH_NORM_SETTINGS.at(b.origin().attribute("epsilon"),
            ctx.kind(b.kind()), b.name(), "epsilon", b.epsilon(),
            "epsilon keeps the division finite and must be positive (Keras uses 0.001)"));
      }
    }
  }
}
