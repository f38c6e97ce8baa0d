package org.dendrite.compiler.check;

import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.DenseNode;
import org.dendrite.compiler.ir.LayerKind;
import org.dendrite.compiler.ir.LayerNode;

/**
 * LEAKY_RELU's slope is finite and not negative. The generated backward pass reads the gradient's
 * sign from the layer's output, which is only right when {@code alpha >= 0}.
 */
final class LeakyAlphaRule implements Rule {
  @Override
  public void check(CheckContext ctx) {
    for (LayerNode layer : ctx.layers()) {
      if (layer instanceof DenseNode d && d.activation() == Activation.LEAKY_RELU
          && !(d.alpha() >= 0f && Float.isFinite(d.alpha()))) {
        ctx.report(Message.LEAKY_ALPHA.at(d.origin().attribute("alpha"),
            ctx.kind(LayerKind.DENSE), d.name(), d.alpha()));
      }
    }
  }
}
