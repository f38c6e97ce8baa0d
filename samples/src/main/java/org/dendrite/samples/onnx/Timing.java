package org.dendrite.samples.onnx;

import java.util.Arrays;

/**
 * How the {@code onnx} sample times each path, Dendrite's and ONNX Runtime's alike: a warm-up of
 * at least one pass over a few images and at least a given time, then the median of {@link
 * #TIMED_PASSES} passes over all of them. One pass over 1,000 images, the warm-up before, is
 * four calls of a batch path, and the packed kernels' first calls run before C2 has compiled them:
 * in a loop of its own, a frozen MLP that passed batches of 256 through its layers in one chunk
 * averaged 997 µs per image over the first second, 4.6 over the next and 3.2-3.3 after that
 * (Zen 5, JDK 17; the frozen classes pass 32 samples at a time today).
 */
final class Timing {
  /** Timed passes per path; the median is reported. */
  static final int TIMED_PASSES = 3;

  private Timing() {}

  /** One pass over some samples, returning microseconds per sample. */
  interface Pass<E extends Exception> {
    double run(float[] inputs) throws E;
  }

  /**
   * Microseconds per sample of {@code pass} over {@code all}: the median of {@link
   * #TIMED_PASSES} passes, after passes over {@code warm} for at least {@code warmUpSeconds}
   * (one at least).
   */
  static <E extends Exception> double measure(Pass<E> pass, float[] warm, float[] all,
      double warmUpSeconds) throws E {
    long until = System.nanoTime() + (long) (warmUpSeconds * 1e9);
    do {
      pass.run(warm);
    } while (System.nanoTime() < until);
    double[] times = new double[TIMED_PASSES];
    for (int i = 0; i < times.length; i++) {
      times[i] = pass.run(all);
    }
    Arrays.sort(times);
    return times[times.length / 2];
  }
}
