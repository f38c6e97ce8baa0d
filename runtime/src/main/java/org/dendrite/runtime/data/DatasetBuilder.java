package org.dendrite.runtime.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dendrite.runtime.io.FileErrors;

/**
 * Builds a {@link Dataset} a sample at a time, for data whose size is known only at its end (a
 * CSV file). {@link #inMemory} keeps the samples on the heap in chunks, joined once at
 * {@link #build}; {@link #mapped} writes them to a scratch file a chunk at a time and maps it, so
 * that a dataset larger than the heap (or than memory: the operating system pages it) costs the
 * heap one chunk while it is built and nothing after.
 */
public final class DatasetBuilder implements AutoCloseable {
  /** Samples per chunk, at most. */
  static final int CHUNK = 8192;
  /** Values (features and targets) per chunk, at most: wide rows make chunks of fewer. */
  private static final int CHUNK_VALUES = 1 << 20;
  /** The most values one heap array holds. */
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  private final int featureSize;
  private final int targetSize;
  private final int chunk;
  private int size;
  private boolean done;
  // In memory: full chunks and the current one.
  private final List<float[]> featureChunks = new ArrayList<>();
  private final List<float[]> targetChunks = new ArrayList<>();
  private float[] features;
  private float[] targets;
  // Mapped: the scratch file, its channel and the chunk being filled.
  private final Path file;
  private final FileChannel channel;
  private final ByteBuffer buffer;

  private DatasetBuilder(int featureSize, int targetSize, Path file) throws IOException {
    if (featureSize < 1 || targetSize < 1) {
      throw new IllegalArgumentException(
          "row sizes must be positive, got features " + featureSize + ", targets " + targetSize);
    }
    this.featureSize = featureSize;
    this.targetSize = targetSize;
    this.chunk =
        (int) Math.max(1, Math.min(CHUNK, CHUNK_VALUES / ((long) featureSize + targetSize)));
    this.file = file;
    if (file == null) {
      this.channel = null;
      this.buffer = null;
      newChunk();
    } else {
      this.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
      this.buffer = ByteBuffer.allocateDirect(chunk * stride() * Float.BYTES)
          .order(ByteOrder.nativeOrder());
    }
  }

  /** A builder keeping the samples on the heap. */
  public static DatasetBuilder inMemory(int featureSize, int targetSize) {
    try {
      return new DatasetBuilder(featureSize, targetSize, null);
    } catch (IOException e) {
      throw new AssertionError("no file is opened", e);
    }
  }

