package org.dendrite.samples.onnx;

import java.util.Arrays;
import java.util.List;

/**
 * How the {@code onnx} sample times its paths, Dendrite's and ONNX Runtime's alike: each warmed up
 * in turn, at least one pass over a few images and at least a given time, then {@link
 * #TIMED_PASSES} rounds over all of them that take the paths one after the other, and the median
 * of each path's passes. Timed one path after the other, the first path of a network (the frozen
 * class's) came out up to 0.9 µs an image slower than in loops alternating the same classes: a
 * change in the machine's pace then lands on one path, alternating spreads it over all. One pass over 1,000 images, the warm-up before, is
 * four calls of a batch path, and the packed kernels' first calls run before C2 has compiled them:
 * in a loop of its own, a frozen MLP that passed batches of 256 through its layers in one chunk
 * averaged 997 µs per image over the first second, 4.6 over the next and 3.2-3.3 after that
 * (Zen 5, JDK 17; the frozen classes pass 32 samples at a time today).
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
