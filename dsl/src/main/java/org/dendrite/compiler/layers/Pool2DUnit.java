package org.dendrite.compiler.layers;

import static javax.lang.model.element.Modifier.PRIVATE;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import java.util.ArrayList;
import java.util.List;
import org.dendrite.compiler.emit.RuntimeNames;
import org.dendrite.compiler.ir.AvgPool2DNode;
import org.dendrite.compiler.ir.LayerNode;
import org.dendrite.compiler.ir.MaxPool2DNode;
import org.dendrite.compiler.ir.Shape;
import org.dendrite.compiler.ir.Spatial;
import org.dendrite.compiler.ir.Window;

/**
 * A pooling window sliding over a channels-last image, per channel, through the runtime's {@code
 * Pooling}: max pooling's backward pass finds where each output's value came from in the forward
 * pass's input and output; average pooling divides by the values inside the image.
 */
abstract class Pool2DUnit<N extends LayerNode & Spatial> extends LayerUnit<N> {
  private final Window[] windows;
  private String window;

  Pool2DUnit(N node, Context context) {
    super(node, context);
    this.windows = node.windows();
    if (input() instanceof Conv2DUnit conv && conv.readByPoolAlone()) {
      // The last rows or columns no window reads (VALID windows whose strides do not divide):
      // the convolution need not compute them, nor their zero gradient.
      Shape image = inputShape();
      int rows = image.dim(0) - windows[0].unread(image.dim(0));
      int cols = image.dim(1) - windows[1].unread(image.dim(1));
      if (rows < image.dim(0) || cols < image.dim(1)) {
        conv.cropTo(rows, cols, this);
      }
    }
  }

  /**
   * The input as its producer stores it: the input's shape, or the rows and columns this pooling
   * reads of it ({@link Conv2DUnit#cropTo}).
   */
  private Shape in() {
    return input().storedShape();
  }

  /** The name of its {@code Window2D} constant, once declared. */
  String window() {
    return window;
  }

  /**
   * Whether prediction leaves its outputs to the convolution before it, which computes them with
   * its own ({@code Convolutions.convolveMaxPool}).
   */
  private boolean pooledByItsConvolution(PassScope pass, Mode mode) {
    return pooledByArgmax(pass) || (mode != Mode.TRAIN ? input() instanceof Conv2DUnit conv
        && conv.poolsInPrediction(pass, this) : pooledInTraining(pass));
  }

  /**
   * Whether training, too, leaves its passes to the convolution before it, forward and backward
   * ({@code Convolutions.convolveMaxPoolKeep} and {@code kernelGradientPooled}): it then has no
   * methods of its own.
   */
  private boolean pooledInTraining(PassScope pass) {
    return input() instanceof Conv2DUnit conv && conv.poolsInTraining(pass, this);
  }

  /**
   * Whether both passes, forward and backward, leave it to the convolution before it, which pools
   * image by image and routes the gradient by where each max came from ({@code
   * Convolutions.convolveMaxPoolArgmax} and {@code kernelGradientArgmax}): it then has no methods
   * of its own.
   */
  private boolean pooledByArgmax(PassScope pass) {
    return input() instanceof Conv2DUnit conv && conv.poolsByArgmax(pass, this);
  }

  /** The runtime's method: {@code max} or {@code average}. */
  abstract String method();

  /** Whether its backward pass reads the forward pass's input and output. */
  abstract boolean readsForward();

  @Override
  public void declareConstants(ClassConstants model) {
    Shape in = in();
    Shape out = outputShape();
    window = model.constant(this, "WINDOW", RuntimeNames.WINDOW_2D, CodeBlock.of(
        "new $T($L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L)", RuntimeNames.WINDOW_2D, in.dim(0),
        in.dim(1), in.dim(2), windows[0].size(), windows[1].size(), windows[0].stride(),
        windows[1].stride(), windows[0].padBefore(in.dim(0)), windows[1].padBefore(in.dim(1)),
        out.dim(0), out.dim(1)),
        "{@code $L}'s windows: $L input, $L×$L pool, strides $L×$L, $L.$L", name(), in,
        windows[0].size(), windows[1].size(), windows[0].stride(), windows[1].stride(),
        node().paddingDescription(), in.equals(inputShape()) ? ""
            : "\nThey read the first " + in.dim(0) + " rows and " + in.dim(1) + " columns of "
                + input().name() + "'s " + inputShape() + " outputs,\nall that " + input().name()
                + " computes.");
  }

  @Override
  public final CodeBlock initialize(ClassScope model) {
    return CodeBlock.of("");
  }

  @Override
  public final long forwardFlops() {
    return 0; // as Keras counts: the multiply-adds of dense and convolution layers only
  }

  /**
   * {@code maxpool2d pool1 26x26x32->13x13x32 2x2/2x2 valid}; explicit pads in place of {@code
   * valid}: {@code pads=1,1,1,1}.
   */
  @Override
  public final String architecture() {
    return node().kind().keyword() + " " + name() + " " + inputShape().join("x") + "->"
        + outputShape().join("x") + " " + windows[0].size() + "x" + windows[1].size() + "/"
        + windows[0].stride() + "x" + windows[1].stride() + " " + node().paddingWord();
  }

  @Override
  public final void declare(PassScope pass) {
    pass.buffer(pass.name(this, ""), pass.size(this), "$L's outputs, [$L][$L].", name(),
        pass.capacity(), outputShape());
    pass.buffer(pass.name(this, "Grad"), pass.size(this),
        "The loss gradient with respect to $L's outputs; [$L][$L].", name(), pass.capacity(),
        outputShape());
    pass.name(this, "Forward");
    if (needsInputGradient() && !pooledByArgmax(pass)) {
      pass.name(this, "Backward");
    }
  }

