package org.dendrite.compiler.layers;

import static javax.lang.model.element.Modifier.PRIVATE;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import java.util.ArrayList;
import java.util.List;
import org.dendrite.compiler.emit.Activations;
import org.dendrite.compiler.emit.Literals;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.DenseNode;
import org.dendrite.compiler.ir.LossKind;
import org.dendrite.compiler.ir.Shape;

/**
 * A dense layer: {@code out[n][units] = act(in[n][inputs] · kernel[inputs][units] + bias)}, the
 * kernel in Keras' layout. As the network's first layer it can leave its products and kernel
 * gradient to a trainer that splits them between threads by kernel rows ({@link
 * #deferrableKernel}); as its output, it can leave its activation to the loss.
 */
final class DenseUnit extends LayerUnit<DenseNode> {
  private final int inputs;
  private final Tensor kernel;
  private final Tensor bias;

  DenseUnit(DenseNode node, Context context) {
    super(node, context);
    this.inputs = inputShape().intSize();
    this.kernel = parameter("kernel", Shape.of(inputs, node.units()), node.l1(), node.l2());
    this.bias = node.useBias() ? parameter("bias", Shape.of(node.units()), 0f, 0f) : null;
  }

  /** Whether the loss applies the activation: the output layer of every loss but MSE. */
  private boolean lossFused() {
    return isOutput() && loss() != LossKind.MSE;
  }

  /** The kernel drawn by its initialiser ({@code AUTO} resolved); the bias starts at zero. */
  @Override
  public CodeBlock initialize(ClassScope model) {
    return random(model, kernel, node().init().resolve(node().activation()),
        model.size(input()), model.size(this));
  }

  @Override
  public long forwardFlops() {
    return 2L * inputs * node().units();
  }

  /** {@code dense hidden1 784->300 relu bias}; a leaky ReLU with its slope. */
  @Override
  public String architecture() {
    Activation a = node().activation();
    String act = a.spelling() + (a == Activation.LEAKY_RELU ? "(" + node().alpha() + ")" : "");
    return node().kind().keyword() + " " + name() + " " + inputs + "->" + node().units() + " "
        + act + (bias != null ? " bias" : " no-bias");
  }

  @Override
  public String chainLink() {
    return node().units() + " " + node().activation().spelling();
  }

  @Override
  public OutputRole outputRole() {
    return new OutputRole(node().activation(), node().alpha(), lossFused());
  }

  @Override
  public Tensor deferrableKernel() {
    return node().regularized() ? null : kernel; // the penalty's gradient needs the whole kernel
  }

  @Override
  public CodeBlock transposeScratch(PassScope pass) {
    return needsInputGradient()
        ? CodeBlock.of("$L * $L", pass.size(input()), pass.size(this)) : null;
  }

  @Override
  public int transposeScratchSize() {
    return needsInputGradient() ? inputs * node().units() : 0;
  }

  @Override
  public boolean writesIntoSlice() {
    return true;
  }

  @Override
  public void declare(PassScope pass) {
    if (pass.slice(this) == null) {
      pass.buffer(pass.name(this, ""), pass.size(this), "$L's outputs, [$L][$L].", name(),
          pass.capacity(), node().units());
      pass.buffer(pass.name(this, "Grad"), pass.size(this),
          "The loss gradient with respect to $L's outputs, then its pre-activations;\n[$L][$L].",
          name(), pass.capacity(), node().units());
    }
    pass.name(this, "Forward");
    pass.name(this, "Backward");
    if (pass.deferred(this)) {
      pass.name(this, "FromProducts");
    }
  }

  // Example: hidden1Forward(inputs, inputOffset, count);
  // Example, the first layer in train:
  // if (products == null) {
  //   hidden1Forward(inputs, inputOffset, count);
  // } else {
  //   hidden1FromProducts(products, productsOffset, count);
  // }
  @Override
  public Flow forward(PassScope pass, Mode mode, Flow in, CodeBlock.Builder code) {
    CodeBlock forward = CodeBlock.of("$N($N, $L, $N)", pass.name(this, "Forward"), in.array(),
        in.offset(), PassScope.COUNT);
    CodeBlock fromProducts = pass.deferred(this) ? CodeBlock.of("$N($N, $N, $N)",
        pass.name(this, "FromProducts"), PassScope.PRODUCTS, PassScope.PRODUCTS_OFFSET,
        PassScope.COUNT) : null;
    if (fromProducts == null || mode == Mode.PREDICT) {
      code.addStatement(forward);
    } else if (mode == Mode.PREDICT_DEFERRED) {
      code.addStatement(fromProducts);
    } else {
      code.beginControlFlow("if ($N == null)", PassScope.PRODUCTS)
          .addStatement(forward)
          .nextControlFlow("else")
          .addStatement(fromProducts)
          .endControlFlow();
    }
    return Place.of(pass, this).flow();
  }

