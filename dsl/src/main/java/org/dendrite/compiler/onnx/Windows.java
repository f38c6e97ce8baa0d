package org.dendrite.compiler.onnx;

import org.dendrite.compiler.ir.Padding;
import org.dendrite.compiler.ir.Window;

/**
 * The arithmetic of convolution and pooling windows over Dendrite's channels-last images
 * ({@code [H, W, C]}), in ONNX's terms: the output size and the padding SAME adds, so that the
 * importer can tell whether an ONNX node's explicit padding is one Dendrite has.
 */
final class Windows {
  private Windows() {}

  /**
   * {@code [OH, OW, channels]} of a window over {@code image}, as Dendrite computes it, with
   * explicit {@code pads} {@code [top, bottom, left, right]} (empty: none).
   */
  static int[] output(int[] image, int[] window, int[] strides, Padding padding,
      java.util.List<Integer> pads, int channels) {
    Window[] w = Window.of(java.util.List.of(window[0], window[1]),
        java.util.List.of(strides[0], strides[1]), padding, pads);
    return new int[] {w[0].output(image[0]), w[1].output(image[1]), channels};
  }

  /**
   * The padding Dendrite's SAME adds to {@code image}, in ONNX's order {@code [top, left,
   * bottom, right]}: half before, the odd one after (TensorFlow's, ONNX's {@code SAME_UPPER}).
   */
  static int[] samePads(int[] image, int[] window, int[] strides) {
    Window rows = new Window(window[0], strides[0], Padding.SAME);
    Window cols = new Window(window[1], strides[1], Padding.SAME);
    int top = rows.padBefore(image[0]);
    int left = cols.padBefore(image[1]);
    return new int[] {top, left, rows.total(image[0]) - top, cols.total(image[1]) - left};
  }

  /**
   * {@code [OH, OW]} of ONNX's pooling with {@code ceil_mode = 1} and explicit {@code pads}
   * ({@code ceil((in + pads - window) / stride) + 1}); null if it is not positive.
   */
  static int[] ceilOutput(int[] image, int[] window, int[] strides, long[] pads) {
    if (pads.length != 4) {
      return null;
    }
    int[] out = new int[2];
    for (int axis = 0; axis < 2; axis++) {
      long span = image[axis] + pads[axis] + pads[axis + 2] - window[axis];
      if (span < 0) {
        return null;
      }
      out[axis] = (int) Math.min(Integer.MAX_VALUE, (span + strides[axis] - 1) / strides[axis] + 1);
    }
    return out;
  }
}
