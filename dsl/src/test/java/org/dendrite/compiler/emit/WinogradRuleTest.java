package org.dendrite.compiler.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.Conv2DNode;
import org.dendrite.compiler.ir.Init;
import org.dendrite.compiler.ir.Origin;
import org.dendrite.compiler.ir.Padding;
import org.dendrite.compiler.ir.Shape;
import org.dendrite.runtime.support.Window2D;
import org.junit.jupiter.api.Test;

/**
 * The compiler's choice of Winograd for a convolution's prediction is the runtime's {@code
 * Winograd.suits}: the generated call would otherwise throw, or miss the faster path.
 */
class WinogradRuleTest {
  @Test
  void theCompilerAndTheRuntimeAgree() {
    int agreed = 0;
    int taken = 0;
    for (int k : new int[] {1, 2, 3, 5}) {
      for (int stride : new int[] {1, 2}) {
        for (int channels : new int[] {1, 8, 15, 16, 32}) {
          for (int filters : new int[] {6, 15, 16, 64}) {
            for (int out : new int[] {1, 3, 4, 11}) {
              for (boolean same : new boolean[] {false, true}) {
                int pad = same ? (k - 1) / 2 : 0;
                int side = (out - 1) * stride + k - 2 * pad;
                if (side < 1) {
                  continue;
                }
                Window2D g = new Window2D(side, side, channels, k, k, stride, stride, pad, pad,
                    out, out);
                Conv2DNode node = new Conv2DNode("c", filters, List.of(k, k),
                    List.of(stride, stride), same ? Padding.SAME : Padding.VALID,
                    Activation.RELU, true, Init.AUTO, 0.2f, 0f, 0f, Origin.of("test"));
                boolean compiler = Winograd.takes(node, Shape.of(side, side, channels),
                    Shape.of(out, out, filters));
                assertEquals(org.dendrite.runtime.support.Winograd.suits(g, filters), compiler,
                    g + ", " + filters + " filters");
                agreed++;
                taken += compiler ? 1 : 0;
              }
            }
          }
        }
      }
    }
    assertTrue(taken > 0 && taken < agreed, taken + " of " + agreed + " geometries taken");
  }
}
