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

  /** The output's channels for {@code inputChannels} input channels. */
  int outputChannels(int inputChannels);

  /**
   * Whether the window's sizes and steps are two positive integers each: only then is the shape
   * rule applied.
   */
  default boolean wellFormed() {
    return positivePair(window()) && positivePair(steps());
  }

  /** {@code (OH, OW, channels)} for a well-formed window and an image input; else null. */
  default Shape spatialOutput(Shape input) {
    if (input == null || input.rank() != 3 || !wellFormed()) {
      return null;
    }
    Window[] w = Window.of(window(), steps(), padding());
    return Shape.of(w[0].output(input.dim(0)), w[1].output(input.dim(1)),
        outputChannels(input.dim(2)));
  }

  private static boolean positivePair(List<Integer> pair) {
    return pair.size() == 2 && pair.get(0) > 0 && pair.get(1) > 0;
  }
}