  /**
   * A builder writing the samples to a new scratch file in {@code directory}, which
   * {@link #build} maps and then deletes (the mapping outlives the name on POSIX systems; on
   * others the file is deleted when the JVM exits), or {@link #close} deletes unbuilt.
   *
   * @throws IOException if the file cannot be created; the message names the directory
   */
  public static DatasetBuilder mapped(int featureSize, int targetSize, Path directory)
      throws IOException {
    Objects.requireNonNull(directory, "directory");
    Path file;
    try {
      file = Files.createTempFile(directory, "dendrite-dataset-", ".f32");
    } catch (IOException e) {
      throw FileErrors.wrap("create a scratch file in", directory, e);
    }
    try {
      return new DatasetBuilder(featureSize, targetSize, file);
    } catch (IOException e) {
      Files.deleteIfExists(file);
      throw FileErrors.wrap("open", file, e);
    } catch (RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  /** The samples added so far. */
  public int size() {
    return size;
  }

  /**
   * Adds a sample: {@link Dataset#featureSize} values of {@code features} from
   * {@code featureOffset} and {@link Dataset#targetSize} of {@code targets} from
   * {@code targetOffset}.
   *
   * @throws IOException if the scratch file cannot be written (the message names it)
   * @throws IllegalStateException after {@link #build} or {@link #close}, or at
   *     {@code Integer.MAX_VALUE} samples
   */
  public void add(float[] features, int featureOffset, float[] targets, int targetOffset)
      throws IOException {
    Objects.checkFromIndexSize(featureOffset, featureSize, features.length);
    Objects.checkFromIndexSize(targetOffset, targetSize, targets.length);
    if (done) {
      throw new IllegalStateException("the dataset was already built or the builder closed");
    }
    if (size == Integer.MAX_VALUE - 1) {
      throw new IllegalStateException("a dataset holds at most " + size + " samples");
    }
    int at = size % chunk;
    if (file == null) {
      if (at == 0 && size > 0) {
        newChunk();
      }
      System.arraycopy(features, featureOffset, this.features, at * featureSize, featureSize);
      System.arraycopy(targets, targetOffset, this.targets, at * targetSize, targetSize);
    } else {
      FloatBuffer floats = buffer.asFloatBuffer(); // a view from the buffer's position
      floats.put(features, featureOffset, featureSize).put(targets, targetOffset, targetSize);
      buffer.position(buffer.position() + stride() * Float.BYTES);
      if (!buffer.hasRemaining()) {
        flush();
      }
    }
    size++;
  }

  /**
   * The dataset of the samples added; the builder takes no more.
   *
   * @throws IOException if the scratch file cannot be written or mapped (the message names it)
   * @throws IllegalStateException if an in-memory dataset would not fit Java arrays (the message
   *     says to use {@link #mapped}), or the builder was already built or closed
   */
  public Dataset build() throws IOException {
    if (done) {
      throw new IllegalStateException("the dataset was already built or the builder closed");
    }
    done = true;
    return file == null ? joined() : mapping();
  }

  /** Deletes the scratch file of a builder that was not built; nothing otherwise. */
  @Override
  public void close() throws IOException {
    done = true;
    if (file != null && channel.isOpen()) { // built, the channel is closed and the file gone
      channel.close();
      Files.deleteIfExists(file);
    }
  }

  private int stride() {
    return featureSize + targetSize;
  }

  private void newChunk() {
    if (features != null) {
      featureChunks.add(features);
      targetChunks.add(targets);
    }
    features = new float[chunk * featureSize];
    targets = new float[chunk * targetSize];
  }

  private Dataset joined() {
    long values = (long) size * Math.max(featureSize, targetSize);
    if (values > MAX_ARRAY) {
      throw new IllegalStateException(size + " samples of " + featureSize + " features and "
          + targetSize + " targets hold more values than a Java array (" + MAX_ARRAY
          + "); build the dataset with DatasetBuilder.mapped instead");
    }
    featureChunks.add(features);
    targetChunks.add(targets);
    float[] x = join(featureChunks, featureSize);
    float[] y = join(targetChunks, targetSize);
    featureChunks.clear();
    targetChunks.clear();
    features = null;
    targets = null;
    return Dataset.of(x, featureSize, y, targetSize);
  }

  /** The first {@code size} rows of the chunks, in one array. */
  private float[] join(List<float[]> chunks, int width) {
    float[] out = new float[size * width];
    for (int c = 0, left = size; left > 0; c++, left -= chunk) {
      System.arraycopy(chunks.get(c), 0, out, c * chunk * width, Math.min(chunk, left) * width);
      chunks.set(c, null); // frees each chunk as soon as it is copied
    }
    return out;
  }

  private void flush() throws IOException {
    buffer.flip();
    try {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } catch (IOException e) {
      close();
      throw FileErrors.wrap("write", file, e);
    }
    buffer.clear();
  }

  private Dataset mapping() throws IOException {
    flush();
    try {
      int recordBytes = stride() * Float.BYTES;
      int perSegment = Math.max(1, Integer.MAX_VALUE / recordBytes);
      int segments = size == 0 ? 1 : (int) ((size + (long) perSegment - 1) / perSegment);
      FloatBuffer[] mapped = new FloatBuffer[segments];
      for (int s = 0; s < segments; s++) {
        long records = Math.min(perSegment, size - (long) s * perSegment);
        mapped[s] = channel.map(FileChannel.MapMode.READ_ONLY, (long) s * perSegment * recordBytes,
            records * recordBytes).order(ByteOrder.nativeOrder()).asFloatBuffer();
      }
      Dataset d = new Dataset(
          new Rows.Mapped(mapped, perSegment, stride(), 0, 0, featureSize, size),
          new Rows.Mapped(mapped, perSegment, stride(), featureSize, 0, targetSize, size));
      channel.close();
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        file.toFile().deleteOnExit(); // a system that cannot delete a mapped file
      }
      return d;
    } catch (IOException e) {
      channel.close();
      Files.deleteIfExists(file);
      throw FileErrors.wrap("map", file, e);
    }
  }
}
