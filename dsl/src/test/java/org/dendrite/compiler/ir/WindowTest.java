package org.dendrite.compiler.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A window's arithmetic: Keras' VALID and SAME as before explicit pads, PyTorch's and ONNX's
 * explicit pads, the rows a stride leaves unread (of the image, not of the zeros after it), and
 * sizes near 2³¹ that do not overflow.
 */
class WindowTest {
  @Test
  void validAndSameAreKerassAndTensorFlows() {
    Window valid = new Window(3, 2, Padding.VALID);
    assertEquals(13, valid.output(28));
    assertEquals(0, valid.padBefore(28));
    assertEquals(1, valid.unread(28));
    Window same = new Window(3, 2, Padding.SAME);
    assertEquals(14, same.output(28));
    assertEquals(0, same.padBefore(28)); // 1 zero in all: the odd one after
    assertEquals(1, same.total(28));
  }

  @Test
  void explicitPadsAreAddedBeforeAndAfter() {
    // PyTorch's Conv2d(3, stride=2, padding=1) over 28: (28 + 1 + 1 − 3)/2 + 1 = 14.
    Window torch = new Window(3, 2, Padding.VALID, 1, 1);
    assertEquals(14, torch.output(28));
    assertEquals(1, torch.padBefore(28));
    assertEquals(2, torch.total(28));
    // (28 + 1 + 1 − 3) is odd: the window the stride skips holds the zero after only.
    assertEquals(0, torch.unread(28));
    // 1 before, none after: the last real row is skipped.
    assertEquals(1, new Window(3, 2, Padding.VALID, 1, 0).unread(29));
    assertEquals(0, new Window(7, 1, Padding.VALID, 1, 1).output(4));
    Window[] w = Window.of(List.of(3, 2), List.of(2, 1), Padding.VALID, List.of(0, 2, 1, 0));
    assertEquals(new Window(3, 2, Padding.VALID, 0, 2), w[0]);
    assertEquals(new Window(2, 1, Padding.VALID, 1, 0), w[1]);
  }

  @Test
  void hugeSizesDoNotOverflow() {
    int big = 2_000_000_000;
    Window w = new Window(big, 1, Padding.VALID, big - 1, big - 1);
    // (100 + 2·(2e9 − 1) − 2e9)/1 + 1 = 2,000,000,099 (above 2³¹ along the way).
    assertEquals(2_000_000_099, w.output(100));
    assertEquals(0, w.unread(100));
    assertEquals(Integer.MAX_VALUE, new Window(1, 1, Padding.VALID, 0, big).output(big));
  }
}
