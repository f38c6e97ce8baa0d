package org.dendrite.compiler.nn;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.Init;
import org.dendrite.compiler.ir.LayerKind;
import org.dendrite.compiler.ir.LossKind;

/**
 * The attributes each declaration takes: the annotations' elements, one for one, with the same
 * names and the same defaults ({@code @Dense(units, activation = LINEAR, useBias = true, init =
 * AUTO, alpha = 0.2f, l1 = 0, l2 = 0)}, {@code @Input(int[] value)}, {@code @Dropout(rate)},
 * {@code @Network(loss)}).
 */
final class Schema {
  private Schema() {}

  /** The types of attribute values. */
  enum Type {
    INTEGER("an integer"),
    DECIMAL("a number"),
    BOOLEAN("true or false"),
    SHAPE("a list of integers"),
    ACTIVATION("an activation"),
    INIT("an initialiser"),
    LOSS("a loss");

    private final String description;

    Type(String description) {
      this.description = description;
    }

    /** How messages name what the attribute takes: {@code an integer}. */
    String description() {
      return description;
    }

    /** The {@code .nn} spellings of an enum type's constants, in declaration order. */
    List<String> constants() {
      switch (this) {
        case ACTIVATION:
          return Arrays.stream(Activation.values()).map(Activation::spelling).toList();
        case INIT:
          return Arrays.stream(Init.values()).map(Init::spelling).toList();
        case LOSS:
          return Arrays.stream(LossKind.values()).map(LossKind::spelling).toList();
        default:
          return List.of();
      }
    }

    /** The word messages use for an enum type's constants: {@code activation}. */
    String category() {
      return this == INIT ? "initialiser" : name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One attribute.
   *
   * @param example how it is written, for hints: {@code units = 10}
   */
  record Attribute(String name, Type type, boolean required, String example) {}

  /** The attribute of the network header. */
  static final List<Attribute> NETWORK =
      List.of(new Attribute("loss", Type.LOSS, true, "loss = sparse_categorical_crossentropy"));

  /** The name of the attribute a bare list sets: {@code input image [28, 28]}. */
  static final String SHAPE = "value";

  /** The layer keywords, in the annotations' order, with their attributes. */
  static final Map<String, List<Attribute>> LAYERS = layers();

  private static Map<String, List<Attribute>> layers() {
    Map<String, List<Attribute>> m = new LinkedHashMap<>();
    m.put(LayerKind.INPUT.keyword(),
        List.of(new Attribute(SHAPE, Type.SHAPE, true, "[28, 28]")));
    m.put(LayerKind.FLATTEN.keyword(), List.of());
    m.put(LayerKind.DENSE.keyword(), List.of(
        new Attribute("units", Type.INTEGER, true, "units = 10"),
        new Attribute("activation", Type.ACTIVATION, false, "activation = relu"),
        new Attribute("useBias", Type.BOOLEAN, false, "useBias = false"),
        new Attribute("init", Type.INIT, false, "init = he_normal"),
        new Attribute("alpha", Type.DECIMAL, false, "alpha = 0.2"),
        new Attribute("l1", Type.DECIMAL, false, "l1 = 1e-4"),
        new Attribute("l2", Type.DECIMAL, false, "l2 = 1e-4")));
    m.put(LayerKind.DROPOUT.keyword(),
        List.of(new Attribute("rate", Type.DECIMAL, true, "rate = 0.2")));
    m.put(LayerKind.BATCH_NORM.keyword(), List.of(
        new Attribute("momentum", Type.DECIMAL, false, "momentum = 0.99"),
        new Attribute("epsilon", Type.DECIMAL, false, "epsilon = 0.001"),
        new Attribute("activation", Type.ACTIVATION, false, "activation = relu"),
        new Attribute("alpha", Type.DECIMAL, false, "alpha = 0.2")));
    return Collections.unmodifiableMap(m);
  }
}
