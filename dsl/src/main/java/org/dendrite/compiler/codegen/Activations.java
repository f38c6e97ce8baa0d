package org.dendrite.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.LossKind;
import org.dendrite.compiler.plan.DensePlan;

/** The kernel calls of activations, their gradients, and the losses, as code. */
final class Activations {
  private Activations() {}

  /** Applies {@code layer}'s activation in place to {@code n} rows of {@code buffer}; may be empty. */
  static CodeBlock forward(DensePlan layer, String buffer, String n) {
    return forward(layer.activation(), layer.node().alpha(), layer.units(), buffer, n);
  }

  /** Applies an activation in place to {@code n} rows of {@code u} values; may be empty. */
  static CodeBlock forward(Activation activation, float alpha, int u, String buffer, String n) {
    switch (activation) {
      case LINEAR:
        return CodeBlock.of("");
      case SOFTMAX:
        return CodeBlock.of("K.softmax($N, 0, $N, $L);\n", buffer, n, u);
      case LEAKY_RELU:
        return CodeBlock.of("K.leakyRelu($N, 0, $N * $L, $L);\n", buffer, n, u,
            Literals.of(alpha));
      default:
        return CodeBlock.of("K.$L($N, 0, $N * $L);\n", kernel(activation), buffer, n, u);
    }
  }

  /**
   * Multiplies the gradient in {@code grad} by the activation's derivative, read from the outputs
   * in {@code buffer}; empty for LINEAR.
   */
  static CodeBlock backward(DensePlan layer, String buffer, String grad, String n) {
    return backward(layer.activation(), layer.node().alpha(), layer.units(), buffer, grad, n);
  }

  /** Multiplies {@code grad} by an activation's derivative, read from its outputs; may be empty. */
  static CodeBlock backward(Activation activation, float alpha, int u, String buffer, String grad,
      String n) {
    switch (activation) {
      case LINEAR:
        return CodeBlock.of("");
      case SOFTMAX:
        return CodeBlock.of("K.softmaxBackward($N, 0, $N, 0, $N, $L);\n", buffer, grad, n, u);
      case LEAKY_RELU:
        return CodeBlock.of("K.leakyReluBackward($N, 0, $N, 0, $N * $L, $L);\n", buffer, grad, n,
            u, Literals.of(alpha));
      case STEP:
        throw new IllegalStateException("STEP has no gradient; the checker rejects it here");
      default:
        return CodeBlock.of("K.$LBackward($N, 0, $N, 0, $N * $L);\n",
            kernel(activation), buffer, grad, n, u);
    }
  }

  /** The name of an element-wise activation's kernel: {@code relu}, {@code sigmoid}, … */
  private static String kernel(Activation a) {
    switch (a) {
      case STEP:
        return "step";
      case SIGMOID:
        return "sigmoid";
      case TANH:
        return "tanh";
      case RELU:
        return "relu";
      case SOFTPLUS:
        return "softplus";
      default:
        throw new IllegalArgumentException(a.name());
    }
  }

  /**
   * The loss over the output layer's {@code n} rows in {@code buffer}, as an expression of the
   * summed loss; with {@code grad} null, no gradient is written.
   */
  static CodeBlock loss(LossKind loss, DensePlan out, String buffer, String n, String targets,
      String targetOffset, String weights, String weightOffset, String grad, String scale) {
    CodeBlock gradArg = CodeBlock.of("$L, $L, $L", weights == null ? "null, 0"
        : weights + ", " + weightOffset, grad == null ? "null" : grad, grad == null ? "0f" : scale);
    switch (loss) {
      case PERCEPTRON:
        return CodeBlock.of("$T.perceptron($N,$W$N,$W$L,$W$N,$W$N,$W$L,$W$L)", RuntimeNames.LOSSES,
            buffer, n, out.units(), targets, targetOffset, gradArg,
            out.activation() == Activation.STEP);
      default:
        return CodeBlock.of("$T.$L($N,$W$N,$W$L,$W$N,$W$N,$W$L)", RuntimeNames.LOSSES,
            lossFunction(loss), buffer, n, out.units(), targets, targetOffset, gradArg);
    }
  }

  private static String lossFunction(LossKind loss) {
    switch (loss) {
      case MSE:
        return "meanSquaredError";
      case BINARY_CROSSENTROPY:
        return "sigmoidBinaryCrossEntropy";
      case CATEGORICAL_CROSSENTROPY:
        return "softmaxCrossEntropy";
      case SPARSE_CATEGORICAL_CROSSENTROPY:
        return "sparseSoftmaxCrossEntropy";
      default:
        throw new IllegalArgumentException(loss.name());
    }
  }
}
