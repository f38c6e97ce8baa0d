package org.dendrite.runtime.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dendrite.runtime.io.SafeTensors;

/**
 * A per-feature affine scaling, {@code x' = (x - offset) · factor}, fitted on a training set and
 * applied unchanged to every other set and to the inputs of a deployed model: a
 * {@link StandardScaler} or a {@link MinMaxScaler}. It is saved with the model's weights
 * ({@code WeightFiles.save(model, scaler, file)}) as two tensors, {@value #OFFSET} and
 * {@value #FACTOR}, and read back by {@link #load}.
 */
public abstract sealed class Scaler permits StandardScaler, MinMaxScaler {
  /** The tensor of the offsets, in a weight file. */
  public static final String OFFSET = "input_scaler.offset";
  /** The tensor of the factors, in a weight file. */
  public static final String FACTOR = "input_scaler.factor";
  /** The metadata naming the kind of scaler, in a weight file. */
  public static final String KIND = "dendrite.input_scaler";

  private final float[] offset;
  private final float[] factor;

  Scaler(float[] offset, float[] factor) {
    if (offset.length != factor.length || offset.length == 0) {
      throw new IllegalArgumentException(offset.length + " offsets and " + factor.length
          + " factors; a scaler needs one of each per feature");
    }
    for (int i = 0; i < offset.length; i++) {
      if (!Float.isFinite(offset[i]) || !Float.isFinite(factor[i]) || factor[i] == 0) {
        throw new IllegalArgumentException("feature " + i + ": offset " + offset[i]
            + " and factor " + factor[i] + " must be finite, the factor not zero");
      }
    }
    this.offset = offset.clone();
    this.factor = factor.clone();
  }

  /** The number of features. */
  public int size() {
    return offset.length;
  }

  /** The value subtracted from each feature (a copy). */
  public float[] offsets() {
    return offset.clone();
  }

  /** The factor each feature is then multiplied by (a copy). */
  public float[] factors() {
    return factor.clone();
  }

  /** The name of this kind of scaler in a weight file: {@code standard} or {@code min-max}. */
  public abstract String kind();

  /**
   * {@code data} with its features scaled as they are read: a view sharing its storage, which
   * costs nothing more.
   *
   * @throws IllegalArgumentException if its feature count is not this scaler's
   */
  public Dataset transform(Dataset data) {
    check(data.featureSize());
    return data.mapFeatures(offset, factor);
  }

  /**
   * Scales {@code count} rows of features in {@code values} from {@code from}, in place (the
   * inputs of a prediction).
   *
   * @throws IndexOutOfBoundsException if the rows are out of bounds
   */
  public void transformInPlace(float[] values, int from, int count) {
    Objects.checkFromIndexSize(from, Math.multiplyExact(count, size()), values.length);
    for (int r = 0; r < count; r++) {
      for (int i = 0, at = from + r * size(); i < size(); i++, at++) {
        values[at] = (values[at] - offset[i]) * factor[i];
      }
    }
  }

  /**
   * A scaled copy of one row of features.
   *
   * @throws IllegalArgumentException if it does not hold this scaler's feature count
   */
  public float[] transform(float[] row) {
    check(row.length);
    float[] out = row.clone();
    transformInPlace(out, 0, 1);
    return out;
  }

  /** The scaler as the tensors and metadata of a weight file. */
  public List<SafeTensors.Tensor> tensors() {
    return List.of(new SafeTensors.Tensor(OFFSET, new int[] {size()}, offset.clone()),
        new SafeTensors.Tensor(FACTOR, new int[] {size()}, factor.clone()));
  }

  /**
   * The scaler saved with the weights in {@code file}.
   *
   * @throws IOException if the file cannot be read, holds no scaler, or holds an invalid one;
   *     the message names the file
   */
  public static Scaler load(Path file) throws IOException {
    return of(file, SafeTensors.read(file));
  }

  /**
   * The scaler in {@code contents}, read from {@code file}.
   *
   * @throws IOException if it holds no scaler or an invalid one; the message names the file
   */
  public static Scaler of(Path file, SafeTensors.Contents contents) throws IOException {
    String kind = contents.metadata().get(KIND);
    SafeTensors.Tensor o = contents.tensors().get(OFFSET);
    SafeTensors.Tensor f = contents.tensors().get(FACTOR);
    if (kind == null || o == null || f == null) {
      throw new IOException(file + " holds no input scaler (metadata " + KIND + " and tensors "
          + OFFSET + ", " + FACTOR + "); it was saved without one");
    }
    if (o.shape().length != 1 || !Arrays.equals(o.shape(), f.shape())) {
      throw new IOException(file + ": the scaler's tensors are " + Arrays.toString(o.shape())
          + " and " + Arrays.toString(f.shape()) + ", not two vectors of one length");
    }
    try {
      return switch (kind) {
        case StandardScaler.KIND -> new StandardScaler(o.data(), f.data());
        case MinMaxScaler.KIND -> new MinMaxScaler(o.data(), f.data());
        default -> throw new IOException(file + ": unknown scaler '" + kind + "' (known: "
            + StandardScaler.KIND + ", " + MinMaxScaler.KIND + ")");
      };
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": invalid scaler: " + e.getMessage(), e);
    }
  }

  /** The metadata entry naming this scaler in a weight file. */
  public Map<String, String> metadata() {
    return Map.of(KIND, kind());
  }

  void check(int features) {
    if (features != size()) {
      throw new IllegalArgumentException("the scaler was fitted on " + size()
          + " features, not " + features);
    }
  }

  /**
   * Reads every feature value of {@code data} a chunk at a time, in sample order, handing each
   * finite one to {@code sink}.
   *
   * @throws IllegalArgumentException if the dataset is empty or holds a NaN or an infinity
   */
  static void scan(Dataset data, ValueSink sink) {
    if (data.size() == 0) {
      throw new IllegalArgumentException("cannot fit a scaler on an empty dataset");
    }
    int width = data.featureSize();
    int chunk = Math.max(1, Math.min(data.size(), (1 << 16) / width));
    float[] x = new float[chunk * width];
    for (int first = 0; first < data.size(); first += chunk) {
      int count = Math.min(chunk, data.size() - first);
      data.copyFeatures(first, count, x, 0);
      for (int i = 0; i < count * width; i++) {
        if (!Float.isFinite(x[i])) {
          throw new IllegalArgumentException("feature " + i % width + " of sample "
              + (first + i / width) + " is " + x[i] + "; a scaler is fitted on finite data");
        }
        sink.accept(i % width, x[i]);
      }
    }
  }

  /** Receives feature {@code feature}'s next value. */
  interface ValueSink {
    void accept(int feature, float value);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + size() + " features, offsets "
        + Arrays.toString(offset) + ", factors " + Arrays.toString(factor) + ")";
  }
}
