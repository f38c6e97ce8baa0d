package org.dendrite.runtime.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Samples in memory: {@code size} feature rows of {@link #featureSize()} floats and target rows of
 * {@link #targetSize()} floats, each stored flat, row after row.
 */
public final class Dataset {
  private final float[] features;
  private final int featureSize;
  private final float[] targets;
  private final int targetSize;
  private final int size;

  private Dataset(float[] features, int featureSize, float[] targets, int targetSize) {
    this.features = features;
    this.featureSize = featureSize;
    this.targets = targets;
    this.targetSize = targetSize;
    this.size = features.length / featureSize;
  }

  /**
   * Wraps the arrays (no copy).
   *
   * @throws IllegalArgumentException if the arrays do not hold the same whole number of rows
   */
  public static Dataset of(float[] features, int featureSize, float[] targets, int targetSize) {
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(targets, "targets");
    if (featureSize < 1 || targetSize < 1) {
      throw new IllegalArgumentException(
          "row sizes must be positive, got features " + featureSize + ", targets " + targetSize);
    }
    if (features.length % featureSize != 0 || targets.length % targetSize != 0) {
      throw new IllegalArgumentException(
          "features hold " + features.length + " values, not a multiple of " + featureSize
              + ", or targets hold " + targets.length + ", not a multiple of " + targetSize);
    }
    int n = features.length / featureSize;
    if (targets.length / targetSize != n) {
      throw new IllegalArgumentException(
          n + " feature rows of " + featureSize + " but " + targets.length / targetSize
              + " target rows of " + targetSize);
    }
    return new Dataset(features, featureSize, targets, targetSize);
  }

  /** The number of samples. */
  public int size() {
    return size;
  }

  /** Values per feature row. */
  public int featureSize() {
    return featureSize;
  }

  /** Values per target row. */
  public int targetSize() {
    return targetSize;
  }

  /** The feature rows, flat (live, not a copy). */
  public float[] features() {
    return features;
  }

  /** The target rows, flat (live, not a copy). */
  public float[] targets() {
    return targets;
  }

  /** A copy of feature row {@code i}. */
  public float[] feature(int i) {
    Objects.checkIndex(i, size);
    return Arrays.copyOfRange(features, i * featureSize, (i + 1) * featureSize);
  }

  /** A copy of target row {@code i}. */
  public float[] target(int i) {
    Objects.checkIndex(i, size);
    return Arrays.copyOfRange(targets, i * targetSize, (i + 1) * targetSize);
  }

  /** A copy of samples {@code [from, to)}. */
  public Dataset slice(int from, int to) {
    Objects.checkFromToIndex(from, to, size);
    return new Dataset(
        Arrays.copyOfRange(features, from * featureSize, to * featureSize),
        featureSize,
        Arrays.copyOfRange(targets, from * targetSize, to * targetSize),
        targetSize);
  }

  @Override
  public String toString() {
    return "Dataset(" + size + " samples, " + featureSize + " features, " + targetSize
        + " targets)";
  }
}
