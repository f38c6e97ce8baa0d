package org.dendrite.compiler.codegen;

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

  static final ClassName MODEL = ClassName.get(RUNTIME, "Model");
  static final ClassName LAYER = ClassName.get(RUNTIME, "Layer");
  static final ClassName BATCH_PASS = ClassName.get(RUNTIME, "BatchPass");
  static final ClassName DEFERRED_KERNEL = BATCH_PASS.nestedClass("DeferredKernel");
  static final ClassName TENSOR_VIEW = ClassName.get(RUNTIME, "TensorView");
  static final ClassName KERNELS = ClassName.get(RUNTIME + ".kernel", "Kernels");
  static final ClassName LOSSES = ClassName.get(RUNTIME + ".loss", "Losses");
  static final ClassName CHECKS = ClassName.get(SUPPORT, "Checks");
  static final ClassName INFERENCE = ClassName.get(SUPPORT, "Inference");
  static final ClassName INITIALIZERS = ClassName.get(SUPPORT, "Initializers");
  static final ClassName SEEDS = ClassName.get(SUPPORT, "Seeds");
  static final ClassName DROPOUT_MASKS = ClassName.get(SUPPORT, "DropoutMasks");
  static final ClassName BATCH_NORMS = ClassName.get(SUPPORT, "BatchNorms");
  static final ClassName LOSS = ClassName.get("org.dendrite.annotation", "Loss");
  static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

  /** Every runtime type generated code may name. */
  public static List<ClassName> all() {
    return List.of(MODEL, LAYER, BATCH_PASS, DEFERRED_KERNEL, TENSOR_VIEW, KERNELS, LOSSES,
        CHECKS, INFERENCE, INITIALIZERS, SEEDS, DROPOUT_MASKS, BATCH_NORMS, LOSS);
  }
}
