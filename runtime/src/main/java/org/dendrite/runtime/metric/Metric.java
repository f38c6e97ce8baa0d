package org.dendrite.runtime.metric;

/**
 * A metric accumulated over batches of network outputs and targets, such as accuracy. Not
 * thread-safe: the trainer updates metrics from one thread, in batch order. Trainers create
 * metrics through a {@link MetricFactory}, one instance for training and one for validation.
 */
public interface Metric {
  /** The name under which results are reported, e.g. {@code accuracy}. */
  String name();

  /** Forgets everything accumulated. */
  void reset();

  /**
   * Accumulates {@code count} samples: outputs {@code [count][outputSize]} from index 0, targets
   * {@code [count][targetSize]} from {@code targetOffset}. Implementations check the sizes with
   * {@link #checkUpdate} before reading anything, and may refuse sizes or targets their kind of
   * metric cannot read (see each one).
   *
   * @throws IllegalArgumentException if a size is not positive, {@code count} or {@code
   *     targetOffset} is negative, or an array is shorter than the sizes say
   */
  void update(
      float[] outputs, int outputSize, float[] targets, int targetOffset, int targetSize,
      int count);

  /** The value over everything accumulated since the last reset. */
  double result();

  /**
   * Checks the arguments of {@link #update}: {@code count >= 0} samples, {@code outputSize >= 1}
   * and {@code targetSize >= 1}, {@code outputs} holding {@code count·outputSize} values and
   * {@code targets} {@code count·targetSize} from {@code targetOffset >= 0} (computed in {@code
   * long}, so that sizes whose product wraps around an {@code int} are refused too).
   *
   * @param metric the metric's name, for the message
   * @throws NullPointerException if an array is null
   * @throws IllegalArgumentException otherwise if the arguments do not fit (the message names the
   *     metric, the sizes and the arrays' lengths)
   */
  static void checkUpdate(String metric, float[] outputs, int outputSize, float[] targets,
      int targetOffset, int targetSize, int count) {
    if (outputs == null || targets == null) {
      throw new NullPointerException(metric + ": " + (outputs == null ? "outputs" : "targets")
          + " is null");
    }
    long outputsNeeded = (long) count * outputSize;
    long targetsEnd = targetOffset + (long) count * targetSize;
    String why = count < 0 ? "a negative count"
        : outputSize < 1 || targetSize < 1 ? "sizes must be at least 1"
        : targetOffset < 0 ? "a negative target offset"
        : outputsNeeded > outputs.length ? "needs " + outputsNeeded + " outputs, has "
            + outputs.length
        : targetsEnd > targets.length ? "needs targets [" + targetOffset + ", " + targetsEnd
            + "), has " + targets.length
        : null;
    if (why != null) {
      throw new IllegalArgumentException(metric + " over " + count + " samples of " + outputSize
          + " outputs and " + targetSize + " target values from " + targetOffset + ": " + why);
    }
  }
}
