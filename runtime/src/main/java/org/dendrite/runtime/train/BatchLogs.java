package org.dendrite.runtime.train;

import java.util.List;

/**
 * The running figures of the epoch in progress, as a callback sees them after each batch: the mean
 * loss and the metrics over the samples trained on so far this epoch. The trainer updates one
 * instance in place; read it during the call, do not keep it.
 */
public interface BatchLogs {
  /** Training samples seen so far this epoch. */
  int samples();

  /** The mean loss over those samples. */
  double loss();

  /** The names of the metrics, in order (e.g. {@code accuracy}). */
  List<String> metricNames();

  /**
   * A metric over those samples.
   *
   * @throws IllegalArgumentException if no metric has that name
   */
  double metric(String name);
}
