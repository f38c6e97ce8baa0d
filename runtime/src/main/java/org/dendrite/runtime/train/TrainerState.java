package org.dendrite.runtime.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a trainer keeps in a {@link Checkpoint} beside the model and the optimizer: whether a
 * callback asked the run to stop, and the callbacks' states as named text values and float
 * arrays (keys are the trainer's to choose).
 *
 * @param stopped whether the run was ending when the checkpoint was written
 * @param values named text values
 * @param arrays named float arrays
 */
public record TrainerState(boolean stopped, Map<String, String> values,
    Map<String, float[]> arrays) {
  /** No state: a run that was not stopping and callbacks that keep nothing. */
  public static final TrainerState NONE = new TrainerState(false, Map.of(), Map.of());

  /** Keeps the maps' order; they cannot be changed through the record. */
  public TrainerState {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    arrays = Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
  }
}
