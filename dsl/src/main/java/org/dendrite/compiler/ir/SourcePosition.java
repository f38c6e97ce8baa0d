package org.dendrite.compiler.ir;

import java.util.Map;

/**
 * A position in a text file: 1-based line and column, with the positions of the declaration's
 * attributes when known.
 */
public record SourcePosition(String file, int line, int column, Map<String, SourcePosition> attributes)
    implements Origin {
  /** Copies the attribute map. */
  public SourcePosition {
    attributes = Map.copyOf(attributes);
  }

  /** A position without attribute positions. */
  public static SourcePosition at(String file, int line, int column) {
    return new SourcePosition(file, line, column, Map.of());
  }

  @Override
  public Origin attribute(String name) {
    SourcePosition p = attributes.get(name);
    return p == null ? this : p;
  }

  @Override
  public String describe() {
    return file + ":" + line + ":" + column;
  }

  @Override
  public String toString() {
    return describe();
  }
}
