package org.dendrite.compiler.layers;

import static javax.lang.model.element.Modifier.PRIVATE;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import java.util.ArrayList;
import java.util.List;
import org.dendrite.compiler.emit.Literals;
import org.dendrite.compiler.emit.RuntimeNames;
import org.dendrite.compiler.ir.DropoutNode;

/**
 * A dropout: in training, its input times a mask of 0 and {@code 1 / (1 - rate)} drawn per step
 * and sample; at inference, nothing (the next layer reads its input). The gradient is masked in
 * place in its input's gradient buffer, unless another layer reads its input too: then it has a
 * gradient buffer of its own.
 */
final class DropoutUnit extends LayerUnit<DropoutNode> {
  DropoutUnit(DropoutNode node, Context context) {
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

  /** {@code dropout drop 300}: the rate is left out, so weights fit any rate. */
  @Override
  public String architecture() {
    return node().kind().keyword() + " " + name() + " " + outputShape().join("x");
  }

  /** Null: it cannot be the output (the checker lets no such network pass). */
  @Override
  public final OutputRole outputRole() {
    return null;
  }

  @Override
  public boolean sharesInputGradient() {
    return exclusiveInput();
  }

  @Override
  public void declare(PassScope pass) {
    pass.buffer(pass.name(this, ""), pass.size(this),
        "$L's outputs in training, [$L][$L]; inference skips the layer.", name(),
        pass.capacity(), outputSize());
    pass.buffer(pass.name(this, "Mask"), pass.size(this),
        "$L's mask of the current step: 0 or 1 / (1 - rate) per value.", name());
    if (!sharesInputGradient() && carriesGradient()) {
      pass.buffer(pass.name(this, "Grad"), pass.size(this),
          "The loss gradient with respect to $L's outputs in training.", name());
    }
    pass.name(this, "Forward");
    if (needsInputGradient()) {
      pass.name(this, "Backward");
    }
  }

  /** Training only; inference reads its input. */
  // Example: dropForward(hidden1, 0, count, step, firstSample);
  @Override
  public Flow forward(PassScope pass, Mode mode, Flow in, CodeBlock.Builder code) {
    if (mode != Mode.TRAIN) {
      return in;
    }
    code.addStatement("$N($N, $L, $N, $N, $N)", pass.name(this, "Forward"), in.array(),
        in.offset(), PassScope.COUNT, PassScope.STEP, PassScope.FIRST_SAMPLE);
    return new Flow(pass.name(this, ""), "0", sharesInputGradient() ? in.grad() // masked in place
        : pass.name(this, "Grad"));
  }

  // Example: dropBackward(count);
  @Override
  public void backward(PassScope pass, Flow in, CodeBlock.Builder code) {
    if (needsInputGradient()) {
      code.addStatement("$N($N)", pass.name(this, "Backward"), PassScope.COUNT);
    }
  }

  @Override
  public List<MethodSpec> methods(PassScope pass, Flow in) {
    List<MethodSpec> methods = new ArrayList<>();
    methods.add(forwardMethod(pass));
    if (needsInputGradient()) {
      methods.add(backwardMethod(pass, in.grad()));
    }
    return methods;
  }

  /** Draws the step's mask and multiplies the input by it. */
  // Example:
  // private void dropForward(float[] in, int inOffset, int n, long step, int firstSample) {
  //   DropoutMasks.fill(dropMask, n, DROP_SIZE, 0.2f, Seeds.mix(seed, 3), step, firstSample);
  //   K.multiply(in, inOffset, dropMask, 0, drop, 0, n * DROP_SIZE);
  // }
  private MethodSpec forwardMethod(PassScope pass) {
    float keep = 1 - node().rate();
    return MethodSpec.methodBuilder(pass.name(this, "Forward"))
        .addModifiers(PRIVATE)
        .addParameter(PassScope.FLOATS, PassScope.IN)
        .addParameter(int.class, PassScope.IN_OFFSET)
        .addParameter(int.class, PassScope.N)
        .addParameter(long.class, PassScope.STEP)
        .addParameter(int.class, PassScope.FIRST_SAMPLE)
        .addJavadoc("$L (Dropout, rate $L), training only: {@code $L[n][$L] = in ⊙ mask}.\n"
            + "Each value is kept with probability $L and scaled by 1 / $L; the mask depends on"
            + " the seed,\nthe step and the sample index.\n", name(), node().rate(),
            pass.name(this, ""), outputSize(), keep, keep)
        .addStatement("$T.fill($N, $N, $L, $L, $T.mix($N, $L), $N, $N)",
            RuntimeNames.DROPOUT_MASKS, pass.name(this, "Mask"), PassScope.N, pass.size(this),
            Literals.of(node().rate()), RuntimeNames.SEEDS, pass.seed(), index(),
            PassScope.STEP, PassScope.FIRST_SAMPLE)
        .addStatement("$N.multiply($N, $N, $N, 0, $N, 0, $N * $L)", pass.kernels(), PassScope.IN,
            PassScope.IN_OFFSET, pass.name(this, "Mask"), pass.name(this, ""), PassScope.N,
            pass.size(this))
        .build();
  }

  /**
   * Multiplies the gradient flowing back by the same mask, in place (or from its own gradient
   * buffer into its input's, when it does not share it).
   */
  // Example:
  // private void dropBackward(int n) {
  //   K.multiply(hidden1Grad, 0, dropMask, 0, hidden1Grad, 0, n * DROP_SIZE);
  // }
  private MethodSpec backwardMethod(PassScope pass, String grad) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(pass.name(this, "Backward"))
        .addModifiers(PRIVATE)
        .addParameter(int.class, PassScope.N);
    String from = grad;
    if (sharesInputGradient()) {
      m.addJavadoc("$L backward: {@code $L ⊙= mask}\n(the gradient of $L's output shares"
          + " {@code $L}).\n", name(), grad, name(), grad);
    } else {
      from = pass.name(this, "Grad");
      m.addJavadoc("$L backward: {@code $L = $L ⊙ mask}.\n", name(), grad, from);
    }
    return m.addStatement("$N.multiply($N, 0, $N, 0, $N, 0, $N * $L)", pass.kernels(), from,
            pass.name(this, "Mask"), grad, PassScope.N, pass.size(this))
        .build();
  }
}
