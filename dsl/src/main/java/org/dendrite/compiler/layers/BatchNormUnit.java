package org.dendrite.compiler.layers;

import static javax.lang.model.element.Modifier.PRIVATE;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.List;
import org.dendrite.compiler.emit.Activations;
import org.dendrite.compiler.emit.Literals;
import org.dendrite.compiler.emit.RuntimeNames;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.BatchNormNode;
import org.dendrite.compiler.ir.Shape;

/**
 * A batch normalisation of each feature, then an activation: batch statistics in training, which
 * also move the moving averages; the moving averages at inference. Gamma and beta are parameters,
 * the moving mean and variance state.
 */
final class BatchNormUnit extends LayerUnit<BatchNormNode> {
  private final int features;
  /** Values per feature in one sample: an image's pixels, or 1 for a flat input. */
  private final int pixels;
  private String pixelsConstant;
  private String featuresConstant;
  private final Tensor gamma;
  private final Tensor beta;
  private final Tensor mean;
  private final Tensor variance;

  BatchNormUnit(BatchNormNode node, Context context) {
    super(node, context);
    Shape in = inputShape();
    this.features = in.dim(in.rank() - 1);
    this.pixels = in.intSize() / features;
    Shape shape = Shape.of(features);
    this.gamma = parameter("gamma", shape, 0f, 0f);
    this.beta = parameter("beta", shape, 0f, 0f);
    this.mean = stateTensor("moving_mean", shape);
    this.variance = stateTensor("moving_variance", shape);
  }

  @Override
  public void declareConstants(ClassConstants model) {
    if (pixels > 1) {
      pixelsConstant = model.constant(this, "PIXELS", TypeName.INT, CodeBlock.of("$L", pixels),
          "{@code $L}'s values per feature in one sample: rows of its statistics per sample.",
          name());
      featuresConstant = model.constant(this, "FEATURES", TypeName.INT,
          CodeBlock.of("$L", features), "{@code $L}'s features: its input's channels.", name());
    }
  }

  /** The rows its statistics run over for {@code n} samples: {@code n}, times the pixels. */
  private CodeBlock rows(String n) {
    return pixels > 1 ? CodeBlock.of("$N * $N", n, pixelsConstant) : CodeBlock.of("$N", n);
  }

  /** The constant of its features: its size for a flat input, its channels for an image. */
  private String features(PassScope pass) {
    return pixels > 1 ? featuresConstant : pass.size(this);
  }

  /** Gamma and the moving variance start at 1, beta and the moving mean at 0. */
  @Override
  public CodeBlock initialize(ClassScope model) {
    return CodeBlock.builder()
        .add(fill(model, gamma, pixels > 1 ? featuresConstant : model.size(this), 1f))
        .add(fill(model, variance, pixels > 1 ? featuresConstant : model.size(this), 1f))
        .build();
  }

  @Override
  public boolean keepsInputSize() {
    return true;
  }

  @Override
  public long forwardFlops() {
    return 0; // as Keras counts: the multiply-adds of dense and convolution layers only
  }

  /** {@code batchnorm norm 32 relu epsilon=0.001}: momentum is left out, as a rate is. */
  @Override
  public String architecture() {
    return node().kind().keyword() + " " + name() + " " + outputShape().join("x") + " "
        + node().activation().spelling() + " epsilon=" + node().epsilon();
  }

  @Override
  public void declare(PassScope pass) {
    pass.buffer(pass.name(this, ""), pass.size(this), "$L's outputs, [$L][$L].", name(),
        pass.capacity(), features);
    pass.buffer(pass.name(this, "Grad"), pass.size(this),
        "The loss gradient with respect to $L's outputs; [$L][$L].", name(), pass.capacity(),
        features);
    pass.buffer(pass.name(this, "Normalized"), pass.size(this),
        "$L's inputs normalised with the batch's statistics, for the backward pass.", name());
    pass.array(pass.name(this, "Mean"), features(pass), "$L's batch mean per feature.", name());
    pass.array(pass.name(this, "InvStd"), features(pass),
        "$L's batch 1 / sqrt(variance + epsilon) per feature.", name());
    pass.array(pass.name(this, "Sums"), CodeBlock.of("2 * $L", features(pass)),
        "Scratch of $L's backward pass.", name());
    pass.name(this, "ForwardTraining");
    pass.name(this, "Forward");
    pass.name(this, "Backward");
  }

