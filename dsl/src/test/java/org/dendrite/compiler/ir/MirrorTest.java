package org.dendrite.compiler.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The compiler cannot depend on the runtime, so the IR mirrors the annotations the users write:
 * its enums and its attribute lists. These tests keep the two in step.
 */
class MirrorTest {
  static List<String> names(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
  }

  @Test
  void enumsHaveTheAnnotationsConstantsInTheirOrder() {
    assertEquals(names(org.dendrite.annotation.Activation.class), names(Activation.class));
    assertEquals(names(org.dendrite.annotation.Init.class), names(Init.class));
    assertEquals(names(org.dendrite.annotation.Loss.class), names(LossKind.class));
    assertEquals(names(org.dendrite.annotation.Padding.class), names(Padding.class));
  }

  @Test
  void everyKindsAttributesAreItsAnnotationsElementsWithTheirTypesAndDefaults() throws Exception {
    for (LayerKind kind : LayerKind.values()) {
      check(Class.forName(kind.annotation()), kind.attributes());
    }
    check(org.dendrite.annotation.Network.class, Network.ATTRIBUTES);
  }

  private static void check(Class<?> annotation, List<Attribute> attributes) {
    List<String> elements = Arrays.stream(annotation.getDeclaredMethods()).map(Method::getName)
        .sorted().toList();
    assertEquals(elements, attributes.stream().map(Attribute::name).sorted().toList(),
        annotation.getSimpleName());
    for (Attribute a : attributes) {
      Method element;
      try {
        element = annotation.getDeclaredMethod(a.name());
      } catch (NoSuchMethodException e) {
        throw new AssertionError(e);
      }
      String where = annotation.getSimpleName() + "." + a.name();
      assertEquals(javaType(a.type()), element.getReturnType(), where);
      Object annotationDefault = element.getDefaultValue();
      if (a.required()) {
        assertEquals(null, annotationDefault, where + " is required in the IR only");
        continue;
      }
      assertNotNull(annotationDefault, where + " has no default in the annotation");
      Object irDefault = a.defaultValue();
      if (irDefault instanceof Enum<?> e) {
        assertEquals(e.name(), ((Enum<?>) annotationDefault).name(), where);
      } else if (irDefault instanceof List<?> list && annotationDefault instanceof String[] s) {
        assertEquals(list, List.of(s), where);
      } else if (irDefault instanceof List<?> list) {
        assertEquals(list, Arrays.stream((int[]) annotationDefault).boxed().toList(), where);
      } else {
        assertEquals(irDefault, annotationDefault, where);
      }
    }
  }

  private static Class<?> javaType(AttributeType type) {
    return switch (type) {
      case INTEGER -> int.class;
      case DECIMAL -> float.class;
      case BOOLEAN -> boolean.class;
      case STRINGS, NAMES -> String[].class;
      case NAME -> String.class;
      case INTEGERS -> int[].class;
      case ACTIVATION -> org.dendrite.annotation.Activation.class;
      case INIT -> org.dendrite.annotation.Init.class;
      case LOSS -> org.dendrite.annotation.Loss.class;
      case PADDING -> org.dendrite.annotation.Padding.class;
    };
  }

  @Test
  void kindsAreNamedAlikeInBothFrontEnds() {
    for (LayerKind kind : LayerKind.values()) {
      assertEquals(kind.displayName().toLowerCase(Locale.ROOT), kind.keyword());
      assertEquals(kind, LayerKind.ofKeyword(kind.keyword()));
      assertEquals(kind, LayerKind.ofAnnotation(kind.annotation()));
    }
  }
}
