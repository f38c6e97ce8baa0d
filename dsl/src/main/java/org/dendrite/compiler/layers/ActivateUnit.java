package org.dendrite.compiler.layers;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import java.util.List;
import org.dendrite.compiler.emit.Activations;
import org.dendrite.compiler.ir.ActivateNode;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.LossKind;

/**
 * A standalone activation: its input copied and activated in its own buffer (the input, often a
 * residual sum, stays readable). Its code is two statements, written inline in the pass methods.
 * The gradient is turned in place in its input's gradient buffer when it is its input's only
 * reader, as after an addition; else it has a gradient buffer of its own.
 */
final class ActivateUnit extends LayerUnit<ActivateNode> {
  ActivateUnit(ActivateNode node, Context context) {
    super(node, context);
  }

  @Override
  public CodeBlock initialize(ClassScope model) {
    return CodeBlock.of("");
  }

  @Override
  public boolean keepsInputSize() {
    return true;
  }

  @Override
  public long forwardFlops() {
    return 0;
  }

  /** {@code activate out 8x8x16 relu}; a leaky ReLU with its slope. */
  @Override
  public String architecture() {
    Activation a = node().activation();
    return node().kind().keyword() + " " + name() + " " + outputShape().join("x") + " "
        + a.spelling() + (a == Activation.LEAKY_RELU ? "(" + node().alpha() + ")" : "");
  }

  /**
   * Whether the loss applies the activation: as the output of every loss but MSE (softmax or
   * sigmoid with a cross-entropy), its forward pass stops at the logits, as a dense output does.
   */
  private boolean lossFused() {
    return isOutput() && loss() != LossKind.MSE;
  }

  @Override
  public OutputRole outputRole() {
    return new OutputRole(node().activation(), node().alpha(), lossFused());
  }

  @Override
  public boolean sharesInputGradient() {
    return exclusiveInput();
  }

  @Override
  public void declare(PassScope pass) {
    pass.buffer(pass.name(this, ""), pass.size(this), "$L's outputs, $L of its input, [$L][$L].",
        name(), node().activation().spelling(), pass.capacity(), outputSize());
    if (!sharesInputGradient() && carriesGradient()) {
      pass.buffer(pass.name(this, "Grad"), pass.size(this),
          "The loss gradient with respect to $L's outputs.", name());
    }
  }

  // Example:
  // // out = relu(sum)
  // System.arraycopy(sum, 0, out, 0, count * BLOCK_SIZE);
  // K.relu(out, 0, count * BLOCK_SIZE);
  @Override
  public Flow forward(PassScope pass, Mode mode, Flow in, CodeBlock.Builder code) {
    String out = pass.name(this, "");
    if (lossFused()) {
      code.add("// $L = $L: the logits (the loss applies $L, and so does predict)\n", out,
          in.array(), node().activation().spelling());
    } else {
      code.add("// $L = $L($L)\n", out, node().activation().spelling(), in.array());
    }
    code.addStatement("$T.arraycopy($N, $L, $N, 0, $N * $L)", System.class, in.array(),
        in.offset(), out, PassScope.COUNT, pass.size(this));
    if (!lossFused()) {
      code.add(Activations.forward(pass.kernels(), node().activation(), node().alpha(),
          pass.size(this), out, PassScope.COUNT));
    }
    return new Flow(out, "0", sharesInputGradient() ? in.grad() : pass.name(this, "Grad"));
  }

  // Example: K.reluBackward(out, 0, sumGrad, 0, count * BLOCK_SIZE);
  @Override
  public void backward(PassScope pass, Flow in, CodeBlock.Builder code) {
    if (!needsInputGradient()) {
      return;
    }
    code.add(lossFused() ? "// $L backward: the loss wrote the gradient of the logits\n"
        : "// $L backward\n", name());
    if (!sharesInputGradient()) {
      code.addStatement("$T.arraycopy($N, 0, $N, 0, $N * $L)", System.class,
          pass.name(this, "Grad"), in.grad(), PassScope.COUNT, pass.size(this));
    }
    if (!lossFused()) {
      code.add(Activations.backward(pass.kernels(), node().activation(), node().alpha(),
          pass.size(this), pass.name(this, ""), in.grad(), PassScope.COUNT));
    }
  }

  @Override
  public List<MethodSpec> methods(PassScope pass, Flow in) {
    return List.of();
  }
}
