package org.dendrite.compiler.layers;

import static javax.lang.model.element.Modifier.PRIVATE;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import java.util.ArrayList;
import java.util.List;
import org.dendrite.compiler.emit.RuntimeNames;
import org.dendrite.compiler.ir.GlobalAvgPool2DNode;
import org.dendrite.compiler.ir.Shape;

/** The mean of each channel over an image's pixels, through the runtime's {@code Pooling}. */
final class GlobalAvgPool2DUnit extends LayerUnit<GlobalAvgPool2DNode> {
  private final Shape image;

  GlobalAvgPool2DUnit(GlobalAvgPool2DNode node, Context context) {
    super(node, context);
    this.image = inputShape();
  }

  @Override
  public CodeBlock initialize(ClassScope model) {
    return CodeBlock.of("");
  }

  @Override
  public long forwardFlops() {
    return 0;
  }

  /** {@code globalavgpool2d gap 5x5x64->64}. */
  @Override
  public String architecture() {
    return node().kind().keyword() + " " + name() + " " + image.join("x") + "->"
        + outputShape().join("x");
  }

  @Override
  public void declare(PassScope pass) {
    pass.buffer(pass.name(this, ""), pass.size(this), "$L's outputs, [$L][$L].", name(),
        pass.capacity(), outputShape());
    pass.buffer(pass.name(this, "Grad"), pass.size(this),
        "The loss gradient with respect to $L's outputs; [$L][$L].", name(), pass.capacity(),
        outputShape());
    pass.name(this, "Forward");
    if (needsInputGradient()) {
      pass.name(this, "Backward");
    }
  }

  // Example: gapForward(conv3, 0, count);
  @Override
  public Flow forward(PassScope pass, Mode mode, Flow in, CodeBlock.Builder code) {
    code.addStatement("$N($N, $L, $N)", pass.name(this, "Forward"), in.array(), in.offset(),
        PassScope.COUNT);
    return new Flow(pass.name(this, ""), "0", pass.name(this, "Grad"));
  }

  // Example: gapBackward(count);
  @Override
  public void backward(PassScope pass, Flow in, CodeBlock.Builder code) {
    if (needsInputGradient()) {
      code.addStatement("$N($N)", pass.name(this, "Backward"), PassScope.COUNT);
    }
  }

  @Override
  public List<MethodSpec> methods(PassScope pass, Flow in) {
    int pixels = image.dim(0) * image.dim(1);
    List<MethodSpec> methods = new ArrayList<>();
    // Example: Pooling.globalAverage(169, 64, in, inOffset, n, gap);
    methods.add(MethodSpec.methodBuilder(pass.name(this, "Forward"))
        .addModifiers(PRIVATE)
        .addParameter(PassScope.FLOATS, PassScope.IN)
        .addParameter(int.class, PassScope.IN_OFFSET)
        .addParameter(int.class, PassScope.N)
        .addJavadoc("$L (GlobalAvgPool2D $L → $L): each channel's mean over $L pixels.\n", name(),
            image, outputShape(), pixels)
        .addStatement("$T.globalAverage($L, $N, $N, $N, $N, $N)", RuntimeNames.POOLING, pixels,
            pass.size(this), PassScope.IN, PassScope.IN_OFFSET, PassScope.N, pass.name(this, ""))
        .build());
    if (needsInputGradient()) {
      methods.add(MethodSpec.methodBuilder(pass.name(this, "Backward"))
          .addModifiers(PRIVATE)
          .addParameter(int.class, PassScope.N)
          .addJavadoc("$L backward: each pixel's gradient is its channel's over $L.\n", name(),
              pixels)
          .addStatement("$T.globalAverageBackward($L, $N, $N, $N, $N)", RuntimeNames.POOLING,
              pixels, pass.size(this), pass.name(this, "Grad"), PassScope.N, in.grad())
          .build());
    }
    return methods;
  }
}
