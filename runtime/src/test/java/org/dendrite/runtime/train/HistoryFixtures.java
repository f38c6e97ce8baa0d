package org.dendrite.runtime.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Histories with chosen values, for tests. */
public final class HistoryFixtures {
  private HistoryFixtures() {}

  /** A history of these epochs, in order. */
  public static History of(List<EpochResult> epochs) {
    History h = new History();
    epochs.forEach(h::add);
    return h;
  }

  /**
   * {@code epochs} epochs shaped like the textbook's IMDB run: the training loss keeps falling and
   * the accuracy rising, while validation is best around epoch 4 and then overfits.
   */
  public static History overfitting(int epochs) {
    List<EpochResult> list = new java.util.ArrayList<>();
    for (int e = 0; e < epochs; e++) {
      double t = e + 1;
      Map<String, Double> logs = new LinkedHashMap<>();
      logs.put("loss", 0.5 * Math.exp(-0.15 * t) + 0.01);
      logs.put("accuracy", 1 - 0.2 * Math.exp(-0.2 * t));
      logs.put("val_loss", 0.27 + 0.0015 * (t - 4) * (t - 4));
      logs.put("val_accuracy", 0.89 - 0.0002 * (t - 4) * (t - 4));
      logs.put("learning_rate", 0.001);
      list.add(new EpochResult(e, logs, 1.0, 1000));
    }
    return of(list);
  }
}