  // Example: hidden2Backward(hidden1, 0, count, gradients);
  @Override
  public void backward(PassScope pass, Flow in, CodeBlock.Builder code) {
    code.addStatement("$N($N, $L, $N, $N$L)", pass.name(this, "Backward"), in.array(),
        in.offset(), PassScope.COUNT, PassScope.GRADIENTS, pass.deferred(this)
            ? ", " + PassScope.DEFERRED + ", " + PassScope.DEFERRED_OFFSET : "");
  }

  @Override
  public List<MethodSpec> methods(PassScope pass, Flow in) {
    List<MethodSpec> methods = new ArrayList<>();
    methods.add(forwardMethod(pass));
    if (pass.deferred(this)) {
      methods.add(fromProductsMethod(pass));
    }
    methods.add(backwardMethod(pass, in.grad()));
    return methods;
  }

  /**
   * {@code out[n][units] = act(in[n][inputs] · kernel[inputs][units] + bias[units])}; an output
   * layer whose loss is fused stops at the logits. ReLU is fused into the product's epilogue: the
   * bias and the activation take one pass over the output.
   */
  // Example:
  // private void hidden1Forward(float[] in, int inOffset, int n) {
  //   K.matmulRelu(in, inOffset, parameters, HIDDEN1_KERNEL, parameters, HIDDEN1_BIAS, hidden1, 0,
  //       n, FLAT_SIZE, HIDDEN1_SIZE);
  // }
  private MethodSpec forwardMethod(PassScope pass) {
    Place place = Place.of(pass, this);
    String out = place.out();
    int units = node().units();
    Activation activation = node().activation();
    String act = activation.spelling();
    String product = "in[n][" + inputs + "] · kernel" + Literals.dims(inputs, units)
        + (bias != null ? " + bias[" + units + "]" : "");
    boolean activated = !lossFused() && activation != Activation.LINEAR;
    MethodSpec.Builder m = MethodSpec.methodBuilder(pass.name(this, "Forward"))
        .addModifiers(PRIVATE)
        .addParameter(PassScope.FLOATS, PassScope.IN)
        .addParameter(int.class, PassScope.IN_OFFSET)
        .addParameter(int.class, PassScope.N)
        .addJavadoc("$L (Dense $L → $L, $L):\n{@code $L[n][$L] = $L}.\n", name(), inputs, units,
            act, out, place.strided() ? place.column() + ":" + (pass.slice(this).column() + units)
                : units, activated ? act + "(" + product + ")" : product);
    if (lossFused()) {
      m.addJavadoc("These are the logits: the loss applies $L, and so does {@code predict}.\n",
          act);
    }
    boolean fusedRelu = activated && activation == Activation.RELU;
    if (place.strided()) {
      m.addJavadoc("Writes them into columns [$L, $L) of {@code $L}, whose rows are {@code $L}"
          + " apart:\n$L concatenates them with its other inputs without copying.\n",
          place.column(), pass.slice(this).column() + units, out, place.stride(),
          pass.slice(this).concatenation().name());
      m.addStatement("$N.$L($N,$W$N,$W$L,$W$N,$W$L,$W$L,$W$N,$W$L,$W$L,$W$N,$W$L,$W$L)",
          pass.kernels(), fusedRelu ? "matmulRelu" : "matmul", PassScope.IN, PassScope.IN_OFFSET,
          pass.size(input()), pass.parameters(), kernel.constant(), biasArgument(pass), out,
          place.column(), place.stride(), PassScope.N, pass.size(input()), pass.size(this));
      if (activated && !fusedRelu) {
        m.addCode(Activations.forwardRows(pass.kernels(), activation, node().alpha(),
            pass.size(this), out, place.column(), place.stride(), PassScope.N));
      }
      return m.build();
    }
    m.addStatement("$N.$L($N,$W$N,$W$N,$W$L,$W$L,$W$N,$W0,$W$N,$W$L,$W$L)", pass.kernels(),
        fusedRelu ? "matmulRelu" : "matmul", PassScope.IN, PassScope.IN_OFFSET,
        pass.parameters(), kernel.constant(), biasArgument(pass), out, PassScope.N,
        pass.size(input()), pass.size(this));
    if (activated && !fusedRelu) {
      m.addCode(activation(pass, out));
    }
    return m.build();
  }

