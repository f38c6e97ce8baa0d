package org.dendrite.compiler.ir;

import java.util.List;

/**
 * One attribute a layer kind or a network takes: an element of its annotation and an attribute
 * of its {@code .nn} declaration, with the same name, type and default in both.
 *
 * @param name the annotation element's name: {@code units}
 * @param type what values it takes
 * @param defaultValue the value when absent, as {@link Attributes} holds it ({@code Integer},
 *     {@code Float}, {@code Boolean}, {@code List<Integer>} or an enum constant); {@code null} for
 *     a required attribute
 * @param example how a {@code .nn} file writes it, for hints: {@code units = 10}
 */
public record Attribute(String name, AttributeType type, Object defaultValue, String example) {
  /** The name of the attribute a bare list sets in {@code .nn}: {@code input image [28, 28]}. */
  public static final String VALUE = "value";

  /**
   * {@code from}: the layer a single-input layer reads, by name; empty (the default) for the
   * layer declared just before it. Every kind but the input and the merges takes it.
   */
  public static final Attribute FROM =
      optional("from", AttributeType.NAME, "", "from = stem");

  /** Whether the attribute must be given. */
  public boolean required() {
    return defaultValue == null;
  }

  /** A required attribute. */
  public static Attribute required(String name, AttributeType type, String example) {
    return new Attribute(name, type, null, example);
  }

  /** An optional attribute with its default. */
  public static Attribute optional(String name, AttributeType type, Object defaultValue,
      String example) {
    return new Attribute(name, type, defaultValue, example);
  }

  /** The attribute called {@code name} in {@code attributes}, if any. */
  public static Attribute find(List<Attribute> attributes, String name) {
    for (Attribute a : attributes) {
      if (a.name().equals(name)) {
        return a;
      }
    }
    return null;
  }
}
