package org.dendrite.compiler.check;

import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.ir.LayerNode;
import org.dendrite.compiler.ir.Weighted;

/**
 * L1 and L2 factors are finite and not negative (a negative one rewards large weights), on every
 * layer with a kernel.
 */
final class RegularizationRule implements Rule {
  @Override
  public void check(CheckContext ctx) {
    for (LayerNode layer : ctx.layers()) {
      if (layer instanceof Weighted w) {
        report(ctx, layer, "l1", w.l1());
        report(ctx, layer, "l2", w.l2());
      }
    }
  }

  private static void report(CheckContext ctx, LayerNode layer, String attribute, float value) {
    if (!(value >= 0f && Float.isFinite(value))) {
      ctx.report(Message.REGULARIZATION.at(layer.origin().attribute(attribute),
          ctx.kind(layer.kind()), layer.name(), attribute, value));
    }
  }
}
