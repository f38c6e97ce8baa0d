package org.dendrite.runtime.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The per-epoch results of {@link Trainer#fit}, as Keras' {@code History}. */
public final class History {
  private final List<EpochResult> epochs = new ArrayList<>();

  /** An empty history; the trainer appends to it. */
  public History() {}

  /**
   * Appends an epoch's result. {@link Trainer} calls it after each epoch; it is public for training
   * loops outside this package (such as Spark's estimator in {@code dendrite-spark}) that report a
   * Keras-style history to the same callbacks and plots.
   *
   * @throws IllegalArgumentException if {@code result}'s epoch does not come after the last one
   */
  public void add(EpochResult result) {
    Objects.requireNonNull(result, "result");
    if (!epochs.isEmpty() && result.epoch() <= last().epoch()) {
      throw new IllegalArgumentException("epoch " + result.epoch() + " does not come after epoch "
          + last().epoch() + ", the last in this history");
    }
    epochs.add(result);
  }

  /** The epochs run, in order. */
  public List<EpochResult> epochs() {
    return List.copyOf(epochs);
  }

  /** The values logged under {@code name}, one per epoch ({@code history.get("val_loss")}). */
  public List<Double> get(String name) {
    List<Double> values = new ArrayList<>(epochs.size());
    for (EpochResult e : epochs) {
      values.add(e.get(name));
    }
    return values;
  }

  /**
   * The last epoch's result.
   *
   * @throws IllegalStateException if no epoch ran
   */
  public EpochResult last() {
    if (epochs.isEmpty()) {
      throw new IllegalStateException("no epoch ran");
    }
    return epochs.get(epochs.size() - 1);
  }

  @Override
  public String toString() {
    return "History" + epochs;
  }
}
