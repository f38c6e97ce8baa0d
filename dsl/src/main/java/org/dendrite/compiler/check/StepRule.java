package org.dendrite.compiler.check;

import java.util.Optional;
import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.DenseNode;
import org.dendrite.compiler.ir.LayerKind;
import org.dendrite.compiler.ir.LayerNode;
import org.dendrite.compiler.ir.LossKind;

/**
 * STEP has no gradient: it is legal only on the output of a network trained with the perceptron
 * rule (the loss rule checks that output's size).
 */
final class StepRule implements Rule {
  @Override
  public void check(CheckContext ctx) {
    Optional<DenseNode> output = ctx.outputLayer();
    boolean perceptron = ctx.network().loss() == LossKind.PERCEPTRON;
    for (LayerNode layer : ctx.layers()) {
      if (layer instanceof DenseNode d && d.activation() == Activation.STEP
          && !(perceptron && output.isPresent() && output.get() == d)) {
        String step = ctx.spell(Activation.STEP);
        ctx.report(Message.STEP_NO_GRADIENT.at(d.origin().attribute("activation"),
            ctx.kind(LayerKind.DENSE), d.name(), step, step, ctx.spell(LossKind.PERCEPTRON),
            ctx.spell(Activation.SIGMOID), ctx.spell(Activation.RELU)));
      }
    }
  }
}
