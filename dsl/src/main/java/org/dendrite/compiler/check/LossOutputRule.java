package org.dendrite.compiler.check;

import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.Activated;
import org.dendrite.compiler.ir.LayerKind;
import org.dendrite.compiler.ir.LayerNode;
import org.dendrite.compiler.ir.LossKind;
import org.dendrite.compiler.ir.Origin;

/**
 * The loss agrees with the output layer: the cross-entropies need a SOFTMAX output of at least two
 * units, binary cross-entropy needs SIGMOID, the perceptron needs one STEP or LINEAR unit, each
 * applied by a layer that can leave it to the loss (a dense layer or a standalone activation); MSE
 * takes any output.
 */
final class LossOutputRule implements Rule {
  @Override
  public void check(CheckContext ctx) {
    if (ctx.outputLayer().isEmpty()) {
      return; // OutputLayerRule reports it
    }
    LayerNode out = ctx.outputLayer().get();
    LossKind loss = ctx.network().loss();
    Activation act = CheckContext.activationOf(out);
    long units = ctx.outputSize();
    Activation needed = switch (loss) {
      case SPARSE_CATEGORICAL_CROSSENTROPY, CATEGORICAL_CROSSENTROPY -> Activation.SOFTMAX;
      case BINARY_CROSSENTROPY -> Activation.SIGMOID;
      case PERCEPTRON -> Activation.STEP;
      case MSE -> null;
    };
    if (needed != null && !CheckContext.lossCanApplyActivation(out)) {
      ctx.report(Message.OUTPUT_CANNOT_APPLY.at(out.origin(), ctx.spell(loss), ctx.spell(needed),
          ctx.kind(out.kind()), out.name(), ctx.activateExample(needed),
          ctx.kind(LayerKind.DENSE)));
      return;
    }
    switch (loss) {
      case SPARSE_CATEGORICAL_CROSSENTROPY:
      case CATEGORICAL_CROSSENTROPY:
        if (act != Activation.SOFTMAX) {
          String fix = units == 1
              ? "for one output unit use activation = " + ctx.spell(Activation.SIGMOID)
                  + " with loss " + ctx.spell(LossKind.BINARY_CROSSENTROPY)
              : "use activation = " + ctx.spell(Activation.SOFTMAX);
          ctx.report(Message.LOSS_NEEDS_SOFTMAX.at(activationAt(out), ctx.spell(loss),
              ctx.spell(Activation.SOFTMAX), out.name(), units, ctx.spell(act), fix));
        }
        break;
      case BINARY_CROSSENTROPY:
        if (act != Activation.SIGMOID) {
          String alternative = act == Activation.SOFTMAX
              ? " (or loss " + ctx.spell(LossKind.CATEGORICAL_CROSSENTROPY)
                  + " for a softmax output)"
              : "";
          ctx.report(Message.LOSS_NEEDS_SIGMOID.at(activationAt(out), ctx.spell(loss),
              ctx.spell(Activation.SIGMOID), out.name(), ctx.spell(act),
              ctx.spell(Activation.SIGMOID), alternative));
        }
        break;
      case PERCEPTRON:
        if (units != 1 || (act != Activation.STEP && act != Activation.LINEAR)) {
          ctx.report(Message.LOSS_NEEDS_ONE_STEP.at(activationAt(out), ctx.spell(loss),
              ctx.spell(Activation.STEP), ctx.spell(Activation.LINEAR), out.name(), units,
              ctx.spell(act), ctx.spell(Activation.STEP)));
        }
        break;
      case MSE:
        break;
    }
  }

  /** Where the output's activation is written: its attribute, or the layer. */
  private static Origin activationAt(LayerNode out) {
    return out instanceof Activated a ? out.origin().attribute(a.activationAttribute())
        : out.origin();
  }
}
