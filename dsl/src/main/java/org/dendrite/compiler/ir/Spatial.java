package org.dendrite.compiler.ir;

import java.util.List;

/**
 * A layer that slides a window over a channels-last image {@code (height, width, channels)}: a
 * convolution or a pooling. Rules about windows (sizes, strides, what fits) apply to every such
 * layer, whatever its kind.
 */
public interface Spatial {
  /** The window's height and width: {@code kernel} or {@code pool}. */
  List<Integer> window();

  /** The name of the window's attribute, for messages: {@code kernel} or {@code pool}. */
  String windowAttribute();

  /** The window's steps down and across (a pooling's default, its window, resolved). */
  List<Integer> steps();

  /** VALID or SAME. */
  Padding padding();

  /**
   * Explicit zeros around the image, {@code [top, bottom, left, right]}, with VALID padding;
   * empty (the default) for none, or for SAME's.
   */
  List<Integer> pads();

  /** The output's channels for {@code inputChannels} input channels. */
  int outputChannels(int inputChannels);

  /**
   * Whether the window's sizes and steps are two positive integers each: only then is the shape
   * rule applied.
   */
  default boolean wellFormed() {
    return positivePair(window()) && positivePair(steps()) && padsFit();
  }

  /**
   * Whether the pads are none, or four with VALID padding, each 0 or more and smaller than the
   * window along its axis (so that every window reads a pixel of the image). For a well-formed
   * window only.
   */
  default boolean padsFit() {
    List<Integer> p = pads();
    if (p.isEmpty()) {
      return true;
    }
    if (p.size() != 4 || padding() != Padding.VALID) {
      return false;
    }
    for (int i = 0; i < 4; i++) {
      if (p.get(i) < 0 || p.get(i) >= window().get(i / 2)) {
        return false;
      }
    }
    return true;
  }

  /** The windows down and across, with the padding and the explicit zeros. */
  default Window[] windows() {
    return Window.of(window(), steps(), padding(), pads());
  }

  /**
   * How comments describe the padding: {@code valid padding}, {@code same padding}, or {@code
   * pads 1 above, 1 below, 0 left, 2 right}.
   */
  default String paddingDescription() {
    List<Integer> p = pads();
    return p.size() != 4 ? padding().spelling() + " padding" : "pads " + p.get(0) + " above, "
        + p.get(1) + " below, " + p.get(2) + " left, " + p.get(3) + " right";
  }

  /**
   * The padding as one word of the architecture line (which {@code OnnxExport} reads): {@code
   * valid}, {@code same}, or {@code pads=1,1,0,2} (top, bottom, left, right).
   */
  default String paddingWord() {
    return pads().isEmpty() ? padding().spelling()
        : "pads=" + String.join(",", pads().stream().map(String::valueOf).toList());
  }

  /** {@code (OH, OW, channels)} for a well-formed window and an image input; else null. */
  default Shape spatialOutput(Shape input) {
    if (input == null || input.rank() != 3 || !wellFormed()) {
      return null;
    }
    Window[] w = windows();
    return Shape.of(w[0].output(input.dim(0)), w[1].output(input.dim(1)),
        outputChannels(input.dim(2)));
  }

  private static boolean positivePair(List<Integer> pair) {
    return pair.size() == 2 && pair.get(0) > 0 && pair.get(1) > 0;
  }
}
