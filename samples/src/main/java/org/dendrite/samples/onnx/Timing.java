package org.dendrite.samples.onnx;

import java.util.Arrays;
import java.util.List;

/**
 * How the {@code onnx} sample times its paths, Dendrite's and ONNX Runtime's alike: each warmed up
 * in turn, at least one pass over a few images and at least a given time, then {@link
 * #TIMED_PASSES} rounds over all of them that take the paths one after the other, and the median
 * of each path's passes. Timed one path after the other, the first path of a network (the frozen
 * class's) came out up to 0.9 µs an image slower than in loops alternating the same classes: a
 * change in the machine's pace then lands on one path, alternating spreads it over all. A warm-up
 * pass must make every call the timed passes make: Vector API code runs hundreds of times slower
 * until C2 has compiled it (a frozen MLP's batches of 256 averaged 997 µs per image over their
 * first second in a loop of their own, 4.6 over the next and 3.2-3.3 after that, Zen 5, JDK 17),
 * and a call shape first seen in the timed passes is timed while it is being compiled (the short
 * batch that ends 10,000 images, before the warm-up passes ended with one too: 4.4-5.1 µs an
 * image for the MLP's batches of 256 against 3.3-4.0 since, ONNX Runtime 2.9-3.3 in both).
 */
final class Timing {
  /** Timed passes per path; the median is reported. */
  static final int TIMED_PASSES = 5;

  private Timing() {}

  /** One pass over some samples, returning microseconds per sample. */
  interface Pass<E extends Exception> {
    double run(float[] inputs) throws E;
  }

  /**
   * Microseconds per sample of each of {@code passes} over {@code all}, in their order: each
   * warmed up on {@code warm} for at least {@code warmUpSeconds} (one pass at least), then the
   * median of its {@link #TIMED_PASSES} passes, taken in rounds of one pass of each.
   */
  static <E extends Exception> double[] measure(List<Pass<E>> passes, float[] warm, float[] all,
      double warmUpSeconds) throws E {
    for (Pass<E> pass : passes) {
      long until = System.nanoTime() + (long) (warmUpSeconds * 1e9);
      do {
        pass.run(warm);
      } while (System.nanoTime() < until);
    }
    double[][] times = new double[passes.size()][TIMED_PASSES];
    for (int round = 0; round < TIMED_PASSES; round++) {
      for (int p = 0; p < passes.size(); p++) {
        times[p][round] = passes.get(p).run(all);
      }
    }
    double[] medians = new double[passes.size()];
    for (int p = 0; p < medians.length; p++) {
      Arrays.sort(times[p]);
      medians[p] = times[p][TIMED_PASSES / 2];
    }
    return medians;
  }
}