  /**
   * The forward method's work after the product, for products computed by the caller:
   * {@code out = act(products + bias)}.
   */
  // Example:
  // private void hidden1FromProducts(float[] products, int productsOffset, int n) {
  //   System.arraycopy(products, productsOffset, hidden1, 0, n * HIDDEN1_SIZE);
  //   K.addBias(hidden1, 0, n, HIDDEN1_SIZE, parameters, HIDDEN1_BIAS);
  //   K.relu(hidden1, 0, n * HIDDEN1_SIZE);
  // }
  private MethodSpec fromProductsMethod(PassScope pass) {
    String out = pass.name(this, "");
    String then = bias != null && node().activation() != Activation.LINEAR && !lossFused()
        ? "adds the bias and applies " + node().activation().spelling()
        : bias != null ? "adds the bias"
        : !lossFused() && node().activation() != Activation.LINEAR
            ? "applies " + node().activation().spelling() : "copies them";
    MethodSpec.Builder m = MethodSpec.methodBuilder(pass.name(this, "FromProducts"))
        .addModifiers(PRIVATE)
        .addParameter(PassScope.FLOATS, PassScope.PRODUCTS)
        .addParameter(int.class, PassScope.PRODUCTS_OFFSET)
        .addParameter(int.class, PassScope.N)
        .addJavadoc("$L from {@code $L = in · kernel}, computed by the caller for $N rows:\n"
            + "$L, as {@code $L} does after its product.\n", name(), PassScope.PRODUCTS,
            PassScope.N, then, pass.name(this, "Forward"));
    m.addStatement("$T.arraycopy($N, $N, $N, 0, $N * $L)", System.class, PassScope.PRODUCTS,
        PassScope.PRODUCTS_OFFSET, out, PassScope.N, pass.size(this));
    if (bias != null) {
      m.addStatement("$N.addBias($N, 0, $N, $L, $N, $L)", pass.kernels(), out, PassScope.N,
          pass.size(this), pass.parameters(), bias.constant());
    }
    if (!lossFused()) {
      m.addCode(activation(pass, out));
    }
    return m.build();
  }

