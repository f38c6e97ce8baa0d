package org.dendrite.runtime.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one training epoch measured: Keras-style logs ({@code loss}, {@code accuracy},
 * {@code val_loss}, {@code val_accuracy}, …), the wall time of its training steps (validation
 * excluded) and the number of training samples.
 */
public final class EpochResult {
  private final int epoch;
  private final Map<String, Double> logs;
  private final double seconds;
  private final int samples;

  /** Creates a result; {@code logs} is copied, keeping its order. */
  public EpochResult(int epoch, Map<String, Double> logs, double seconds, int samples) {
    this.epoch = epoch;
    this.logs = Collections.unmodifiableMap(new LinkedHashMap<>(logs));
    this.seconds = seconds;
    this.samples = samples;
  }

  /** The epoch's index, counted from 0. */
  public int epoch() {
    return epoch;
  }

  /** Every logged value by name, in the order logged. */
  public Map<String, Double> logs() {
    return logs;
  }

  /**
   * One logged value.
   *
   * @throws IllegalArgumentException if nothing was logged under {@code name}
   */
  public double get(String name) {
    Double v = logs.get(name);
    if (v == null) {
      throw new IllegalArgumentException(
          "epoch " + epoch + " logged no '" + name + "'; it logged " + logs.keySet());
    }
    return v;
  }

  /** The mean training loss over the epoch's samples. */
  public double loss() {
    return get("loss");
  }

  /** Wall time of the epoch's training steps, in seconds. */
  public double seconds() {
    return seconds;
  }

  /** Training samples seen in the epoch. */
  public int samples() {
    return samples;
  }

  /** Training throughput: samples per second of training-step wall time. */
  public double samplesPerSecond() {
    return samples / seconds;
  }

  @Override
  public String toString() {
    return "epoch " + epoch + " " + logs;
  }
}
