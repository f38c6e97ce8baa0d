package org.dendrite.compiler.check;

import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.BatchNormNode;
import org.dendrite.compiler.ir.DenseNode;
import org.dendrite.compiler.ir.LayerNode;

/**
 * LEAKY_RELU's slope is finite and not negative. The generated backward pass reads the gradient's
 * sign from the layer's output, which is only right when {@code alpha >= 0}.
 */
final class LeakyAlphaRule implements Rule {
  @Override
  public void check(CheckContext ctx) {
    for (LayerNode layer : ctx.layers()) {
      Float alpha = null;
      if (layer instanceof DenseNode d && d.activation() == Activation.LEAKY_RELU) {
        alpha = d.alpha();
      } else if (layer instanceof BatchNormNode b && b.activation() == Activation.LEAKY_RELU) {
        alpha = b.alpha();
      }
      if (alpha != null && !(alpha >= 0f && Float.isFinite(alpha))) {
        ctx.report(Message.LEAKY_ALPHA.at(layer.origin().attribute("alpha"),
            ctx.kind(layer.kind()), layer.name(), alpha, ctx.spell(Activation.LEAKY_RELU)));
      }
    }
  }
}
