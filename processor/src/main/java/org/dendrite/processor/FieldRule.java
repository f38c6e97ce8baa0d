package org.dendrite.processor;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;
import org.dendrite.compiler.diag.DiagnosticSink;
import org.dendrite.compiler.diag.Message;

/**
 * A layer field has type {@code Layer}, is assignable by the generated subclass (not private,
 * static or final) and carries one layer annotation.
 */
final class FieldRule {
  private FieldRule() {}

  /** Reports every problem of {@code field}; returns whether there was none. */
  static boolean check(VariableElement field, List<AnnotationMirror> layerAnnotations,
      TypeMirror layerType, String generated, Types types, DiagnosticSink sink) {
    AnnotationMirror first = layerAnnotations.get(0);
    ElementOrigin origin = ElementOrigin.of(field, first);
    String name = field.getSimpleName().toString();
    boolean ok = true;
    if (layerAnnotations.size() > 1) {
      sink.report(Message.TWO_LAYER_ANNOTATIONS.at(ElementOrigin.of(field, layerAnnotations.get(1)),
          name, simple(first), simple(layerAnnotations.get(1))));
      ok = false;
    }
    if (!types.isSameType(field.asType(), layerType)) {
      sink.report(Message.FIELD_TYPE.at(origin, name, field.asType()));
      ok = false;
    }
    for (Modifier m : List.of(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)) {
      if (field.getModifiers().contains(m)) {
        sink.report(Message.FIELD_MODIFIER.at(origin, name, m, generated, m));
        ok = false;
      }
    }
    return ok;
  }

  static String simple(AnnotationMirror m) {
    return "@" + m.getAnnotationType().asElement().getSimpleName();
  }
}
