package org.dendrite.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A safetensors reader written from the format's specification alone, sharing no code with
 * {@link SafeTensors}, so that tests check Dendrite's files against the format rather than
 * against Dendrite's own reader.
 */
final class IndependentReader {
  private IndependentReader() {}

  record Read(String header, Map<String, float[]> tensors, Map<String, int[]> shapes) {}

  static Read read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
    int dataStart = 8 + (int) n;
    Pattern entry = Pattern.compile(
        "\"([^\"]+)\":\\{\"dtype\":\"F32\",\"shape\":\\[([0-9,]*)\\],"
            + "\"data_offsets\":\\[(\\d+),(\\d+)\\]\\}");
    Matcher m = entry.matcher(header);
    Map<String, float[]> tensors = new LinkedHashMap<>();
    Map<String, int[]> shapes = new LinkedHashMap<>();
    while (m.find()) {
      int begin = Integer.parseInt(m.group(3));
      int end = Integer.parseInt(m.group(4));
      float[] v = new float[(end - begin) / 4];
      ByteBuffer.wrap(bytes, dataStart + begin, end - begin).order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer().get(v);
      tensors.put(m.group(1), v);
      String dims = m.group(2);
      shapes.put(m.group(1), dims.isEmpty() ? new int[0]
          : java.util.Arrays.stream(dims.split(",")).mapToInt(Integer::parseInt).toArray());
    }
    return new Read(header, tensors, shapes);
  }
}
