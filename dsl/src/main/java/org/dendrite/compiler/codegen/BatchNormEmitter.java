package org.dendrite.compiler.codegen;

import static javax.lang.model.element.Modifier.PRIVATE;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.Names;
import org.dendrite.compiler.plan.BatchNormPlan;

/** The forward (training and inference) and backward methods of a batch normalisation. */
final class BatchNormEmitter {
  private BatchNormEmitter() {}

  static String gammaConstant(BatchNormPlan b) {
    return Names.weightConstant(b.name(), "gamma");
  }

  static String betaConstant(BatchNormPlan b) {
    return Names.weightConstant(b.name(), "beta");
  }

  static String meanConstant(BatchNormPlan b) {
    return Names.weightConstant(b.name(), "moving_mean");
  }

  static String varianceConstant(BatchNormPlan b) {
    return Names.weightConstant(b.name(), "moving_variance");
  }

  /** Training: batch statistics; the pass of the step's sample 0 moves the moving averages. */
  static MethodSpec forwardTraining(BatchNormPlan b, PassWriter pass, String state) {
    String n = PassWriter.n();
    String update = "updateMovingAverages";
    MethodSpec.Builder m = MethodSpec.methodBuilder(pass.forwardTrainingName(b))
        .addModifiers(PRIVATE)
        .addParameter(PassWriter.floats(), PassWriter.in())
        .addParameter(int.class, PassWriter.inOffset())
        .addParameter(int.class, n)
        .addParameter(boolean.class, update)
        .addJavadoc("$L (BatchNorm of $L, $L), training: normalises with the batch's mean and"
            + " variance per feature,\nscales by gamma, shifts by beta; moves the moving"
            + " averages (momentum $L) when {@code $L}.\n", b.name(), b.features(),
            b.node().activation().spelling(), b.node().momentum(), update)
        .addStatement("$T.forwardTraining($N, $N, $N, $L, $N, $L, $L, $L, $N, $N, $N, $N,"
            + "$W$N ? $N : null, $L, $L, $L)", RuntimeNames.BATCH_NORMS, PassWriter.in(),
            PassWriter.inOffset(), n, Literals.of(b.features()), pass.parameters(),
            gammaConstant(b), betaConstant(b), Literals.of(b.node().epsilon()),
            pass.meanName(b), pass.invStdName(b), pass.normalizedName(b), pass.bufferName(b),
            update, state, meanConstant(b), varianceConstant(b),
            Literals.of(b.node().momentum()));
    m.addCode(activation(b, pass.bufferName(b), n));
    return m.build();
  }

  /** Inference: the moving averages. */
  static MethodSpec forward(BatchNormPlan b, PassWriter pass, String state) {
    String n = PassWriter.n();
    MethodSpec.Builder m = MethodSpec.methodBuilder(pass.forwardName(b))
        .addModifiers(PRIVATE)
        .addParameter(PassWriter.floats(), PassWriter.in())
        .addParameter(int.class, PassWriter.inOffset())
        .addParameter(int.class, n)
        .addJavadoc("$L (BatchNorm of $L, $L), inference:\n{@code $L = gamma · (in - moving_mean)"
            + " / sqrt(moving_variance + $L) + beta}.\n", b.name(), b.features(),
            b.node().activation().spelling(), pass.bufferName(b), b.node().epsilon())
        .addStatement("$T.forwardInference($N, $N, $N, $L, $N, $L, $L, $N, $L, $L, $L, $N)",
            RuntimeNames.BATCH_NORMS, PassWriter.in(), PassWriter.inOffset(), n,
            Literals.of(b.features()), pass.parameters(), gammaConstant(b), betaConstant(b),
            state, meanConstant(b), varianceConstant(b), Literals.of(b.node().epsilon()),
            pass.bufferName(b));
    m.addCode(activation(b, pass.bufferName(b), n));
    return m.build();
  }

  /** Backward through the activation and the normalisation of the last training forward. */
  static MethodSpec backward(BatchNormPlan b, PassWriter pass, String inputGrad) {
    String n = PassWriter.n();
    String g = PassWriter.gradients();
    MethodSpec.Builder m = MethodSpec.methodBuilder(pass.backwardName(b))
        .addModifiers(PRIVATE)
        .addParameter(int.class, n)
        .addParameter(PassWriter.floats(), g)
        .addJavadoc("$L backward: the gamma and beta gradients$L.\n", b.name(),
            inputGrad == null ? "; no layer before it has parameters, so no input gradient"
                : " and {@code " + inputGrad + "}, the input gradient");
    m.addCode(activationBackward(b, pass.bufferName(b), pass.gradName(b), n));
    m.addStatement("$T.backward($N, $N, $L, $N, $N, $N, $L, $N, $L, $L, $L, 0, $N)",
        RuntimeNames.BATCH_NORMS, pass.gradName(b), n, Literals.of(b.features()),
        pass.normalizedName(b), pass.invStdName(b), pass.parameters(), gammaConstant(b), g,
        gammaConstant(b), betaConstant(b), inputGrad == null ? "null" : inputGrad,
        pass.sumsName(b));
    return m.build();
  }

  private static CodeBlock activation(BatchNormPlan b, String buffer, String n) {
    return Activations.forward(b.node().activation(), b.node().alpha(), b.features(), buffer, n);
  }

  private static CodeBlock activationBackward(BatchNormPlan b, String buffer, String grad,
      String n) {
    Activation a = b.node().activation();
    return Activations.backward(a, b.node().alpha(), b.features(), buffer, grad, n);
  }
}
