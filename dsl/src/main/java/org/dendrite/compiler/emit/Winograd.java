package org.dendrite.compiler.emit;

import java.util.List;
import org.dendrite.compiler.ir.Conv2DNode;
import org.dendrite.compiler.ir.Shape;

/**
 * Which convolutions' prediction runs on the runtime's {@code Winograd} (F(4×4, 3×3)) rather than
 * {@code Convolutions.convolve}: the runtime's {@code Winograd.suits} rule, which the compiler
 * cannot call (it does not depend on the runtime); a test holds the two to the same answers.
 */
public final class Winograd {
  private Winograd() {}

  /**
   * A 3×3 window with strides 1 over at least 16 channels into at least 16 filters and 4×4
   * output pixels.
   */
  public static boolean takes(Conv2DNode c, Shape in, Shape out) {
    return c.kernel().equals(List.of(3, 3)) && c.strides().equals(List.of(1, 1))
        && in.dim(2) >= 16 && c.filters() >= 16 && out.dim(0) >= 4 && out.dim(1) >= 4;
  }
}