  // Example: normForward(hidden, 0, count);
  // Example, in train: normForwardTraining(hidden, 0, count, firstSample == 0);
  @Override
  public Flow forward(PassScope pass, Mode mode, Flow in, CodeBlock.Builder code) {
    if (mode == Mode.TRAIN) {
      code.addStatement("$N($N, $L, $N, $N == 0)", pass.name(this, "ForwardTraining"),
          in.array(), in.offset(), PassScope.COUNT, PassScope.FIRST_SAMPLE);
    } else {
      code.addStatement("$N($N, $L, $N)", pass.name(this, "Forward"), in.array(), in.offset(),
          PassScope.COUNT);
    }
    return new Flow(pass.name(this, ""), "0", pass.name(this, "Grad"));
  }

  // Example: normBackward(count, gradients);
  @Override
  public void backward(PassScope pass, Flow in, CodeBlock.Builder code) {
    code.addStatement("$N($N, $N)", pass.name(this, "Backward"), PassScope.COUNT,
        PassScope.GRADIENTS);
  }

  @Override
  public List<MethodSpec> methods(PassScope pass, Flow in) {
    return List.of(forwardTrainingMethod(pass), forwardMethod(pass),
        backwardMethod(pass, needsInputGradient() ? in.grad() : null));
  }

  /** Training: batch statistics; the pass of the step's sample 0 moves the moving averages. */
  // Example:
  // private void normForwardTraining(float[] in, int inOffset, int n,
  //     boolean updateMovingAverages) {
  //   BatchNorms.forwardTraining(in, inOffset, n, NORM_SIZE, parameters, NORM_GAMMA, NORM_BETA,
  //       0.001f, normMean, normInvStd, normNormalized, norm,
  //       updateMovingAverages ? state : null, NORM_MOVING_MEAN, NORM_MOVING_VARIANCE, 0.9f);
  //   K.relu(norm, 0, n * NORM_SIZE);
  // }
  private MethodSpec forwardTrainingMethod(PassScope pass) {
    String update = PassScope.UPDATE_MOVING_AVERAGES;
    return MethodSpec.methodBuilder(pass.name(this, "ForwardTraining"))
        .addModifiers(PRIVATE)
        .addParameter(PassScope.FLOATS, PassScope.IN)
        .addParameter(int.class, PassScope.IN_OFFSET)
        .addParameter(int.class, PassScope.N)
        .addParameter(boolean.class, update)
        .addJavadoc("$L (BatchNorm of $L, $L), training: normalises with the batch's mean and"
            + " variance\nper feature, scales by gamma, shifts by beta; moves the moving averages"
            + " (momentum $L)\nwhen {@code $L}.\n", name(), features,
            node().activation().spelling(), node().momentum(), update)
        .addStatement("$T.forwardTraining($N,$W$N,$W$L,$W$L,$W$N,$W$L,$W$L,$W$L,$W$N,$W$N,$W$N,"
            + "$W$N,$W$N ? $N : null,$W$L,$W$L,$W$L)", RuntimeNames.BATCH_NORMS, PassScope.IN,
            PassScope.IN_OFFSET, rows(PassScope.N), features(pass), pass.parameters(),
            gamma.constant(), beta.constant(), Literals.of(node().epsilon()),
            pass.name(this, "Mean"), pass.name(this, "InvStd"), pass.name(this, "Normalized"),
            pass.name(this, ""), update, pass.state(), mean.constant(), variance.constant(),
            Literals.of(node().momentum()))
        .addCode(activation(pass))
        .build();
  }

