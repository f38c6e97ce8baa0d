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
   * EPYC family 26 model 2, 2026-12-03), so batches were cut into chunks of 16 MiB. On the same
   * kind of machine on a busier host (2026-12-05), 4 MiB chunks trained faster, two settings
   * alternating epoch by epoch in one JVM (medians of ten): keras-convnet 1.12× at batch 32 (chunks
   * of 8 instead of 32) and 1.17× at 128; LeNet-5 (125 KB a sample) 1.14× at batch 128 (chunks of
   * 32 instead of one of 128), unchanged at 32; 2 MiB was 3 % slower than 4 for LeNet-5.
   */
  public static final long BYTES = 4L << 20;

  /**
   * The gradient arrays a share's chunks may take together ({@link #count}): each chunk past a
   * share's first adds one array and its sum to every step.
   */
  public static final long GRADIENT_BYTES = 16L << 20;

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
   * {@code chunk}, but no more than {@link #GRADIENT_BYTES} of gradient arrays hold ({@code parts
   * × chunks} arrays of {@code parameters} values); at least 1.
   *
   * @throws IllegalArgumentException if a count is not positive
   */
  public static int count(int share, int chunk, long parameters, int parts) {
    if (share < 1 || chunk < 1 || parameters < 1 || parts < 1) {
      throw new IllegalArgumentException("shares of " + share + " samples, chunks of " + chunk
          + ", " + parameters + " parameters and " + parts + " parts");
    }
    long wanted = (share + (long) chunk - 1) / chunk;
    long affordable = GRADIENT_BYTES / Float.BYTES / parameters / parts;
    return (int) Math.max(1, Math.min(wanted, affordable));
  }
}
