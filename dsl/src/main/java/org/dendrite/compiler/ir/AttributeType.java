package org.dendrite.compiler.ir;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The types of layer and network attributes, as both front ends read them: an annotation element
 * of the matching Java type, or a {@code .nn} value.
 */
public enum AttributeType {
  INTEGER("an integer"),
  DECIMAL("a number"),
  BOOLEAN("true or false"),
  INTEGERS("a list of integers"),
  STRINGS("a list of quoted names"),
  NAME("a layer's name"),
  NAMES("a list of layer names"),
  ACTIVATION("an activation"),
  INIT("an initialiser"),
  LOSS("a loss"),
  PADDING("a padding");

  private final String description;

  AttributeType(String description) {
    this.description = description;
  }

  /** How messages name what an attribute of this type takes: {@code an integer}. */
  public String description() {
    return description;
  }

  /** The constants of an enum type, as Java spells them; empty for other types. */
  public List<String> constants() {
    return switch (this) {
      case STRINGS, NAME, NAMES -> List.of();
      case ACTIVATION -> names(Activation.values());
      case INIT -> names(Init.values());
      case LOSS -> names(LossKind.values());
      case PADDING -> names(Padding.values());
      case INTEGER, DECIMAL, BOOLEAN, INTEGERS -> List.of();
    };
  }

  /** The enum constant named {@code name} (as Java spells it) of an enum type. */
  public Object constant(String name) {
    return switch (this) {
      case STRINGS, NAME, NAMES ->
          throw new IllegalArgumentException(this + " has no constants");
      case ACTIVATION -> Activation.valueOf(name);
      case INIT -> Init.valueOf(name);
      case LOSS -> LossKind.valueOf(name);
      case PADDING -> Padding.valueOf(name);
      case INTEGER, DECIMAL, BOOLEAN, INTEGERS ->
          throw new IllegalArgumentException(this + " has no constants");
    };
  }

  /** The word messages use for an enum type's constants: {@code activation}. */
  public String category() {
    return this == INIT ? "initialiser" : name().toLowerCase(Locale.ROOT);
  }

  private static List<String> names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).toList();
  }
}