  /** Inference: the moving averages. */
  // Example:
  // private void normForward(float[] in, int inOffset, int n) {
  //   BatchNorms.forwardInference(in, inOffset, n, NORM_SIZE, parameters, NORM_GAMMA, NORM_BETA,
  //       state, NORM_MOVING_MEAN, NORM_MOVING_VARIANCE, 0.001f, norm);
  //   K.relu(norm, 0, n * NORM_SIZE);
  // }
  private MethodSpec forwardMethod(PassScope pass) {
    return MethodSpec.methodBuilder(pass.name(this, "Forward"))
        .addModifiers(PRIVATE)
        .addParameter(PassScope.FLOATS, PassScope.IN)
        .addParameter(int.class, PassScope.IN_OFFSET)
        .addParameter(int.class, PassScope.N)
        .addJavadoc("$L (BatchNorm of $L, $L), inference:\n{@code $L = gamma · (in - moving_mean)"
            + " / sqrt(moving_variance + $L) + beta}.\n", name(), features,
            node().activation().spelling(), pass.name(this, ""), node().epsilon())
        .addStatement("$T.forwardInference($N,$W$N,$W$L,$W$L,$W$N,$W$L,$W$L,$W$N,$W$L,$W$L,$W$L,"
            + "$W$N)", RuntimeNames.BATCH_NORMS, PassScope.IN, PassScope.IN_OFFSET,
            rows(PassScope.N), features(pass), pass.parameters(), gamma.constant(), beta.constant(), pass.state(),
            mean.constant(), variance.constant(), Literals.of(node().epsilon()),
            pass.name(this, ""))
        .addCode(activation(pass))
        .build();
  }

  @Override
  public boolean reluBackwardByReader() {
    return node().activation() == Activation.RELU && readByMaxPoolAlone();
  }

  /** Backward through the activation and the normalisation of the last training forward. */
  // Example:
  // private void normBackward(int n, float[] gradients) {
  //   K.reluBackward(norm, 0, normGrad, 0, n * NORM_SIZE);
  //   BatchNorms.backward(normGrad, n, NORM_SIZE, normNormalized, normInvStd, parameters,
  //       NORM_GAMMA, gradients, NORM_GAMMA, NORM_BETA, hiddenGrad, 0, normSums);
  // }
  private MethodSpec backwardMethod(PassScope pass, String inputGrad) {
    String grad = pass.name(this, "Grad");
    return MethodSpec.methodBuilder(pass.name(this, "Backward"))
        .addModifiers(PRIVATE)
        .addParameter(int.class, PassScope.N)
        .addParameter(PassScope.FLOATS, PassScope.GRADIENTS)
        .addJavadoc("$L backward: the gamma and beta gradients$L.\n", name(),
            inputGrad == null ? "; no layer before it has parameters, so no input gradient"
                : " and {@code " + inputGrad + "}, the input gradient")
        .addCode(reluBackwardByReader()
            ? CodeBlock.of("// $L′: applied by the max pooling's backward pass.\n",
                node().activation().spelling())
            : Activations.backward(pass.kernels(), node().activation(), node().alpha(),
                pass.size(this), pass.name(this, ""), grad, PassScope.N))
        .addStatement("$T.backward($N,$W$L,$W$L,$W$N,$W$N,$W$N,$W$L,$W$N,$W$L,$W$L,$W$L,$W0,$W$N)",
            RuntimeNames.BATCH_NORMS, grad, rows(PassScope.N), features(pass),
            pass.name(this, "Normalized"), pass.name(this, "InvStd"), pass.parameters(),
            gamma.constant(), PassScope.GRADIENTS, gamma.constant(), beta.constant(),
            inputGrad == null ? "null" : inputGrad, pass.name(this, "Sums"))
        .build();
  }

  private CodeBlock activation(PassScope pass) {
    return Activations.forward(pass.kernels(), node().activation(), node().alpha(),
        pass.size(this), pass.name(this, ""), PassScope.N);
  }
}
