package org.dendrite.compiler.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.Init;
import org.dendrite.compiler.ir.LossKind;
import org.dendrite.compiler.testing.NetworkBuilder;
import org.junit.jupiter.api.Test;

/** The planner's layout: offsets, sizes, gradient flow, loss fusion, initialisers. */
class PlannerTest {
  static Plan fashion() {
    return Planner.plan(NetworkBuilder.network("p", "FashionMlp")
        .loss(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY)
        .input("image", 28, 28).flatten("flat")
        .dense("hidden1", 300, Activation.RELU)
        .dropout("drop", 0.2f)
        .dense("hidden2", 100, Activation.RELU)
        .dense("output", 10, Activation.SOFTMAX)
        .build());
  }

  @Test
  void parametersAreLaidOutKernelThenBiasInDeclarationOrder() {
    Plan plan = fashion();
    assertEquals(266_610, plan.parameterCount());
    DensePlan h1 = plan.denseLayers().get(0);
    DensePlan h2 = plan.denseLayers().get(1);
    DensePlan out = plan.output();
    assertEquals(0, h1.kernelOffset());
    assertEquals(784 * 300, h1.biasOffset());
    assertEquals(784 * 300 + 300, h2.kernelOffset());
    assertEquals(h2.kernelOffset() + 300 * 100, h2.biasOffset());
    assertEquals(h2.biasOffset() + 100, out.kernelOffset());
    assertEquals(plan.parameterCount() - 10, out.biasOffset());
  }

  @Test
  void sizesAndShapes() {
    Plan plan = fashion();
    assertEquals(784, plan.inputSize());
    assertEquals(10, plan.outputSize());
    assertEquals(1, plan.targetSize());
    assertArrayEquals(new int[] {784}, plan.layers().get(1).outputShape());
    assertArrayEquals(new int[] {300}, plan.layers().get(3).outputShape());
    assertEquals(2L * (784 * 300 + 300 * 100 + 100 * 10), plan.forwardFlops());
    assertEquals(4L * 266_610, plan.parameterBytes());
  }

  @Test
  void onlyLayersAfterParametersPropagateGradients() {
    Plan plan = fashion();
    assertFalse(plan.denseLayers().get(0).needsInputGradient());
    assertTrue(plan.denseLayers().get(1).needsInputGradient());
    assertTrue(plan.output().needsInputGradient());
    assertTrue(((DropoutPlan) plan.layers().get(3)).needsBackward());
    // The largest kernel transposed for an input gradient: hidden2's 300×100.
    assertEquals(300 * 100, plan.transposeScratch());
  }

  @Test
  void theLossTakesOverTheOutputActivationExceptForMse() {
    assertTrue(fashion().output().lossFused());
    Plan mse = Planner.plan(NetworkBuilder.network("p", "Reg").loss(LossKind.MSE)
        .input("x", 3).dense("out", 2, Activation.SIGMOID).build());
    assertFalse(mse.output().lossFused());
    assertEquals(2, mse.targetSize());
  }

  @Test
  void autoInitIsHeForTheReluFamilyAndGlorotOtherwise() {
    Plan plan = Planner.plan(NetworkBuilder.network("p", "Inits").loss(LossKind.MSE)
        .input("x", 3)
        .dense("a", 4, Activation.LEAKY_RELU)
        .dense("b", 4, Activation.TANH)
        .dense("c", 4, Activation.RELU, false, Init.ZEROS, 0.2f)
        .dense("d", 1, Activation.LINEAR).build());
    assertEquals(Init.HE_UNIFORM, plan.denseLayers().get(0).init());
    assertEquals(Init.GLOROT_UNIFORM, plan.denseLayers().get(1).init());
    assertEquals(Init.ZEROS, plan.denseLayers().get(2).init());
    assertEquals(-1, plan.denseLayers().get(2).biasOffset());
    assertEquals(3 * 4 + 4 + 4 * 4 + 4 + 4 * 4 + 4 + 1, plan.parameterCount());
  }
}
