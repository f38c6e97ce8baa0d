package org.dendrite.compiler.layers;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import java.util.List;
import org.dendrite.compiler.ir.Merge;

/**
 * A layer that reads several: an addition or a concatenation. It has no weights; its code is a
 * runtime call per input, written inline in the pass methods, and its output and gradient
 * buffers are its own.
 *
 * @param <N> the kind's IR record
 */
abstract class MergeUnit<N extends Merge> extends LayerUnit<N> {
  MergeUnit(N node, Context context) {
    super(node, context);
  }

  @Override
  public final CodeBlock initialize(ClassScope model) {
    return CodeBlock.of("");
  }

  @Override
  public final long forwardFlops() {
    return 0;
  }

  @Override
  public void declare(PassScope pass) {
    pass.buffer(pass.name(this, ""), pass.size(this), "$L's outputs, [$L][$L].", name(),
        pass.capacity(), outputSize());
    if (carriesGradient()) {
      pass.buffer(pass.name(this, "Grad"), pass.size(this),
          "The loss gradient with respect to $L's outputs.", name());
    }
  }

  /** The names of the arrays it reads, for comments: {@code conv2 + stem}. */
  static String names(List<Flow> in, String separator) {
    return String.join(separator, in.stream().map(Flow::array).toList());
  }

  @Override
  public abstract Flow forward(PassScope pass, Mode mode, List<Flow> in,
      CodeBlock.Builder code);

  @Override
  public abstract void backward(PassScope pass, List<Flow> in, CodeBlock.Builder code);

  @Override
  public final List<MethodSpec> methods(PassScope pass, List<Flow> in) {
    return List.of();
  }

  /** A merge reads a flow per input: see {@link #forward(PassScope, Mode, List, CodeBlock.Builder)}. */
  @Override
  public final Flow forward(PassScope pass, Mode mode, Flow in, CodeBlock.Builder code) {
    return forward(pass, mode, List.of(in), code);
  }

  /** A merge reads a flow per input: see {@link #backward(PassScope, List, CodeBlock.Builder)}. */
  @Override
  public final void backward(PassScope pass, Flow in, CodeBlock.Builder code) {
    backward(pass, List.of(in), code);
  }

  @Override
  public final List<MethodSpec> methods(PassScope pass, Flow in) {
    return List.of();
  }

  /** The flow of its output in every mode. */
  protected final Flow output(PassScope pass) {
    return new Flow(pass.name(this, ""), "0", pass.name(this, "Grad"));
  }
}
