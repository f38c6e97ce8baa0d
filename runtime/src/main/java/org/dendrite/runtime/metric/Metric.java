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
   * {@code [count][targetSize]} from {@code targetOffset}.
   */
  void update(
      float[] outputs, int outputSize, float[] targets, int targetOffset, int targetSize,
      int count);

  /** The value over everything accumulated since the last reset. */
  double result();
}
