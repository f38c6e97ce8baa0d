package org.dendrite.compiler.emit;

import com.palantir.javapoet.ClassName;
import java.util.List;

/**
 * The runtime types generated code refers to, by name: the compiler does not depend on the
 * runtime. A test with the runtime on its class path checks that every name resolves.
 */
public final class RuntimeNames {
  private RuntimeNames() {}

  private static final String RUNTIME = "org.dendrite.runtime";
  private static final String SUPPORT = RUNTIME + ".support";

  public static final ClassName MODEL = ClassName.get(RUNTIME, "Model");
  public static final ClassName LAYER = ClassName.get(RUNTIME, "Layer");
  public static final ClassName BATCH_PASS = ClassName.get(RUNTIME, "BatchPass");
  public static final ClassName TRAINING_CHUNKS = ClassName.get(RUNTIME, "TrainingChunks");
  public static final ClassName DEFERRED_KERNEL = BATCH_PASS.nestedClass("DeferredKernel");
  public static final ClassName STEP = BATCH_PASS.nestedClass("Step");
  public static final ClassName TENSOR_VIEW = ClassName.get(RUNTIME, "TensorView");
  public static final ClassName KERNELS = ClassName.get(RUNTIME + ".kernel", "Kernels");
  public static final ClassName LOSSES = ClassName.get(RUNTIME + ".loss", "Losses");
  public static final ClassName CHECKS = ClassName.get(SUPPORT, "Checks");
  public static final ClassName INFERENCE = ClassName.get(RUNTIME, "Inference");
  public static final ClassName INITIALIZERS = ClassName.get(SUPPORT, "Initializers");
  public static final ClassName SEEDS = ClassName.get(SUPPORT, "Seeds");
  public static final ClassName DROPOUT_MASKS = ClassName.get(SUPPORT, "DropoutMasks");
  public static final ClassName BATCH_NORMS = ClassName.get(SUPPORT, "BatchNorms");
  public static final ClassName WINDOW_2D = ClassName.get(SUPPORT, "Window2D");
  public static final ClassName CONVOLUTIONS = ClassName.get(SUPPORT, "Convolutions");
  public static final ClassName WINOGRAD = ClassName.get(SUPPORT, "Winograd");
  public static final ClassName WINOGRAD_CACHE = WINOGRAD.nestedClass("Cache");
  public static final ClassName WINOGRAD_POINTS = WINOGRAD.nestedClass("Points");
  public static final ClassName POOLING = ClassName.get(SUPPORT, "Pooling");
  public static final ClassName MERGES = ClassName.get(SUPPORT, "Merges");
  public static final ClassName LOSS = ClassName.get("org.dendrite.annotation", "Loss");
  public static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

  /**
   * The simple names of every type generated code names, the JDK's among them: a layer field of
   * one of these names hides the type in expressions, so generated code writes it qualified.
   */
  public static List<String> referencedSimpleNames() {
    List<String> names = new java.util.ArrayList<>();
    all().forEach(c -> names.add(c.simpleName()));
    names.addAll(List.of(GENERATED.simpleName(), "System", "Arrays", "List", "String",
        "Override", "Path", "IOException", "IllegalArgumentException"));
    return names;
  }

  /**
   * The first segments of the packages of those types: when a type is written qualified, a layer
   * field of one of these names would hide its package.
   */
  public static List<String> packageRoots() {
    return List.of("org", "java", "javax");
  }

  /** Every runtime type generated code may name. */
  public static List<ClassName> all() {
    return List.of(MODEL, LAYER, BATCH_PASS, DEFERRED_KERNEL, STEP, TENSOR_VIEW, KERNELS, LOSSES,
        CHECKS, INFERENCE, INITIALIZERS, SEEDS, DROPOUT_MASKS, BATCH_NORMS, WINDOW_2D,
        CONVOLUTIONS, WINOGRAD, WINOGRAD_CACHE, WINOGRAD_POINTS, POOLING, MERGES, LOSS);
  }
}
