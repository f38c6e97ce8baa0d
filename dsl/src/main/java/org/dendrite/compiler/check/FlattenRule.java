package org.dendrite.compiler.check;

import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.ir.LayerKind;
import org.dendrite.compiler.ir.LayerNode;
import org.dendrite.compiler.ir.Shape;

/**
 * Layers of a kind that needs a one-dimensional input (a dense layer) get one: a flatten layer
 * comes first after a multi-dimensional one. A flatten of a flat input is reported as redundant.
 */
final class FlattenRule implements Rule {
  @Override
  public void check(CheckContext ctx) {
    for (int i = 1; i < ctx.layers().size(); i++) {
      LayerNode layer = ctx.layers().get(i);
      Shape in = ctx.inputShape(i);
      if (in == null) {
        continue;
      }
      LayerNode previous = ctx.inputLayer(i);
      if (layer.kind().needsFlatInput() && !in.isFlat()) {
        ctx.report(Message.NEEDS_FLATTEN.at(layer.origin(), ctx.kind(layer.kind()),
            layer.name(), ctx.kind(previous.kind()), previous.name(), in,
            ctx.kind(LayerKind.FLATTEN)));
      } else if (layer.kind() == LayerKind.FLATTEN && in.isFlat()) {
        ctx.report(Message.REDUNDANT_FLATTEN.at(layer.origin(), ctx.kind(LayerKind.FLATTEN),
            layer.name(), previous.name(), in));
      }
    }
  }
}
