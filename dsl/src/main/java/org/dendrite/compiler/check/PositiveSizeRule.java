package org.dendrite.compiler.check;

import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.diag.Strings;
import org.dendrite.compiler.ir.DenseNode;
import org.dendrite.compiler.ir.InputNode;
import org.dendrite.compiler.ir.LayerKind;
import org.dendrite.compiler.ir.LayerNode;

/** Every size is positive: the input's dimensions (and it has some), and dense units. */
final class PositiveSizeRule implements Rule {
  @Override
  public void check(CheckContext ctx) {
    for (LayerNode layer : ctx.layers()) {
      if (layer instanceof InputNode input) {
        String kind = ctx.kind(LayerKind.INPUT);
        if (input.shape().isEmpty()) {
          ctx.report(Message.EMPTY_INPUT_SHAPE.at(input.origin().attribute("value"), kind,
              input.name(), ctx.example(LayerKind.INPUT)));
        }
        int[] shape = input.shape().stream().mapToInt(Integer::intValue).toArray();
        for (int d = 0; d < shape.length; d++) {
          if (shape[d] <= 0) {
            ctx.report(Message.NON_POSITIVE_DIMENSION.at(input.origin().attribute("value"), kind,
                input.name(), d + 1, shape[d], Strings.shape(shape)));
          }
        }
      } else if (layer instanceof DenseNode dense && dense.units() <= 0) {
        ctx.report(Message.NON_POSITIVE_UNITS.at(dense.origin().attribute("units"),
            ctx.kind(LayerKind.DENSE), dense.name(), dense.units()));
      }
    }
  }
}
