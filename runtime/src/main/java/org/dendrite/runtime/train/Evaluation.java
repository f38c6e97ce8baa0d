package org.dendrite.runtime.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The result of {@link Trainer#evaluate}: the mean loss and the metrics over a dataset. */
public final class Evaluation {
  private final double loss;
  private final Map<String, Double> metrics;
  private final int samples;

  /** Creates a result; {@code metrics} is copied. */
  public Evaluation(double loss, Map<String, Double> metrics, int samples) {
    this.loss = loss;
    this.metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    this.samples = samples;
  }

  /** The mean loss per sample. */
  public double loss() {
    return loss;
  }

  /** Every metric by name. */
  public Map<String, Double> metrics() {
    return metrics;
  }

  /**
   * One metric.
   *
   * @throws IllegalArgumentException if it was not computed
   */
  public double metric(String name) {
    Double v = metrics.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no metric '" + name + "'; computed " + metrics.keySet());
    }
    return v;
  }

  /** The accuracy (for classification losses). */
  public double accuracy() {
    return metric("accuracy");
  }

  /** The number of samples evaluated. */
  public int samples() {
    return samples;
  }

  @Override
  public String toString() {
    return "Evaluation(loss=" + loss + ", " + metrics + ", " + samples + " samples)";
  }
}
