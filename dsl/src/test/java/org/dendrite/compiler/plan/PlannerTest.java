package org.dendrite.compiler.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.Init;
import org.dendrite.compiler.ir.LossKind;
import org.dendrite.compiler.ir.Shape;
import org.dendrite.compiler.layers.LayerUnit;
import org.dendrite.compiler.layers.Tensor;
import org.dendrite.compiler.testing.NetworkBuilder;
import org.junit.jupiter.api.Test;

/** The planner's layout: offsets, sizes, gradient flow, loss fusion, state. */
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

  static Tensor tensor(Plan plan, String qualifiedName) {
    return plan.parameters().stream().filter(t -> t.qualifiedName().equals(qualifiedName))
        .findFirst().orElseThrow();
  }

  @Test
  void parametersAreLaidOutKernelThenBiasInDeclarationOrder() {
    Plan plan = fashion();
    assertEquals(266_610, plan.parameterCount());
    assertEquals(List.of("hidden1.kernel", "hidden1.bias", "hidden2.kernel", "hidden2.bias",
        "output.kernel", "output.bias"),
        plan.parameters().stream().map(Tensor::qualifiedName).toList());
    assertEquals(0, tensor(plan, "hidden1.kernel").offset());
    assertEquals(Shape.of(784, 300), tensor(plan, "hidden1.kernel").shape());
    assertEquals(784 * 300, tensor(plan, "hidden1.bias").offset());
    assertEquals(784 * 300 + 300, tensor(plan, "hidden2.kernel").offset());
    assertEquals(plan.parameterCount() - 10, tensor(plan, "output.bias").offset());
    assertEquals("HIDDEN2_KERNEL", tensor(plan, "hidden2.kernel").constant());
    assertEquals(0, plan.stateCount());
  }

  @Test
  void sizesAndShapes() {
    Plan plan = fashion();
    assertEquals(784, plan.inputSize());
    assertEquals(10, plan.outputSize());
    assertEquals(1, plan.targetSize());
    assertEquals(Shape.of(784), plan.layers().get(1).outputShape());
    assertEquals(Shape.of(300), plan.layers().get(3).outputShape());
    assertEquals(2L * (784 * 300 + 300 * 100 + 100 * 10), plan.forwardFlops());
    assertEquals(4L * 266_610, plan.parameterBytes());
  }

  @Test
  void onlyLayersAfterParametersPropagateGradients() {
    List<LayerUnit<?>> layers = fashion().layers();
    assertFalse(layers.get(2).needsInputGradient());
    assertTrue(layers.get(3).needsInputGradient()); // the dropout after hidden1
    assertTrue(layers.get(4).needsInputGradient());
    assertTrue(layers.get(5).needsInputGradient());
    // Kernels are transposed for input gradients: hidden2's 300×100 is the largest.
    assertEquals(0, layers.get(2).transposeScratchSize());
    assertEquals(300 * 100, layers.get(4).transposeScratchSize());
    assertEquals(100 * 10, layers.get(5).transposeScratchSize());
  }

  @Test
  void theLossTakesOverTheOutputActivationExceptForMse() {
    assertTrue(fashion().outputRole().lossFused());
    Plan mse = Planner.plan(NetworkBuilder.network("p", "Reg").loss(LossKind.MSE)
        .input("x", 3).dense("out", 2, Activation.SIGMOID).build());
    assertFalse(mse.outputRole().lossFused());
    assertEquals(2, mse.targetSize());
  }

  @Test
  void aFirstLayerWithoutPenaltyCanLeaveItsKernelToTheTrainer() {
    Plan plan = fashion();
    assertEquals(tensor(plan, "hidden1.kernel"), plan.layers().get(2).deferrableKernel());
    Plan penalized = Planner.plan(NetworkBuilder.network("p", "L2").loss(LossKind.MSE)
        .input("x", 3).dense("h", 4, Activation.RELU, true, Init.AUTO, 0.2f, 0f, 1e-3f)
        .dense("out", 1, Activation.LINEAR).build());
    assertNull(penalized.layers().get(1).deferrableKernel());
  }

  @Test
  void batchNormalisationHasParametersAndState() {
    Plan plan = Planner.plan(NetworkBuilder.network("p", "Bn").loss(LossKind.MSE)
        .input("x", 5).dense("h", 4, Activation.LINEAR, false, Init.AUTO, 0.2f)
        .batchNorm("norm", Activation.RELU).dense("out", 1, Activation.LINEAR).build());
    assertEquals(5 * 4 + 2 * 4 + 4 + 1, plan.parameterCount());
    assertEquals(8, plan.stateCount());
    assertEquals(List.of("norm.moving_mean", "norm.moving_variance"),
        plan.state().stream().map(Tensor::qualifiedName).toList());
    assertEquals(4, plan.state().get(1).offset());
    assertTrue(plan.layers().get(2).keepsInputSize());
  }

  @Test
  void refusesAnUncheckedNetwork() {
    assertThrows(IllegalArgumentException.class, () -> Planner.plan(
        NetworkBuilder.network("p", "NoInput").dense("out", 1, Activation.LINEAR).build()));
    assertThrows(IllegalArgumentException.class, () -> Planner.plan(
        NetworkBuilder.network("p", "DropoutLast").input("x", 2).dropout("d", 0.5f).build()));
  }
}
