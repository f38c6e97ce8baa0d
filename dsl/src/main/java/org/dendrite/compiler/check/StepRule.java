package org.dendrite.compiler.check;

import java.util.Optional;
import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.ir.Activated;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.LayerNode;
import org.dendrite.compiler.ir.LossKind;

/**
 * STEP has no gradient: it is legal only on the output of a network trained with the perceptron
 * rule (the loss rule checks that output's size), on whatever kind of layer applies it.
 */
final class StepRule implements Rule {
  @Override
  public void check(CheckContext ctx) {
    Optional<LayerNode> output = ctx.outputLayer();
    boolean perceptron = ctx.network().loss() == LossKind.PERCEPTRON;
    for (LayerNode layer : ctx.layers()) {
      boolean step = layer instanceof Activated a && a.activation() == Activation.STEP;
      if (step && !(perceptron && output.isPresent() && output.get() == layer)) {
        String spelt = ctx.spell(Activation.STEP);
        ctx.report(Message.STEP_NO_GRADIENT.at(layer.origin().attribute(((Activated) layer).activationAttribute()),
            ctx.kind(layer.kind()), layer.name(), spelt, spelt, ctx.spell(LossKind.PERCEPTRON),
            ctx.spell(Activation.SIGMOID), ctx.spell(Activation.RELU)));
      }
    }
  }
}
