package org.dendrite.runtime.metric;

import org.dendrite.runtime.Model;

/**
 * Creates a fresh {@link Metric} for a model: a trainer needs one instance per use (training,
 * validation, evaluation), and some metrics depend on the model (accuracy on its loss, top-k on its
 * output size).
 */
@FunctionalInterface
public interface MetricFactory {
  /**
   * A new, empty metric for {@code model}.
   *
   * @throws IllegalArgumentException if the metric does not apply to the model (the message says
   *     why)
   */
  Metric create(Model model);
}
