package org.dendrite.compiler.nn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dendrite.compiler.ir.AttributeType;
import org.dendrite.compiler.ir.LayerKind;

/**
 * How {@code .nn} files spell what the IR declares: the layer keywords, and enum constants in lower
 * case. The attributes themselves (names, types, defaults) are the IR's, the same as the
 * annotations' elements ({@link LayerKind#attributes()}).
 */
final class Schema {
  private Schema() {}

  /** The layer keywords, in the annotations' order. */
  static final Map<String, LayerKind> LAYERS = layers();

  private static Map<String, LayerKind> layers() {
    Map<String, LayerKind> m = new LinkedHashMap<>();
    for (LayerKind kind : LayerKind.values()) {
      m.put(kind.keyword(), kind);
    }
    return Collections.unmodifiableMap(m);
  }

  /** The {@code .nn} spellings of an enum type's constants, in declaration order. */
  static List<String> constants(AttributeType type) {
    return type.constants().stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
  }
}
