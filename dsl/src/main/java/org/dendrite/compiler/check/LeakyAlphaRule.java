package org.dendrite.compiler.check;

import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.ir.Activated;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.LayerNode;

/**
 * LEAKY_RELU's slope is finite and not negative, on every layer with an activation. The
 * generated backward pass reads the gradient's sign from the layer's output, which is only right
 * when {@code alpha >= 0}.
 */
final class LeakyAlphaRule implements Rule {
  @Override
  public void check(CheckContext ctx) {
    for (LayerNode layer : ctx.layers()) {
      if (layer instanceof Activated a && a.activation() == Activation.LEAKY_RELU
          && !(a.alpha() >= 0f && Float.isFinite(a.alpha()))) {
        ctx.report(Message.LEAKY_ALPHA.at(layer.origin().attribute("alpha"),
            ctx.kind(layer.kind()), layer.name(), a.alpha(), ctx.spell(Activation.LEAKY_RELU)));
      }
    }
  }
}
