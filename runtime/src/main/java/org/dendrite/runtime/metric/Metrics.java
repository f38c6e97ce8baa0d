package org.dendrite.runtime.metric;

import java.util.List;
import org.dendrite.annotation.Loss;

/** The metrics reported by default for each loss, as Keras' {@code metrics=["accuracy"]}. */
public final class Metrics {
  private Metrics() {}

  /** Accuracy for classification losses; none for {@link Loss#MSE}. */
  public static List<Metric> defaultsFor(Loss loss) {
    return loss == Loss.MSE ? List.of() : List.of(Accuracy.forLoss(loss));
  }
}
