package org.dendrite.runtime.train;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The callbacks' states in and out of a checkpoint. Each callback that keeps state is known by
 * the id {@code <class name>#<n>}, the n-th callback of its class in the trainer's list, so that
 * adding or removing a callback of another class does not shift anyone's state; its keys are
 * stored as {@code <id>.<key>}.
 */
final class CallbackStates {
  private CallbackStates() {}

  /** Every callback's state, with whether the run is stopping. */
  static TrainerState capture(List<Callback> callbacks, boolean stopped) {
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, float[]> arrays = new LinkedHashMap<>();
    List<String> ids = ids(callbacks);
    for (int i = 0; i < callbacks.size(); i++) {
      CallbackState s = new CallbackState();
      callbacks.get(i).saveState(s);
      String id = ids.get(i);
      s.values().forEach((k, v) -> values.put(id + "." + k, v));
      s.arrays().forEach((k, v) -> arrays.put(id + "." + k, v));
    }
    return new TrainerState(stopped, values, arrays);
  }

  /**
   * Gives each callback its state from {@code state}. A callback the checkpoint holds no state
   * for starts afresh, and state no callback takes is ignored, each with a warning.
   *
   * @throws IOException naming {@code file} and the callback, if a callback refuses its state
   */
  static void restore(TrainingContext context, List<Callback> callbacks, TrainerState state,
      Path file, PrintStream warnings) throws IOException {
    Map<String, Map<String, String>> values = new HashMap<>();
    Map<String, Map<String, float[]>> arrays = new HashMap<>();
    Set<String> saved = new LinkedHashSet<>();
    for (Map.Entry<String, String> e : state.values().entrySet()) {
      String[] idKey = split(e.getKey(), file);
      values.computeIfAbsent(idKey[0], k -> new LinkedHashMap<>()).put(idKey[1], e.getValue());
      saved.add(idKey[0]);
    }
    for (Map.Entry<String, float[]> e : state.arrays().entrySet()) {
      String[] idKey = split(e.getKey(), file);
      arrays.computeIfAbsent(idKey[0], k -> new LinkedHashMap<>()).put(idKey[1], e.getValue());
      saved.add(idKey[0]);
    }
    List<String> ids = ids(callbacks);
    for (int i = 0; i < callbacks.size(); i++) {
      Callback c = callbacks.get(i);
      String id = ids.get(i);
      if (!saved.remove(id)) {
        CallbackState probe = new CallbackState();
        c.saveState(probe);
        if (!probe.isEmpty()) {
          warnings.println("Warning: " + file + " holds no state of " + id
              + ", which starts afresh");
        }
        continue;
      }
      CallbackState s = new CallbackState(values.getOrDefault(id, Map.of()),
          arrays.getOrDefault(id, Map.of()));
      try {
        c.restoreState(context, s);
      } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
        throw new IOException(file + ": cannot restore the state of " + id + ": "
            + e.getMessage(), e);
      }
    }
    for (String id : saved) {
      warnings.println("Warning: " + file + " holds the state of " + id
          + ", which this trainer has no callback for; it is ignored");
    }
  }

  /** Each callback's id: its class name and its rank among the callbacks of that class. */
  private static List<String> ids(List<Callback> callbacks) {
    Map<String, Integer> seen = new HashMap<>();
    return callbacks.stream().map(c -> {
      String name = c.getClass().getName();
      int n = seen.merge(name, 1, Integer::sum) - 1;
      return name + "#" + n;
    }).toList();
  }

  /** {@code <id>.<key>} as {id, key}; class names have dots, but no '#'. */
  private static String[] split(String key, Path file) throws IOException {
    int hash = key.indexOf('#');
    int dot = hash < 0 ? -1 : key.indexOf('.', hash);
    if (dot < 0 || dot == key.length() - 1) {
      throw new IOException(file + ": corrupt callback state key '" + key + "'");
    }
    return new String[] {key.substring(0, dot), key.substring(dot + 1)};
  }
}
