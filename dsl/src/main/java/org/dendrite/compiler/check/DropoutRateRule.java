package org.dendrite.compiler.check;

import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.ir.DropoutNode;
import org.dendrite.compiler.ir.LayerKind;
import org.dendrite.compiler.ir.LayerNode;

/** A dropout rate is in [0, 1); a rate of 0 is reported as doing nothing. */
final class DropoutRateRule implements Rule {
  @Override
  public void check(CheckContext ctx) {
    for (LayerNode layer : ctx.layers()) {
      if (layer instanceof DropoutNode d) {
        String kind = ctx.kind(LayerKind.DROPOUT);
        if (!(d.rate() >= 0f && d.rate() < 1f)) {
          ctx.report(Message.DROPOUT_RATE.at(d.origin().attribute("rate"), kind, d.name(),
              d.rate()));
        } else if (d.rate() == 0f) {
          ctx.report(Message.DROPOUT_ZERO.at(d.origin().attribute("rate"), kind, d.name()));
        }
      }
    }
  }
}
