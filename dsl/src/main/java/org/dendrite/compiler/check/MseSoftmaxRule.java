package org.dendrite.compiler.check;

import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.LossKind;

/** Warns about MSE on a SOFTMAX output, whose gradient vanishes as predictions saturate. */
final class MseSoftmaxRule implements Rule {
  @Override
  public void check(CheckContext ctx) {
    if (ctx.network().loss() != LossKind.MSE) {
      return;
    }
    ctx.outputLayer()
        .filter(o -> CheckContext.activationOf(o) == Activation.SOFTMAX)
        .ifPresent(o -> ctx.report(Message.MSE_SOFTMAX.at(ctx.network().origin().attribute("loss"),
            ctx.spell(LossKind.MSE), ctx.spell(Activation.SOFTMAX), o.name(),
            ctx.spell(LossKind.CATEGORICAL_CROSSENTROPY),
            ctx.spell(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY))));
  }
}
