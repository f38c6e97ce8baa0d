package org.dendrite.runtime.metric;

import java.util.List;
import org.dendrite.annotation.Loss;

/** Factories of the built-in metrics, and the metrics reported when none are chosen. */
public final class Metrics {
  private Metrics() {}

  /** Accuracy as the model's loss defines it (see {@link Accuracy}). */
  public static MetricFactory accuracy() {
    return model -> Accuracy.forLoss(model.loss());
  }

  /** The defaults: accuracy for classification losses, none for {@link Loss#MSE}. */
  public static List<MetricFactory> defaultsFor(Loss loss) {
    return loss == Loss.MSE ? List.of() : List.of(accuracy());
  }
}
