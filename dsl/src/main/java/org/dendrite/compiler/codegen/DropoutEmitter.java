package org.dendrite.compiler.codegen;

import static javax.lang.model.element.Modifier.PRIVATE;

import com.palantir.javapoet.MethodSpec;
import org.dendrite.compiler.plan.DropoutPlan;

/** The training-only methods of a dropout layer. */
final class DropoutEmitter {
  private DropoutEmitter() {}

  /** Draws the step's mask and multiplies the input by it. */
  static MethodSpec forward(DropoutPlan d, PassWriter pass) {
    String in = PassWriter.in();
    String inOffset = PassWriter.inOffset();
    String n = PassWriter.n();
    String mask = pass.maskName(d);
    int size = d.outputSize();
    return MethodSpec.methodBuilder(pass.forwardName(d))
        .addModifiers(PRIVATE)
        .addParameter(PassWriter.floats(), in)
        .addParameter(int.class, inOffset)
        .addParameter(int.class, n)
        .addParameter(long.class, PassWriter.step())
        .addParameter(int.class, PassWriter.firstSample())
        .addJavadoc("$L (Dropout, rate $L), training only: {@code $L[n][$L] = in ⊙ mask}.\n"
            + "Each value is kept with probability $L and scaled by 1 / $L; the mask depends on"
            + " the seed,\nthe step and the sample index.\n", d.name(), d.node().rate(),
            pass.bufferName(d), size, 1 - d.node().rate(), 1 - d.node().rate())
        .addStatement("$T.fill($N, $N, $L, $L, $T.mix($N, $L), $N, $N)",
            RuntimeNames.DROPOUT_MASKS, mask, n, Literals.of(size),
            Literals.of(d.node().rate()), RuntimeNames.SEEDS, pass.seed(), d.index(),
            PassWriter.step(), PassWriter.firstSample())
        .addStatement("K.multiply($N, $N, $N, 0, $N, 0, $N * $L)", in, inOffset, mask,
            pass.bufferName(d), n, Literals.of(size))
        .build();
  }

  /** Multiplies the gradient flowing back by the same mask, in place. */
  static MethodSpec backward(DropoutPlan d, PassWriter pass, String grad) {
    String n = PassWriter.n();
    String mask = pass.maskName(d);
    return MethodSpec.methodBuilder(pass.backwardName(d))
        .addModifiers(PRIVATE)
        .addParameter(int.class, n)
        .addJavadoc("$L backward: {@code $L ⊙= mask}\n(the gradient of $L's output shares"
            + " {@code $L}).\n", d.name(), grad, d.name(), grad)
        .addStatement("K.multiply($N, 0, $N, 0, $N, 0, $N * $L)", grad, mask, grad, n,
            Literals.of(d.outputSize()))
        .build();
  }
}
