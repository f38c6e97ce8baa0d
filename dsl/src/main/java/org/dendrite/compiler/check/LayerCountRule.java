package org.dendrite.compiler.check;

import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.diag.Strings;

/**
 * A network has at most {@link #MAX_LAYERS} layers. The generated constructor and passes grow
 * with every layer; past about 700 layers of the dense kinds javac refuses the class ("code too
 * large": a method's bytecode is limited to 64 KB), and a network of tens of thousands (a 1 MB
 * {@code .nn} file) would exhaust the compiler's memory before that.
 */
final class LayerCountRule implements Rule {
  /**
   * The most layers a network may have: below the ~700 where javac first refused a generated
   * class (measured with dense, batchnorm and dropout layers), checked by a test that compiles a
   * network of this many.
   */
  static final int MAX_LAYERS = 500;

  @Override
  public void check(CheckContext ctx) {
    int count = ctx.layers().size();
    if (count > MAX_LAYERS) {
      ctx.report(Message.TOO_MANY_LAYERS.at(ctx.network().origin(), ctx.network().name(),
          Strings.count(count), Strings.count(MAX_LAYERS)));
    }
  }
}
