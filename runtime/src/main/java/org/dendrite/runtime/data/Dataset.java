package org.dendrite.runtime.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

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
    return new Dataset(new Rows.Bytes(features, 0, featureSize, n, divisor),
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

  /** Two parts of a dataset: {@code train} to fit on, {@code test} to measure on. */
  public record Split(Dataset train, Dataset test) {}

  /**
   * Shuffles the samples with {@code seed} and splits them: the first
   * {@code round(trainFraction · size)} are {@link Split#train}, the rest {@link Split#test}.
   * Both are views sharing this dataset's storage (4 bytes a sample each). The same seed gives
   * the same split.
   *
   * @throws IllegalArgumentException if {@code trainFraction} is not in (0, 1) or either part
   *     would be empty
   */
  public Split split(double trainFraction, long seed) {
    int n = size();
    int train = trainCount(trainFraction, n);
    int[] order = identity(n);
    shuffle(order, 0, n, new SplittableRandom(seed));
    return new Split(select(Arrays.copyOf(order, train)), select(Arrays.copyOfRange(order,
        train, n)));
  }

  /**
   * Splits as {@link #split}, but class by class, so that each part holds each class in the
   * proportions of the whole (each class's share rounded): for classification, where a plain
   * split of a small or unbalanced table can leave a class out of one part. A sample's class is
   * its target, a class index, when targets are single values, or the position of the largest
   * (a one-hot row) otherwise. Each part is shuffled.
   *
   * @throws IllegalArgumentException if {@code trainFraction} is not in (0, 1), either part would
   *     be empty, or a single-value target is not a class index (a whole number in [0, 2^24))
   */
  public Split stratifiedSplit(double trainFraction, long seed) {
    int n = size();
    trainCount(trainFraction, n);
    int[] classOf = new int[n];
    int classes = 0;
    float[] t = new float[targetSize()];
    for (int i = 0; i < n; i++) {
      targets.copy(i, 0, targetSize(), t, 0);
      int c;
      if (t.length == 1) {
        c = (int) t[0];
        if (c != t[0] || c < 0 || c >= 1 << 24) {
          throw new IllegalArgumentException("target " + t[0] + " of sample " + i
              + " is not a class index; a stratified split needs classes");
        }
      } else {
        c = 0;
        for (int j = 1; j < t.length; j++) {
          c = t[j] > t[c] ? j : c;
        }
      }
      classOf[i] = c;
      classes = Math.max(classes, c + 1);
    }
    List<List<Integer>> members = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      members.add(new ArrayList<>());
    }
    for (int i = 0; i < n; i++) {
      members.get(classOf[i]).add(i);
    }
    SplittableRandom random = new SplittableRandom(seed);
    int[] train = new int[n];
    int[] test = new int[n];
    int trainSize = 0;
    int testSize = 0;
    for (List<Integer> m : members) {
      int[] ids = m.stream().mapToInt(Integer::intValue).toArray();
      shuffle(ids, 0, ids.length, random);
      int k = (int) Math.round(trainFraction * ids.length);
      System.arraycopy(ids, 0, train, trainSize, k);
      System.arraycopy(ids, k, test, testSize, ids.length - k);
      trainSize += k;
      testSize += ids.length - k;
    }
    if (trainSize == 0 || testSize == 0) {
      throw new IllegalArgumentException("a stratified split of " + n + " samples at "
          + trainFraction + " leaves " + trainSize + " to train and " + testSize + " to test");
    }
    shuffle(train, 0, trainSize, random);
    shuffle(test, 0, testSize, random);
    return new Split(select(Arrays.copyOf(train, trainSize)),
        select(Arrays.copyOf(test, testSize)));
  }

  private static int trainCount(double fraction, int n) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("the training fraction must be in (0, 1), got "
          + fraction);
    }
    int train = (int) Math.round(fraction * n);
    if (train == 0 || train == n) {
      throw new IllegalArgumentException("a split of " + n + " samples at " + fraction
          + " leaves " + train + " to train and " + (n - train) + " to test");
    }
    return train;
  }

  private static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }

  /** Fisher-Yates over {@code [from, to)}. */
  private static void shuffle(int[] a, int from, int to, SplittableRandom random) {
    for (int i = to - 1; i > from; i--) {
      int j = from + random.nextInt(i - from + 1);
      int x = a[i];
      a[i] = a[j];
      a[j] = x;
    }
  }

  /** This dataset with each feature read as {@code (v - offset[j]) · factor[j]}. */
  Dataset mapFeatures(float[] offset, float[] factor) {
    return new Dataset(new Rows.Scaled(features, offset.clone(), factor.clone()), targets);
  }

  /**
   * Whether every feature value this dataset reads is finite whatever values it stores: unsigned
   * bytes ({@link #ofUnsignedBytes}) whose divisor leaves 255 finite, and slices and selections
   * of them. Training checks other datasets' features for NaN and infinities before it starts,
   * and skips the check for these.
   */
  public boolean featuresAlwaysFinite() {
    return features.alwaysFinite();
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
