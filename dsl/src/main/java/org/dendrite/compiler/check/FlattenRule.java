package org.dendrite.compiler.check;

import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.diag.Strings;
import org.dendrite.compiler.ir.BatchNormNode;
import org.dendrite.compiler.ir.DenseNode;
import org.dendrite.compiler.ir.FlattenNode;
import org.dendrite.compiler.ir.LayerKind;
import org.dendrite.compiler.ir.LayerNode;

/**
 * Dense and batch-normalisation layers need a one-dimensional input (a flatten layer comes first
 * after a multi-dimensional one); a flatten of a flat input is reported as redundant.
 */
final class FlattenRule implements Rule {
  @Override
  public void check(CheckContext ctx) {
    for (int i = 1; i < ctx.layers().size(); i++) {
      LayerNode layer = ctx.layers().get(i);
      int[] in = ctx.inputShape(i);
      if (in == null) {
        continue;
      }
      LayerNode previous = ctx.layers().get(i - 1);
      if ((layer instanceof DenseNode || layer instanceof BatchNormNode) && in.length > 1) {
        ctx.report(Message.NEEDS_FLATTEN.at(layer.origin(), ctx.kind(layer.kind()),
            layer.name(), ctx.kind(previous.kind()), previous.name(), Strings.shape(in),
            ctx.kind(LayerKind.FLATTEN)));
      } else if (layer instanceof FlattenNode && in.length == 1) {
        ctx.report(Message.REDUNDANT_FLATTEN.at(layer.origin(), ctx.kind(LayerKind.FLATTEN),
            layer.name(), previous.name(), Strings.shape(in)));
      }
    }
  }
}
