package org.dendrite.compiler.layers;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import java.util.List;
import org.dendrite.compiler.ir.FlattenNode;
import org.dendrite.compiler.ir.InputNode;
import org.dendrite.compiler.ir.LayerNode;

/**
 * A layer that writes no code: its output is its input's array, seen with another shape. The
 * input layer (samples arrive in the caller's array) and a flatten (samples are stored flat
 * already).
 */
abstract class PassThroughUnit<N extends LayerNode> extends LayerUnit<N> {
  PassThroughUnit(N node, Context context) {
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

  /** {@code input image 28x28}, {@code flatten flat 784}. */
  @Override
  public final String architecture() {
    return node().kind().keyword() + " " + name() + " " + outputShape().join("x");
  }

  @Override
  public final boolean passThrough() {
    return true;
  }

  /** Null: it cannot be the output (the checker lets no such network pass). */
  @Override
  public final OutputRole outputRole() {
    return null;
  }

  @Override
  public final boolean sharesInputGradient() {
    return true;
  }

  @Override
  public final void declare(PassScope pass) {}

  @Override
  public final Flow forward(PassScope pass, Mode mode, Flow in, CodeBlock.Builder code) {
    return in;
  }

  @Override
  public final void backward(PassScope pass, Flow in, CodeBlock.Builder code) {}

  @Override
  public final List<MethodSpec> methods(PassScope pass, Flow in) {
    return List.of();
  }

  /** The network's input. */
  static final class Input extends PassThroughUnit<InputNode> {
    Input(InputNode node, Context context) {
      super(node, context);
    }
  }

  /** A flatten. */
  static final class Flatten extends PassThroughUnit<FlattenNode> {
    Flatten(FlattenNode node, Context context) {
      super(node, context);
    }

    @Override
    public boolean keepsInputSize() {
      return true;
    }
  }
}
