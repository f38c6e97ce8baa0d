package org.dendrite.compiler.check;

import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.ir.InputNode;
import org.dendrite.compiler.ir.LayerKind;
import org.dendrite.compiler.ir.LayerNode;

/** A network has exactly one input layer, and it is the first layer. */
final class InputRule implements Rule {
  @Override
  public void check(CheckContext ctx) {
    InputNode first = null;
    for (int i = 0; i < ctx.layers().size(); i++) {
      LayerNode layer = ctx.layers().get(i);
      if (!(layer instanceof InputNode input)) {
        continue;
      }
      String kind = ctx.kind(LayerKind.INPUT);
      if (first != null) {
        ctx.report(Message.SECOND_INPUT.at(input.origin(), kind, input.name(), first.name()));
        continue;
      }
      first = input;
      if (i > 0) {
        LayerNode before = ctx.layers().get(0);
        ctx.report(Message.INPUT_NOT_FIRST.at(input.origin(), kind, input.name(),
            ctx.kind(before.kind()), before.name()));
      }
    }
    if (first == null) {
      ctx.report(Message.MISSING_INPUT.at(ctx.network().origin(), ctx.network().name(),
          ctx.kind(LayerKind.INPUT), ctx.example(LayerKind.INPUT)));
    }
  }
}
