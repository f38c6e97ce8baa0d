package org.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A layer handle finds its weights by name, copies its shapes and counts its parameters. */
class LayerTest {
  final float[] params = new float[12];
  final TensorView kernel = new TensorView("hidden.kernel", params, 0, 3, 3);
  final TensorView bias = new TensorView("hidden.bias", params, 9, 3);

  @Test
  void weightsAreFoundByName() {
    Layer dense = new Layer("hidden", "Dense", new int[] {3}, new int[] {3}, List.of(kernel, bias));
    assertSame(kernel, dense.kernel());
    assertSame(bias, dense.bias());
    assertSame(bias, dense.weight("bias"));
    assertEquals(12, dense.parameterCount(), "3×3 kernel + 3 bias");
    assertEquals("hidden (Dense, 3 → 3)", dense.toString());
  }

  @Test
  void missingWeightNamesTheLayerAndItsWeights() {
    Layer dense = new Layer("hidden", "Dense", new int[] {3}, new int[] {3}, List.of(kernel));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> dense.weight("x"));
    for (String part : new String[] {"'hidden'", "Dense", "no x", "hidden.kernel 3×3"}) {
      assertTrue(e.getMessage().contains(part), "message should contain '" + part + "': "
          + e.getMessage());
    }
    Layer input = new Layer("pixels", "Input", new int[] {28, 28}, new int[] {28, 28}, List.of());
    IllegalStateException none = assertThrows(IllegalStateException.class, input::kernel);
    assertTrue(none.getMessage().contains("'pixels'") && none.getMessage().contains("[]"),
        none.getMessage());
    assertEquals(0, input.parameterCount());
  }

  @Test
  void shapesAreCopied() {
    int[] in = {28, 28};
    Layer input = new Layer("pixels", "Input", in, in, List.of());
    in[0] = 1;
    assertArrayEquals(new int[] {28, 28}, input.inputShape(), "constructor copies the shape");
    input.outputShape()[1] = 5;
    assertArrayEquals(new int[] {28, 28}, input.outputShape(), "outputShape() returns a copy");
    assertEquals("pixels (Input, 28×28 → 28×28)", input.toString());
  }
}
