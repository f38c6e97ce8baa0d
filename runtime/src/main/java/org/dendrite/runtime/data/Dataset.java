package org.dendrite.runtime.data;

import java.util.Objects;

/**
 * Samples: {@link #size()} feature rows of {@link #featureSize()} floats and as many target rows
 * of {@link #targetSize()} floats. A dataset keeps its values in the type they were stored in,
 * so that it costs what its data holds: floats ({@link #of}), unsigned bytes turned into floats
 * as they are read ({@link #ofUnsignedBytes}, 1 byte per pixel instead of 4), or a memory-mapped
 * file ({@link DatasetBuilder#mapped}). Values are read by copy, a batch at a time
 * ({@link #copyFeatures(int, int, float[], int)}), which is when bytes are scaled; the training
 * loop and evaluation gather their batches that way.
 *
 * <p>A dataset is a read-only view: {@link #slice} and {@link #select} share its storage, and any
 * number of threads may read it at once. {@link #of} wraps the caller's arrays without a copy, so
 * changing them afterwards changes the dataset.
 */
public final class Dataset {
  private final Rows features;
  private final Rows targets;

  Dataset(Rows features, Rows targets) {
    if (features.size != targets.size) {
      throw new IllegalArgumentException(features.size + " feature rows but " + targets.size
          + " target rows");
    }
    this.features = features;
    this.targets = targets;
  }

  /**
   * Wraps the arrays (no copy): {@code features} holds rows of {@code featureSize} floats,
   * {@code targets} as many rows of {@code targetSize}.
   *
   * @throws IllegalArgumentException if the arrays do not hold the same whole number of rows
   */
  public static Dataset of(float[] features, int featureSize, float[] targets, int targetSize) {
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(targets, "targets");
    int n = rows(features.length, featureSize, targets.length, targetSize);
    return new Dataset(new Rows.Floats(features, 0, featureSize, n),
        new Rows.Floats(targets, 0, targetSize, n));
  }

  /**
   * Wraps unsigned bytes (no copy), each read as {@code (b & 0xff) / divisor}: images stay one
   * byte per pixel and are scaled as a batch is gathered. With {@code divisor} 255, pixels read
   * as in [0, 1], the same floats as dividing each one by {@code 255f}.
   *
   * @throws IllegalArgumentException if the arrays do not hold the same whole number of rows, or
   *     {@code divisor} is zero or not finite
   */
  public static Dataset ofUnsignedBytes(byte[] features, int featureSize, float divisor,
      float[] targets, int targetSize) {
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(targets, "targets");
    if (!(Math.abs(divisor) > 0 && Math.abs(divisor) <= Float.MAX_VALUE)) {
      throw new IllegalArgumentException("divisor must be finite and not zero, got " + divisor);
    }
    int n = rows(features.length, featureSize, targets.length, targetSize);
    float[] table = new float[256];
    for (int b = 0; b < 256; b++) {
      table[b] = b / divisor;
    }
    return new Dataset(new Rows.Bytes(features, 0, featureSize, n, table),
        new Rows.Floats(targets, 0, targetSize, n));
  }

  /** The number of rows {@code features} and {@code targets} hold; checks they agree. */
  private static int rows(int features, int featureSize, int targets, int targetSize) {
    if (featureSize < 1 || targetSize < 1) {
      throw new IllegalArgumentException(
          "row sizes must be positive, got features " + featureSize + ", targets " + targetSize);
    }
    if (features % featureSize != 0 || targets % targetSize != 0) {
      throw new IllegalArgumentException(
          "features hold " + features + " values, not a multiple of " + featureSize
              + ", or targets hold " + targets + ", not a multiple of " + targetSize);
    }
    int n = features / featureSize;
    if (targets / targetSize != n) {
      throw new IllegalArgumentException(
          n + " feature rows of " + featureSize + " but " + targets / targetSize
              + " target rows of " + targetSize);
    }
    return n;
  }

