package org.dendrite.compiler.emit;

import com.palantir.javapoet.CodeBlock;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.LossKind;

/**
 * The kernel calls of activations, their gradients, and the losses, as code. Sizes arrive as
 * expressions (a constant's name such as {@code HIDDEN1_SIZE}, or a literal), and {@code k} is the
 * generated class's name for its kernels.
 */
public final class Activations {
  private Activations() {}

  /**
   * Applies an activation in place to {@code n} rows of {@code size} values of {@code buffer};
   * empty for LINEAR.
   */
  // Example: K.relu(hidden1, 0, n * HIDDEN1_SIZE);
  public static CodeBlock forward(String k, Activation activation, float alpha, Object size,
      String buffer, String n) {
    return switch (activation) {
      case LINEAR -> CodeBlock.of("");
      case SOFTMAX -> CodeBlock.of("$N.softmax($N, 0, $N, $L);\n", k, buffer, n, size);
      case LEAKY_RELU -> CodeBlock.of("$N.leakyRelu($N, 0, $N * $L, $L);\n", k, buffer, n, size,
          Literals.of(alpha));
      case STEP, SIGMOID, TANH, RELU, SOFTPLUS ->
          CodeBlock.of("$N.$L($N, 0, $N * $L);\n", k, kernel(activation), buffer, n, size);
    };
  }

  /**
   * {@link #forward} over {@code n} rows (an expression) of {@code size} values that start at {@code column} of
   * rows {@code stride} apart (a layer's columns of a concatenation), a kernel call per row.
   */
  // Example:
  // for (int row = 0; row < n; row++) {
  //   K.sigmoid(joined, row * JOINED_SIZE + 32, WIDE_SIZE);
  // }
  public static CodeBlock forwardRows(String k, Activation activation, float alpha, Object size,
      String buffer, String column, String stride, String n) {
    CodeBlock at = at(column, stride);
    CodeBlock call = switch (activation) {
      case LINEAR -> null;
      case SOFTMAX -> CodeBlock.of("$N.softmax($N, $L, 1, $L)", k, buffer, at, size);
      case LEAKY_RELU -> CodeBlock.of("$N.leakyRelu($N, $L, $L, $L)", k, buffer, at, size,
          Literals.of(alpha));
      case STEP, SIGMOID, TANH, RELU, SOFTPLUS ->
          CodeBlock.of("$N.$L($N, $L, $L)", k, kernel(activation), buffer, at, size);
    };
    return rows(call, n);
  }

  /** {@link #backward} over rows as {@link #forwardRows} lays them out. */
  public static CodeBlock backwardRows(String k, Activation activation, float alpha,
      Object size, String buffer, String grad, String column, String stride, String n) {
    CodeBlock at = at(column, stride);
    CodeBlock call = switch (activation) {
      case LINEAR -> null;
      case SOFTMAX -> CodeBlock.of("$N.softmaxBackward($N, $L, $N, $L, 1, $L)", k, buffer, at,
          grad, at, size);
      case LEAKY_RELU -> CodeBlock.of("$N.leakyReluBackward($N, $L, $N, $L, $L, $L)", k, buffer,
          at, grad, at, size, Literals.of(alpha));
      case STEP -> throw new IllegalStateException(
          "STEP has no gradient; the checker rejects it here");
      case SIGMOID, TANH, RELU, SOFTPLUS -> CodeBlock.of("$N.$LBackward($N, $L, $N, $L, $L)", k,
          kernel(activation), buffer, at, grad, at, size);
    };
    return rows(call, n);
  }

  /** {@code row * STRIDE + column}, or {@code row * STRIDE} for column 0. */
  private static CodeBlock at(String column, String stride) {
    return column.equals("0") ? CodeBlock.of("row * $L", stride)
        : CodeBlock.of("row * $L + $L", stride, column);
  }

