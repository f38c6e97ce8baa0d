package org.dendrite.runtime.support;

/** Argument checks of the generated classes; messages name the sizes involved. */
public final class Checks {
  private Checks() {}

  /** The longest array the runtime allocates: some VMs keep header words in the last few. */
  public static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

  /**
   * The class index a sparse target encodes.
   *
   * @param what what reads it (a loss, a metric, a dataset), for the message; null for none
   * @param sample the target's sample, for the message
   * @throws IllegalArgumentException unless {@code target} is a whole number in {@code [0,
   *     classes)} (NaN is none)
   */
  public static int classIndex(String what, float target, int sample, int classes) {
    int label = (int) target; // NaN becomes 0, 2.5 becomes 2: caught below
    if (label != target || label < 0 || label >= classes) {
      throw new IllegalArgumentException((what == null ? "" : what + ": ") + "target " + target
          + " of sample " + sample + " is not a class index in [0, " + classes + ")");
    }
    return label;
  }

  /**
   * Refuses a NaN or infinite value among {@code length} values from {@code from}, read as rows
   * of {@code rowSize} values per sample, the first of them sample {@code firstSample}.
   *
   * @param what what reads them (a dataset, a metric), for the message
   * @param noun what one value is ("feature", "target value"), for the message
   * @throws IllegalArgumentException naming the value's index in its row, its sample and itself
   */
  public static void finite(String what, String noun, float[] values, int from, int length,
      int rowSize, int firstSample) {
    for (int i = 0; i < length; i++) {
      float v = values[from + i];
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException(what + ": " + noun + " " + i % rowSize + " of sample "
            + (firstSample + i / rowSize) + " is " + v + "; the data must be finite");
      }
    }
  }

  /**
   * Checks that {@code array} holds {@code count} samples of {@code perSample} values from
   * {@code offset}; a negative count is refused, not read as none. {@code perSample} is a
   * {@code long} so that callers multiply sizes (pixels × channels) without wrapping around: a
   * negative one, or one larger than any array, is refused too.
   *
   * @param what the argument's name, for the message
   */
  public static void samples(String what, float[] array, int offset, int count, long perSample) {
    if (array == null) {
      throw new NullPointerException(what + " is null");
    }
    samples(what, array.length, offset, count, perSample);
  }

  /**
   * {@link #samples(String, float[], int, int, long)} for an {@code int} array (indices).
   *
   * @param what the argument's name, for the message
   */
  public static void indexSamples(String what, int[] array, int offset, int count,
      long perSample) {
    if (array == null) {
      throw new NullPointerException(what + " is null");
    }
    samples(what, array.length, offset, count, perSample);
  }

  private static void samples(String what, int length, int offset, int count, long perSample) {
    if (count < 0) {
      throw new IllegalArgumentException(what + ": a count of " + count + " samples");
    }
    if (perSample < 0 || count > 0 && perSample > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(what + ": " + perSample
          + " values per sample; an array holds at most " + Integer.MAX_VALUE);
    }
    long need = count * perSample; // below 2⁶² now
    if (offset < 0 || offset + need > length) {
      throw new IllegalArgumentException(
          what + " holds " + length + " values; " + count + " sample(s) of " + perSample
              + " values from offset " + offset + " need " + (offset + need));
    }
  }

  /** Checks that a batch of {@code count} samples fits a pass of {@code capacity}. */
  public static void batch(int count, int capacity) {
    if (count < 1 || count > capacity) {
      throw new IllegalArgumentException(
          "a batch of " + count + " samples does not fit this pass: it takes 1 to " + capacity);
    }
  }

  /** Checks that {@code gradients} has room for every parameter. */
  public static void gradients(float[] gradients, int parameterCount) {
    if (gradients.length < parameterCount) {
      throw new IllegalArgumentException(
          "the gradient array holds " + gradients.length + " values; the model has "
              + parameterCount + " parameters");
    }
  }

  /**
   * The length of a buffer of {@code capacity} rows of {@code width} values.
   *
   * @throws IllegalArgumentException if {@code capacity < 1} or the buffer would not fit an array
   */
  public static int bufferSize(int capacity, int width) {
    if (capacity < 1) {
      throw new IllegalArgumentException("a pass needs a capacity of at least 1, got " + capacity);
    }
    long n = (long) capacity * width;
    if (n > MAX_ARRAY_LENGTH) {
      throw new IllegalArgumentException(
          "a pass of " + capacity + " samples needs a buffer of " + capacity + " × " + width
              + " values, more than an array holds; use a smaller capacity");
    }
    return (int) n;
  }
}
