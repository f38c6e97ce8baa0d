package org.dendrite.runtime.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a {@link Callback} has learnt so far in a fit — a best value, a wait count, a copy of the
 * weights — as named values, so that a checkpoint can carry it and a resumed fit continues with
 * it ({@link Callback#saveState}, {@link Callback#restoreState}). Scalars are kept as text that
 * reads back to the same value, bit for bit (NaN and the infinities included); arrays as floats.
 *
 * <p>A getter throws an {@link IllegalArgumentException} naming the key when the value is
 * missing or is not of the type asked for; the trainer turns it into an {@link
 * java.io.IOException} naming the checkpoint.
 */
public final class CallbackState {
  private final Map<String, String> values = new LinkedHashMap<>();
  private final Map<String, float[]> arrays = new LinkedHashMap<>();

  /** An empty state. */
  public CallbackState() {}

  /** A state holding {@code values} and {@code arrays} (not copied). */
  CallbackState(Map<String, String> values, Map<String, float[]> arrays) {
    this.values.putAll(values);
    this.arrays.putAll(arrays);
  }

  /** Whether nothing was put. */
  public boolean isEmpty() {
    return values.isEmpty() && arrays.isEmpty();
  }

  /** Every key, values and arrays alike, sorted. */
  public Set<String> keys() {
    Set<String> keys = new TreeSet<>(values.keySet());
    keys.addAll(arrays.keySet());
    return Collections.unmodifiableSet(keys);
  }

  /** Puts an integer. */
  public CallbackState putInt(String key, int value) {
    return putText(key, Integer.toString(value));
  }

  /** Puts a long. */
  public CallbackState putLong(String key, long value) {
    return putText(key, Long.toString(value));
  }

  /** Puts a double; it reads back bit for bit. */
  public CallbackState putDouble(String key, double value) {
    return putText(key, Double.toString(value));
  }

  /** Puts a boolean. */
  public CallbackState putBoolean(String key, boolean value) {
    return putText(key, Boolean.toString(value));
  }

  /** Puts a string. */
  public CallbackState putString(String key, String value) {
    return putText(key, Objects.requireNonNull(value, key));
  }

  /** Puts an array of floats (copied). */
  public CallbackState putFloats(String key, float[] value) {
    checkKey(key);
    arrays.put(key, value.clone());
    return this;
  }

  /** The integer under {@code key}. */
  public int getInt(String key) {
    try {
      return Integer.parseInt(text(key));
    } catch (NumberFormatException e) {
      throw wrongType(key, "an integer");
    }
  }

  /** The long under {@code key}. */
  public long getLong(String key) {
    try {
      return Long.parseLong(text(key));
    } catch (NumberFormatException e) {
      throw wrongType(key, "a long");
    }
  }

  /** The double under {@code key}. */
  public double getDouble(String key) {
    try {
      return Double.parseDouble(text(key));
    } catch (NumberFormatException e) {
      throw wrongType(key, "a number");
    }
  }

  /** The boolean under {@code key}. */
  public boolean getBoolean(String key) {
    String t = text(key);
    if (!t.equals("true") && !t.equals("false")) {
      throw wrongType(key, "true or false");
    }
    return t.equals("true");
  }

  /** The string under {@code key}. */
  public String getString(String key) {
    return text(key);
  }

  /** A copy of the floats under {@code key}. */
  public float[] getFloats(String key) {
    float[] a = arrays.get(key);
    if (a == null) {
      throw new IllegalArgumentException("no array '" + key + "' in the state; it has " + keys());
    }
    return a.clone();
  }

  /** The scalar values by key, as text (for checkpoints). */
  Map<String, String> values() {
    return Collections.unmodifiableMap(values);
  }

  /** The arrays by key (for checkpoints). */
  Map<String, float[]> arrays() {
    return Collections.unmodifiableMap(arrays);
  }

  private CallbackState putText(String key, String value) {
    checkKey(key);
    values.put(key, value);
    return this;
  }

  private void checkKey(String key) {
    if (key.isEmpty() || values.containsKey(key) || arrays.containsKey(key)) {
      throw new IllegalArgumentException("a state key must be non-empty and put once: '" + key
          + "'");
    }
  }

  private String text(String key) {
    String t = values.get(key);
    if (t == null) {
      throw new IllegalArgumentException("no value '" + key + "' in the state; it has " + keys());
    }
    return t;
  }

  private IllegalArgumentException wrongType(String key, String type) {
    return new IllegalArgumentException("'" + key + "' is '" + values.get(key) + "', not "
        + type);
  }
}
