package org.dendrite.compiler.codegen;

import static javax.lang.model.element.Modifier.PRIVATE;

import com.palantir.javapoet.MethodSpec;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.plan.DensePlan;

/** The forward and backward methods of a dense layer. */
final class DenseEmitter {
  private DenseEmitter() {}

  /**
   * {@code out[n][units] = act(in[n][inputs] · kernel[inputs][units] + bias[units])}; an output
   * layer whose loss is fused stops at the logits.
   */
  static MethodSpec forward(DensePlan d, PassWriter pass) {
    String in = PassWriter.in();
    String inOffset = PassWriter.inOffset();
    String n = PassWriter.n();
    String out = pass.bufferName(d);
    String act = d.activation().spelling();
    String bias = d.hasBias() ? " + bias[" + d.units() + "]" : "";
    String product = "in[n][" + d.inputs() + "] · kernel" + Literals.dims(d.inputs(), d.units())
        + bias;
    boolean activated = !d.lossFused() && d.activation() != Activation.LINEAR;
    String formula = activated ? act + "(" + product + ")" : product;
    MethodSpec.Builder m = MethodSpec.methodBuilder(pass.forwardName(d))
        .addModifiers(PRIVATE)
        .addParameter(PassWriter.floats(), in)
        .addParameter(int.class, inOffset)
        .addParameter(int.class, n)
        .addJavadoc("$L (Dense $L → $L, $L):\n{@code $L[n][$L] = $L}.\n", d.name(),
            d.inputs(), d.units(), act, out, d.units(), formula);
    if (d.lossFused()) {
      m.addJavadoc("These are the logits: the loss applies $L, and so does {@code predict}.\n",
          act);
    }
    // ReLU is fused into the product's epilogue: the bias and the activation take one pass.
    boolean fusedRelu = activated && d.activation() == Activation.RELU;
    m.addStatement("K.$L($N,$W$N,$W$N,$W$L,$W$L,$W$N,$W0,$W$N,$W$L,$W$L)",
        fusedRelu ? "matmulRelu" : "matmul", in, inOffset,
        pass.parameters(), PassWriter.kernelConstant(d),
        d.hasBias() ? pass.parameters() + ", " + PassWriter.biasConstant(d) : "null, 0",
        out, n, Literals.of(d.inputs()), Literals.of(d.units()));
    if (!d.lossFused() && !fusedRelu) {
      m.addCode(Activations.forward(d, out, n));
    }
    return m.build();
  }

  /**
   * The forward method's work after the product, for products computed by the caller:
   * {@code out = act(products + bias)}.
   */
  static MethodSpec fromProducts(DensePlan d, PassWriter pass, String products,
      String productsOffset) {
    String n = PassWriter.n();
    String out = pass.bufferName(d);
    MethodSpec.Builder m = MethodSpec.methodBuilder(pass.fromProductsName(d))
        .addModifiers(PRIVATE)
        .addParameter(PassWriter.floats(), products)
        .addParameter(int.class, productsOffset)
        .addParameter(int.class, n)
        .addJavadoc("$L from {@code $L = in · kernel}, computed by the caller for $N rows:\n"
            + "adds the bias and applies $L, as {@code $L} does after its product.\n", d.name(),
            products, n, d.activation().spelling(), pass.forwardName(d));
    m.addStatement("System.arraycopy($N, $N, $N, 0, $N * $L)", products, productsOffset, out, n,
        Literals.of(d.units()));
    if (d.hasBias()) {
      m.addStatement("K.addBias($N, 0, $N, $L, $N, $L)", out, n, Literals.of(d.units()),
          pass.parameters(), PassWriter.biasConstant(d));
    }
    if (!d.lossFused()) {
      m.addCode(Activations.forward(d, out, n));
    }
    return m.build();
  }

  /**
   * Turns the gradient with respect to the outputs into the gradient with respect to the
   * pre-activations, then writes the kernel and bias gradients and, if a layer before has
   * parameters, the gradient with respect to the input into {@code inputGrad}.
   */
  static MethodSpec backward(DensePlan d, PassWriter pass, String inputGrad, boolean deferrable) {
    String in = PassWriter.in();
    String inOffset = PassWriter.inOffset();
    String n = PassWriter.n();
    String g = PassWriter.gradients();
    String out = pass.bufferName(d);
    String grad = pass.gradName(d);
    MethodSpec.Builder m = MethodSpec.methodBuilder(pass.backwardName(d))
        .addModifiers(PRIVATE)
        .addParameter(PassWriter.floats(), in)
        .addParameter(int.class, inOffset)
        .addParameter(int.class, n)
        .addParameter(PassWriter.floats(), g);
    if (deferrable) {
      m.addParameter(PassWriter.floats(), PassWriter.deferred())
          .addParameter(int.class, PassWriter.deferredOffset());
    }
    if (d.lossFused()) {
      m.addJavadoc("$L backward: {@code $L} holds the loss gradient with respect to the logits\n"
          + "(the fused loss wrote it).\n", d.name(), grad);
    } else {
      m.addJavadoc("$L backward: {@code $L} holds the loss gradient with respect to the outputs;\n"
          + "times $L′ it becomes the gradient with respect to the pre-activations.\n",
          d.name(), grad, d.activation().spelling());
      m.addCode(Activations.backward(d, out, grad, n));
    }
    m.addJavadoc("Then {@code kernel gradient = inᵀ · $L}", grad);
    if (deferrable) {
      m.addJavadoc("\n(or, given {@code $L}, {@code $L} is copied there and the caller computes\n"
          + "the kernel gradient over the whole batch)", PassWriter.deferred(), grad);
      m.beginControlFlow("if ($N == null)", PassWriter.deferred());
    }
    m.addStatement("K.matmulTransA($N,$W$N,$W$N,$W0,$W$N,$W$L,$W$N,$W$L,$W$L)", in, inOffset, grad, g,
        PassWriter.kernelConstant(d), n, Literals.of(d.inputs()), Literals.of(d.units()));
    if (deferrable) {
      m.nextControlFlow("else");
      m.addStatement("System.arraycopy($N, 0, $N, $N, $N * $L)", grad, PassWriter.deferred(),
          PassWriter.deferredOffset(), n, Literals.of(d.units()));
      m.endControlFlow();
    }
    if (d.hasBias()) {
      m.addJavadoc(",\n{@code bias gradient = Σ rows of $L}", grad);
      m.addStatement("K.columnSums($N, 0, $N, $L, $N, $L)", grad, n, Literals.of(d.units()), g,
          PassWriter.biasConstant(d));
    }
    if (d.needsInputGradient()) {
      m.addJavadoc("\nand {@code $L = $L · kernelᵀ}.\n", inputGrad, grad);
      m.addStatement("K.matmulTransB($N,$W0,$W$N,$W$L,$W$N,$W0,$W$N,$W$L,$W$L,$W$N)", grad,
          pass.parameters(), PassWriter.kernelConstant(d), inputGrad, n,
          Literals.of(d.units()), Literals.of(d.inputs()), pass.transposed());
    } else {
      m.addJavadoc(";\nno layer before it has parameters, so no input gradient.\n");
    }
    return m.build();
  }
}
