package org.dendrite.compiler.frozen;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dendrite.compiler.layers.Tensor;
import org.dendrite.compiler.plan.Architecture;
import org.dendrite.compiler.plan.Plan;

/**
 * A network's trained weights from the safetensors file {@code Model.save} writes, checked
 * against the network's plan: the input {@code nnc --weights W.safetensors NET.nn} hands to
 * {@link FrozenWriter}, as the ONNX importer hands it the weights of an ONNX file. Read here
 * rather than by the runtime's reader because the compiler does not depend on the runtime.
 *
 * <p>The whole header is checked before any value is read, and every size against the file's
 * before anything is allocated: each of the network's tensors must be in the file, as float32,
 * with the network's shape, and its bytes inside the file; a tensor the network does not have is
 * an error too (the file is another network's), as is an architecture in the file's metadata
 * that differs from the network's. Every problem is named, with the sizes, in one message.
 */
public final class TrainedWeights {
  /** Headers larger than this are taken as corruption, as the runtime's reader does. */
  static final long MAX_HEADER = 100L << 20;
  /** Problems listed in a message before "and N more". */
  private static final int LISTED = 8;

  private TrainedWeights() {}

  /**
   * The weights of {@code plan}'s network in {@code file}, by weight-file name ({@code
   * hidden.kernel}), parameters and BatchNorm statistics alike.
   *
   * @throws IOException if the file cannot be read, is not a safetensors file, is truncated, or
   *     does not fit the network; the message names the file and every mismatch with its sizes
   */
  public static Map<String, float[]> read(Plan plan, Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < 8) {
        throw new IOException(file + " is truncated: " + size + " bytes, less than the 8 of a"
            + " safetensors file's header length");
      }
      long headerLength = readFully(channel, 0, 8).getLong();
      if (headerLength < 2 || headerLength > MAX_HEADER) {
        throw new IOException(file + " is not a safetensors file: its header length is "
            + headerLength + " bytes (at most " + MAX_HEADER + ")");
      }
      if (headerLength > size - 8) {
        throw new IOException(file + " is truncated: its header has " + headerLength
            + " bytes, the file only " + (size - 8) + " after the length");
      }
      String json;
      try {
        json = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .decode(readFully(channel, 8, (int) headerLength)).toString();
      } catch (CharacterCodingException e) {
        throw new IOException(file + " is not a safetensors file: its header is not UTF-8");
      }
      Object parsed;
      try {
        parsed = new Json(json).document();
      } catch (IllegalArgumentException e) {
        throw new IOException(file + " is not a safetensors file: " + e.getMessage());
      }
      if (!(parsed instanceof Map<?, ?> header)) {
        throw new IOException(file + " is not a safetensors file: its header is not an object");
      }
      long data = size - 8 - headerLength;
      return fit(plan, file, header, data, channel, 8 + headerLength);
    }
  }

  /** A tensor as the header describes it. */
  private record Entry(String name, int[] shape, long begin, long end) {}

  private static Map<String, float[]> fit(Plan plan, Path file, Map<?, ?> header, long data,
      FileChannel channel, long dataStart) throws IOException {
    String name = plan.network().name();
    List<String> problems = new ArrayList<>();
    Map<String, Entry> entries = new LinkedHashMap<>();
    String described = null;
    for (Map.Entry<?, ?> e : header.entrySet()) {
      String key = (String) e.getKey();
      if (key.equals("__metadata__")) {
        if (e.getValue() instanceof Map<?, ?> m
            && m.get("dendrite.architecture") instanceof String s) {
          described = s;
        }
        continue;
      }
      Entry entry = entry(key, e.getValue(), problems);
      if (entry != null) {
        entries.put(key, entry);
      }
    }
    Map<String, Tensor> expected = new LinkedHashMap<>();
    for (Tensor t : plan.parameters()) {
      expected.put(t.qualifiedName(), t);
    }
    for (Tensor t : plan.state()) {
      expected.put(t.qualifiedName(), t);
    }
    for (Tensor t : expected.values()) {
      Entry entry = entries.get(t.qualifiedName());
      int[] shape = t.shape().dims();
      if (entry == null) {
        if (!header.containsKey(t.qualifiedName())) {
          problems.add("tensor '" + t.qualifiedName() + "' " + Arrays.toString(shape)
              + " is missing from the file");
        }
      } else if (!Arrays.equals(entry.shape(), shape)) {
        problems.add("tensor '" + t.qualifiedName() + "' is " + Arrays.toString(entry.shape())
            + " in the file but " + Arrays.toString(shape) + " in " + name);
      } else if (entry.end() > data) {
        problems.add("tensor '" + t.qualifiedName() + "' " + Arrays.toString(shape)
            + " needs bytes " + entry.begin() + " to " + entry.end() + " of the data, which has"
            + " only " + data + " (the file is truncated)");
      }
    }
    for (Entry entry : entries.values()) {
      if (!expected.containsKey(entry.name())) {
        problems.add("tensor '" + entry.name() + "' " + Arrays.toString(entry.shape())
            + " is not a weight of " + name);
      }
    }
    if (!problems.isEmpty()) {
      int more = problems.size() - LISTED;
      throw new IOException(file + " does not fit " + name + ": "
          + String.join("; ", problems.subList(0, Math.min(LISTED, problems.size())))
          + (more > 0 ? "; and " + more + " more" : ""));
    }
    if (described != null) {
      String difference = layerDifference(described, Architecture.describe(plan), name);
      if (difference != null) {
        throw new IOException(file + " holds weights of another architecture than " + name
            + ": " + difference);
      }
    }
    Map<String, float[]> weights = new LinkedHashMap<>();
    for (Tensor t : expected.values()) {
      Entry entry = entries.get(t.qualifiedName());
      // The shape matched the network's and the range was checked: the count is the plan's.
      float[] values = new float[t.size()];
      readFully(channel, dataStart + entry.begin(), 4 * values.length).asFloatBuffer()
          .get(values);
      weights.put(t.qualifiedName(), values);
    }
    return weights;
  }

  /** The header's entry of one tensor, or null after adding why it is invalid to problems. */
  private static Entry entry(String name, Object value, List<String> problems) {
    if (!(value instanceof Map<?, ?> m)) {
      problems.add("tensor '" + name + "' has no dtype, shape and data_offsets");
      return null;
    }
    if (!"F32".equals(m.get("dtype"))) {
      problems.add("tensor '" + name + "' is of dtype " + m.get("dtype") + ", not F32");
      return null;
    }
    long[] shape = longs(m.get("shape"), -1);
    long[] offsets = longs(m.get("data_offsets"), 2);
    if (shape == null || offsets == null) {
      problems.add("tensor '" + name + "' has no valid shape or data_offsets");
      return null;
    }
    int[] dims = new int[shape.length];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] < 0 || shape[i] > Integer.MAX_VALUE) {
        problems.add("tensor '" + name + "' has the shape " + Arrays.toString(shape));
        return null;
      }
      dims[i] = (int) shape[i];
      count = count > Long.MAX_VALUE / 4 / Math.max(1, shape[i]) ? -1 : count * shape[i];
      if (count < 0) {
        problems.add("tensor '" + name + "' has the shape " + Arrays.toString(shape)
            + ", too large");
        return null;
      }
    }
    if (offsets[0] < 0 || offsets[1] - offsets[0] != 4 * count) {
      problems.add("tensor '" + name + "' " + Arrays.toString(dims) + " holds " + count
          + " floats, " + 4 * count + " bytes, but its data_offsets are "
          + Arrays.toString(offsets));
      return null;
    }
    return new Entry(name, dims, offsets[0], offsets[1]);
  }

  /** A JSON array of integers (of {@code length} if not -1), or null. */
  private static long[] longs(Object value, int length) {
    if (!(value instanceof List<?> list) || (length >= 0 && list.size() != length)) {
      return null;
    }
    long[] out = new long[list.size()];
    for (int i = 0; i < out.length; i++) {
      try {
        out[i] = ((BigDecimal) list.get(i)).longValueExact();
      } catch (ClassCastException | ArithmeticException e) {
        return null;
      }
    }
    return out;
  }

  /** The first layer where two architecture descriptions differ, or null (see WeightFiles). */
  private static String layerDifference(String file, String network, String name) {
    List<String> a = layers(file);
    List<String> b = layers(network);
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      String x = i < a.size() ? "'" + a.get(i) + "'" : "nothing";
      String y = i < b.size() ? "'" + b.get(i) + "'" : "nothing";
      if (!x.equals(y)) {
        return "layer " + (i + 1) + " is " + x + " in the file but " + y + " in " + name;
      }
    }
    return null;
  }

  /** An architecture's layer lines, without the {@code network <Name>} line. */
  private static List<String> layers(String architecture) {
    List<String> lines = new ArrayList<>(List.of(architecture.split("\n")));
    if (!lines.isEmpty() && lines.get(0).startsWith("network ")) {
      lines.remove(0);
    }
    return lines;
  }

  private static ByteBuffer readFully(FileChannel channel, long at, int length)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, at + buffer.position()) < 0) {
        throw new IOException("the file ended at byte " + (at + buffer.position())
            + " while " + length + " bytes from " + at + " were read");
      }
    }
    return buffer.flip();
  }

  /**
   * The JSON of a safetensors header: objects (as insertion-ordered maps), arrays, strings,
   * numbers (as {@link BigDecimal}), booleans and null, nested at most 64 deep.
   */
  private static final class Json {
    private static final int MAX_DEPTH = 64;
    private final String text;
    private int at;

    Json(String text) {
      this.text = text;
    }

    Object document() {
      Object value = value(0);
      skipSpace();
      if (at != text.length()) {
        throw error("text after the header's JSON");
      }
      return value;
    }

    private Object value(int depth) {
      if (depth > MAX_DEPTH) {
        throw error("JSON nested deeper than " + MAX_DEPTH);
      }
      skipSpace();
      if (at >= text.length()) {
        throw error("the header's JSON ends early");
      }
      char c = text.charAt(at);
      switch (c) {
        case '{' -> {
          at++;
          Map<String, Object> map = new LinkedHashMap<>();
          skipSpace();
          if (peek('}')) {
            return map;
          }
          do {
            skipSpace();
            String key = string();
            skipSpace();
            expect(':');
            if (map.put(key, value(depth + 1)) != null) {
              throw error("the key '" + key + "' twice");
            }
            skipSpace();
          } while (peek(','));
          expect('}');
          return map;
        }
        case '[' -> {
          at++;
          List<Object> list = new ArrayList<>();
          skipSpace();
          if (peek(']')) {
            return list;
          }
          do {
            list.add(value(depth + 1));
            skipSpace();
          } while (peek(','));
          expect(']');
          return list;
        }
        case '"' -> {
          return string();
        }
        default -> {
          for (String word : List.of("true", "false", "null")) {
            if (text.startsWith(word, at)) {
              at += word.length();
              return word.equals("null") ? null : Boolean.valueOf(word);
            }
          }
          int start = at;
          while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
            at++;
          }
          try {
            return new BigDecimal(text.substring(start, at));
          } catch (NumberFormatException e) {
            at = start;
            throw error("unexpected '" + c + "'");
          }
        }
      }
    }

    private String string() {
      expect('"');
      StringBuilder sb = new StringBuilder();
      while (true) {
        if (at >= text.length()) {
          throw error("a string that does not end");
        }
        char c = text.charAt(at++);
        if (c == '"') {
          return sb.toString();
        }
        if (c != '\\') {
          sb.append(c);
          continue;
        }
        if (at >= text.length()) {
          throw error("a string that does not end");
        }
        char e = text.charAt(at++);
        switch (e) {
          case '"', '\\', '/' -> sb.append(e);
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> {
            if (at + 4 > text.length()) {
              throw error("a \\u escape that ends early");
            }
            try {
              sb.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
            } catch (NumberFormatException x) {
              throw error("a bad \\u escape");
            }
            at += 4;
          }
          default -> throw error("a bad escape \\" + e);
        }
      }
    }

    private boolean peek(char c) {
      if (at < text.length() && text.charAt(at) == c) {
        at++;
        return true;
      }
      return false;
    }

    private void expect(char c) {
      if (!peek(c)) {
        throw error("expected '" + c + "'");
      }
    }

    private void skipSpace() {
      while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
        at++;
      }
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException("bad header JSON at character " + at + ": " + what);
    }
  }
}