  private static CodeBlock rows(CodeBlock call, String n) {
    return call == null ? CodeBlock.of("") : CodeBlock.builder()
        .beginControlFlow("for (int row = 0; row < $L; row++)", n)
        .addStatement(call)
        .endControlFlow()
        .build();
  }

  /**
   * Multiplies {@code grad} in place by the activation's derivative, read from its outputs in
   * {@code buffer}; empty for LINEAR.
   *
   * @throws IllegalStateException for STEP, which has no gradient (the checker rejects it where
   *     a gradient would be needed)
   */
  // Example: K.reluBackward(hidden1, 0, hidden1Grad, 0, n * HIDDEN1_SIZE);
  public static CodeBlock backward(String k, Activation activation, float alpha, Object size,
      String buffer, String grad, String n) {
    return switch (activation) {
      case LINEAR -> CodeBlock.of("");
      case SOFTMAX -> CodeBlock.of("$N.softmaxBackward($N, 0, $N, 0, $N, $L);\n", k, buffer,
          grad, n, size);
      case LEAKY_RELU -> CodeBlock.of("$N.leakyReluBackward($N, 0, $N, 0, $N * $L, $L);\n", k,
          buffer, grad, n, size, Literals.of(alpha));
      case STEP -> throw new IllegalStateException(
          "STEP has no gradient; the checker rejects it here");
      case SIGMOID, TANH, RELU, SOFTPLUS -> CodeBlock.of("$N.$LBackward($N, 0, $N, 0, $N * $L);\n",
          k, kernel(activation), buffer, grad, n, size);
    };
  }

  /** The name of an element-wise activation's kernel: {@code relu}, {@code sigmoid}, … */
  private static String kernel(Activation a) {
    return switch (a) {
      case STEP -> "step";
      case SIGMOID -> "sigmoid";
      case TANH -> "tanh";
      case RELU -> "relu";
      case SOFTPLUS -> "softplus";
      case LINEAR, LEAKY_RELU, SOFTMAX -> throw new IllegalArgumentException(a.name());
    };
  }

  /**
   * The loss over {@code n} rows of the output layer's {@code size} values in {@code buffer}, as
   * an expression of the summed loss; with {@code grad} null, no gradient is written.
   *
   * @param activation the output layer's activation (the perceptron rule reads whether it is
   *     STEP)
   */
  // Example: Losses.sparseSoftmaxCrossEntropy(output, count, OUTPUT_SIZE, targets, targetOffset,
  //     weights, weightOffset, outputGrad, scale)
  public static CodeBlock loss(LossKind loss, Activation activation, Object size, String buffer,
      String n, String targets, String targetOffset, String weights, String weightOffset,
      String grad, String scale) {
    CodeBlock gradArg = CodeBlock.of("$L, $L, $L", weights == null ? "null, 0"
        : weights + ", " + weightOffset, grad == null ? "null" : grad, grad == null ? "0f" : scale);
    if (loss == LossKind.PERCEPTRON) {
      return CodeBlock.of("$T.perceptron($N,$W$N,$W$L,$W$N,$W$N,$W$L,$W$L)", RuntimeNames.LOSSES,
          buffer, n, size, targets, targetOffset, gradArg, activation == Activation.STEP);
    }
    return CodeBlock.of("$T.$L($N,$W$N,$W$L,$W$N,$W$N,$W$L)", RuntimeNames.LOSSES,
        lossFunction(loss), buffer, n, size, targets, targetOffset, gradArg);
  }

  private static String lossFunction(LossKind loss) {
    return switch (loss) {
      case MSE -> "meanSquaredError";
      case BINARY_CROSSENTROPY -> "sigmoidBinaryCrossEntropy";
      case CATEGORICAL_CROSSENTROPY -> "softmaxCrossEntropy";
      case SPARSE_CATEGORICAL_CROSSENTROPY -> "sparseSoftmaxCrossEntropy";
      case PERCEPTRON -> throw new IllegalArgumentException(loss.name());
    };
  }
}
