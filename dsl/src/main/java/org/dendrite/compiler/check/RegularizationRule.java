package org.dendrite.compiler.check;

import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.ir.DenseNode;
import org.dendrite.compiler.ir.LayerKind;
import org.dendrite.compiler.ir.LayerNode;

/** L1 and L2 factors are finite and not negative (a negative one rewards large weights). */
final class RegularizationRule implements Rule {
  @Override
  public void check(CheckContext ctx) {
    for (LayerNode layer : ctx.layers()) {
      if (layer instanceof DenseNode d) {
        report(ctx, d, "l1", d.l1());
        report(ctx, d, "l2", d.l2());
      }
    }
  }

  private static void report(CheckContext ctx, DenseNode d, String attribute, float value) {
    if (!(value >= 0f && Float.isFinite(value))) {
      ctx.report(Message.REGULARIZATION.at(d.origin().attribute(attribute),
          ctx.kind(LayerKind.DENSE), d.name(), attribute, value));
    }
  }
}
