package org.dendrite.runtime.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dendrite.runtime.io.FileErrors.NamedFileException;

/**
 * The safetensors format (Hugging Face), for float32 tensors: an 8-byte little-endian header
 * length, a JSON header mapping each tensor name to its dtype, shape and byte range, plus string
 * metadata under {@code __metadata__}, then the raw little-endian data. PyTorch, NumPy and Hugging
 * Face tools read these files.
 *
 * <p>Reading validates the whole header against the file before any value is used: dtypes,
 * shapes, byte ranges that tile the data exactly, and the file's length.
 */
public final class SafeTensors {
  /** Headers larger than this are taken as corruption, as the reference implementation does. */
  static final long MAX_HEADER = 100L << 20;

  /** The most floats one tensor may hold: a Java array's limit. */
  static final long MAX_VALUES = Integer.MAX_VALUE - 8;

  private SafeTensors() {}

  /** A named tensor: its shape and its values, row-major. */
  public record Tensor(String name, int[] shape, float[] data) {
    /**
     * Checks that the data fits the shape.
     *
     * @throws IllegalArgumentException if it does not
     */
    public Tensor {
      long n = 1;
      for (int d : shape) {
        if (d < 0) {
          throw new IllegalArgumentException(name + ": negative dimension in "
              + Arrays.toString(shape));
        }
        n *= d;
      }
      if (n != data.length) {
        throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " holds "
            + n + " values, the data " + data.length);
      }
    }
  }

  /** A file's tensors, in file order, and its metadata. */
  public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

  /** Writes {@code tensors} (in order) and {@code metadata} to {@code file}, atomically. */
  public static void write(Path file, List<Tensor> tensors, Map<String, String> metadata)
      throws IOException {
    Set<String> names = new HashSet<>();
    for (Tensor t : tensors) {
      if (t.name().equals("__metadata__") || !names.add(t.name())) {
        throw new IllegalArgumentException("tensor names must be unique and not __metadata__: "
            + t.name());
      }
    }
    StringBuilder header = new StringBuilder("{");
    header.append("\"__metadata__\":{");
    String sep = "";
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      header.append(sep).append(Json.quote(e.getKey())).append(':')
          .append(Json.quote(e.getValue()));
      sep = ",";
    }
    header.append('}');
    long offset = 0;
    for (Tensor t : tensors) {
      long bytes = 4L * t.data().length;
      header.append(',').append(Json.quote(t.name())).append(":{\"dtype\":\"F32\",\"shape\":[");
      for (int i = 0; i < t.shape().length; i++) {
        header.append(i == 0 ? "" : ",").append(t.shape()[i]);
      }
      header.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes)
          .append("]}");
      offset += bytes;
    }
    header.append('}');
    byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) & ~7; // the data starts 8-byte aligned, as the spec advises
    ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(padded).put(json);
    while (head.hasRemaining()) {
      head.put((byte) ' ');
    }
    head.flip();
    AtomicFiles.write(file, out -> {
      AtomicFiles.writeFully(out, head);
      // Through one small buffer: a save costs no byte copy of the weights.
      ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
      for (Tensor t : tensors) {
        float[] data = t.data();
        for (int i = 0; i < data.length; ) {
          int n = Math.min(chunk.capacity() / 4, data.length - i);
          chunk.clear();
          chunk.asFloatBuffer().put(data, i, n);
          chunk.limit(4 * n);
          AtomicFiles.writeFully(out, chunk);
          i += n;
        }
      }
    });
  }

  /**
   * Reads and validates {@code file}.
   *
   * @throws IOException if it cannot be read or is not a valid float32 safetensors file; the
   *     message names the file, the tensor and the sizes involved
   */
  public static Contents read(Path file) throws IOException {
    return FileErrors.read(file, "a safetensors file", () -> {
      try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
        return read(file, in);
      }
    });
  }

  /**
   * Reads and validates a safetensors file held in memory, such as a resource inside a jar;
   * {@code name} names it in messages.
   *
   * @throws IOException if it is not a valid float32 safetensors file; the message names it, the
   *     tensor and the sizes involved
   */
  public static Contents read(String name, byte[] bytes) throws IOException {
    return read(Path.of(name), new Source() {
      @Override
      public long size() {
        return bytes.length;
      }

      @Override
      public int read(ByteBuffer b, long position) {
        if (position >= bytes.length) {
          return -1;
        }
        int n = (int) Math.min(b.remaining(), bytes.length - position);
        b.put(bytes, (int) position, n);
        return n;
      }
    });
  }

  /** Where the bytes come from: a file or an array, read at given positions. */
  private interface Source {
    long size() throws IOException;

    int read(ByteBuffer b, long position) throws IOException;
  }

  private static Contents read(Path file, FileChannel channel) throws IOException {
    return read(file, new Source() {
      @Override
      public long size() throws IOException {
        return channel.size();
      }

      @Override
      public int read(ByteBuffer b, long position) throws IOException {
        return channel.read(b, position);
      }
    });
  }

  private static Contents read(Path file, Source in) throws IOException {
    long size = in.size();
    if (size < 8) {
      throw new NamedFileException(
          file + ": truncated: " + size + " bytes, not even a header length");
    }
    ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(in, lengthBytes, 0);
    long headerLength = lengthBytes.flip().getLong();
    if (headerLength <= 0 || headerLength > MAX_HEADER || headerLength > size - 8) {
      throw new NamedFileException(file + ": corrupt or truncated: the header length says "
          + headerLength + " bytes but the file holds " + size);
    }
    ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
    readFully(in, headerBytes, 8);
    String headerText = new String(headerBytes.array(), StandardCharsets.UTF_8);
    Object parsed;
    try {
      parsed = Json.parse(headerText);
    } catch (IllegalArgumentException e) {
      throw new NamedFileException(file + ": corrupt header: " + e.getMessage(), e);
    }
    if (!(parsed instanceof Map<?, ?> header)) {
      throw new NamedFileException(file + ": corrupt header: not a JSON object");
    }
    long dataLength = size - 8 - headerLength;
    Map<String, String> metadata = new LinkedHashMap<>();
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<?, ?> e : header.entrySet()) {
      String name = (String) e.getKey();
      if (name.equals("__metadata__")) {
        metadata(file, e.getValue(), metadata);
      } else {
        entries.add(entry(file, name, e.getValue(), dataLength));
      }
    }
    checkTiling(file, entries, dataLength);
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    // Through one small buffer: a tensor costs its float array and no byte copy of it.
    ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    for (Entry en : entries) {
      float[] data;
      try {
        data = new float[(int) ((en.end - en.begin) / 4)];
      } catch (OutOfMemoryError e) {
        // One array too large for the heap: the allocation failed, nothing else did.
        throw new NamedFileException(file + ": tensor '" + en.name + "' of "
            + Arrays.toString(en.shape) + " needs " + (en.end - en.begin) / (1 << 20)
            + " MB, more than this JVM's heap holds (" + (Runtime.getRuntime().maxMemory() >> 20)
            + " MB); give it more with -Xmx");
      }
      long position = 8 + headerLength + en.begin;
      for (int i = 0; i < data.length; ) {
        int n = Math.min(chunk.capacity() / 4, data.length - i);
        chunk.clear().limit(4 * n);
        readFully(in, chunk, position);
        chunk.flip().asFloatBuffer().get(data, i, n);
        position += 4L * n;
        i += n;
      }
      tensors.put(en.name, new Tensor(en.name, en.shape, data));
    }
    return new Contents(tensors, metadata);
  }

  private record Entry(String name, int[] shape, long begin, long end) {}

  private static Entry entry(Path file, String name, Object value, long dataLength)
      throws IOException {
    if (!(value instanceof Map<?, ?> info)) {
      throw new NamedFileException(
          file + ": corrupt header: tensor '" + name + "' is not an object");
    }
    Object dtype = info.get("dtype");
    if (dtype == null) {
      throw new NamedFileException(file + ": corrupt header: tensor '" + name + "' has no dtype");
    }
    if (!"F32".equals(dtype)) {
      throw new NamedFileException(file + ": tensor '" + name + "' has dtype " + dtype
          + "; Dendrite reads float32 (F32) tensors");
    }
    int[] shape = shape(file, name, info.get("shape"));
    long[] range = longs(file, name, info.get("data_offsets"));
    long count = 1;
    for (int d : shape) {
      count *= d;
      if (count > MAX_VALUES) {
        throw new NamedFileException(file + ": tensor '" + name + "' of shape "
            + Arrays.toString(shape) + " holds more values than a Java array can ("
            + MAX_VALUES + ")");
      }
    }
    if (range[1] - range[0] != 4 * count || range[0] < 0 || range[1] < range[0]) {
      throw new NamedFileException(file + ": corrupt header: tensor '" + name + "' of shape "
          + Arrays.toString(shape) + " needs " + 4 * count + " bytes but spans bytes ["
          + range[0] + ", " + range[1] + ")");
    }
    if (range[1] > dataLength) {
      throw new NamedFileException(file + ": truncated: tensor '" + name + "' needs bytes ["
          + range[0] + ", " + range[1] + ") of the data, but the file holds " + dataLength);
    }
    return new Entry(name, shape, range[0], range[1]);
  }

  private static void checkTiling(Path file, List<Entry> entries, long dataLength)
      throws IOException {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort((a, b) -> Long.compare(a.begin, b.begin));
    long expected = 0;
    for (Entry e : sorted) {
      if (e.begin != expected) {
        throw new NamedFileException(file + ": corrupt header: tensor '" + e.name
            + "' starts at byte "
            + e.begin + " of the data, expected " + expected + " (ranges must tile the data)");
      }
      expected = e.end;
    }
    if (expected != dataLength) {
      throw new NamedFileException(file + ": the header describes " + expected
          + " bytes of data but the file holds " + dataLength);
    }
  }

  private static void metadata(Path file, Object value, Map<String, String> out)
      throws IOException {
    if (!(value instanceof Map<?, ?> m)) {
      throw new NamedFileException(file + ": corrupt header: __metadata__ is not an object");
    }
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getValue() instanceof String s)) {
        throw new NamedFileException(file + ": corrupt header: metadata '" + e.getKey()
            + "' is not a string");
      }
      out.put((String) e.getKey(), s);
    }
  }

  private static int[] shape(Path file, String name, Object value) throws IOException {
    if (!(value instanceof List<?> list)) {
      throw new NamedFileException(file + ": corrupt header: tensor '" + name + "' has no shape");
    }
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(list.get(i) instanceof Long l) || l < 0 || l > Integer.MAX_VALUE) {
        throw new NamedFileException(file + ": corrupt header: tensor '" + name
            + "' has an invalid shape " + list);
      }
      out[i] = (int) (long) l;
    }
    return out;
  }

  private static long[] longs(Path file, String name, Object value) throws IOException {
    if (!(value instanceof List<?> list) || list.size() != 2
        || !(list.get(0) instanceof Long) || !(list.get(1) instanceof Long)) {
      throw new NamedFileException(file + ": corrupt header: tensor '" + name
          + "' has no valid data_offsets");
    }
    return new long[] {(Long) list.get(0), (Long) list.get(1)};
  }

  private static void readFully(Source in, ByteBuffer b, long position) throws IOException {
    long p = position;
    while (b.hasRemaining()) {
      int n = in.read(b, p);
      if (n < 0) {
        throw new IOException("unexpected end of file at byte " + p);
      }
      p += n;
    }
  }
}
