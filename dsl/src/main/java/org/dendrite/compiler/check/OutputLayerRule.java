package org.dendrite.compiler.check;

import java.util.List;
import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.ir.LayerKind;
import org.dendrite.compiler.ir.LayerNode;
import org.dendrite.compiler.ir.Weighted;

/**
 * The network has a layer with weights, and its last layer (the output) computes its outputs: any
 * kind but the input, a flatten (it computes nothing) or a dropout (noise on the predictions).
 * Which output activations a loss accepts is {@link LossOutputRule}'s.
 */
final class OutputLayerRule implements Rule {
  @Override
  public void check(CheckContext ctx) {
    List<LayerNode> layers = ctx.layers();
    if (layers.stream().noneMatch(l -> l instanceof Weighted)) {
      ctx.report(Message.NO_DENSE.at(ctx.network().origin(), ctx.network().name(),
          ctx.kind(LayerKind.DENSE), ctx.example(LayerKind.DENSE)));
      return;
    }
    LayerNode last = layers.get(layers.size() - 1);
    if (ctx.outputLayer().isEmpty()) {
      String dense = ctx.kind(LayerKind.DENSE);
      String fix = last.kind() == LayerKind.DROPOUT
          ? "remove it (dropout after the output only adds noise to predictions) or add a "
              + dense + " after it"
          : "end the network with the layer it flattens, or add a " + dense + " after it";
      ctx.report(Message.OUTPUT_NOT_DENSE.at(last.origin(), ctx.kind(last.kind()), last.name(),
          fix));
    }
  }
}
