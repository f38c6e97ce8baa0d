package org.dendrite.compiler.ir;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of a declaration's attributes, read by a front end and typed by its {@link
 * Attribute} list, with the defaults of the attributes it did not give.
 */
public final class Attributes {
  private final Map<String, Object> values;

  private Attributes(Map<String, Object> values) {
    this.values = values;
  }

  /**
   * The given values over the defaults of {@code schema}.
   *
   * @throws IllegalArgumentException if a required attribute has no value, or a value is not of
   *     its attribute's type (a front end reports both before it builds a node)
   */
  public static Attributes of(List<Attribute> schema, Map<String, Object> given) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Attribute a : schema) {
      Object v = given.containsKey(a.name()) ? given.get(a.name()) : a.defaultValue();
      if (v == null) {
        throw new IllegalArgumentException("no value for the required attribute " + a.name());
      }
      values.put(a.name(), v);
    }
    return new Attributes(values);
  }

  /** An {@link AttributeType#INTEGER} value. */
  public int integer(String name) {
    return get(name, Integer.class);
  }

  /** A {@link AttributeType#DECIMAL} value. */
  public float decimal(String name) {
    return get(name, Float.class);
  }

  /** A {@link AttributeType#BOOLEAN} value. */
  public boolean bool(String name) {
    return get(name, Boolean.class);
  }

  /** A {@link AttributeType#STRINGS} value. */
  @SuppressWarnings("unchecked")
  public List<String> strings(String name) {
    return (List<String>) get(name, List.class);
  }

  /** A {@link AttributeType#NAME} value. */
  public String name(String name) {
    return get(name, String.class);
  }

  /** A {@link AttributeType#NAMES} value. */
  @SuppressWarnings("unchecked")
  public List<String> names(String name) {
    return List.copyOf(get(name, List.class));
  }

  /**
   * The layers a single-input layer reads: its {@link Attribute#FROM} as a list, empty when it
   * reads the layer declared before it.
   */
  public List<String> inputs() {
    String from = values.containsKey(Attribute.FROM.name()) ? name(Attribute.FROM.name()) : "";
    return from.isEmpty() ? List.of() : List.of(from);
  }

  /** An {@link AttributeType#INTEGERS} value. */
  @SuppressWarnings("unchecked")
  public List<Integer> integers(String name) {
    return List.copyOf(get(name, List.class));
  }

  /** An {@link AttributeType#ACTIVATION} value. */
  public Activation activation(String name) {
    return get(name, Activation.class);
  }

  /** An {@link AttributeType#INIT} value. */
  public Init init(String name) {
    return get(name, Init.class);
  }

  /** A {@link AttributeType#PADDING} value. */
  public Padding padding(String name) {
    return get(name, Padding.class);
  }

  /** A {@link AttributeType#LOSS} value. */
  public LossKind loss(String name) {
    return get(name, LossKind.class);
  }

  private <T> T get(String name, Class<T> type) {
    Object v = values.get(name);
    if (!type.isInstance(v)) {
      throw new IllegalArgumentException("attribute " + name + " is " + v + ", not a "
          + type.getSimpleName());
    }
    return type.cast(v);
  }
}
