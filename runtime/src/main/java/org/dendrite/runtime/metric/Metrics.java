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

  /**
   * Top-k categorical accuracy, named {@code top_<k>_accuracy} (see {@link TopKAccuracy}); for
   * models trained with a categorical or sparse categorical cross-entropy.
   *
   * @throws IllegalArgumentException at once if {@code k < 1}; when the trainer creates it, if the
   *     model has fewer than {@code k} classes or another loss
   */
  public static MetricFactory topK(int k) {
    TopKAccuracy.checkK(k);
    return model -> TopKAccuracy.forModel(k, model);
  }

  /**
   * Mean absolute error, named {@code mae}; for models with one target value per output.
   *
   * @throws IllegalArgumentException when the trainer creates it for a model with class-index
   *     targets
   */
  public static MetricFactory meanAbsoluteError() {
    return MeanAbsoluteError::forModel;
  }

  /**
   * Root mean squared error, named {@code rmse}; for models with one target value per output.
   *
   * @throws IllegalArgumentException when the trainer creates it for a model with class-index
   *     targets
   */
  public static MetricFactory rootMeanSquaredError() {
    return RootMeanSquaredError::forModel;
  }

  /** The defaults: accuracy for classification losses, none for {@link Loss#MSE}. */
  public static List<MetricFactory> defaultsFor(Loss loss) {
    return loss == Loss.MSE ? List.of() : List.of(accuracy());
  }
}
