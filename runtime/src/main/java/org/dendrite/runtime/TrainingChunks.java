package org.dendrite.runtime;

/**
 * How many samples a training pass of an image network takes at once ({@link
 * BatchPass#trainingChunk()}): as many as fit {@link #BYTES} of its per-sample training buffers.
 * One policy for every generated class, so that it can be tuned without regenerating them.
 */
public final class TrainingChunks {
  /**
   * The training buffers a chunk may fill. keras-convnet (443 KB of buffers a sample) trained
   * 8,700–9,300 samples/s at batches of 8 to 32 on one thread and 6,600–7,700 at 64 and 128 (AMD
   * EPYC family 26 model 2, 2026-12-03): 16 MiB holds 37 of its samples, so batches of 64 and 128
   * train in chunks of 32.
   */
  public static final long BYTES = 16L << 20;

  private TrainingChunks() {}

  /**
   * The samples whose {@code floatsPerSample} floats of training buffers fit {@link #BYTES}; at
   * least 1.
   *
   * @throws IllegalArgumentException if {@code floatsPerSample} is not positive
   */
  public static int forSample(long floatsPerSample) {
    if (floatsPerSample < 1) {
      throw new IllegalArgumentException(
          "a sample takes at least one float of buffers, got " + floatsPerSample);
    }
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, BYTES / Float.BYTES / floatsPerSample));
  }

  /**
   * How many chunks a trainer cuts each of {@code parts} shares of up to {@code share} samples
   * into, for passes that take at most {@code chunk} samples: as few as keep each chunk within
   * {@code chunk}, but no more than {@link #BYTES} of gradient arrays hold ({@code parts ×
   * chunks} arrays of {@code parameters} values), since each chunk past a share's first adds one
   * and its sum to every step; at least 1.
   *
   * @throws IllegalArgumentException if a count is not positive
   */
  public static int count(int share, int chunk, long parameters, int parts) {
    if (share < 1 || chunk < 1 || parameters < 1 || parts < 1) {
      throw new IllegalArgumentException("shares of " + share + " samples, chunks of " + chunk
          + ", " + parameters + " parameters and " + parts + " parts");
    }
    long wanted = (share + (long) chunk - 1) / chunk;
    long affordable = BYTES / Float.BYTES / parameters / parts;
    return (int) Math.max(1, Math.min(wanted, affordable));
  }
}
