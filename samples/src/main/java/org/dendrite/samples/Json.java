package org.dendrite.samples;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal JSON writer for the samples' metric files: maps, lists, numbers and strings. Writing a
 * few numbers does not justify a JSON library in the samples jar.
 */
public final class Json {
  private Json() {}

  /** {@code value} as JSON: Map (String keys, in order), List, Number, Boolean, String, null. */
  public static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    write(value, sb);
    return sb.toString();
  }

  private static void write(Object value, StringBuilder sb) {
    if (value == null) {
      sb.append("null");
    } else if (value instanceof Map<?, ?> map) {
      sb.append('{');
      String sep = "";
      for (Map.Entry<?, ?> e : map.entrySet()) {
        sb.append(sep);
        string(e.getKey().toString(), sb);
        sb.append(':');
        write(e.getValue(), sb);
        sep = ",";
      }
      sb.append('}');
    } else if (value instanceof List<?> list) {
      sb.append('[');
      String sep = "";
      for (Object o : list) {
        sb.append(sep);
        write(o, sb);
        sep = ",";
      }
      sb.append(']');
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      sb.append(Double.isFinite(d) ? String.format(Locale.ROOT, "%.6g", d).replaceFirst(
          "(\\.\\d*?)0+(e|$)", "$1$2").replaceFirst("\\.(e|$)", "$1") : "null");
    } else if (value instanceof Number || value instanceof Boolean) {
      sb.append(value);
    } else {
      string(value.toString(), sb);
    }
  }

  private static void string(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