  // Example: pool1Forward(conv1, 0, count);
  @Override
  public final Flow forward(PassScope pass, Mode mode, Flow in, CodeBlock.Builder code) {
    if (!pooledByItsConvolution(pass, mode)) {
      code.addStatement("$N($N, $L, $N)", pass.name(this, "Forward"), in.array(), in.offset(),
          PassScope.COUNT);
    }
    return new Flow(pass.name(this, ""), "0", pass.name(this, "Grad"));
  }

  // Example: pool1Backward(conv1, 0, count);
  @Override
  public final void backward(PassScope pass, Flow in, CodeBlock.Builder code) {
    if (pooledInTraining(pass) || pooledByArgmax(pass)) {
      return;
    }
    if (needsInputGradient() && readsForward()) {
      code.addStatement("$N($N, $L, $N)", pass.name(this, "Backward"), in.array(), in.offset(),
          PassScope.COUNT);
    } else if (needsInputGradient()) {
      code.addStatement("$N($N)", pass.name(this, "Backward"), PassScope.COUNT);
    }
  }

  @Override
  public final List<MethodSpec> methods(PassScope pass, Flow in) {
    List<MethodSpec> methods = new ArrayList<>();
    if (pooledInTraining(pass) || pooledByArgmax(pass)) {
      return methods;
    }
    methods.add(forwardMethod(pass));
    if (needsInputGradient()) {
      methods.add(backwardMethod(pass, in.grad()));
    }
    return methods;
  }

  // Example:
  // private void pool1Forward(float[] in, int inOffset, int n) {
  //   Pooling.max(POOL1_WINDOW, in, inOffset, n, pool1);
  // }
  private MethodSpec forwardMethod(PassScope pass) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(pass.name(this, "Forward"))
        .addModifiers(PRIVATE)
        .addParameter(PassScope.FLOATS, PassScope.IN)
        .addParameter(int.class, PassScope.IN_OFFSET)
        .addParameter(int.class, PassScope.N)
        .addJavadoc("$L ($L $L → $L, $L×$L pool, strides $L×$L, $L).\n", name(),
            node().kind().displayName(), inputShape(), outputShape(), windows[0].size(),
            windows[1].size(), windows[0].stride(), windows[1].stride(),
            node().paddingDescription());
    m.addStatement("$T.$L($N, $N, $N, $N, $N)", RuntimeNames.POOLING, method(), window,
        PassScope.IN, PassScope.IN_OFFSET, PassScope.N, pass.name(this, ""));
    return m.build();
  }

  // Example:
  // private void pool1Backward(float[] in, int inOffset, int n) {
  //   Pooling.maxBackward(POOL1_WINDOW, in, inOffset, pool1, pool1Grad, n, conv1Grad);
  // }
  private MethodSpec backwardMethod(PassScope pass, String inputGrad) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(pass.name(this, "Backward"))
        .addModifiers(PRIVATE);
    if (readsForward()) {
      m.addParameter(PassScope.FLOATS, PassScope.IN)
          .addParameter(int.class, PassScope.IN_OFFSET)
          .addParameter(int.class, PassScope.N)
          .addJavadoc("$L backward: {@code $L} from {@code $L} (consumed), at each window's"
              + " max.\n", name(), inputGrad, pass.name(this, "Grad"));
      if (input().reluBackwardByReader()) {
        m.addJavadoc("Also takes it through $L's ReLU: a window whose max is not above zero"
            + " routes zero.\n", input().name());
        m.addStatement("$T.$LBackward($N, $N, $N, $N, $N, $N, $N, true)", RuntimeNames.POOLING,
            method(), window, PassScope.IN, PassScope.IN_OFFSET, pass.name(this, ""),
            pass.name(this, "Grad"), PassScope.N, inputGrad);
      } else {
        m.addStatement("$T.$LBackward($N, $N, $N, $N, $N, $N, $N)", RuntimeNames.POOLING,
            method(), window, PassScope.IN, PassScope.IN_OFFSET, pass.name(this, ""),
            pass.name(this, "Grad"), PassScope.N, inputGrad);
      }
    } else {
      m.addParameter(int.class, PassScope.N)
          .addJavadoc("$L backward: {@code $L}, the input gradient, from {@code $L}.\n", name(),
              inputGrad, pass.name(this, "Grad"));
      m.addStatement("$T.$LBackward($N, $N, $N, $N)", RuntimeNames.POOLING, method(), window,
          pass.name(this, "Grad"), PassScope.N, inputGrad);
    }
    return m.build();
  }

  /** A max pooling. A convolution it alone reads may pool as it computes. */
  static final class Max extends Pool2DUnit<MaxPool2DNode> {
    Max(MaxPool2DNode node, Context context) {
      super(node, context);
      if (input() instanceof Conv2DUnit conv && conv.readByMaxPoolAlone()
          && node.halves(inputShape())) {
        conv.pooledBy(this); // it may pool the convolution's outputs as they are computed
      }
    }

    @Override
    String method() {
      return "max";
    }

    @Override
    boolean readsForward() {
      return true;
    }
  }

  /** An average pooling. */
  static final class Average extends Pool2DUnit<AvgPool2DNode> {
    Average(AvgPool2DNode node, Context context) {
      super(node, context);
    }

    @Override
    String method() {
      return "average";
    }

    @Override
    boolean readsForward() {
      return false;
    }
  }
}