  /** The number of samples. */
  public int size() {
    return features.size;
  }

  /** Values per feature row. */
  public int featureSize() {
    return features.width;
  }

  /** Values per target row. */
  public int targetSize() {
    return targets.width;
  }

  /**
   * Copies the feature rows of samples {@code [first, first + count)}, flat, to {@code dst} from
   * {@code offset}.
   *
   * @throws IndexOutOfBoundsException if the samples or {@code dst}'s range are out of bounds
   */
  public void copyFeatures(int first, int count, float[] dst, int offset) {
    Objects.checkFromIndexSize(first, count, size());
    Objects.checkFromIndexSize(offset, Math.multiplyExact(count, featureSize()), dst.length);
    features.copyRows(first, count, dst, offset);
  }

  /**
   * Copies values {@code [from, to)} of sample {@code sample}'s feature row to {@code dst} from
   * {@code offset}.
   *
   * @throws IndexOutOfBoundsException if the sample, the range or {@code dst}'s range are out of
   *     bounds
   */
  public void copyFeatures(int sample, int from, int to, float[] dst, int offset) {
    Objects.checkIndex(sample, size());
    Objects.checkFromToIndex(from, to, featureSize());
    Objects.checkFromIndexSize(offset, to - from, dst.length);
    features.copy(sample, from, to, dst, offset);
  }

  /**
   * Copies the target rows of samples {@code [first, first + count)}, flat, to {@code dst} from
   * {@code offset}.
   *
   * @throws IndexOutOfBoundsException if the samples or {@code dst}'s range are out of bounds
   */
  public void copyTargets(int first, int count, float[] dst, int offset) {
    Objects.checkFromIndexSize(first, count, size());
    Objects.checkFromIndexSize(offset, Math.multiplyExact(count, targetSize()), dst.length);
    targets.copyRows(first, count, dst, offset);
  }

  /** The feature rows of samples {@code [first, first + count)}, flat, as a new array. */
  public float[] features(int first, int count) {
    Objects.checkFromIndexSize(first, count, size());
    float[] out = new float[Math.multiplyExact(count, featureSize())];
    features.copyRows(first, count, out, 0);
    return out;
  }

  /** The target rows of samples {@code [first, first + count)}, flat, as a new array. */
  public float[] targets(int first, int count) {
    Objects.checkFromIndexSize(first, count, size());
    float[] out = new float[Math.multiplyExact(count, targetSize())];
    targets.copyRows(first, count, out, 0);
    return out;
  }

  /** A copy of feature row {@code i}. */
  public float[] feature(int i) {
    return features(i, 1);
  }

  /** A copy of target row {@code i}. */
  public float[] target(int i) {
    return targets(i, 1);
  }

  /** Samples {@code [from, to)}: a view sharing this dataset's storage. */
  public Dataset slice(int from, int to) {
    Objects.checkFromToIndex(from, to, size());
    return new Dataset(features.slice(from, to), targets.slice(from, to));
  }

  /**
   * The samples {@code indices[0], indices[1], …}, in that order (an index may repeat): a view
   * sharing this dataset's storage, which costs 4 bytes per sample.
   *
   * @throws IndexOutOfBoundsException if an index is out of bounds
   */
  public Dataset select(int... indices) {
    int[] index = indices.clone();
    for (int i : index) {
      Objects.checkIndex(i, size());
    }
    return new Dataset(features.select(index), targets.select(index));
  }

  /**
   * The bytes of storage this dataset's values occupy as it keeps them (the heap arrays' or the
   * mapping's share that it reads; a selection counts its index), not counting shared storage
   * twice within this dataset.
   */
  public long storedBytes() {
    return features.bytes() + targets.bytes();
  }

  @Override
  public String toString() {
    return "Dataset(" + size() + " samples, " + featureSize() + " features, " + targetSize()
        + " targets)";
  }
}
