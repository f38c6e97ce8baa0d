package org.dendrite.compiler.check;

import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.DenseNode;
import org.dendrite.compiler.ir.LossKind;

/**
 * The loss agrees with the output layer: the cross-entropies need a SOFTMAX output of at least two
 * units, binary cross-entropy needs SIGMOID, the perceptron needs one STEP or LINEAR unit.
 */
final class LossOutputRule implements Rule {
  @Override
  public void check(CheckContext ctx) {
    if (ctx.outputLayer().isEmpty()) {
      return; // OutputLayerRule reports it
    }
    DenseNode out = ctx.outputLayer().get();
    LossKind loss = ctx.network().loss();
    Activation act = out.activation();
    switch (loss) {
      case SPARSE_CATEGORICAL_CROSSENTROPY:
      case CATEGORICAL_CROSSENTROPY:
        if (act != Activation.SOFTMAX) {
          String fix = out.units() == 1
              ? "for one output unit use activation = " + ctx.spell(Activation.SIGMOID)
                  + " with loss " + ctx.spell(LossKind.BINARY_CROSSENTROPY)
              : "use activation = " + ctx.spell(Activation.SOFTMAX);
          ctx.report(Message.LOSS_NEEDS_SOFTMAX.at(out.origin().attribute("activation"),
              ctx.spell(loss), ctx.spell(Activation.SOFTMAX), out.name(), out.units(),
              ctx.spell(act), fix));
        }
        break;
      case BINARY_CROSSENTROPY:
        if (act != Activation.SIGMOID) {
          String alternative = act == Activation.SOFTMAX
              ? " (or loss " + ctx.spell(LossKind.CATEGORICAL_CROSSENTROPY)
                  + " for a softmax output)"
              : "";
          ctx.report(Message.LOSS_NEEDS_SIGMOID.at(out.origin().attribute("activation"),
              ctx.spell(loss), ctx.spell(Activation.SIGMOID), out.name(), ctx.spell(act),
              ctx.spell(Activation.SIGMOID), alternative));
        }
        break;
      case PERCEPTRON:
        if (out.units() != 1 || (act != Activation.STEP && act != Activation.LINEAR)) {
          ctx.report(Message.LOSS_NEEDS_ONE_STEP.at(out.origin().attribute("activation"),
              ctx.spell(loss), ctx.spell(Activation.STEP), ctx.spell(Activation.LINEAR),
              out.name(), out.units(), ctx.spell(act), ctx.spell(Activation.STEP)));
        }
        break;
      case MSE:
        break;
    }
  }
}
