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
}
