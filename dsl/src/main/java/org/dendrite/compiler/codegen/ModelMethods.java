package org.dendrite.compiler.codegen;

import static javax.lang.model.element.Modifier.PUBLIC;
import static javax.lang.model.element.Modifier.STATIC;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import org.dendrite.compiler.emit.RuntimeNames;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.layers.ClassScope;
import org.dendrite.compiler.layers.PassScope;
import org.dendrite.compiler.plan.Plan;

/**
 * The generated class's implementation of {@code Model}: getters of its constants and arrays,
 * predictions through its {@code Inference}, {@code computeGradients} through a pass grown on
 * demand, and the static {@code load}.
 */
final class ModelMethods {
  /**
   * The allocated names of the class's members these methods use, beyond {@link ClassScope}'s.
   *
   * @param passClass the inner pass class
   * @param layers the list of layer handles
   * @param gradients the gradient array
   * @param inference the predictions' helper
   * @param trainingPass {@code computeGradients}' pass
   * @param trainingSteps {@code computeGradients}' call counter
   * @param trainingCall {@code computeGradients}' step arguments
   */
  record Members(String passClass, String layers, String gradients, String inference,
      String trainingPass, String trainingSteps, String trainingCall) {}

  private final Plan plan;
  private final ClassScope model;
  private final String passClass;
  private final String layers;
  private final String gradients;
  private final String inference;
  private final String trainingPass;
  private final String trainingSteps;
  private final String trainingCall;

  /** The methods of {@code plan}'s class, whose members {@code model} and {@code m} name. */
  ModelMethods(Plan plan, ClassScope model, Members m) {
    this.plan = plan;
    this.model = model;
    this.passClass = m.passClass();
    this.layers = m.layers();
    this.gradients = m.gradients();
    this.inference = m.inference();
    this.trainingPass = m.trainingPass();
    this.trainingSteps = m.trainingSteps();
    this.trainingCall = m.trainingCall();
  }

  /** Adds the methods to the generated class. */
  void addTo(TypeSpec.Builder type) {
    Network network = plan.network();
    type.addMethod(getter("name", String.class, CodeBlock.of("$S", network.name())));
    type.addMethod(getter("loss", RuntimeNames.LOSS,
        CodeBlock.of("$T.$L", RuntimeNames.LOSS, network.loss().name())));
    type.addMethod(getter("inputSize", int.class, CodeBlock.of("INPUT_SIZE")));
    type.addMethod(getter("outputSize", int.class, CodeBlock.of("OUTPUT_SIZE")));
    type.addMethod(getter("targetSize", int.class, CodeBlock.of("TARGET_SIZE")));
    type.addMethod(getter("parameterCount", int.class, CodeBlock.of("PARAMETER_COUNT")));
    type.addMethod(getter("layers",
        ParameterizedTypeName.get(ClassName.get(List.class), RuntimeNames.LAYER),
        CodeBlock.of("$N", layers)));
    type.addMethod(getter("parameters", PassScope.FLOATS, CodeBlock.of("$N", model.parameters())));
    type.addMethod(getter("gradients", PassScope.FLOATS, CodeBlock.of("$N", gradients)));
    if (model.state() != null) {
      type.addMethod(getter("state", PassScope.FLOATS, CodeBlock.of("$N", model.state())));
    }
    type.addMethod(override("predict", TypeName.VOID)
        .addParameter(PassScope.FLOATS, "input").addParameter(PassScope.FLOATS, "output")
        .addStatement("$N.predict(input, output)", inference).build());
    type.addMethod(override("predictBatch", TypeName.VOID)
        .addParameter(PassScope.FLOATS, "inputs").addParameter(PassScope.FLOATS, "outputs")
        .addParameter(int.class, "count")
        .addStatement("$N.predictBatch(inputs, outputs, count)", inference).build());
    type.addMethod(override("computeGradients", TypeName.FLOAT)
        .addParameter(PassScope.FLOATS, "inputs").addParameter(PassScope.FLOATS, "targets")
        .addParameter(int.class, "count")
        .beginControlFlow("if (count < 1)")
        .addStatement("throw new $T($S + count)", IllegalArgumentException.class,
            "count must be at least 1, got ")
        .endControlFlow()
        // Before the pass grows to count: arrays too short for count must not cost its buffers.
        .addStatement("$T.samples($S, inputs, 0, count, INPUT_SIZE)", RuntimeNames.CHECKS,
            "inputs")
        .addStatement("$T.samples($S, targets, 0, count, TARGET_SIZE)", RuntimeNames.CHECKS,
            "targets")
        .beginControlFlow("if ($N == null || $N.capacity() < count)", trainingPass,
            trainingPass)
        .addStatement("$N = new $N(count)", trainingPass, passClass)
        .endControlFlow()
        .addStatement("double loss = $N.train($N.samples(inputs, 0, targets, 0, count)\n"
            + ".gradients($N, 1f / count).at($N++, 0))", trainingPass, trainingCall, gradients,
            trainingSteps)
        .addStatement("return (float) (loss / count)")
        .build());
    type.addMethod(override("newBatchPass", RuntimeNames.BATCH_PASS)
        .addParameter(int.class, "capacity")
        .addStatement("return new $N(capacity)", passClass).build());
    type.addMethod(getter("summary", String.class, CodeBlock.of("SUMMARY")));
    type.addMethod(getter("architecture", String.class, CodeBlock.of("ARCHITECTURE")));
    type.addMethod(getter("seed", long.class, CodeBlock.of("$N", model.seed())));
    ClassName self = ClassName.get(network.packageName(), network.generatedName());
    type.addMethod(MethodSpec.methodBuilder("load")
        .addModifiers(PUBLIC, STATIC)
        .returns(self)
        .addParameter(java.nio.file.Path.class, "file")
        .addException(java.io.IOException.class)
        .addJavadoc("A model with the weights of a file written by {@link #save}; see"
            + " {@link $T#loadWeights}.\n", RuntimeNames.MODEL)
        .addStatement("$T model = new $T(0L)", self, self)
        .addStatement("model.loadWeights(file)")
        .addStatement("return model")
        .build());
  }

  private static MethodSpec.Builder override(String name, TypeName returns) {
    return MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(PUBLIC)
        .returns(returns);
  }

  private static MethodSpec getter(String name, Object returns, CodeBlock value) {
    TypeName type = returns instanceof TypeName t ? t : TypeName.get((Class<?>) returns);
    return override(name, type).addStatement("return $L", value).build();
  }
}
