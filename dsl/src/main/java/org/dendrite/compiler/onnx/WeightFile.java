package org.dendrite.compiler.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An imported model's weights as a safetensors file, the format the runtime's
 * {@code Model.loadWeights} reads: an 8-byte little-endian header length, a JSON header with each
 * tensor's dtype, shape and byte range and the {@code __metadata__} strings, then the raw
 * little-endian floats. Written here rather than by the runtime's writer because the compiler
 * does not depend on the runtime (javac and Maven load it without the runtime).
 */
final class WeightFile {
  private WeightFile() {}

  /** The file's bytes: {@code weights} in order, with {@code metadata}. */
  static byte[] bytes(Map<String, OnnxImporter.Weight> weights, Map<String, String> metadata) {
    StringBuilder header = new StringBuilder("{\"__metadata__\":{");
    String sep = "";
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      header.append(sep).append(quote(e.getKey())).append(':').append(quote(e.getValue()));
      sep = ",";
    }
    header.append('}');
    long offset = 0;
    for (Map.Entry<String, OnnxImporter.Weight> e : weights.entrySet()) {
      int[] shape = e.getValue().shape();
      header.append(',').append(quote(e.getKey())).append(":{\"dtype\":\"F32\",\"shape\":[");
      for (int i = 0; i < shape.length; i++) {
        header.append(i == 0 ? "" : ",").append(shape[i]);
      }
      long end = offset + 4L * e.getValue().values().length;
      header.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
      offset = end;
    }
    header.append('}');
    byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) & ~7; // the data starts 8-byte aligned, as the format advises
    ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + padded + offset))
        .order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(padded).put(json);
    for (int i = json.length; i < padded; i++) {
      out.put((byte) ' ');
    }
    for (OnnxImporter.Weight w : weights.values()) {
      for (float v : w.values()) {
        out.putFloat(v);
      }
    }
    return out.array();
  }

  /** A JSON string literal. */
  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
