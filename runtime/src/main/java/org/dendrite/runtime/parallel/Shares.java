package org.dendrite.runtime.parallel;

/**
 * How work is cut between threads: contiguous shares that depend only on the sizes and the
 * thread count, never on scheduling, so that a fixed thread count gives bit-identical results.
 */
public final class Shares {
  private Shares() {}

  /**
   * Where share {@code part} of {@code count} items cut into {@code parts} starts: share 0 is
   * never empty, and {@code start(parts, count, parts) == count}.
   */
  public static int start(int part, int count, int parts) {
    return (int) (((long) part * count + parts - 1) / parts);
  }

  /**
   * Where share {@code part} of {@code [lo, hi)} starts when shares start at {@code lo} plus a
   * multiple of 64 values (whole vectors, and threads off each other's cache lines); {@code hi}
   * for {@code part >= parts}.
   */
  public static int aligned(int part, int lo, int hi, int parts) {
    return part >= parts ? hi : lo + Math.min(hi - lo, start(part, (hi - lo) / 64, parts) * 64);
  }
}