  /**
   * Turns the gradient with respect to the outputs into the gradient with respect to the
   * pre-activations, then writes the kernel and bias gradients and, if a layer before has
   * parameters, the gradient with respect to the input into {@code inputGrad}.
   */
  // Example:
  // private void hidden2Backward(float[] in, int inOffset, int n, float[] gradients) {
  //   K.reluBackward(hidden2, 0, hidden2Grad, 0, n * HIDDEN2_SIZE);
  //   K.matmulTransA(in, inOffset, hidden2Grad, 0, gradients, HIDDEN2_KERNEL, n, HIDDEN1_SIZE,
  //       HIDDEN2_SIZE);
  //   K.columnSums(hidden2Grad, 0, n, HIDDEN2_SIZE, gradients, HIDDEN2_BIAS);
  //   K.matmulTransB(hidden2Grad, 0, parameters, HIDDEN2_KERNEL, hidden1Grad, 0, n, HIDDEN2_SIZE,
  //       HIDDEN1_SIZE, transposed);
  // }
  private MethodSpec backwardMethod(PassScope pass, String inputGrad) {
    String k = pass.kernels();
    String n = PassScope.N;
    String g = PassScope.GRADIENTS;
    Place place = Place.of(pass, this);
    String grad = place.grad();
    String gradOff = place.offset();
    String ld = place.strided() ? place.stride() : null;
    boolean deferred = pass.deferred(this);
    MethodSpec.Builder m = MethodSpec.methodBuilder(pass.name(this, "Backward"))
        .addModifiers(PRIVATE)
        .addParameter(PassScope.FLOATS, PassScope.IN)
        .addParameter(int.class, PassScope.IN_OFFSET)
        .addParameter(int.class, n)
        .addParameter(PassScope.FLOATS, g);
    if (deferred) {
      m.addParameter(PassScope.FLOATS, PassScope.DEFERRED)
          .addParameter(int.class, PassScope.DEFERRED_OFFSET);
    }
    if (lossFused()) {
      m.addJavadoc("$L backward: {@code $L} holds the loss gradient with respect to the logits\n"
          + "(the fused loss wrote it).\n", name(), grad);
    } else {
      m.addJavadoc("$L backward: {@code $L} holds the loss gradient with respect to the outputs;\n"
          + "times $L′ it becomes the gradient with respect to the pre-activations.\n",
          name(), grad, node().activation().spelling());
      m.addCode(place.strided()
          ? Activations.backwardRows(k, node().activation(), node().alpha(), pass.size(this),
              place.out(), grad, place.column(), place.stride(), n)
          : Activations.backward(k, node().activation(), node().alpha(), pass.size(this),
              place.out(), grad, n));
    }
    if (place.strided()) {
      m.addJavadoc("Its gradient is its columns of {@code $L}, rows {@code $L} apart.\n", grad,
          ld);
    }
    m.addJavadoc("Then {@code kernel gradient = inᵀ · $L}", grad);
    if (deferred) {
      m.addJavadoc("\n(or, given {@code $L}, {@code $L} is copied there and the caller computes\n"
          + "the kernel gradient over the whole batch)", PassScope.DEFERRED, grad);
      m.beginControlFlow("if ($N == null)", PassScope.DEFERRED);
    }
    if (ld != null) {
      m.addStatement("$N.matmulTransA($N,$W$N,$W$L,$W$N,$W$L,$W$L,$W$N,$W$L,$W$N,$W$L,$W$L)", k,
          PassScope.IN, PassScope.IN_OFFSET, pass.size(input()), grad, gradOff, ld, g,
          kernel.constant(), n, pass.size(input()), pass.size(this));
    } else {
      m.addStatement("$N.matmulTransA($N,$W$N,$W$N,$W0,$W$N,$W$L,$W$N,$W$L,$W$L)", k,
          PassScope.IN, PassScope.IN_OFFSET, grad, g, kernel.constant(), n, pass.size(input()),
          pass.size(this));
    }
    if (deferred) {
      m.nextControlFlow("else");
      m.addStatement("$T.arraycopy($N, 0, $N, $N, $N * $L)", System.class, grad,
          PassScope.DEFERRED, PassScope.DEFERRED_OFFSET, n, pass.size(this));
      m.endControlFlow();
    }
    if (bias != null) {
      m.addJavadoc(",\n{@code bias gradient = Σ rows of $L}", grad);
      if (ld != null) {
        m.addStatement("$N.columnSums($N, $L, $L, $N, $L, $N, $L)", k, grad, gradOff, ld, n,
            pass.size(this), g, bias.constant());
      } else {
        m.addStatement("$N.columnSums($N, 0, $N, $L, $N, $L)", k, grad, n, pass.size(this), g,
            bias.constant());
      }
    }
    if (needsInputGradient()) {
      m.addJavadoc("\nand {@code $L = $L · kernelᵀ}.\n", inputGrad, grad);
      if (ld != null) {
        m.addStatement("$N.matmulTransB($N,$W$L,$W$L,$W$N,$W$L,$W$N,$W0,$W$N,$W$L,$W$L,$W$N)", k,
            grad, gradOff, ld, pass.parameters(), kernel.constant(), inputGrad, n,
            pass.size(this), pass.size(input()), pass.transposed());
      } else {
        m.addStatement("$N.matmulTransB($N,$W0,$W$N,$W$L,$W$N,$W0,$W$N,$W$L,$W$L,$W$N)", k, grad,
            pass.parameters(), kernel.constant(), inputGrad, n, pass.size(this),
            pass.size(input()), pass.transposed());
      }
    } else {
      m.addJavadoc(";\nno layer before it has parameters, so no input gradient.\n");
    }
    return m.build();
  }

  private CodeBlock biasArgument(PassScope pass) {
    return bias != null ? CodeBlock.of("$N, $L", pass.parameters(), bias.constant())
        : CodeBlock.of("null, 0");
  }

  private CodeBlock activation(PassScope pass, String buffer) {
    return Activations.forward(pass.kernels(), node().activation(), node().alpha(),
        pass.size(this), buffer, PassScope.N);
  }
}
