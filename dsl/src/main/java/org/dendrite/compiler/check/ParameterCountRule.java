package org.dendrite.compiler.check;

import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.diag.Strings;
import org.dendrite.compiler.ir.LayerNode;

/** All parameters fit in one Java array. */
final class ParameterCountRule implements Rule {
  /** The largest array HotSpot allocates. */
  static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  @Override
  public void check(CheckContext ctx) {
    long total = 0;
    long largest = 0;
    String largestName = null;
    for (int i = 0; i < ctx.layers().size(); i++) {
      LayerNode layer = ctx.layers().get(i);
      long count = Math.max(0, layer.parameterCount(ctx.inputShape(i)));
      total += count;
      if (count > largest) {
        largest = count;
        largestName = layer.name();
      }
    }
    if (total > MAX_ARRAY) {
      ctx.report(Message.TOO_MANY_PARAMETERS.at(ctx.network().origin(), ctx.network().name(),
          Strings.count(total), Strings.count(MAX_ARRAY), largestName, Strings.count(largest)));
    }
  }
}
