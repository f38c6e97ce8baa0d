package org.dendrite.compiler.check;

import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.diag.Strings;
import org.dendrite.compiler.ir.Conv2DNode;
import org.dendrite.compiler.ir.LayerNode;
import org.dendrite.compiler.ir.Shape;

/**
 * Every layer's output for one sample fits a Java array, and so does a convolution's patch matrix
 * (its input's windows side by side, {@code OH·OW × FH·FW·C} values, which its product reads).
 */
final class ArraySizeRule implements Rule {
  @Override
  public void check(CheckContext ctx) {
    for (int i = 0; i < ctx.layers().size(); i++) {
      LayerNode layer = ctx.layers().get(i);
      Shape out = ctx.outputShape(i);
      if (out == null || !out.positive()) {
        continue;
      }
      if (out.size() > ParameterCountRule.MAX_ARRAY) {
        report(ctx, layer, out.size(), "its output " + out);
      } else if (layer instanceof Conv2DNode c && ctx.inputShape(i) != null
          && ctx.inputShape(i).rank() == 3) {
        long patches = (long) out.dim(0) * out.dim(1) * c.kernel().get(0) * c.kernel().get(1)
            * ctx.inputShape(i).dim(2);
        if (patches > ParameterCountRule.MAX_ARRAY) {
          report(ctx, layer, patches, "its windows side by side");
        }
      }
    }
  }

  private static void report(CheckContext ctx, LayerNode layer, long size, String what) {
    ctx.report(Message.ARRAY_SIZE.at(layer.origin(), ctx.kind(layer.kind()), layer.name(),
        Strings.count(size), what, Strings.count(ParameterCountRule.MAX_ARRAY)));
  }
}
