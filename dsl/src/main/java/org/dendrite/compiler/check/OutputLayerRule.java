package org.dendrite.compiler.check;

import java.util.List;
import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.ir.DenseNode;
import org.dendrite.compiler.ir.LayerKind;
import org.dendrite.compiler.ir.LayerNode;

/** There is a dense layer, and the last layer (the output) is one: nothing follows the output. */
final class OutputLayerRule implements Rule {
  @Override
  public void check(CheckContext ctx) {
    List<LayerNode> layers = ctx.layers();
    if (layers.stream().noneMatch(l -> l instanceof DenseNode)) {
      ctx.report(Message.NO_DENSE.at(ctx.network().origin(), ctx.network().name(),
          ctx.kind(LayerKind.DENSE), ctx.example(LayerKind.DENSE)));
      return;
    }
    LayerNode last = layers.get(layers.size() - 1);
    if (!(last instanceof DenseNode)) {
      String dense = ctx.kind(LayerKind.DENSE);
      String fix = last.kind() == LayerKind.DROPOUT
          ? "remove it (dropout after the output only adds noise to predictions) or add a "
              + dense + " after it"
          : "add a " + dense + " after it (the output layer holds the loss's activation)";
      ctx.report(Message.OUTPUT_NOT_DENSE.at(last.origin(), ctx.kind(last.kind()), last.name(),
          dense, fix));
    }
  }
}
