package org.dendrite.runtime.metric;

import org.dendrite.runtime.Model;

/** Checks shared by the metrics that compare each output unit with its own target value. */
final class Regression {
  private Regression() {}

  static void check(String metric, Model model) {
    if (model.targetSize() != model.outputSize()) {
      throw new IllegalArgumentException(metric + " compares every output with a target value, "
          + "but " + model.name() + " has " + model.outputSize() + " output(s) and "
          + model.targetSize() + " target value(s) per sample with " + model.loss());
    }
  }

  static void checkSizes(String metric, int outputSize, int targetSize) {
    if (outputSize != targetSize) {
      throw new IllegalArgumentException(metric + " needs one target per output: " + outputSize
          + " outputs, " + targetSize + " targets per sample");
    }
  }
}
